"""The data files a book's notebook reads, noted for the book build.

The book's pre-executor starts each kernel with a log file in its context
(``LESSONKIT_INPUTS``); the data readers call :func:`note_input` for every table,
dictionary, data package and bibliography they read. The build keeps the list with the
notebook's cached outputs, so that an edited table runs again only the notebooks that
read it. Outside book builds this does nothing.
"""

from __future__ import annotations

from pathlib import Path

from ._context import current

__all__ = ["note_input"]

_noted: set[str] = set()


def note_input(path: str | Path) -> None:
    """Note that the running notebook read ``path`` (once per file and process)."""
    log = current().inputs_log
    if log is None:
        return
    name = str(Path(path).resolve())
    if name in _noted:
        return
    _noted.add(name)
    try:
        with log.open("a", encoding="utf-8") as handle:
            handle.write(name + "\n")
    except OSError:  # the build then simply does not know this input
        pass
