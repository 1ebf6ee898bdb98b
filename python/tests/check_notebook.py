"""Execute a notebook in a real Jupyter kernel and check what it produced (run by python/ci.sh).

    python python/tests/check_notebook.py python/examples/analyst.ipynb [--save OUT.ipynb]

Fails (exit 1, saying which cell and why) when a cell raised, or when a cell tagged ``table``
shows no table with rows, ``image`` no PNG that decodes, ``markdown`` no Markdown. The notebook
runs from its own directory, as Jupyter runs it.
"""

from __future__ import annotations

import argparse
import base64
import re
import struct
import sys
import time
import zlib
from pathlib import Path
from typing import Any, Dict, List


def png_problem(data: bytes) -> str:
    """Why ``data`` is not a whole PNG, or "" when it is one."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return "no PNG signature"
    pos, idat, seen_end = 8, b"", False
    while pos + 12 <= len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + body) != crc:
            return f"bad CRC in chunk {kind!r}"
        if kind == b"IDAT":
            idat += body
        seen_end = seen_end or kind == b"IEND"
        pos += 12 + length
    width, height = struct.unpack(">II", data[16:24])
    if not seen_end or width == 0 or height == 0:
        return "truncated PNG"
    try:
        pixels = zlib.decompress(idat)
    except zlib.error as e:
        return f"image data does not inflate: {e}"
    return "" if len(pixels) >= height * (width + 1) else "image data too short"


def table_rows(html: str) -> int:
    """Rows in the body of the first HTML table."""
    body = re.search(r"<tbody>(.*?)</tbody>", html, re.S)
    return len(re.findall(r"<tr", body.group(1))) if body else 0


def check(nb: Any) -> List[str]:
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        where = f"cell {index} ({cell.source.splitlines()[0] if cell.source else ''!r})"
        outputs: List[Dict[str, Any]] = cell.get("outputs", [])
        for out in outputs:
            if out.get("output_type") == "error":
                problems.append(f"{where} raised {out.get('ename')}: {out.get('evalue')}")
        data = [o.get("data", {}) for o in outputs if o.get("output_type") in ("execute_result", "display_data")]
        tags = cell.metadata.get("tags", [])
        if "table" in tags:
            rows = [table_rows(d["text/html"]) for d in data if "text/html" in d]
            if not rows or max(rows) == 0:
                problems.append(f"{where}: no table with rows")
        if "image" in tags:
            pngs = [base64.b64decode(d["image/png"]) for d in data if "image/png" in d]
            if not pngs:
                problems.append(f"{where}: no PNG image")
            problems += [f"{where}: {p}" for p in map(png_problem, pngs) if p]
        if "markdown" in tags and not any("text/markdown" in d for d in data):
            problems.append(f"{where}: no Markdown output")
    return problems


def main() -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--save", type=Path, help="write the executed notebook here")
    args = parser.parse_args()
    nb = nbformat.read(args.notebook, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3",
        resources={"metadata": {"path": str(args.notebook.resolve().parent)}},
    )
    start = time.monotonic()
    try:
        client.execute()
    except CellExecutionError as e:
        print(f"{args.notebook}: a cell raised:\n{e}", file=sys.stderr)
        return 1
    if args.save:
        nbformat.write(nb, args.save)
    problems = check(nb)
    for p in problems:
        print(f"{args.notebook}: {p}", file=sys.stderr)
    cells = sum(c.cell_type == "code" for c in nb.cells)
    print(f"{args.notebook}: {cells} code cells ran in {time.monotonic() - start:.1f} s; "
          f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
