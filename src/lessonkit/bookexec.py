"""Execute a Jupyter Book's notebooks in parallel, into the book's own execution cache.

Jupyter Book 1 runs notebooks one after another while Sphinx reads the pages. With
``execute_notebooks: cache``, myst-nb first looks each notebook up in
``<output>/_build/.jupyter_cache`` by a hash of its code; :func:`execute_book` fills that
cache beforehand, one worker per core, so the build that follows only reads results.
Notebooks already cached are skipped; a notebook that fails is left for the build to run
again and report with its traceback.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Any

__all__ = ["Outcome", "book_notebooks", "execute_book"]


@dataclass(frozen=True)
class Outcome:
    """What happened to one notebook."""

    path: Path
    status: str  # "cached", "executed" or "failed"
    seconds: float = 0.0
    error: str = ""


def _toc_files(book: Path) -> list[str]:
    import yaml

    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8")) or {}
    files = [toc.get("root", "")]

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk([toc])
    return [f for f in files if f]


def book_notebooks(book: str | Path) -> list[Path]:
    """The MyST notebooks (Markdown with a jupytext header) that the book's toc lists."""
    book = Path(book)
    found = []
    for name in _toc_files(book):
        path = book / f"{name}.md"
        if (
            path.is_file()
            and path.read_text(encoding="utf-8").lstrip().startswith("---")
            and ("jupytext:" in path.read_text(encoding="utf-8")[:600])
        ):
            found.append(path)
    return found


def _read(path: Path) -> Any:
    """Read the notebook exactly as myst-nb does, so that the cache hashes match."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"),
        config=MdParserConfig(),
        add_source_map=True,
        path=str(path),
    )


def _run(path_text: str, notebook_json: str, timeout: int) -> tuple[str, str, float, str]:
    """Execute one notebook (given as JSON) in its folder; return (path, run notebook, seconds, error).

    Any failure, including a kernel that does not start, comes back as an error: the book
    build then runs that notebook itself and reports it with its traceback.
    """
    import time

    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    start = time.perf_counter()
    try:
        notebook = nbformat.reads(notebook_json, as_version=4)
        result = single_nb_execution(
            notebook,
            cwd=str(Path(path_text).parent),
            timeout=timeout,
            allow_errors=False,
            meta_override=True,
        )
    except Exception as exc:  # the worker must always answer
        return path_text, "", time.perf_counter() - start, f"{exc.__class__.__name__}: {exc}"[:500]
    if result.err is not None:
        return path_text, "", result.time, f"{result.err.__class__.__name__}: {result.err}"[:500]
    return path_text, nbformat.writes(notebook), result.time, ""


def execute_book(
    book: str | Path = ".",
    *,
    output: str | Path | None = None,
    jobs: int | None = None,
    timeout: int = 180,
) -> list[Outcome]:
    """Fill the execution cache of ``book`` (built into ``output``, default the book folder)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    book = Path(book).resolve()
    cache = get_cache(str(Path(output or book).resolve() / "_build" / ".jupyter_cache"))
    outcomes: list[Outcome] = []
    pending: list[tuple[Path, str]] = []
    for path in book_notebooks(book):
        notebook = _read(path)
        try:
            cache.match_cache_notebook(notebook)
            outcomes.append(Outcome(path, "cached"))
        except KeyError:
            pending.append((path, nbformat.writes(notebook)))
    if not pending:
        return outcomes
    os.environ.setdefault("LESSONKIT_RENDER", "data")  # what lessonkit.sphinx sets in the build
    workers = max(1, min(jobs or os.cpu_count() or 1, len(pending)))
    if workers == 1:  # one notebook (an edited lesson): no pool to start
        results = [_run(str(p), text, timeout) for p, text in pending]
    else:
        # "spawn": fresh worker processes, not forks of a parent that has loaded jupyter-cache
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
            futures = [pool.submit(_run, str(p), text, timeout) for p, text in pending]
            results = [f.result() for f in futures]
    for path_text, text, seconds, error in results:
        path = Path(path_text)
        if error:
            outcomes.append(Outcome(path, "failed", seconds, error))
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(
                nbformat.reads(text, as_version=4), str(path), data={"execution_seconds": seconds}
            ),
            check_validity=False,
            overwrite=True,
        )
        outcomes.append(Outcome(path, "executed", seconds))
    return outcomes
