"""tradecast: trade figures from news releases -> reconciled series, forecasts and target assessments.

Python bindings of the tradecast Rust crate, for scripts and notebooks. Each function runs the
same application-layer command as the ``tradecast`` CLI, so the numbers are the CLI's:

- :func:`series`, :func:`forecast`, :func:`models`, :func:`targets` return a table in long
  format with the columns of the CLI's CSV outputs (``projections.csv``, ``assessments.csv``);
  ``raw=True`` returns instead exactly what ``tradecast COMMAND --json`` prints (lists of dicts);
- :func:`chart` returns a chart Jupyter shows inline, the very PNG ``tradecast report`` writes;
- :func:`report` writes the report and returns a summary Jupyter shows as Markdown;
- :func:`extract` proposes data rows from news-release text, and appends them with ``append_to``;
- :func:`forecast_panel` forecasts a long panel ``series_id, year, value`` (batch mode).

Tables are pandas DataFrames when pandas is installed; ``backend="polars"`` gives polars, and
with neither installed a :class:`Table` (neither is a dependency of tradecast; each is imported
only when used).

>>> import tradecast
>>> tradecast.check("data")["ok"]                                       # doctest: +SKIP
True
>>> tradecast.forecast("data", as_of="2026-11-23").head()                # doctest: +SKIP

Errors: :class:`InputError` (a ``ValueError``) for rejected input, with the CLI's messages
(every problem with file, line and column; also in ``err.problems``); :class:`FileError` (an
``OSError``) when a file cannot be read or written. In IPython they show as the CLI prints them.
"""

from __future__ import annotations

import datetime as _dt
import os
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Sequence, Tuple, Union

from . import _native
from ._display import Chart, Written, install_error_display
from ._frames import Table
from ._frames import build as _build
from ._frames import library_of as _library_of
from ._frames import require as _require
from ._native import FileError, InputError, RenderError

if TYPE_CHECKING:  # pandas and polars are optional
    import pandas as pd

__all__ = [
    "ASSESSMENT_COLUMNS",
    "Chart",
    "FORECAST_COLUMNS",
    "FileError",
    "InputError",
    "MODEL_COLUMNS",
    "PANEL_COLUMNS",
    "RenderError",
    "SERIES_COLUMNS",
    "SKIPPED_COLUMNS",
    "Table",
    "Written",
    "chart",
    "check",
    "extract",
    "forecast",
    "forecast_panel",
    "import_file",
    "load",
    "models",
    "render_markdown",
    "report",
    "series",
    "targets",
    "__version__",
]

__version__: str = _native.__version__

# Errors raised for a bad argument carry no located problems; those from data files list them.
InputError.problems = []
install_error_display(InputError, FileError, RenderError)

PathLike = Union[str, "os.PathLike[str]"]
DateLike = Union[str, _dt.date, None]
#: A table: a pandas or polars DataFrame, or a :class:`Table`, as ``backend`` chooses.
Frame = Any

#: Columns of :func:`series`: the observed rows of ``projections.csv``, plus how each value was
#: obtained and its sources (observation ids, ``; ``-separated).
SERIES_COLUMNS = ["pair", "flow", "year", "kind", "value_usd", "bound", "how", "sources"]
#: Columns of :func:`forecast`: the forecast rows of ``projections.csv`` (``kind`` is ``forecast``).
FORECAST_COLUMNS = [
    "pair", "flow", "year", "kind", "model", "mean", "lower80", "upper80", "lower95", "upper95",
]
#: Columns of :func:`models`: every candidate model per pair and flow, as ``forecast --json``'s
#: ``models`` lists them (``notes`` ``; ``-separated), with ``chosen`` marking the one used.
MODEL_COLUMNS = [
    "pair", "flow", "model", "status", "chosen", "growth", "aicc", "need", "got", "reason", "notes",
]
#: Columns of :func:`targets`: those of ``assessments.csv``.
ASSESSMENT_COLUMNS = [
    "target_id", "pair", "flow", "target_usd", "deadline", "judged_by", "status", "latest_year",
    "latest_usd", "latest_kind", "latest_bound", "required_growth", "recent_growth",
    "projected_growth", "point_crossing", "crossing_p10", "crossing_p50", "crossing_p90",
    "never_share", "probability_by_deadline", "probability_5y", "probability_10y", "rule",
]
#: Columns of the DataFrame returned by :func:`forecast_panel`, in order.
PANEL_COLUMNS = ["series_id", "year", "mean", "lower80", "upper80", "lower95", "upper95", "model"]
#: Columns of the skipped DataFrame from ``forecast_panel(..., return_skipped=True)``.
SKIPPED_COLUMNS = ["series_id", "row", "reason"]

