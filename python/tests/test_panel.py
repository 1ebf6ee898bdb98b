"""forecast_panel: a pandas long panel in, forecasts with 80%/95% intervals out."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest

import tradecast

from conftest import make_panel


def test_columns_types_and_order(panel):
    out = tradecast.forecast_panel(panel, horizon=5)
    assert list(out.columns) == tradecast.PANEL_COLUMNS
    assert out["year"].dtype == np.int64
    for c in ("mean", "lower80", "upper80", "lower95", "upper95"):
        assert out[c].dtype == np.float64
        assert np.isfinite(out[c]).all()
    # Series in order of first appearance, each one's years increasing.
    first_seen = list(dict.fromkeys(panel["series_id"]))
    assert list(dict.fromkeys(out["series_id"])) == [s for s in first_seen if s in set(out["series_id"])]
    assert (out.groupby("series_id")["year"].diff().dropna() == 1).all()
    sizes = out.groupby("series_id").size()
    assert (sizes == 5).all()
    assert (out["lower95"] <= out["lower80"]).all() and (out["lower80"] <= out["mean"]).all()
    assert (out["mean"] <= out["upper80"]).all() and (out["upper80"] <= out["upper95"]).all()
    assert set(out["model"]) <= {"pooled", "log_linear", "cagr", "naive", "drift", "damped",
                                 "latest_growth", "combination"}


def test_forecast_years_follow_each_series(panel):
    out = tradecast.forecast_panel(panel, horizon=3)
    last = panel.groupby("series_id")["year"].max()
    first_forecast = out.groupby("series_id")["year"].min()
    for sid, y in first_forecast.items():
        assert y == last[sid] + 1


def test_skipped_series_say_why(panel):
    out, skipped = tradecast.forecast_panel(panel, return_skipped=True)
    assert list(skipped.columns) == ["series_id", "row", "reason"]
    why = dict(zip(skipped["series_id"], skipped["reason"]))
    assert {"x_repeated_year", "x_negative"} <= set(why)
    assert "given twice" in why["x_repeated_year"]
    assert "not a positive number" in why["x_negative"]
    # Two points are enough for the pooled model's 2-point class: forecast, not skipped.
    assert "x_two_points" not in why
    assert "x_two_points" in set(out["series_id"])
    assert set(out.loc[out["series_id"] == "x_two_points", "model"]) == {"pooled"}
    # `row` points back into the caller's DataFrame.
    negative = skipped.loc[skipped["series_id"] == "x_negative", "row"].iloc[0]
    assert panel.loc[negative, "series_id"] == "x_negative"
    assert not set(why) & set(out["series_id"])
    regular = {s for s in panel["series_id"] if s.startswith("s")}
    assert regular <= set(out["series_id"]) | set(why)


def test_each_series_is_forecast_on_its_own(panel):
    """Splitting the panel, or reordering its rows, changes no number (what Dask relies on)."""
    whole = tradecast.forecast_panel(panel, horizon=4, seed=11)
    ids = sorted(panel["series_id"].unique())
    parts = [
        tradecast.forecast_panel(panel[panel["series_id"].isin(ids[i::3])], horizon=4, seed=11)
        for i in range(3)
    ]
    pd.testing.assert_frame_equal(_sorted(whole), _sorted(pd.concat(parts)), check_exact=True)
    shuffled = panel.sample(frac=1.0, random_state=99)
    pd.testing.assert_frame_equal(
        _sorted(whole), _sorted(tradecast.forecast_panel(shuffled, horizon=4, seed=11)),
        check_exact=True,
    )


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values(["series_id", "year"], kind="stable").reset_index(drop=True)


def test_deterministic_for_a_seed(panel):
    a = tradecast.forecast_panel(panel, seed=5)
    pd.testing.assert_frame_equal(a, tradecast.forecast_panel(panel, seed=5), check_exact=True)


def test_integer_ids_and_empty_panel():
    df = pd.DataFrame({"series_id": [1, 1, 1, 1, 1], "year": [2019, 2020, 2021, 2022, 2023],
                       "value": [10.0, 11.0, 12.5, 13.0, 14.8]})
    out = tradecast.forecast_panel(df, horizon=2)
    assert list(out["series_id"]) == ["1", "1"]
    empty = tradecast.forecast_panel(df.iloc[:0])
    assert list(empty.columns) == tradecast.PANEL_COLUMNS and len(empty) == 0


def test_bad_panels_are_input_errors():
    with pytest.raises(tradecast.InputError, match="missing column"):
        tradecast.forecast_panel(pd.DataFrame({"id": [1], "year": [2020], "value": [1.0]}))
    with pytest.raises(tradecast.InputError, match="fractional"):
        tradecast.forecast_panel(pd.DataFrame({"series_id": ["a"], "year": [2020.5], "value": [1.0]}))
    with pytest.raises(tradecast.InputError, match="horizon 0 is out of range"):
        tradecast.forecast_panel(make_panel(3), horizon=0)


def test_odd_series_ids_round_trip():
    """Ids with commas, quotes and spaces go through batch mode's CSV and come back intact."""
    odd = ['a,"b"', "  spaced", "plain", "ünï"]
    df = pd.DataFrame(
        [(sid, 2018 + k, 10.0 * (1.1 ** k) + i) for i, sid in enumerate(odd) for k in range(6)],
        columns=["series_id", "year", "value"],
    )
    out = tradecast.forecast_panel(df, horizon=2)
    # Surrounding spaces are dropped, as `tradecast batch` trims every field.
    assert list(dict.fromkeys(out["series_id"])) == [s.strip() for s in odd]


