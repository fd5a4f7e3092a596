"""Seconds to execute one notebook the way the book build does, printed on stdout.

Usage: ``python benchmarks/execute_one.py [LESSON.md | -c CODE]``: a lesson, or a
notebook of one cell holding CODE; without either, an empty notebook (one cell, ``1 + 1``). Run by benchmarks/figures.py with the book's environment
(:mod:`bookenv`), so the kernel is the one `make book` starts; the clock starts when the
notebook has been read.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat

from lessonkit.book.execute import execute_notebook, read_notebook

ROOT = Path(__file__).resolve().parent.parent


def seconds(path: Path | None, code: str = "1 + 1") -> float:
    """Execute ``path`` (None: a notebook of one cell, ``code``) and return the seconds it
    took."""
    if path is None:
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(code))
        path = ROOT / "empty.md"
    else:
        notebook = read_notebook(path)
    start = time.perf_counter()
    outcome = execute_notebook(path, notebook, timeout=300)
    took = time.perf_counter() - start
    if outcome.status != "executed":
        raise SystemExit(f"{path.name}: {outcome.error}")
    return took


if __name__ == "__main__":
    if sys.argv[1:2] == ["-c"]:
        print(seconds(None, sys.argv[2]))
    else:
        print(seconds(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else None))