_F = "float"
_SERIES_SCHEMA = list(zip(SERIES_COLUMNS, ["str", "str", "int", "str", _F, "str", "str", "str"]))
_FORECAST_SCHEMA = list(zip(FORECAST_COLUMNS, ["str", "str", "int", "str", "str", _F, _F, _F, _F, _F]))
_MODEL_SCHEMA = list(
    zip(MODEL_COLUMNS, ["str", "str", "str", "str", "bool", _F, _F, "int?", "int?", "str", "str"])
)
_ASSESSMENT_SCHEMA = list(
    zip(
        ASSESSMENT_COLUMNS,
        ["str", "str", "str", _F, "int?", "int", "str", "int?", _F, "str", "str", _F, _F, _F,
         "int?", "int?", "int?", "int?", _F, _F, _F, _F, "str"],
    )
)
_PANEL_SCHEMA = list(zip(PANEL_COLUMNS, ["str", "int", _F, _F, _F, _F, _F, "str"]))


def _as_of(as_of: DateLike) -> str:
    """``None`` is today in UTC, like the CLI without ``--as-of``; fix it for reproducible runs."""
    if as_of is None:
        return _dt.datetime.now(_dt.timezone.utc).date().isoformat()
    if isinstance(as_of, _dt.datetime):
        return as_of.date().isoformat()
    if isinstance(as_of, _dt.date):
        return as_of.isoformat()
    return str(as_of)


def _columns(rows: List[Dict[str, Any]], names: Sequence[str]) -> Dict[str, List[Any]]:
    return {n: [r[n] for r in rows] for n in names}


def check(data_dir: PathLike) -> Dict[str, Any]:
    """Validate ``data_dir`` (observations.csv, targets.csv): ``{"ok", "observations", "targets", "warnings"}``.

    Same dict as ``tradecast check --json``. Raises :class:`InputError` listing every problem.
    """
    return _native.check(data_dir)


def load(data_dir: PathLike) -> Dict[str, Any]:
    """The validated data set: ``{"observations": [...], "targets": [...], "warnings": [...]}``.

    Each observation has ``id, pair, flow, period, value_usd, growth`` (a fraction), ``bound,
    published, source, quote, note, line``; each target ``id, pair, flow, value_usd, factor,
    base_year, deadline, stated, source, quote, note, line`` (a relative target, "double trade",
    has ``value_usd`` None and a ``factor``); each warning ``file, line, column, message``.
    """
    return _native.load_dataset(data_dir)


def series(
    data_dir: PathLike, raw: bool = False, backend: Optional[str] = None, as_of: DateLike = None
) -> Any:
    """The reconciled annual series of what was known on ``as_of`` (default today, UTC, as the
    CLI): one row per pair, flow and year. Figures published after ``as_of`` are left out.

    Columns :data:`SERIES_COLUMNS`: ``pair, flow, year, kind`` (``reported``, ``derived`` or
    ``estimated``), ``value_usd, bound`` (as in ``projections.csv``), ``how`` the value was
    obtained, ``sources`` (observation ids). With ``raw=True``, the list ``tradecast series
    --json`` prints (with notes, warnings and conflicts per series). ``backend``: ``"pandas"``,
    ``"polars"``, ``"table"`` or ``None`` (pandas if installed, else polars, else :class:`Table`).
    """
    got = _native.series(data_dir, _as_of(as_of))
    if raw:
        return got
    rows = [
        {
            "pair": s["pair"], "flow": s["flow"], "year": p["year"], "kind": p["kind"],
            "value_usd": p["value_usd"], "bound": p["bound"], "how": p["how"],
            "sources": "; ".join(p["sources"]),
        }
        for s in got
        for p in s["points"]
    ]
    return _build(_columns(rows, SERIES_COLUMNS), _SERIES_SCHEMA, backend)


def _forecast_json(data_dir: PathLike, horizon: int, model: str, seed: int, as_of: DateLike) -> List[Dict[str, Any]]:
    return _native.forecast(data_dir, horizon, model, seed, _as_of(as_of))


