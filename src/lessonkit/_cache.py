"""Where lessonkit keeps what it can always make again (quiz files it has checked).

The folder is the context's ``cache`` (``$LESSONKIT_CACHE``), else the platform's user
cache folder (``platformdirs``). Nothing there is needed: deleting it is always safe.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ._context import Context, current

__all__ = ["cache_folder"]


def cache_folder(context: Context | None = None) -> Path:
    """lessonkit's cache folder in ``context`` (default: the current one)."""
    chosen = (context or current()).cache
    return chosen if chosen is not None else _user_cache()


@functools.cache
def _user_cache() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("lessonkit", appauthor=False)
