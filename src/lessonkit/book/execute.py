"""Execute a Jupyter Book's notebooks in parallel, into the book's own execution cache.

Jupyter Book 1 runs notebooks one after another while Sphinx reads the pages. With
``execute_notebooks: cache``, myst-nb first looks each notebook up in
``<output>/_build/.jupyter_cache`` by a hash of its code; :func:`execute_book` fills that
cache beforehand, several kernels at a time, so the build that follows only reads
results. Notebooks already cached are skipped; a notebook that fails is left for the
build to run again and report with its traceback.

The kernels are the only new processes: one event loop here drives all their clients
(nbclient is asynchronous), which costs a few milliseconds per notebook, where a pool
of worker processes would load the whole Jupyter stack once per worker. Each kernel is
started with the context's settings in its environment, in book mode (``render="data"``:
quizzes become data that the book renders for each edition).
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._context import Context, child_environment, current
from .forked_kernels import ForkServer, kernel_python, notebook_imports
from .inputs import InputIndex
from .kernels import kernel_manager_class

__all__ = [
    "Outcome",
    "book_environment",
    "book_notebooks",
    "default_jobs",
    "execute_book",
    "execute_into_cache",
    "execute_notebook",
    "forget_stale",
    "is_myst_notebook",
    "kernel_forks",
    "prepare_forks",
    "read_notebook",
]


@dataclass(frozen=True)
class Outcome:
    """What happened to one notebook."""

    path: Path
    status: str  # "cached", "executed" or "failed"
    seconds: float = 0.0
    error: str = ""
    #: The data files the notebook read (when it ran in this build).
    inputs: tuple[str, ...] = ()
    #: Its kernel was forked from the build's fork server (see :func:`kernel_forks`).
    forked: bool = False


def default_jobs() -> int:
    """Kernels run at once: one per core, plus one.

    Each kernel spends part of its life waiting (starting up, answering the client), so
    one more kernel than cores keeps the cores busy.
    """
    return (os.cpu_count() or 1) + 1


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
        if path.is_file() and is_myst_notebook(path):
            found.append(path)
    return found


def is_myst_notebook(path: Path) -> bool:
    """True for a MyST Markdown file with a jupytext header (a text notebook)."""
    head = path.read_text(encoding="utf-8")[:600]
    return head.lstrip().startswith("---") and "jupytext:" in head


def read_notebook(path: Path) -> Any:
    """Read the notebook exactly as myst-nb does, so that the cache hashes match."""
    from myst_nb.core.read import read_myst_markdown_notebook
    from myst_parser.config.main import MdParserConfig

    return read_myst_markdown_notebook(
        path.read_text(encoding="utf-8"),
        config=MdParserConfig(),
        add_source_map=True,
        path=str(path),
    )


async def _run(
    path: Path,
    notebook: Any,
    timeout: int,
    slots: asyncio.Semaphore,
    env: dict[str, str],
    server: ForkServer | None,
) -> Outcome:
    """Execute one notebook in its folder, in place, once a slot is free.

    The settings are those myst-nb's cache executor uses (no cell timing; the notebook's
    own ``execution`` metadata may set ``timeout`` and ``allow_errors``), so the outputs
    are the ones a plain build would store. Once the last cell has answered, the kernel is
    stopped at once instead of being asked to shut down: its work is done, and a graceful
    shutdown sometimes hangs for seconds before the kernel manager kills it anyway.
    Any failure, including a kernel that does not start, comes back as an error: the book
    build then runs that notebook itself and reports it with its traceback.
    """
    from nbclient import NotebookClient

    manager_class = kernel_manager_class(server)
    settings = notebook.metadata.get("execution", {})
    handle, log_name = tempfile.mkstemp(prefix="lessonkit-inputs-", suffix=".txt")
    os.close(handle)
    log = Path(log_name)
    env = {**env, "LESSONKIT_INPUTS": str(log)}
    client = NotebookClient(
        notebook,
        timeout=settings.get("timeout", timeout),
        allow_errors=settings.get("allow_errors", False),
        record_timing=False,
        shutdown_kernel="immediate",
        resources={"metadata": {"path": str(path.parent)}},
        kernel_manager_class=manager_class,
    )
    async with slots:
        start = time.perf_counter()
        try:
            await client.async_execute(env=env)
        except Exception as exc:  # one failure must not stop the others
            error = f"{exc.__class__.__name__}: {exc}"[:500]
            return Outcome(path, "failed", time.perf_counter() - start, error)
        finally:
            inputs = tuple(log.read_text(encoding="utf-8").split()) if log.exists() else ()
            log.unlink(missing_ok=True)
        took = time.perf_counter() - start
        forked = bool(manager_class.forked)
        return Outcome(path, "executed", took, inputs=inputs, forked=forked)


async def _run_all(
    pending: list[tuple[Path, Any]], jobs: int, timeout: int, env: dict[str, str], fork: bool
) -> list[Outcome]:
    slots = asyncio.Semaphore(jobs)
    prepared = _prepared_server(env) if fork else None
    if prepared is not None:
        return await _run_with(prepared, pending, slots, timeout, env)
    # One notebook gains nothing from a fork server started now: it would import what it
    # needs anyway (a server started before the build, ``prepared``, does gain).
    with kernel_forks(pending, env) if fork and len(pending) > 1 else nullcontext() as server:
        return await _run_with(server, pending, slots, timeout, env)


#: The fork server started before the build in this process (``lessonkit build-book``)
#: and the environment of its kernels, if any.
_prepared: list[tuple[ForkServer, dict[str, str]]] = []


def prepare_forks(server: ForkServer, env: dict[str, str]) -> None:
    """Let this process's book executions fork their kernels from ``server`` (started
    ahead, with the kernels' environment ``env``), also for a single notebook."""
    _prepared[:] = [(server, env)]