def forecast(
    data_dir: PathLike,
    horizon: int = _native.DEFAULT_HORIZON,
    model: str = "auto",
    seed: int = _native.DEFAULT_SEED,
    as_of: DateLike = None,
    raw: bool = False,
    backend: Optional[str] = None,
) -> Any:
    """Fit the growth models per pair and flow, choose one, and project with 80%/95% intervals.

    One row per pair, flow and forecast year, columns :data:`FORECAST_COLUMNS` (``pair, flow,
    year, kind, model, mean, lower80, upper80, lower95, upper95``: the forecast rows of
    ``projections.csv``); a pair and flow no model could be fitted to has no rows (see
    :func:`models` for why). ``model`` is ``auto`` (choose or combine), one of ``pooled,
    linear, log_linear, cagr, naive, drift, damped, latest_growth`` (that model only), or ``all``: the
    rows of ``auto`` and, with ``kind`` ``candidate``, every fitted model's own forecast (its
    analytic bands, before the chosen model's calibration), as ``tradecast forecast --model
    all`` prints them. ``horizon`` is 1 to 100 years. With ``raw=True``, the list ``tradecast
    forecast --json`` prints (the same for ``all`` as for ``auto``). ``backend`` as in
    :func:`series`.
    """
    if model == "all":
        # One run of the pipeline gives both the chosen forecasts and every candidate's.
        got, candidates = _native.forecast_all(data_dir, horizon, seed, _as_of(as_of))
    else:
        got, candidates = _forecast_json(data_dir, horizon, model, seed, as_of), []
    if raw:
        return got
    bands = ("mean", "lower80", "upper80", "lower95", "upper95")
    rows = [
        {"pair": f["pair"], "flow": f["flow"], "year": year, "kind": "forecast", "model": f["model"],
         **{b: f[b][j] for b in bands}}
        for f in got
        for j, year in enumerate(f["years"])
    ]
    if model == "all":
        rows += [
            {"pair": f["pair"], "flow": f["flow"], "year": year, "kind": "candidate",
             "model": f["model"], **{b: f[b][j] for b in bands}}
            for f in candidates
            for j, year in enumerate(f["years"])
        ]
    return _build(_columns(rows, FORECAST_COLUMNS), _FORECAST_SCHEMA, backend)


def models(
    data_dir: PathLike,
    horizon: int = _native.DEFAULT_HORIZON,
    model: str = "auto",
    seed: int = _native.DEFAULT_SEED,
    as_of: DateLike = None,
    raw: bool = False,
    backend: Optional[str] = None,
) -> Any:
    """Every candidate model per pair and flow: fitted (with its growth and AICc) or skipped (with why).

    Columns :data:`MODEL_COLUMNS`: ``pair, flow, model, status`` (``fitted``/``skipped``),
    ``chosen`` (the model :func:`forecast` uses), ``growth, aicc`` (fitted), ``need, got``
    (points needed and available, skipped), ``reason`` (why skipped; for the chosen model, why
    it was chosen), ``notes``. Arguments as :func:`forecast`. With ``raw=True``, for each pair
    and flow ``{"pair", "flow", "model", "reason", "models": [...]}`` from ``tradecast forecast
    --json``.
    """
    got = _forecast_json(data_dir, horizon, model, seed, as_of)
    if raw:
        return [{k: f[k] for k in ("pair", "flow", "model", "reason", "models")} for f in got]
    rows = []
    for f in got:
        for m in f["models"]:
            chosen = m["model"] == f["model"]
            rows.append({
                "pair": f["pair"], "flow": f["flow"], "model": m["model"], "status": m["status"],
                "chosen": chosen, "growth": m.get("growth"), "aicc": m.get("aicc"),
                "need": m.get("need"), "got": m.get("got"),
                "reason": f["reason"] if chosen else m.get("reason"),
                "notes": "; ".join(m.get("notes", [])),
            })
    return _build(_columns(rows, MODEL_COLUMNS), _MODEL_SCHEMA, backend)


