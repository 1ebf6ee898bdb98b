"""Type stubs for the native module ``tradecast._native`` (Rust, pyo3). Use the ``tradecast`` package."""

import os
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

_Path = Union[str, "os.PathLike[str]"]

__version__: str
DEFAULT_SEED: int
DEFAULT_HORIZON: int
DEFAULT_PATHS: int

class InputError(ValueError):
    """Rejected input (the CLI exits 1): every problem with file, line and column."""

    problems: List[Dict[str, Any]]

class FileError(OSError):
    """A file or directory could not be read or written (the CLI exits 2)."""

class RenderError(RuntimeError):
    """A chart could not be drawn or encoded."""

def check(data_dir: _Path) -> Dict[str, Any]:
    """``tradecast check --json``."""
def load_dataset(data_dir: _Path) -> Dict[str, Any]:
    """The validated data set: observations, targets, warnings."""
def series(data_dir: _Path, as_of: str) -> List[Dict[str, Any]]:
    """``tradecast series --json``."""
def forecast(data_dir: _Path, horizon: int, model: str, seed: int, as_of: str) -> List[Dict[str, Any]]:
    """``tradecast forecast --json``."""
def forecast_all(
    data_dir: _Path, horizon: int, seed: int, as_of: str
) -> Tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    """``tradecast forecast --json`` and every fitted candidate's own forecast, in one run."""
def targets(data_dir: _Path, as_of: str, seed: int, paths: int) -> List[Dict[str, Any]]:
    """``tradecast targets --json``."""
def write_report(
    data_dir: _Path, out_dir: _Path, as_of: str, seed: int, paths: int, wait: float = 0.0
) -> Dict[str, Any]:
    """Write the report; ``tradecast report --json``."""
def render_markdown(
    data_dir: _Path, as_of: str, seed: int, paths: int, history_dir: Optional[_Path] = None
) -> str:
    """The text of ``report.md``."""
def chart(data_dir: _Path, pair: str, flow: str, as_of: str, seed: int, paths: int) -> Tuple[str, bytes]:
    """``(stem, png)``: the chart ``report`` writes to ``charts/{stem}.png``."""
def extract(files: Sequence[_Path], assume_year: Optional[int] = None) -> Tuple[List[Dict[str, Any]], str, str]:
    """``(extract --json, observations CSV text, targets CSV text)``."""
def import_file(
    data_dir: _Path,
    files: Sequence[_Path],
    format: str = "auto",
    dry_run: bool = False,
    year: Optional[int] = None,
    partners: Sequence[str] = ...,
    since: Optional[int] = None,
) -> Tuple[Dict[str, Any], str]: ...
def append_extracted(data_dir: _Path, files: Sequence[_Path], assume_year: Optional[int] = None) -> Dict[str, Any]:
    """``tradecast extract --append``: the summary of what was appended."""
def forecast_panel(
    series_id: List[str], year: List[int], value: List[float], horizon: int, seed: int, threads: int = 0
) -> Tuple[Dict[str, List[Any]], Dict[str, List[Any]]]:
    """Batch mode on three columns: ``(forecasts, skipped)`` as dicts of columns."""
