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
    keys = list(zip(out["series_id"], out["year"]))
    assert keys == sorted(keys)
    sizes = out.groupby("series_id").size()
    assert (sizes == 5).all()
    assert (out["lower95"] <= out["lower80"]).all() and (out["lower80"] <= out["mean"]).all()
    assert (out["mean"] <= out["upper80"]).all() and (out["upper80"] <= out["upper95"]).all()
    assert set(out["model"]) <= {"linear", "log_linear", "cagr", "drift", "damped",
                                 "latest_growth", "combination"}


def test_forecast_years_follow_each_series(panel):
    out = tradecast.forecast_panel(panel, horizon=3)
    last = panel.groupby("series_id")["year"].max()
    first_forecast = out.groupby("series_id")["year"].min()
    for sid, y in first_forecast.items():
        assert y == last[sid] + 1


def test_skipped_series_say_why(panel):
    out, skipped = tradecast.forecast_panel(panel, return_skipped=True)
    assert list(skipped.columns) == ["series_id", "points", "reason"]
    why = dict(zip(skipped["series_id"], skipped["reason"]))
    assert {"x_two_points", "x_repeated_year", "x_negative"} <= set(why)
    assert "appears more than once" in why["x_repeated_year"]
    assert "positive" in why["x_negative"]
    assert why["x_two_points"]
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
    joined = (
        pd.concat(parts).sort_values(["series_id", "year"], kind="stable").reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(whole, joined, check_exact=True)
    shuffled = panel.sample(frac=1.0, random_state=99)
    pd.testing.assert_frame_equal(
        whole, tradecast.forecast_panel(shuffled, horizon=4, seed=11), check_exact=True
    )


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
    with pytest.raises(tradecast.InputError, match="horizon"):
        tradecast.forecast_panel(make_panel(3), horizon=0)


def test_matches_cli_batch(cli, panel, tmp_path):
    """Identical numbers to `tradecast batch`'s forecasts.csv (once the batch command exists)."""
    if not cli.has_command("batch"):
        pytest.skip("this build of the CLI has no batch command yet")
    path = tmp_path / "panel.csv"
    panel.to_csv(path, index=False)
    cli.run("batch", "--panel", str(path), "--out", str(tmp_path / "out"), "--horizon", "10",
            "--seed", "42", "--quiet")
    want = pd.read_csv(tmp_path / "out" / "forecasts.csv", dtype={"series_id": str})
    want = want[tradecast.PANEL_COLUMNS].sort_values(["series_id", "year"], kind="stable")
    got = tradecast.forecast_panel(panel, horizon=10, seed=42)
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), want.reset_index(drop=True), check_dtype=False,
        check_exact=True,
    )


def test_gil_is_released_during_heavy_work():
    """A Python thread keeps running while forecast_panel works in Rust."""
    big = make_panel(1500, seed=1)
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
        ids = big["series_id"].astype(str).tolist()
        years = big["year"].astype("int64").tolist()
        values = big["value"].astype("float64").tolist()
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
