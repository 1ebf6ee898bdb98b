"""Objects Jupyter shows inline: a chart (PNG), a written report (Markdown), errors (as the CLI)."""

from __future__ import annotations

import os
import struct
from pathlib import Path
from typing import Any, Dict, List, Tuple


class Chart:
    """One chart, the very PNG ``tradecast report`` writes to ``charts/{stem}.png``.

    Jupyter shows it inline (``_repr_png_``); ``png`` holds the bytes; ``save(path)`` writes them.
    """

    def __init__(self, stem: str, png: bytes) -> None:
        #: ``PAIR-FLOW``, e.g. ``KZ-CN-turnover``: the file stem in ``charts/``.
        self.stem = stem
        #: The PNG file's bytes.
        self.png = bytes(png)

    @property
    def size(self) -> Tuple[int, int]:
        """``(width, height)`` in pixels, read from the PNG header."""
        width, height = struct.unpack(">II", self.png[16:24])
        return width, height

    def save(self, path: "str | os.PathLike[str]") -> Path:
        """Write the PNG to ``path`` (a file name, or a directory to hold ``{stem}.png``)."""
        target = Path(path)
        if target.is_dir():
            target = target / f"{self.stem}.png"
        target.write_bytes(self.png)
        return target

    def _repr_png_(self) -> bytes:
        return self.png

    def __repr__(self) -> str:
        width, height = self.size
        return f"<tradecast.Chart {self.stem}: {width}×{height} PNG, {len(self.png)} bytes>"


class Written(Dict[str, Any]):
    """What :func:`tradecast.report` wrote: the dict ``tradecast report --json`` prints
    (``out, as_of, seed, files, targets, changes``). Jupyter shows it as Markdown listing the files."""

    @property
    def path(self) -> Path:
        """The output directory."""
        return Path(self["out"])

    @property
    def files(self) -> List[Path]:
        """Every file written, as paths under the output directory."""
        return [self.path / f for f in self["files"]]

    def markdown(self) -> str:
        """The text of the ``report.md`` written."""
        return (self.path / "report.md").read_text(encoding="utf-8")

    def _repr_markdown_(self) -> str:
        lines = [
            f"**tradecast report** written to `{self['out']}` (as of {self['as_of']}, seed {self['seed']}): "
            f"{len(self['files'])} files",
            "",
        ]
        lines += [f"- `{f}`" for f in self["files"]]
        if self["targets"]:
            lines += ["", "| target | status |", "|---|---|"]
            lines += [f"| {t['id']} | {t['status']} |" for t in self["targets"]]
        return "\n".join(lines) + "\n"


def _render_traceback_(self: BaseException) -> List[str]:
    """IPython shows a tradecast error as the CLI prints it: the message, located, no traceback."""
    return [f"{type(self).__name__}: {line}" if i == 0 else line for i, line in enumerate(str(self).splitlines())]


def install_error_display(*classes: type) -> None:
    """Give the exception classes :func:`_render_traceback_`."""
    for cls in classes:
        cls._render_traceback_ = _render_traceback_  # type: ignore[attr-defined]
