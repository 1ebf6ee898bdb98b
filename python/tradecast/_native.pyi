"""Type stubs for the native module ``tradecast._native`` (Rust, pyo3). Use the ``tradecast`` package."""

import os
from typing import Any, Dict, List, Optional, Tuple, Union

_Path = Union[str, "os.PathLike[str]"]

__version__: str

class InputError(ValueError):
    """Rejected input (the CLI exits 1): every problem with file, line and column."""

    problems: List[Dict[str, Any]]

class FileError(OSError):
    """A file or directory could not be read or written (the CLI exits 2)."""

class RenderError(RuntimeError):
    """A chart could not be drawn or encoded."""

def check(data_dir: _Path) -> Dict[str, Any]: ...
def load_dataset(data_dir: _Path) -> Dict[str, Any]: ...
def series(data_dir: _Path) -> List[Dict[str, Any]]: ...
def forecast(data_dir: _Path, horizon: int, model: str, seed: int, as_of: str) -> List[Dict[str, Any]]: ...
def targets(data_dir: _Path, as_of: str, seed: int, paths: int) -> List[Dict[str, Any]]: ...
def write_report(data_dir: _Path, out_dir: _Path, as_of: str, seed: int, paths: int) -> Dict[str, Any]: ...
def render_markdown(
    data_dir: _Path, as_of: str, seed: int, paths: int, history_dir: Optional[_Path] = None
) -> str: ...
def forecast_panel(
    series_id: List[str], year: List[int], value: List[float], horizon: int, seed: int, threads: int = 0
) -> Tuple[Dict[str, List[Any]], Dict[str, List[Any]]]: ...
