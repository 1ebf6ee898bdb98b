"""The notebook API: tables, charts, report summary, extract — each against the CLI's own output.

The CLI's CSV files and JSON are read here independently of tradecast's Python code, so a wrong
column, a dropped row or a float off by one ulp fails.
"""

from __future__ import annotations

import csv
import json
import math
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any, Dict, List

import pytest

import tradecast

from conftest import AS_OF

ARTICLE = (
    "date: 2025-02-10\n"
    "Astana, 10 February. In 2024, trade turnover between Kazakhstan and Azerbaijan amounted to "
    "$520 million, the Ministry of Trade and Integration said.\n"
)


@pytest.fixture(scope="module")
def cli_report(cli, data_dir, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("cli-report")
    cli.run("report", "--data", str(data_dir), "--out", str(out), "--as-of", AS_OF, "--quiet")
    return out


def _csv(path: Path) -> List[Dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _records(df: Any) -> List[Dict[str, Any]]:
    if isinstance(df, tradecast.Table):
        return df.rows()
    if type(df).__module__.startswith("polars"):
        return df.to_dicts()
    return df.to_dict("records")


def _blank(v: Any) -> bool:
    import pandas as pd

    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _same(cell: str, value: Any) -> bool:
    """A CSV cell (as the CLI wrote it) and a table value are the same number or text."""
    if cell == "":
        return _blank(value)
    if _blank(value):
        return False
    if isinstance(value, str):
        return cell == value
    return float(cell) == float(value)  # exact: the CLI writes floats in shortest round-trip form


def test_series_frame_equals_projections_csv(cli, data_dir, cli_report):
    df = tradecast.series(data_dir)
    assert list(df.columns) == tradecast.SERIES_COLUMNS
    assert len(df) > 0
    want = [r for r in _csv(cli_report / "projections.csv") if r["kind"] != "forecast"]
    got = _records(df)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for col in ("pair", "flow", "year", "kind", "value_usd", "bound"):
            assert _same(w[col], g[col]), (col, w, g)
    # how and sources come from `tradecast series --json`.
    raw = cli.json("series", "--data", str(data_dir))
    points = [(s["pair"], p) for s in raw for p in s["points"]]
    assert [g["how"] for g in got] == [p["how"] for _, p in points]
    assert [g["sources"] for g in got] == ["; ".join(p["sources"]) for _, p in points]
    assert str(df["year"].dtype) == "int64" and str(df["value_usd"].dtype) == "float64"


def test_forecast_frame_equals_cli(cli, data_dir, cli_report):
    df = tradecast.forecast(data_dir, as_of=AS_OF, horizon=4, seed=7)
    assert list(df.columns) == tradecast.FORECAST_COLUMNS
    raw = cli.json("forecast", "--data", str(data_dir), "--as-of", AS_OF, "--horizon", "4", "--seed", "7")
    want = [
        (f["pair"], f["flow"], y, f["model"], f["mean"][j], f["lower80"][j], f["upper80"][j],
         f["lower95"][j], f["upper95"][j])
        for f in raw
        for j, y in enumerate(f["years"])
    ]
    got = [
        (r["pair"], r["flow"], r["year"], r["model"], r["mean"], r["lower80"], r["upper80"],
         r["lower95"], r["upper95"])
        for r in _records(df)
    ]
    assert got == want and len(got) > 0
    assert set(df["kind"]) == {"forecast"}
    # With the report's horizon (10) the rows of a pair without targets are projections.csv's.
    full = _records(tradecast.forecast(data_dir, as_of=AS_OF))
    with_targets = {(r["pair"], r["flow"]) for r in _csv(cli_report / "assessments.csv")}
    rows = [r for r in _csv(cli_report / "projections.csv")
            if r["kind"] == "forecast" and (r["pair"], r["flow"]) not in with_targets]
    mine = [r for r in full if (r["pair"], r["flow"]) not in with_targets]
    assert len(rows) == len(mine) > 0
    for w, g in zip(rows, mine):
        for col in tradecast.FORECAST_COLUMNS:
            assert _same(w[col], g[col]), (col, w, g)


def test_forecast_all_adds_every_fitted_model_as_its_single_run_gives_it(cli, data_dir):
    df = tradecast.forecast(data_dir, as_of=AS_OF, horizon=3, model="all")
    auto = _records(tradecast.forecast(data_dir, as_of=AS_OF, horizon=3))
    rows = _records(df)
    assert [r for r in rows if r["kind"] == "forecast"] == auto
    candidates = [r for r in rows if r["kind"] == "candidate"]
    fitted = _records(tradecast.models(data_dir, as_of=AS_OF, horizon=3))
    fitted = {(m["pair"], m["flow"], m["model"]) for m in fitted if m["status"] == "fitted"}
    assert {(r["pair"], r["flow"], r["model"]) for r in candidates} == fitted
    # A model asked for alone is that candidate's fit: the CLI's --model NAME JSON.
    for name in ("log_linear", "drift"):
        want = cli.json("forecast", "--data", str(data_dir), "--as-of", AS_OF, "--horizon", "3",
                        "--model", name)
        want_rows = [(f["pair"], f["flow"], y, f["mean"][j], f["lower95"][j], f["upper95"][j])
                     for f in want if f["model"] == name for j, y in enumerate(f["years"])]
        got_rows = [(r["pair"], r["flow"], r["year"], r["mean"], r["lower95"], r["upper95"])
                    for r in candidates if r["model"] == name]
        assert got_rows == want_rows and got_rows


def test_models_frame_equals_cli_json(cli, data_dir):
    df = tradecast.models(data_dir, as_of=AS_OF)
    assert list(df.columns) == tradecast.MODEL_COLUMNS
    raw = cli.json("forecast", "--data", str(data_dir), "--as-of", AS_OF)
    want = [(f["pair"], f["flow"], m["model"], m["status"], m.get("growth"), m.get("need"))
            for f in raw for m in f["models"]]
    got = [(r["pair"], r["flow"], r["model"], r["status"],
            None if _blank(r["growth"]) else r["growth"], None if _blank(r["need"]) else r["need"])
           for r in _records(df)]
    assert got == want
    chosen = df[df["chosen"]]
    assert sorted(zip(chosen["pair"], chosen["flow"], chosen["model"])) == sorted(
        (f["pair"], f["flow"], f["model"]) for f in raw if f["model"] is not None
    )
    skipped = df[df["status"] == "skipped"]
    assert len(skipped) > 0 and skipped["reason"].map(bool).all()


def test_targets_frame_equals_assessments_csv(data_dir, cli_report):
    df = tradecast.targets(data_dir, as_of=AS_OF)
    assert list(df.columns) == tradecast.ASSESSMENT_COLUMNS
    want = _csv(cli_report / "assessments.csv")
    got = _records(df)
    assert len(got) == len(want) > 0
    for w, g in zip(want, got):
        for col in tradecast.ASSESSMENT_COLUMNS:
            assert _same(w[col], g[col]), (col, w[col], g[col])


def test_polars_and_table_backends_hold_the_same_values(data_dir):
    pl = pytest.importorskip("polars")
    for call in (
        lambda b: tradecast.series(data_dir, backend=b),
        lambda b: tradecast.forecast(data_dir, as_of=AS_OF, horizon=3, backend=b),
        lambda b: tradecast.models(data_dir, as_of=AS_OF, horizon=3, backend=b),
        lambda b: tradecast.targets(data_dir, as_of=AS_OF, paths=500, backend=b),
    ):
        pdf, pldf, table = call("pandas"), call("polars"), call("table")
        assert isinstance(pldf, pl.DataFrame) and isinstance(table, tradecast.Table)
        assert pldf.columns == list(pdf.columns) == table.columns
        a, b, c = _records(pdf), pldf.to_dicts(), table.rows()
        assert len(a) == len(b) == len(c) > 0
        for ra, rb, rc in zip(a, b, c):
            for k in ra:
                if _blank(ra[k]):
                    assert _blank(rb[k]) and _blank(rc[k]), k
                else:
                    assert ra[k] == rb[k] == rc[k], k
        assert table.to_pandas().equals(pdf)


def test_unknown_backend_is_named(data_dir):
    with pytest.raises(ValueError, match="unknown backend 'arrow'"):
        tradecast.series(data_dir, backend="arrow")


def _png_size(png: bytes) -> tuple:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    # Walk the chunks and inflate the image data: a truncated or corrupt PNG fails here.
    pos, idat = 8, b""
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind = png[pos + 4:pos + 8]
        body = png[pos + 8:pos + 8 + length]
        assert zlib.crc32(kind + body) == struct.unpack(">I", png[pos + 8 + length:pos + 12 + length])[0]
        if kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height = struct.unpack(">II", png[16:24])
    assert len(zlib.decompress(idat)) > 0
    return width, height


def test_chart_is_the_png_report_writes(data_dir, cli_report):
    chart = tradecast.chart(data_dir, "KZ-AZ", "turnover", as_of=AS_OF)
    assert chart.stem == "KZ-AZ-turnover"
    assert chart._repr_png_() == (cli_report / "charts" / "KZ-AZ-turnover.png").read_bytes()
    assert _png_size(chart.png) == chart.size == (1200, 700)
    assert "KZ-AZ-turnover" in repr(chart)


def test_chart_of_an_unknown_pair_lists_the_charts(data_dir):
    with pytest.raises(tradecast.InputError, match="no chart for KZ-FR turnover.*KZ-AZ-turnover"):
        tradecast.chart(data_dir, "KZ-FR", as_of=AS_OF)
    with pytest.raises(tradecast.InputError, match="flow: bad value"):
        tradecast.chart(data_dir, "KZ-AZ", "trade", as_of=AS_OF)


def test_report_summary_shows_its_files(data_dir, tmp_path):
    written = tradecast.report(data_dir, tmp_path / "out", as_of=AS_OF)
    assert isinstance(written, dict) and isinstance(written, tradecast.Written)
    md = written._repr_markdown_()
    for name in written["files"]:
        assert f"`{name}`" in md
        assert (written.path / name).is_file()
    assert "| t001 |" in md
    assert written.markdown().startswith("#")


def test_errors_render_as_the_cli_prints_them(cli, tmp_path):
    done = cli.run("check", "--data", str(tmp_path / "nope"), check=False)
    with pytest.raises(tradecast.InputError) as info:
        tradecast.check(tmp_path / "nope")
    lines = info.value._render_traceback_()
    assert lines[0] == "InputError: " + done.stderr[len("error: "):].splitlines()[0]


def test_extract_proposes_and_appends_as_the_cli_does(cli, data_dir, tmp_path):
    article = tmp_path / "az-2025.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    proposals = tradecast.extract(article)
    obs = _records(proposals.observations)
    assert [(r["pair"], r["period"], r["value_usd"]) for r in obs] == [("KZ-AZ", "2024", "520000000")]
    assert "520000000" in proposals._repr_markdown_()
    # (`extract --quiet` prints nothing, so not cli.json)
    assert proposals.raw == json.loads(cli.run("extract", "--json", str(article)).stdout)

    mine, theirs = tmp_path / "py-data", tmp_path / "cli-data"
    shutil.copytree(data_dir, mine)
    shutil.copytree(data_dir, theirs)
    summary = tradecast.extract(article, append_to=mine)
    assert summary["observations"] == 1 and summary["duplicates"] == 0
    cli.run("extract", "--append", "--data", str(theirs), str(article))
    for name in ("observations.csv", "targets.csv"):
        assert (mine / name).read_bytes() == (theirs / name).read_bytes()
    # Again: the figure is already there.
    assert tradecast.extract(article, append_to=mine)["duplicates"] == 1
    # The new 2024 figure moves the assessment of t001 (KZ-AZ turnover, $1 billion).
    before = tradecast.targets(data_dir, as_of=AS_OF)
    after = tradecast.targets(mine, as_of=AS_OF)
    assert after["latest_year"][0] == 2024 and before["latest_year"][0] == 2023
    assert after["crossing_p50"][0] > before["crossing_p50"][0]


def test_extract_checks_its_year_and_files(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with pytest.raises(tradecast.InputError, match="assume_year 1800 is out of range: give 1900 to 2200"):
        tradecast.extract(article, assume_year=1800)
    with pytest.raises(tradecast.FileError):
        tradecast.extract(tmp_path / "missing.txt")


def test_forecast_panel_takes_polars_and_answers_in_polars(panel):
    pl = pytest.importorskip("polars")
    want, want_skipped = tradecast.forecast_panel(panel, horizon=4, return_skipped=True)
    got, skipped = tradecast.forecast_panel(pl.from_pandas(panel), horizon=4, return_skipped=True)
    assert isinstance(got, pl.DataFrame) and got.columns == tradecast.PANEL_COLUMNS
    assert got.to_dicts() == want.to_dict("records") and got.height > 0
    # panel has a RangeIndex, so index labels and row positions coincide.
    assert skipped["row"].to_list() == want_skipped["row"].tolist()
    assert skipped["reason"].to_list() == want_skipped["reason"].tolist() and skipped.height > 0
    # Asked for pandas, a polars panel gives what the pandas panel gives.
    assert tradecast.forecast_panel(pl.from_pandas(panel), horizon=4, backend="pandas").equals(want)
    with pytest.raises(TypeError, match="pandas or polars DataFrame"):
        tradecast.forecast_panel({"series_id": [], "year": [], "value": []})


def test_a_missing_backend_says_what_to_install(data_dir, monkeypatch):
    import importlib

    from tradecast import _frames

    real = importlib.import_module

    def without_polars(name, *args):
        if name == "polars":
            raise ImportError("No module named 'polars'")
        return real(name, *args)

    monkeypatch.setattr(_frames.importlib, "import_module", without_polars)
    with pytest.raises(ImportError, match=r'backend="polars" needs polars.*pip install polars'):
        tradecast.series(data_dir, backend="polars")
    # A Table converts only when asked, and says the same.
    table = tradecast.series(data_dir, backend="table")
    with pytest.raises(ImportError, match="pip install polars"):
        table.to_polars()
