"""Notebooks executed while Jupyter Book loads (``lessonkit build-book``).

A build spends its first second importing Jupyter Book and Sphinx and reading its saved
environment; only then does the prerun (:mod:`.prerun`) execute the notebooks Sphinx is
about to read. ``lessonkit build-book`` gives that work a head start: in a thread, it
executes into the execution cache the notebooks changed since the last build (every one
on a first build) and those whose data files changed since they ran (:mod:`.inputs`), so
that their kernels run meanwhile. The prerun waits for the thread
before it touches the cache, takes what it did and executes whatever is still missing;
the head start changes when the work is done, not what the build reads or reports.

It is only taken where the build's settings are plain: ``execute_notebooks: cache``, the
cache in its usual place (``<output>/_build/.jupyter_cache``), no notebook run in a
temporary folder and no other configuration file given on the command line.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from .._context import Context, current
from .execute import Outcome, book_notebooks, execute_into_cache, forget_stale

__all__ = [
    "changed_notebooks",
    "forget_in_head_start",
    "output_folder",
    "stale_in_head_start",
    "start_head_start",
    "take_head_start",
    "wait_for_head_start",
]

#: Jupyter Book's default for ``execute: timeout``.
_DEFAULT_TIMEOUT = 30


@dataclass
class HeadStart:
    """The notebooks being executed in a thread, and, once it ends, what happened."""

    cache_path: Path
    notebooks: list[Path]
    thread: threading.Thread | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    modified: dict[Path, int] = field(default_factory=dict)  # mtimes when they were read
    #: The notebooks whose data files changed since they ran (their outputs were dropped).
    stale: list[Path] = field(default_factory=list)

    def run(self, timeout: int, fork: bool, context: Context) -> None:
        """Execute the notebooks, and those whose data changed (in the thread); a failure
        leaves the work to the prerun."""
        try:
            self.stale = forget_stale(self.cache_path)
            notebooks = [*self.notebooks, *(p for p in self.stale if p not in self.notebooks)]
            self.modified = {path: path.stat().st_mtime_ns for path in notebooks}
            self.outcomes = execute_into_cache(
                notebooks, self.cache_path, timeout=timeout, context=context, fork=fork
            )
        except Exception as problem:  # the prerun executes them itself
            logging.getLogger(__name__).info(f"no head start: {problem}")
            self.outcomes = []


_started: list[HeadStart] = []


def output_folder(book: Path, options: list[str]) -> Path | None:
    """The folder ``jupyter-book build BOOK OPTIONS`` builds into (``--path-output``,
    default the book), or None where another configuration or table of contents is given."""
    folder = book
    for index, option in enumerate(options):
        if option.startswith(("--config", "--toc")):
            return None
        if option == "--path-output" and index + 1 < len(options):
            folder = Path(options[index + 1])
        elif option.startswith("--path-output="):
            folder = Path(option.split("=", 1)[1])
    return folder.resolve()


def changed_notebooks(book: Path, output: Path, excluded: list[str]) -> list[Path]:
    """The notebooks of ``book`` changed since its last build into ``output`` (all of
    them when there was none), except those matching an ``excluded`` pattern."""
    environment = output / "_build" / ".doctrees" / "environment.pickle"
    built = environment.stat().st_mtime_ns if environment.exists() else None
    found = []
    for path in book_notebooks(book):
        if any(fnmatch(str(path.relative_to(book)), pattern) for pattern in excluded):
            continue
        if built is None or path.stat().st_mtime_ns > built:
            found.append(path)
    return found


def start_head_start(book: Path, options: list[str], config: dict[str, Any]) -> None:
    """Start executing, in a thread, the notebooks that a build of ``book`` with ``options``
    and the settings ``config`` (its ``_config.yml``) is about to execute."""
    execute = config.get("execute") or {}
    output = output_folder(book, options)
    if execute.get("execute_notebooks") != "cache" or execute.get("run_in_temp"):
        return
    if output is None or execute.get("cache"):  # another cache than the usual one
        return
    notebooks = changed_notebooks(book, output, list(execute.get("exclude_patterns") or []))
    sphinx_config = (config.get("sphinx") or {}).get("config") or {}
    fork = bool(sphinx_config.get("lessonkit_fork_kernels", True))
    timeout = int(execute.get("timeout") or _DEFAULT_TIMEOUT)
    # What the thread needs is imported here first: two threads importing the same
    # packages at once can meet a circular import half done.
    import jupyter_cache.base  # noqa: F401
    import myst_nb.core.read  # noqa: F401
    import myst_parser.config.main  # noqa: F401
    import nbclient  # noqa: F401

    head = HeadStart(output / "_build" / ".jupyter_cache", notebooks)
    head.thread = threading.Thread(
        target=head.run, args=(timeout, fork, current()), name="lessonkit-head-start", daemon=True
    )
    _started[:] = [head]
    head.thread.start()


def wait_for_head_start() -> None:
    """Return once the head start, if any, has ended (it no longer writes to the cache)."""
    for head in _started:
        if head.thread is not None:
            head.thread.join()


def stale_in_head_start(cache_path: str | Path) -> list[Path]:
    """The notebooks whose data changed that the head start found (and dropped from the
    cache at ``cache_path``): Sphinx must read their pages again, although their files
    did not change."""
    wait_for_head_start()
    cache = Path(cache_path).resolve()
    return [path for head in _started if head.cache_path == cache for path in head.stale]


def forget_in_head_start(paths: list[Path]) -> None:
    """Drop what the head start did for ``paths`` (their cached outputs were removed
    since): the prerun executes them again."""
    gone = {path.resolve() for path in paths}
    for head in _started:
        head.outcomes = [o for o in head.outcomes if o.path.resolve() not in gone]


def take_head_start(cache_path: str | Path) -> dict[Path, Outcome]:
    """Wait for the head start, if any; return, once, its outcomes (by resolved path) for
    the notebooks not modified since it read them, if it used the cache at ``cache_path``."""
    wait_for_head_start()
    if not _started:
        return {}
    head = _started.pop()
    if head.cache_path != Path(cache_path).resolve():
        return {}
    return {
        o.path.resolve(): o
        for o in head.outcomes
        if o.status != "cached"  # found, not made: the prerun looks again (cheap)
        and o.path.exists()
        and o.path.stat().st_mtime_ns == head.modified.get(o.path)
    }