def targets(
    data_dir: PathLike,
    as_of: DateLike = None,
    seed: int = _native.DEFAULT_SEED,
    paths: int = _native.DEFAULT_PATHS,
    raw: bool = False,
    backend: Optional[str] = None,
) -> Any:
    """Assess every stated target: status, crossing year, probability by the deadline.

    One row per target, columns :data:`ASSESSMENT_COLUMNS`, those of ``assessments.csv``
    (``target_id, pair, flow, target_usd, deadline, judged_by, status, latest_*,
    required_growth, recent_growth, projected_growth, point_crossing, crossing_p10/p50/p90,
    never_share, probability_by_deadline, probability_5y, probability_10y, rule``). ``paths``
    (100 to 1,000,000) simulated paths per target, seeded by ``seed``. With ``raw=True``, the
    list ``tradecast targets --json`` prints (with caveats, source and quote). ``backend`` as in
    :func:`series`.
    """
    got = _native.targets(data_dir, _as_of(as_of), seed, paths)
    if raw:
        return got
    rows = []
    for a in got:
        latest = a["latest"] or {}
        crossing = a["crossing_year"]
        within = [w["probability"] for w in a["probability_within"]] + [None, None]
        rows.append({
            "target_id": a["id"], "pair": a["pair"], "flow": a["flow"],
            "target_usd": a["target_usd"], "deadline": a["deadline"], "judged_by": a["judged_by"],
            "status": a["status"], "latest_year": latest.get("year"),
            "latest_usd": latest.get("value_usd"), "latest_kind": latest.get("kind"),
            "latest_bound": latest.get("bound"), "required_growth": a["required_growth"],
            "recent_growth": a["recent_growth"], "projected_growth": a["projected_growth"],
            "point_crossing": a["point_crossing"], "crossing_p10": crossing["p10"],
            "crossing_p50": crossing["p50"], "crossing_p90": crossing["p90"],
            "never_share": crossing["never_share"],
            "probability_by_deadline": a["probability_by_deadline"],
            "probability_5y": within[0], "probability_10y": within[1], "rule": a["rule"],
        })
    return _build(_columns(rows, ASSESSMENT_COLUMNS), _ASSESSMENT_SCHEMA, backend)


def chart(
    data_dir: PathLike,
    pair: str,
    flow: str = "turnover",
    as_of: DateLike = None,
    seed: int = _native.DEFAULT_SEED,
    paths: int = _native.DEFAULT_PATHS,
) -> Chart:
    """The chart of one pair and flow (history, fitted line, 80%/95% fan, target and crossing).

    Returns a :class:`Chart` that Jupyter shows inline; its ``png`` is byte for byte the
    ``charts/{pair}-{flow}.png`` that :func:`report` (and ``tradecast report``) writes with the
    same arguments. A pair and flow without an annual value has no chart: :class:`InputError`
    names those that have one.
    """
    stem, png = _native.chart(data_dir, pair, flow, _as_of(as_of), seed, paths)
    return Chart(stem, png)


def report(
    data_dir: PathLike,
    out_dir: PathLike,
    as_of: DateLike = None,
    seed: int = _native.DEFAULT_SEED,
    paths: int = _native.DEFAULT_PATHS,
    wait: float = 0.0,
) -> Written:
    """Write the full report into ``out_dir`` exactly as ``tradecast report`` does.

    ``report.md``, ``charts/*.png``, ``projections.json``, ``projections.csv``,
    ``assessments.csv``, ``changes.json``, ``track-record.csv``, and this vintage added to
    ``history.csv`` and ``history-projections.csv``, under the directory's lock and committed
    atomically: a failure leaves the previous outputs whole. ``wait``: seconds to wait for
    another run holding the lock (``--wait``). Returns a :class:`Written`, the dict ``tradecast
    report --json`` prints (``out, as_of, seed, files, targets, changes``); Jupyter shows it as
    Markdown listing the files written and each target's status.
    """
    return Written(_native.write_report(data_dir, out_dir, _as_of(as_of), seed, paths, wait))


def render_markdown(
    data_dir: PathLike,
    as_of: DateLike = None,
    seed: int = _native.DEFAULT_SEED,
    paths: int = _native.DEFAULT_PATHS,
    history_dir: Optional[PathLike] = None,
) -> str:
    """The text of ``report.md`` for ``data_dir``, without writing any file.

    With ``history_dir``, earlier projection vintages are read from its ``history.csv`` (as a
    report written there would); without it, the report holds this run's projections only.
    """
    return _native.render_markdown(data_dir, _as_of(as_of), seed, paths, history_dir)