def _prepared_server(env: dict[str, str]) -> ForkServer | None:
    """The prepared server, if its kernels' environment is ``env`` and it started."""
    if not _prepared or _prepared[0][1] != env:
        return None
    server = _prepared[0][0]
    try:
        server.wait_ready()
    except RuntimeError as problem:
        logging.getLogger(__name__).info(f"kernels start alone: {problem}")
        _prepared.clear()
        return None
    return server


async def _run_with(
    server: ForkServer | None,
    pending: list[tuple[Path, Any]],
    slots: asyncio.Semaphore,
    timeout: int,
    env: dict[str, str],
) -> list[Outcome]:
    runs = (_run(p, nb, timeout, slots, env, server) for p, nb in pending)
    return list(await asyncio.gather(*runs))


@contextmanager
def kernel_forks(
    notebooks: list[tuple[Path, Any]], env: dict[str, str]
) -> Iterator[ForkServer | None]:
    """A fork server for the kernels of ``notebooks`` (``(path, notebook)`` pairs) in the
    kernels' environment ``env``, or None where it cannot start (kernels then start as
    usual)."""
    try:
        server = ForkServer(kernel_python(), env, notebook_imports(notebooks))
    except Exception as problem:
        logging.getLogger(__name__).info(f"kernels start alone: {problem}")
        yield None
        return
    try:
        yield server
    finally:
        server.close()


def book_environment(context: Context | None = None) -> dict[str, str]:
    """The environment of the kernels that execute a book's notebooks."""
    return child_environment((context or current()).with_changes(render="data"))


def _store(cache: Any, notebook: Any, outcome: Outcome) -> None:
    """Put one executed notebook in the cache, where the build looks it up."""
    from jupyter_cache.base import CacheBundleIn

    cache.cache_notebook_bundle(
        CacheBundleIn(notebook, str(outcome.path), data={"execution_seconds": outcome.seconds}),
        check_validity=False,
        overwrite=True,
    )


def _complete(coroutine: Any) -> Any:
    """Run ``coroutine`` to its end and return its result, also when this thread already
    runs an event loop (a Jupyter kernel, Playwright's sync API): then in a new thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def execute_book(
    book: str | Path = ".",
    *,
    output: str | Path | None = None,
    jobs: int | None = None,
    timeout: int = 180,
    context: Context | None = None,
    fork: bool = True,
) -> list[Outcome]:
    """Fill the execution cache of ``book`` (built into ``output``, default the book folder).

    ``jobs`` kernels run at once (default: :func:`default_jobs`); with ``fork``, they are
    forked from one process that imported what they need (:func:`kernel_forks`), else
    each starts alone. Outcomes come in the book's order.
    """
    book = Path(book).resolve()
    cache_path = Path(output or book).resolve() / "_build" / ".jupyter_cache"
    return execute_into_cache(
        book_notebooks(book), cache_path, jobs=jobs, timeout=timeout, context=context, fork=fork
    )


def execute_into_cache(
    notebooks: list[Path],
    cache_path: str | Path,
    *,
    jobs: int | None = None,
    timeout: int = 180,
    context: Context | None = None,
    fork: bool = True,
) -> list[Outcome]:
    """Execute the ``notebooks`` that the jupyter-cache at ``cache_path`` lacks, in
    parallel (``jobs`` and ``fork`` as for :func:`execute_book`), and store them there;
    outcomes come in the order of ``notebooks``."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    outcomes: dict[Path, Outcome] = {}
    pending: list[tuple[Path, Any]] = []
    for path in notebooks:
        notebook = read_notebook(path)
        try:
            cache.match_cache_notebook(notebook)
            outcomes[path] = Outcome(path, "cached")
        except KeyError:
            pending.append((path, notebook))
    if pending:
        read = dict(pending)
        env = book_environment(context)
        index = InputIndex(cache_path)
        for outcome in _complete(_run_all(pending, jobs or default_jobs(), timeout, env, fork)):
            if outcome.status == "executed":
                _store(cache, read[outcome.path], outcome)
                index.record(outcome.path, list(outcome.inputs))
            outcomes[outcome.path] = outcome
        index.save()
    return [outcomes[p] for p in notebooks]


def forget_stale(cache_path: str | Path) -> list[Path]:
    """Remove from the execution cache the notebooks whose data files changed since they
    ran; return them (they run again when the book is next built)."""
    from jupyter_cache import get_cache

    index = InputIndex(cache_path)
    stale = index.stale()
    if stale:
        cache = get_cache(str(cache_path))
        names = {str(p) for p in stale}
        for record in cache.list_cache_records():
            if record.uri in names:
                cache.remove_cache(record.pk)
        for notebook in stale:
            index.forget(notebook)
        index.save()
    return stale


def execute_notebook(
    path: str | Path,
    notebook: Any,
    *,
    timeout: int = 180,
    context: Context | None = None,
    forks: ForkServer | None = None,
) -> Outcome:
    """Execute ``notebook`` (read from ``path``, run in its folder) in place, as
    :func:`execute_book` runs each notebook of a book; its kernel is forked from
    ``forks`` if given (see :func:`kernel_forks`), else started alone."""
    env = book_environment(context)
    pending = [(Path(path), notebook)]
    outcomes = _complete(_run_with(forks, pending, asyncio.Semaphore(1), timeout, env))
    outcome: Outcome = outcomes[0]
    return outcome
