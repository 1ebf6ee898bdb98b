"""The Dask example (examples/dask_panel.py) gives exactly forecast_panel's numbers."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pandas as pd
import pytest

import tradecast

dd = pytest.importorskip("dask.dataframe")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dask_panel.py"


@pytest.fixture(scope="module")
def example():
    spec = importlib.util.spec_from_file_location("dask_panel", EXAMPLE)
    module = importlib.util.module_from_spec(spec)
    sys.modules["dask_panel"] = module
    spec.loader.exec_module(module)
    # Worker processes cannot import the example by name: ship its functions by value.
    cloudpickle = pytest.importorskip("cloudpickle")
    cloudpickle.register_pickle_by_value(module)
    return module


@pytest.fixture(scope="module")
def single(panel):
    """The single-process result, in the order the example's collect() puts rows."""
    out = tradecast.forecast_panel(panel, horizon=6, seed=42)
    return out.sort_values(["series_id", "year"], kind="stable").reset_index(drop=True)


@pytest.mark.parametrize("partitions", [1, 4, 7])
def test_map_partitions_equals_single_process(example, panel, single, partitions):
    ddf = dd.from_pandas(panel, npartitions=partitions)
    got = example.collect(example.forecast_map_partitions(ddf, horizon=6, seed=42), "threads")
    pd.testing.assert_frame_equal(got, single, check_exact=True)


def test_groupby_apply_equals_single_process(example, panel, single):
    ddf = dd.from_pandas(panel, npartitions=3)
    got = example.collect(example.forecast_groupby(ddf, horizon=6, seed=42), "threads")
    pd.testing.assert_frame_equal(got, single, check_exact=True)


def test_processes_scheduler(example, panel, single):
    ddf = dd.from_pandas(panel, npartitions=2)
    got = example.collect(example.forecast_map_partitions(ddf, horizon=6, seed=42), "processes")
    pd.testing.assert_frame_equal(got, single, check_exact=True)


def test_command_line(example, panel, single, tmp_path):
    src, out = tmp_path / "panel.csv", tmp_path / "forecasts.csv"
    panel.to_csv(src, index=False)
    assert example.main([str(src), "--out", str(out), "--horizon", "6", "--partitions", "3"]) == 0
    # pandas writes floats in round-trip form; read them back the same way.
    got = pd.read_csv(out, dtype={"series_id": str})
    pd.testing.assert_frame_equal(got, single, check_dtype=False, check_exact=True)


def test_equals_cli_batch(example, cli, panel, single, tmp_path):
    src = tmp_path / "panel.csv"
    panel.sort_values("series_id", kind="stable").to_csv(src, index=False)
    cli.run("batch", "--panel", str(src), "--out", str(tmp_path / "out"), "--horizon", "6", "--quiet")
    want = pd.read_csv(tmp_path / "out" / "forecasts.csv", dtype={"series_id": str})
    ddf = dd.from_pandas(panel, npartitions=5)
    got = example.collect(example.forecast_map_partitions(ddf, horizon=6, seed=42), "threads")
    want = want.sort_values(["series_id", "year"], kind="stable").reset_index(drop=True)
    # The CLI's file has 8 significant digits; forecast_panel full precision.
    pd.testing.assert_frame_equal(got, want, check_dtype=False, rtol=6e-8, atol=0)