class Proposals:
    """Rows :func:`extract` proposes: ``observations`` and ``targets`` tables (the columns of
    ``observations.csv`` / ``targets.csv``, ids ``x001``… to be renumbered when appended) and
    ``raw``, the list ``tradecast extract --json`` prints (with what was left out and why)."""

    def __init__(self, observations: Frame, targets: Frame, raw: List[Dict[str, Any]]) -> None:
        #: Candidate rows for observations.csv.
        self.observations = observations
        #: Candidate rows for targets.csv.
        self.targets = targets
        #: Per article: figures, targets, ignored amounts, warnings (``extract --json``).
        self.raw = raw

    def __repr__(self) -> str:
        return f"<tradecast.Proposals {len(self.observations)} observation(s), {len(self.targets)} target(s)>"

    def _repr_markdown_(self) -> str:
        def table(t: Frame) -> str:
            rows = t.rows() if isinstance(t, Table) else _rows_of(t)
            if not rows:
                return "(none)\n"
            cols = ["pair", "flow", "period", "value_usd", "bound", "quote"] if "period" in rows[0] else [
                "pair", "flow", "value_usd", "deadline", "quote"]
            out = "| " + " | ".join(cols) + " |\n|" + "---|" * len(cols) + "\n"
            for r in rows:
                out += "| " + " | ".join(str(r.get(c) or "").replace("|", "\\|") for c in cols) + " |\n"
            return out
        return (f"**Proposed observations** ({len(self.observations)})\n\n{table(self.observations)}\n"
                f"**Proposed targets** ({len(self.targets)})\n\n{table(self.targets)}")


def _rows_of(df: Any) -> List[Dict[str, Any]]:
    if _library_of(df) == "pandas":
        return df.to_dict("records")
    return df.to_dicts()


def _csv_table(text: str, backend: Optional[str]) -> Frame:
    import csv
    import io

    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    rows = list(reader)
    return _build({c: [r[i] for r in rows] for i, c in enumerate(header)}, [(c, "str") for c in header], backend)


def extract(
    files: Union[PathLike, Sequence[PathLike]],
    assume_year: Optional[int] = None,
    append_to: Optional[PathLike] = None,
    backend: Optional[str] = None,
) -> Any:
    """Propose data rows from news-release text files, each with the sentence it came from.

    ``files``: one path or several (plain UTF-8 text; an article may start with a line
    ``date: YYYY-MM-DD``). ``assume_year`` resolves "this year"/"last year" in an article with
    no date. Returns :class:`Proposals` (tables of candidate rows, all text, for review).

    With ``append_to=DATA_DIR``, appends the new rows to that data directory as ``tradecast
    extract --append --data DATA_DIR`` does (duplicates skipped, each row checked by the loader,
    both files committed together) and returns its summary: ``{"data", "observations",
    "targets", "duplicates", "refused", "observations_before"}``.
    """
    paths = [files] if isinstance(files, (str, os.PathLike)) else list(files)
    if append_to is not None:
        return _native.append_extracted(append_to, paths, assume_year)
    raw, observations, targets_csv = _native.extract(paths, assume_year)
    return Proposals(_csv_table(observations, backend), _csv_table(targets_csv, backend), raw)


def import_file(
    path: Union[PathLike, Sequence[PathLike]],
    data: PathLike = "data",
    format: str = "auto",
    dry_run: bool = False,
    year: Optional[int] = None,
    partners: Sequence[str] = (),
    since: Optional[int] = None,
    backend: Optional[str] = None,
) -> Any:
    """Import official trade statistics into ``data``'s observations.csv, as ``tradecast import``.

    ``path``: one downloaded file or several (UN Comtrade CSV, SDMX-CSV, the US Census country
    table, the IMF DOTS mirror file; ``format`` ``"auto"`` detects each from its header).
    Importing the same file twice adds nothing; on any problem nothing is written and
    :class:`InputError` lists them with file and line. ``dry_run=True`` writes nothing.

    Returns the rows added (with ``dry_run``: that would be added) as a DataFrame of text
    columns, the columns of observations.csv; the summary (layouts found, rows left out and
    why) is in its ``attrs["import"]`` when the backend has ``attrs`` (pandas).
    """
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    summary, rows = _native.import_file(data, paths, format, dry_run, year, list(partners), since)
    table = _csv_table(rows, backend)
    if hasattr(table, "attrs"):
        table.attrs["import"] = summary
    return table


_ASCII_SPACE = " \t\n\r\x0c"


