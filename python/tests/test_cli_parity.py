"""Python results equal the CLI's on the shipped data/ (the CLI's --json output, parsed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import tradecast

from conftest import AS_OF


def test_check_equals_cli(cli, data_dir):
    assert tradecast.check(data_dir) == cli.json("check", "--data", str(data_dir))


def test_load_matches_check(data_dir):
    d = tradecast.load(data_dir)
    summary = tradecast.check(data_dir)
    assert len(d["observations"]) == summary["observations"] > 0
    assert len(d["targets"]) == summary["targets"]
    assert d["warnings"] == summary["warnings"]
    first = d["observations"][0]
    for key in ("id", "pair", "flow", "period", "value_usd", "growth", "bound", "published",
                "source", "quote", "note", "line"):
        assert key in first
    assert first["line"] == 2  # 1-based, after the header


def test_series_equals_cli(cli, data_dir):
    got = tradecast.series(data_dir, raw=True)
    assert got == cli.json("series", "--data", str(data_dir))
    assert {s["pair"] for s in got} >= {"KZ-CN", "KZ-AZ"}


@pytest.mark.parametrize(
    "kwargs, flags",
    [
        ({}, []),
        ({"horizon": 5, "seed": 7}, ["--horizon", "5", "--seed", "7"]),
        ({"model": "log_linear"}, ["--model", "log_linear"]),
        ({"model": "all", "horizon": 3}, ["--model", "all", "--horizon", "3"]),
    ],
)
def test_forecast_equals_cli(cli, data_dir, kwargs, flags):
    got = tradecast.forecast(data_dir, as_of=AS_OF, raw=True, **kwargs)
    want = cli.json("forecast", "--data", str(data_dir), "--as-of", AS_OF, *flags)
    assert got == want
    # Exactly equal floats, not merely close: the same f64 on both sides.
    chosen = [f for f in got if f["model"] is not None]
    assert chosen, "the shipped data has series a model can be fitted to"
    for f in chosen:
        assert f["lower95"][0] <= f["lower80"][0] <= f["mean"][0] <= f["upper80"][0] <= f["upper95"][0]


def test_targets_equal_cli(cli, data_dir):
    got = tradecast.targets(data_dir, as_of=AS_OF, raw=True)
    assert got == cli.json("targets", "--data", str(data_dir), "--as-of", AS_OF)
    assert got and all("status" in a for a in got)
    other = tradecast.targets(data_dir, as_of=AS_OF, seed=3, paths=500, raw=True)
    assert other == cli.json(
        "targets", "--data", str(data_dir), "--as-of", AS_OF, "--seed", "3", "--paths", "500"
    )


def test_as_of_accepts_a_date(data_dir):
    assert tradecast.targets(data_dir, as_of=dt.date(2026, 11, 23), raw=True) == tradecast.targets(
        data_dir, as_of=AS_OF, raw=True
    )


def _files(root: Path) -> dict:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_report_writes_the_same_files_as_cli(cli, data_dir, tmp_path):
    py_out, cli_out = tmp_path / "py", tmp_path / "cli"
    summary = tradecast.report(data_dir, py_out, as_of=AS_OF)
    want = cli.json("report", "--data", str(data_dir), "--out", str(cli_out), "--as-of", AS_OF)
    assert summary["out"] == str(py_out)
    assert {k: v for k, v in summary.items() if k != "out"} == {
        k: v for k, v in want.items() if k != "out"
    }
    py_files, cli_files = _files(py_out), _files(cli_out)
    assert sorted(py_files) == sorted(cli_files)
    assert "report.md" in py_files and any(f.startswith("charts/") for f in py_files)
    for name in py_files:
        assert py_files[name] == cli_files[name], name  # PNGs included, byte for byte
    assert not (py_out / ".tradecast.lock").exists()

    # A second run appends a vintage to history.csv, as the CLI's would.
    tradecast.report(data_dir, py_out, as_of="2026-11-24")
    cli.run("report", "--data", str(data_dir), "--out", str(cli_out), "--as-of", "2026-11-24")
    assert _files(py_out) == _files(cli_out)


def test_render_markdown_equals_report_md(data_dir, tmp_path):
    text = tradecast.render_markdown(data_dir, as_of=AS_OF)
    tradecast.report(data_dir, tmp_path, as_of=AS_OF)
    assert text == (tmp_path / "report.md").read_text(encoding="utf-8")
    assert text.startswith("#")
    # With an earlier vintage on disk, the text is that of a report written there.
    later = tradecast.render_markdown(data_dir, as_of="2026-12-01", history_dir=tmp_path)
    tradecast.report(data_dir, tmp_path, as_of="2026-12-01")
    assert later == (tmp_path / "report.md").read_text(encoding="utf-8")

