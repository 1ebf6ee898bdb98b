"""Tables for notebooks: pandas, polars or a dependency-free :class:`Table`, chosen by ``backend``.

Neither pandas nor polars is a dependency of tradecast: each is imported only when a table is
built with it. ``backend=None`` picks pandas if it is installed, else polars, else a
:class:`Table` (which converts with ``to_pandas()`` / ``to_polars()``).
"""

from __future__ import annotations

import html
import importlib
import importlib.util
import math
from typing import Any, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

#: Column kinds: ``str`` (text, may be missing), ``int`` (never missing), ``int?`` (whole
#: numbers that may be missing: pandas ``Int64``), ``float`` (missing is NaN in pandas, null in
#: polars), ``bool``.
Schema = Sequence[Tuple[str, str]]

BACKENDS = ("pandas", "polars", "table")


def require(module: str, why: str) -> Any:
    """Import ``module`` or raise an ImportError that says how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ImportError(
            f"{why} needs {module}, which is not installed: pip install {module} "
            f"(or choose another backend: {', '.join(repr(b) for b in BACKENDS)})"
        ) from None


def resolve(backend: Optional[str]) -> str:
    """The backend to build tables with: the one named, or the first installed of pandas, polars."""
    if backend is None:
        for name in ("pandas", "polars"):
            if importlib.util.find_spec(name) is not None:
                return name
        return "table"
    if backend not in BACKENDS:
        raise ValueError(
            f"unknown backend {backend!r}: expected one of {', '.join(repr(b) for b in BACKENDS)} "
            "or None (pandas if installed, else polars, else a tradecast.Table)"
        )
    return backend


class Table:
    """A small column table, used when neither pandas nor polars is installed.

    ``len(t)`` rows; ``t["col"]`` a column (list); ``t.columns``; ``t.rows()`` dicts;
    ``to_pandas()`` / ``to_polars()`` convert with the same dtypes as ``backend="pandas"`` /
    ``"polars"`` would give. Jupyter shows it as an HTML table.
    """

    def __init__(self, columns: Mapping[str, List[Any]], schema: Optional[Schema] = None) -> None:
        self._data: Dict[str, List[Any]] = {k: list(v) for k, v in columns.items()}
        lengths = {len(v) for v in self._data.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns differ in length: {sorted(lengths)}")
        self._schema: Schema = schema or [(k, "str") for k in self._data]

    @classmethod
    def from_rows(cls, rows: Sequence[Mapping[str, Any]]) -> "Table":
        """A table from a list of dicts (columns in the order of the first row's keys)."""
        names: List[str] = []
        for row in rows:
            names += [k for k in row if k not in names]
        return cls({k: [row.get(k) for row in rows] for k in names})

    @property
    def columns(self) -> List[str]:
        """Column names, in order."""
        return list(self._data)

    def __len__(self) -> int:
        return len(next(iter(self._data.values()), []))

    def __getitem__(self, column: str) -> List[Any]:
        return self._data[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def rows(self) -> List[Dict[str, Any]]:
        """Every row as a dict."""
        return [{k: v[i] for k, v in self._data.items()} for i in range(len(self))]

    def to_pandas(self) -> Any:
        """A pandas DataFrame (needs pandas)."""
        return build(self._data, self._schema, "pandas")

    def to_polars(self) -> Any:
        """A polars DataFrame (needs polars)."""
        return build(self._data, self._schema, "polars")

    def __repr__(self) -> str:
        return f"<tradecast.Table {len(self)} rows × {len(self._data)} columns: {', '.join(self._data)}>"

    def _repr_html_(self, max_rows: int = 60) -> str:
        def cell(v: Any) -> str:
            if v is None or (isinstance(v, float) and math.isnan(v)):
                return ""
            return html.escape(f"{v:.6g}" if isinstance(v, float) else str(v))

        head = "".join(f"<th>{html.escape(k)}</th>" for k in self._data)
        body = "".join(
            "<tr>" + "".join(f"<td>{cell(v[i])}</td>" for v in self._data.values()) + "</tr>"
            for i in range(min(len(self), max_rows))
        )
        more = f"<p>… {len(self) - max_rows} more rows</p>" if len(self) > max_rows else ""
        return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{more}"


def build(columns: Mapping[str, List[Any]], schema: Schema, backend: Optional[str]) -> Any:
    """A table of ``columns`` typed by ``schema``, with ``backend`` (see :func:`resolve`)."""
    backend = resolve(backend)
    names = [name for name, _ in schema]
    if backend == "table":
        return Table({n: columns[n] for n in names}, schema)
    if backend == "pandas":
        pd = require("pandas", 'backend="pandas"')
        data = {}
        for name, kind in schema:
            values = columns[name]
            if kind == "float":
                data[name] = pd.Series(
                    [math.nan if v is None else float(v) for v in values], dtype="float64"
                )
            elif kind == "int":
                data[name] = pd.Series(values, dtype="int64")
            elif kind == "int?":
                data[name] = pd.Series(pd.array(values, dtype="Int64"))
            elif kind == "bool":
                data[name] = pd.Series(values, dtype="bool")
            else:
                data[name] = pd.Series(values, dtype=object)
        return pd.DataFrame(data, columns=names)
    pl = require("polars", 'backend="polars"')
    types = {"float": pl.Float64, "int": pl.Int64, "int?": pl.Int64, "bool": pl.Boolean, "str": pl.Utf8}
    return pl.DataFrame(
        {n: columns[n] for n in names}, schema={name: types[kind] for name, kind in schema}
    )


def library_of(df: Any) -> str:
    """``"pandas"`` or ``"polars"`` for a DataFrame of either; a TypeError for anything else."""
    root = type(df).__module__.split(".")[0]
    if root in ("pandas", "polars"):
        return root
    raise TypeError(
        f"expected a pandas or polars DataFrame with columns series_id, year, value; got {type(df).__name__}"
    )