def forecast_panel(
    df: Any,
    horizon: int = _native.DEFAULT_HORIZON,
    seed: int = _native.DEFAULT_SEED,
    return_skipped: bool = False,
    threads: int = 0,
    backend: Optional[str] = None,
) -> Any:
    """Forecast every series of a long panel DataFrame with columns ``series_id, year, value``.

    ``df`` is a pandas or a polars DataFrame; the result is of the same library unless
    ``backend`` names another (``"pandas"``, ``"polars"``, ``"table"``).

    This runs the library's batch mode, the same code as ``tradecast batch``: the numbers are
    those of its ``forecasts.csv`` at full precision (the file rounds them to 8 significant
    digits), and each series has its own seed
    derived from ``seed`` and its id, so a series' forecast does not depend on the rest of ``df``
    (a panel split by ``series_id`` across Dask partitions gives identical numbers). Series ids
    are compared as strings without leading and trailing spaces (as ``tradecast batch`` reads
    them); rows of a series need not be contiguous nor in year order.

    Returns a DataFrame with columns :data:`PANEL_COLUMNS` (``series_id, year, mean, lower80,
    upper80, lower95, upper95, model``), one row per series and forecast year, series in order
    of first appearance in ``df``. Series that cannot be forecast (too few points, a year given
    twice, a value that is not a positive number) are left out; with ``return_skipped=True`` the
    result is ``(forecasts, skipped)``, ``skipped`` having columns :data:`SKIPPED_COLUMNS`
    (``series_id, row, reason``; ``row`` is the index label in a pandas ``df``, the 0-based row
    position in a polars one, of the row concerned or of the series' first row). ``horizon`` is
    1 to 200 years; ``threads`` 0 means one per core.
    """
    library = _library_of(df)
    missing = [c for c in ("series_id", "year", "value") if c not in df.columns]
    if missing:
        raise InputError(
            f"panel is missing column(s) {', '.join(missing)}: expected series_id, year, value"
        )
    if library == "pandas":
        ids, years, values, labels = _panel_columns_pandas(df)
    else:
        ids, years, values, labels = _panel_columns_polars(df)
    # Batch mode needs the rows of a series together: group them, series in first-appearance order.
    first: Dict[str, int] = {}
    codes = [first.setdefault(i, len(first)) for i in ids]
    order = sorted(range(len(ids)), key=codes.__getitem__)
    fc, sk = _native.forecast_panel(
        [ids[i] for i in order], [years[i] for i in order], [values[i] for i in order],
        horizon, seed, threads,
    )
    out = backend or library
    forecasts = _build(fc, _PANEL_SCHEMA, out)
    if not return_skipped:
        return forecasts
    rows = [labels[order[line - 2]] if 2 <= line < len(order) + 2 else None for line in sk["line"]]
    skipped = _build(
        {"series_id": sk["series_id"], "row": rows, "reason": sk["reason"]},
        [("series_id", "str"), ("row", "int?" if library == "polars" else "str"), ("reason", "str")],
        out,
    )
    return forecasts, skipped


def _panel_columns_pandas(df: "pd.DataFrame") -> Tuple[List[str], List[int], List[float], List[Any]]:
    pd = _require("pandas", "a pandas panel")
    if df["year"].isna().any():
        raise InputError("panel column year has missing values: give a whole year on every row")
    if not pd.api.types.is_integer_dtype(df["year"]) and (df["year"] % 1 != 0).any():
        raise InputError("panel column year has fractional values: give whole years (2023)")
    # Batch mode trims fields (as `tradecast batch` reads a CSV): trim here too, so the ids that
    # come back are the ids that went in.
    ids = df["series_id"].astype(str).str.strip(_ASCII_SPACE).tolist()
    return (
        ids,
        df["year"].to_numpy(dtype="int64").tolist(),
        df["value"].to_numpy(dtype="float64").tolist(),
        list(df.index),
    )


def _panel_columns_polars(df: Any) -> Tuple[List[str], List[int], List[float], List[Any]]:
    pl = _require("polars", "a polars panel")
    year = df.get_column("year")
    if year.null_count() > 0 or (year.dtype.is_float() and year.is_nan().any()):
        raise InputError("panel column year has missing values: give a whole year on every row")
    if not year.dtype.is_integer() and (year.cast(pl.Float64) % 1 != 0).any():
        raise InputError("panel column year has fractional values: give whole years (2023)")
    ids = [str(v).strip(_ASCII_SPACE) for v in df.get_column("series_id").to_list()]
    values = [float("nan") if v is None else float(v) for v in df.get_column("value").to_list()]
    return ids, year.cast(pl.Int64).to_list(), values, list(range(df.height))
