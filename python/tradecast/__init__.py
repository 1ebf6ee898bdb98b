"""tradecast: trade figures from news releases -> reconciled series, forecasts and target assessments.

Python bindings of the tradecast Rust crate. Every function returns plain ``dict``/``list`` values
that are exactly what the command-line tool prints with ``--json`` (``json.loads`` of the CLI's
output compares equal), because both are built from the same Rust values. Heavy work runs in
Rust with the GIL released, so threads (and Dask's threaded scheduler) run in parallel.

>>> import tradecast
>>> tradecast.check("data")["ok"]                                        # doctest: +SKIP
True
>>> [f["model"] for f in tradecast.forecast("data", as_of="2026-11-23")]   # doctest: +SKIP

Errors: :class:`InputError` (a ``ValueError``) for rejected input, with the same messages as the
CLI (every problem with file, line and column; also in ``err.problems``); :class:`FileError`
(an ``OSError``) when a file cannot be read or written.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Tuple, Union

from . import _native
from ._native import FileError, InputError, RenderError

if TYPE_CHECKING:  # pandas is optional: only forecast_panel needs it
    import pandas as pd

__all__ = [
    "FileError",
    "InputError",
    "RenderError",
    "PANEL_COLUMNS",
    "SKIPPED_COLUMNS",
    "check",
    "forecast",
    "forecast_panel",
    "load",
    "render_markdown",
    "report",
    "series",
    "targets",
    "__version__",
]

__version__: str = _native.__version__

# Errors raised for a bad argument carry no located problems; those from data files list them.
InputError.problems = []

PathLike = Union[str, "os.PathLike[str]"]
DateLike = Union[str, _dt.date, None]

#: Columns of the DataFrame returned by :func:`forecast_panel`, in order.
PANEL_COLUMNS = ["series_id", "year", "mean", "lower80", "upper80", "lower95", "upper95", "model"]
#: Columns of the skipped DataFrame from ``forecast_panel(..., return_skipped=True)``.
SKIPPED_COLUMNS = ["series_id", "row", "reason"]


def _as_of(as_of: DateLike) -> str:
    """``None`` is today in UTC, like the CLI without ``--as-of``; fix it for reproducible runs."""
    if as_of is None:
        return _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    return str(as_of)


def check(data_dir: PathLike) -> Dict[str, Any]:
    """Validate ``data_dir`` (observations.csv, targets.csv): ``{"ok", "observations", "targets", "warnings"}``.

    Same dict as ``tradecast check --json``. Raises :class:`InputError` listing every problem.
    """
    return _native.check(data_dir)


def load(data_dir: PathLike) -> Dict[str, Any]:
    """The validated data set: ``{"observations": [...], "targets": [...], "warnings": [...]}``.

    Each observation has ``id, pair, flow, period, value_usd, growth`` (a fraction), ``bound,
    published, source, quote, note, line``; each target ``id, pair, flow, value_usd, deadline,
    stated, source, quote, note, line``; each warning ``file, line, column, message``.
    """
    return _native.load_dataset(data_dir)


def series(data_dir: PathLike) -> List[Dict[str, Any]]:
    """The reconciled annual series, one dict per pair and flow (same as ``tradecast series --json``).

    Each has ``pair, flow, points`` (``year, value_usd, kind`` reported/derived/estimated, ``bound,
    sources, how``), ``growth_reports, notes, warnings, conflicts``.
    """
    return _native.series(data_dir)


def forecast(
    data_dir: PathLike,
    horizon: int = 10,
    model: str = "auto",
    seed: int = 42,
    as_of: DateLike = None,
) -> List[Dict[str, Any]]:
    """Fit the growth models per pair and flow, choose one, and project with 80%/95% intervals.

    Same list as ``tradecast forecast --json --horizon H --model M --seed S --as-of D``: each dict
    has ``pair, flow, model, reason, growth, years, mean, lower80, upper80, lower95, upper95`` and
    ``models`` (every candidate, fitted or skipped with its reason). ``model`` is ``auto``,
    ``all`` (the same JSON as ``auto``) or one of ``linear, log_linear, cagr, naive, drift,
    damped, latest_growth``. ``horizon`` is 1 to 100 years.
    """
    return _native.forecast(data_dir, horizon, model, seed, _as_of(as_of))


def targets(
    data_dir: PathLike,
    as_of: DateLike = None,
    seed: int = 42,
    paths: int = 2000,
) -> List[Dict[str, Any]]:
    """Assess every stated target (same list as ``tradecast targets --json``).

    Each dict has ``id, pair, flow, target_usd, deadline, status, rule, crossing_year`` (``p10,
    p50, p90``), ``probability_by_deadline, required_growth, recent_growth``, caveats and source.
    ``paths`` (100 to 1,000,000) simulated paths per target, seeded by ``seed``.
    """
    return _native.targets(data_dir, _as_of(as_of), seed, paths)


def report(
    data_dir: PathLike,
    out_dir: PathLike,
    as_of: DateLike = None,
    seed: int = 42,
    paths: int = 2000,
) -> Dict[str, Any]:
    """Write the full report into ``out_dir`` exactly as ``tradecast report`` does.

    ``report.md``, ``charts/*.png``, ``projections.json``, ``projections.csv``,
    ``assessments.csv`` and ``history.csv`` (appended), under the directory's lock and committed
    atomically: a failure leaves the previous outputs whole. Returns the summary
    ``tradecast report --json`` prints: ``{"out", "as_of", "seed", "files", "targets"}``.
    """
    return _native.write_report(data_dir, out_dir, _as_of(as_of), seed, paths)


def render_markdown(
    data_dir: PathLike,
    as_of: DateLike = None,
    seed: int = 42,
    paths: int = 2000,
    history_dir: Optional[PathLike] = None,
) -> str:
    """The text of ``report.md`` for ``data_dir``, without writing any file.

    With ``history_dir``, earlier projection vintages are read from its ``history.csv`` (as a
    report written there would); without it, the report holds this run's projections only.
    """
    return _native.render_markdown(data_dir, _as_of(as_of), seed, paths, history_dir)


def forecast_panel(
    df: "pd.DataFrame",
    horizon: int = 10,
    seed: int = 42,
    return_skipped: bool = False,
    threads: int = 0,
) -> Union["pd.DataFrame", Tuple["pd.DataFrame", "pd.DataFrame"]]:
    """Forecast every series of a long panel DataFrame with columns ``series_id, year, value``.

    This runs the library's batch mode, the same code as ``tradecast batch``: the numbers are
    those of its ``forecasts.csv`` (8 significant digits), and each series has its own seed
    derived from ``seed`` and its id, so a series' forecast does not depend on the rest of ``df``
    (a panel split by ``series_id`` across Dask partitions gives identical numbers). Series ids
    are compared as strings without leading and trailing spaces (as ``tradecast batch`` reads
them); rows of a series need not be contiguous nor in year order.

    Returns a DataFrame with columns :data:`PANEL_COLUMNS` (``series_id, year, mean, lower80,
    upper80, lower95, upper95, model``), one row per series and forecast year, series in order
    of first appearance in ``df``. Series that cannot be forecast (too few points, a year given
    twice, a value that is not a positive number) are left out; with ``return_skipped=True`` the
    result is ``(forecasts, skipped)``, ``skipped`` having columns :data:`SKIPPED_COLUMNS`
    (``series_id, row, reason``; ``row`` is the index label in ``df`` of the row concerned, or of
    the series' first row). ``horizon`` is 1 to 200 years; ``threads`` 0 means one per core.
    """
    import numpy as np
    import pandas as pd

    missing = [c for c in ("series_id", "year", "value") if c not in df.columns]
    if missing:
        raise InputError(
            f"panel is missing column(s) {', '.join(missing)}: expected series_id, year, value"
        )
    if df["year"].isna().any():
        raise InputError("panel column year has missing values: give a whole year on every row")
    if not pd.api.types.is_integer_dtype(df["year"]) and (df["year"] % 1 != 0).any():
        raise InputError("panel column year has fractional values: give whole years (2023)")
    # Batch mode trims fields (as `tradecast batch` reads a CSV): trim here too, so the ids that
    # come back are the ids that went in.
    ids = df["series_id"].astype(str).str.strip(_ASCII_SPACE).to_numpy(dtype=object)
    # Batch mode needs the rows of a series together: group them, series in first-appearance order.
    codes, _ = pd.factorize(ids)
    order = np.argsort(codes, kind="stable")
    fc, sk = _native.forecast_panel(
        ids[order].tolist(),
        df["year"].to_numpy(dtype="int64")[order].tolist(),
        df["value"].to_numpy(dtype="float64")[order].tolist(),
        horizon,
        seed,
        threads,
    )
    forecasts = pd.DataFrame(fc, columns=PANEL_COLUMNS).astype(_PANEL_DTYPES)
    if not return_skipped:
        return forecasts
    labels = df.index
    rows = [
        labels[order[line - 2]] if 2 <= line < len(order) + 2 else None for line in sk["line"]
    ]
    skipped = pd.DataFrame(
        {"series_id": sk["series_id"], "row": rows, "reason": sk["reason"]},
        columns=SKIPPED_COLUMNS,
    ).astype({"series_id": object, "reason": object})
    return forecasts, skipped


_ASCII_SPACE = " \t\n\r\x0c"

_PANEL_DTYPES = {
    "series_id": object,
    "year": "int64",
    "mean": "float64",
    "lower80": "float64",
    "upper80": "float64",
    "lower95": "float64",
    "upper95": "float64",
    "model": object,
}
