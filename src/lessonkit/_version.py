"""The installed package's version, read from its metadata (never a second copy)."""

from __future__ import annotations

import functools

__all__ = ["package_version"]


@functools.lru_cache(maxsize=1)
def package_version() -> str:
    """Version of the installed lessonkit distribution."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lessonkit")
    except PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"
