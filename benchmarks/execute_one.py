"""Seconds to execute one notebook the way the book build does, printed on stdout.

Usage: ``python benchmarks/execute_one.py [--in-build] [LESSON.md | -c CODE]``: a lesson,
or a notebook of one cell holding CODE; without either, an empty notebook (one cell,
``1 + 1``). Run by benchmarks/figures.py with the book's environment (:mod:`bookenv`), so
the kernel is the one `make book` starts; the clock starts when the notebook has been read.

``--in-build``: the kernel is forked from a fork server started for the book's notebooks,
as a build of several notebooks starts it (:func:`lessonkit.book.execute.kernel_forks`);
the server starts before the clock, once per build. ``--server``: the seconds that start
takes, printed instead.
"""

from __future__ import annotations

import sys
import time
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path

import nbformat

from lessonkit.book.execute import (
    book_environment,
    book_notebooks,
    execute_notebook,
    kernel_forks,
    read_notebook,
)
from lessonkit.book.forked_kernels import ForkServer

ROOT = Path(__file__).resolve().parent.parent


def _book_forks() -> AbstractContextManager[ForkServer | None]:
    notebooks = [(p, read_notebook(p)) for p in book_notebooks(ROOT)]
    return kernel_forks(notebooks, book_environment())


def seconds(path: Path | None, code: str = "1 + 1", forks: ForkServer | None = None) -> float:
    """Execute ``path`` (None: a notebook of one cell, ``code``) and return the seconds it
    took; its kernel forked from ``forks`` if given."""
    if path is None:
        notebook = nbformat.v4.new_notebook()
        notebook.cells.append(nbformat.v4.new_code_cell(code))
        path = ROOT / "empty.md"
    else:
        notebook = read_notebook(path)
    start = time.perf_counter()
    outcome = execute_notebook(path, notebook, timeout=300, forks=forks)
    took = time.perf_counter() - start
    if outcome.status != "executed":
        raise SystemExit(f"{path.name}: {outcome.error}")
    return took


def main(args: list[str]) -> float:
    if args[:1] == ["--server"]:
        start = time.perf_counter()
        with _book_forks() as server:
            took = time.perf_counter() - start
            if server is None:
                raise SystemExit("the fork server did not start")
        return took
    in_build = args[:1] == ["--in-build"]
    args = args[1:] if in_build else args
    with _book_forks() if in_build else nullcontext() as server:
        if in_build and server is None:
            raise SystemExit("the fork server did not start")
        if args[:1] == ["-c"]:
            return seconds(None, args[1], server)
        return seconds(Path(args[0]).resolve() if args else None, forks=server)


if __name__ == "__main__":
    print(main(sys.argv[1:]))
