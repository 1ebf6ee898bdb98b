#!/usr/bin/env python3
"""Forecast a large long panel (series_id, year, value) with Dask, tradecast doing each partition.

    python examples/dask_panel.py panel.csv --out forecasts.csv [--partitions 8] [--scheduler threads]

tradecast forecasts each series from its own rows with its own seed (derived from ``--seed`` and
the series id), so the result does not depend on how the panel is split: it equals
``tradecast.forecast_panel(whole_panel)`` exactly, and ``tradecast batch``'s forecasts.csv to
the 8 significant digits that file keeps (tests/test_dask.py checks both). Two ways are shown:

* ``forecast_map_partitions``: index by ``series_id`` so no series straddles two partitions, then
  one ``tradecast.forecast_panel`` call per partition. Inside a call tradecast fits the series in
  parallel in Rust with the GIL released, so this is the fast path.
* ``forecast_groupby``: ``groupby("series_id").apply`` with one call per series: the usual
  Dask/Spark "grouped map" shape, slower (one call and one small DataFrame per series).

The same per-partition function works under a distributed cluster (``dask.distributed.Client``);
tradecast must be installed on the workers.
"""

from __future__ import annotations

import argparse
import sys
import time

import dask
import dask.dataframe as dd
import pandas as pd

import tradecast

# Dask needs the result's columns and dtypes up front: forecast_panel of an empty panel gives
# exactly those of every partition's result (tradecast.PANEL_COLUMNS, the DataFrame API's types).
META = tradecast.forecast_panel(
    pd.DataFrame(
        {
            "series_id": pd.Series([], dtype=object),
            "year": pd.Series([], dtype="int64"),
            "value": pd.Series([], dtype="float64"),
        }
    )
)
assert list(META.columns) == tradecast.PANEL_COLUMNS


def _partition(pdf: pd.DataFrame, horizon: int, seed: int) -> pd.DataFrame:
    """One partition (indexed by series_id) -> its forecasts, via tradecast."""
    return tradecast.forecast_panel(pdf.reset_index(), horizon=horizon, seed=seed)


def forecast_map_partitions(
    ddf: dd.DataFrame, horizon: int = 10, seed: int = 42
) -> dd.DataFrame:
    """Forecasts of every series in ``ddf`` (columns series_id, year, value), one call a partition."""
    ddf = ddf.assign(series_id=ddf["series_id"].astype(str))
    by_series = ddf.set_index("series_id", sort=True)  # a series lives in exactly one partition
    return by_series.map_partitions(_partition, horizon, seed, meta=META, align_dataframes=False)


def _group(pdf: pd.DataFrame, horizon: int, seed: int) -> pd.DataFrame:
    return tradecast.forecast_panel(pdf[["series_id", "year", "value"]], horizon=horizon, seed=seed)


def forecast_groupby(ddf: dd.DataFrame, horizon: int = 10, seed: int = 42) -> dd.DataFrame:
    """The same forecasts with ``groupby(...).apply``, one call a series."""
    # Group on a copy of the id: pandas 3 leaves the grouping column out of each group.
    ddf = ddf.assign(series_id=ddf["series_id"].astype(str))
    ddf = ddf.assign(group=ddf["series_id"])
    return ddf.groupby("group").apply(_group, horizon, seed, meta=META)


def collect(result: dd.DataFrame, scheduler: str = "threads") -> pd.DataFrame:
    """Compute and put rows in forecast_panel's order (series_id, then year)."""
    with dask.config.set(scheduler=scheduler):
        pdf = result.compute()
    return pdf.sort_values(["series_id", "year"], kind="stable").reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("panel", help="long CSV with columns series_id,year,value")
    p.add_argument("--out", required=True, help="forecasts CSV to write")
    p.add_argument("--horizon", type=int, default=10)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--partitions", type=int, default=8)
    p.add_argument("--scheduler", choices=["threads", "processes", "synchronous"], default="threads")
    p.add_argument("--groupby", action="store_true", help="use groupby-apply instead of map_partitions")
    args = p.parse_args(argv)

    start = time.perf_counter()
    pdf = pd.read_csv(args.panel, dtype={"series_id": str})
    ddf = dd.from_pandas(pdf, npartitions=args.partitions)
    how = forecast_groupby if args.groupby else forecast_map_partitions
    result = collect(how(ddf, args.horizon, args.seed), args.scheduler)
    result.to_csv(args.out, index=False)
    print(
        f"{result['series_id'].nunique()} series, {len(result)} forecast rows -> {args.out} "
        f"in {time.perf_counter() - start:.2f} s ({args.scheduler}, {args.partitions} partitions)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