@pytest.mark.parametrize("horizon, seed", [(10, 42), (3, 7)])
def test_matches_cli_batch(cli, panel, tmp_path, horizon, seed):
    """The numbers, rows and order of `tradecast batch`'s forecasts.csv and skipped.csv."""
    grouped = _sorted(panel)  # the CLI needs the rows of a series together
    path = tmp_path / "panel.csv"
    grouped.to_csv(path, index=False)
    out = tmp_path / "out"
    cli.run("batch", "--panel", str(path), "--out", str(out), "--horizon", str(horizon),
            "--seed", str(seed), "--quiet")
    want = pd.read_csv(out / "forecasts.csv", dtype={"series_id": str, "model": str})
    got, skipped = tradecast.forecast_panel(grouped, horizon=horizon, seed=seed, return_skipped=True)
    # forecast_panel has full precision; the file has 8 significant digits (half a unit of the
    # 8th digit at most, relative).
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=6e-8, atol=0)
    rounded = got.copy()
    for c in ("mean", "lower80", "upper80", "lower95", "upper95"):
        rounded[c] = [float(f"{x:.8g}") for x in got[c]]
    assert not rounded.equals(got), "full precision, not the file's 8 digits"
    want_skipped = pd.read_csv(out / "skipped.csv", dtype={"series_id": str})
    assert list(skipped["series_id"]) == list(want_skipped["series_id"])
    assert list(skipped["reason"]) == list(want_skipped["reason"])
    # Lines of the CLI's file are rows of the panel it read (header = line 1).
    assert list(skipped["row"]) == [int(line) - 2 for line in want_skipped["line"]]


def test_gil_is_released_during_heavy_work():
    """A Python thread keeps running while forecast_panel works in Rust."""
    big = make_panel(1500, seed=1).sort_values("series_id", kind="stable")
    ids = big["series_id"].tolist()
    years = big["year"].tolist()
    values = big["value"].tolist()
    ticks = 0
    stop = threading.Event()

    def tick() -> None:
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=tick)
    t.start()
    try:
        time.sleep(0.05)
        before = ticks
        start = time.perf_counter()
        tradecast._native.forecast_panel(ids, years, values, 10, 42)
        elapsed = time.perf_counter() - start
        during = ticks - before
    finally:
        stop.set()
        t.join()
    if elapsed < 0.1:
        pytest.skip(f"the native call took only {elapsed:.3f} s: too short to tell")
    # Holding the GIL for the whole call would allow at most a tick or two.
    assert during >= 10, (during, elapsed)


def test_threads_do_not_change_numbers(panel):
    one = tradecast.forecast_panel(panel, horizon=4, threads=1)
    pd.testing.assert_frame_equal(one, tradecast.forecast_panel(panel, horizon=4, threads=2),
                                  check_exact=True)
