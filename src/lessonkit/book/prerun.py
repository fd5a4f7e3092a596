"""Run a book's notebooks in parallel before Sphinx reads them (Jupyter Book 1 runs one
at a time).

With ``execute_notebooks: cache``, myst-nb looks each notebook up in the execution cache
when it reads the page. Just before Sphinx reads the changed pages, this fills the cache
with every one of them that it lacks, several kernels at a time, each kernel started in
book mode (see :func:`lessonkit.book.execute.book_environment`). A notebook that fails is
left to myst-nb, which runs it again and reports the error with its traceback.

Before that, the notebooks whose data files changed since they ran (an edited table, the
bibliography) lose their cached outputs and are read again (:mod:`.inputs`).
"""

from __future__ import annotations

from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from sphinx.util import logging

from .execute import execute_into_cache, forget_stale, is_myst_notebook
from .warnings import warn

__all__ = ["setup_prerun"]

_LOGGER = logging.getLogger(__name__)


def _notebooks(app: Any, env: Any, docnames: list[str]) -> list[Path]:
    excluded = list(env.mystnb_config.execution_excludepatterns or [])
    found = []
    for docname in docnames:
        path = Path(env.doc2path(docname))
        if any(fnmatch(str(path.relative_to(app.srcdir)), pattern) for pattern in excluded):
            continue
        if path.suffix == ".md" and is_myst_notebook(path):
            found.append(path)
    return found


def _prerun(app: Any, env: Any, docnames: list[str]) -> None:
    """``env-before-read-docs``: execute the pages about to be read that the cache lacks."""
    config = env.mystnb_config  # myst-nb's settings, completed when the builder started
    if config.execution_mode != "cache" or config.execution_in_temp:
        return
    notebooks = _notebooks(app, env, docnames)
    if not notebooks:
        return
    outcomes = execute_into_cache(
        notebooks,
        config.execution_cache_path,
        timeout=int(config.execution_timeout or 180),
        fork=bool(app.config.lessonkit_fork_kernels),
    )
    ran = [o for o in outcomes if o.status == "executed"]
    if ran:
        forked = sum(o.forked for o in ran)
        how = f"{forked} kernel(s) forked from one process" if forked else "kernels started alone"
        _LOGGER.info(f"lessonkit: executed {len(ran)} notebook(s) in parallel ({how})")


def _stale(app: Any, env: Any, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """``env-get-outdated``: the pages whose notebooks read a data file that changed since
    they ran; their cached outputs are dropped, so they run again."""
    config = env.mystnb_config
    if config.execution_mode != "cache":
        return []
    stale = forget_stale(config.execution_cache_path)
    pages = [env.path2doc(str(path)) for path in stale]
    if pages:
        _LOGGER.info(f"lessonkit: {len(pages)} notebook(s) read data that changed")
    return [page for page in pages if page]


def _check_mode(app: Any, config: Any) -> None:
    if config.nb_execution_mode in ("auto", "force", "inline"):
        warn(
            f"execute_notebooks is '{config.nb_execution_mode}': quiz cells run without "
            "lessonkit's book settings. Fix: set 'execute: execute_notebooks: cache' in "
            "_config.yml.",
            None,
            "config",
        )


def setup_prerun(app: Any) -> None:
    """Connect the parallel pre-run to Sphinx."""
    # False: every kernel starts alone instead of being forked from one that has imported
    # the notebooks' libraries (for a library that cannot be imported before a fork).
    app.add_config_value("lessonkit_fork_kernels", True, "", types=[bool])
    app.connect("config-inited", _check_mode)
    app.connect("env-get-outdated", _stale)
    app.connect("env-before-read-docs", _prerun)
