"""``lessonkit build-book``: ``jupyter-book build``, with the kernels' fork server started
before anything else.

A build spends its first second importing Jupyter Book, Sphinx and their extensions, and
the fork server (:mod:`.forked_kernels`) needs about as long to import the kernel and the
notebooks' libraries. Started first, it does that on another core meanwhile, and even a
build that runs one notebook (a lesson just edited) forks its kernel ready-made. The
notebooks' imports are read from their text (no Markdown parser is loaded yet). When the
process ends, its objects are frozen for the garbage collector (``gc.freeze``): the
collection that would otherwise run over everything Sphinx built, at exit, cost about
0.4 s per build. During the build the collector looks at the newest objects every 50,000
made instead of every 700: a clean build of this book 6.3 -> 5.6 s here, a one-page
rebuild 1.4 -> 1.2 s, for 7 MB more at its peak.
"""

from __future__ import annotations

import atexit
import gc
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from .._context import Context, current
from .execute import book_environment, book_notebooks, prepare_forks
from .forked_kernels import ForkServer, kernel_python, notebook_imports

__all__ = ["build_book", "code_cells"]

#: Objects made between two looks of the garbage collector at the newest ones (Python's
#: default is 700).
GC_EVERY = 50_000

_OPENING = re.compile(r"^(`{3,}|~{3,})\s*(\S*)")


def _closing(line: str, fence: str) -> bool:
    bare = line.strip()
    return len(bare) >= len(fence) and set(bare) == {fence[0]}


def code_cells(path: Path) -> list[str]:
    """The source of each code cell of the notebook at ``path`` (MyST Markdown or
    ``.ipynb``), without a MyST cell's options; a cell shown inside another fence (an
    example in the text) is not one."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text).get("cells", [])
        return ["".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code"]
    lines, sources, at = text.splitlines(), [], 0
    while at < len(lines):
        opening = _OPENING.match(lines[at])
        if not opening:
            at += 1
            continue
        fence, info = opening.groups()
        end = next((i for i in range(at + 1, len(lines)) if _closing(lines[i], fence)), len(lines))
        if info.startswith("{code-cell}"):
            body = lines[at + 1 : end]
            if body[:1] == ["---"]:  # a YAML block of options
                body = body[body.index("---", 1) + 1 :] if "---" in body[1:] else []
            sources.append("\n".join(line for line in body if not line.startswith(":")))
        at = end + 1
    return sources


def _execution_mode(book: Path) -> str:
    import yaml

    config_file = book / "_config.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) if config_file.exists() else {}
    execute = (config or {}).get("execute") or {}
    return str(execute.get("execute_notebooks", "auto"))


def start_forks(book: Path, context: Context | None = None) -> ForkServer | None:
    """Start, without waiting for it, a fork server for the notebooks of ``book`` and
    make it this process's (see :func:`.execute.prepare_forks`); None where the book
    does not pre-execute (``execute_notebooks`` other than ``cache``) or none can start."""
    if _execution_mode(book) != "cache":
        return None
    notebooks = []
    for path in book_notebooks(book):
        cells = [SimpleNamespace(cell_type="code", source=code) for code in code_cells(path)]
        notebooks.append((path, SimpleNamespace(cells=cells)))
    env = book_environment(context or current())
    try:
        server = ForkServer(kernel_python(), env, notebook_imports(notebooks), wait=False)
    except RuntimeError:
        return None
    atexit.register(server.close)
    prepare_forks(server, env)
    return server


def build_book(book: Path, options: list[str]) -> Any:
    """Run ``jupyter-book build BOOK OPTIONS`` in this process, its fork server started
    first; return what Jupyter Book's command returns (it exits with the build's
    status)."""
    atexit.register(gc.freeze)  # registered first, so it runs last, before the collection
    start_forks(book)
    from jupyter_book.cli.main import main  # type: ignore[import-untyped]

    # A build keeps most of what it makes (the doctrees, the environment) to its end; at
    # the collector's default pace (a look every 700 new objects) it spends a tenth of
    # the build looking at them again. Cycles are still collected, a little later.
    gc.set_threshold(GC_EVERY, *gc.get_threshold()[1:])
    return main(["build", str(book), *options])
