"""The optional parts of lessonkit, and one clear line when one is not installed.

``pip install lessonkit`` is what a student's kernel, a lesson author and a teacher's
gradebook need. Building the book (``lessonkit[book]``) is an extra: code that needs one
calls :func:`require` before importing it, so that a missing extra reads "install
lessonkit[book] to build the book" instead of an ImportError.
"""

from __future__ import annotations

from importlib.util import find_spec

from .errors import MissingExtraError

__all__ = ["EXTRAS", "missing_modules", "require"]

#: Each extra: what it is for, and the modules of it that lessonkit imports.
EXTRAS: dict[str, tuple[str, tuple[str, ...]]] = {
    "book": (
        "build the book",
        (
            "sphinx",
            "myst_nb",
            "myst_parser",
            "nbformat",
            "nbclient",
            "jupyter_cache",
            "ipykernel",
            "bs4",
        ),
    ),
}


def _installed(module: str) -> bool:
    try:
        return find_spec(module) is not None
    except (ImportError, ValueError):  # a missing parent package, a broken install
        return False


def missing_modules(extra: str) -> list[str]:
    """The modules of ``extra`` that cannot be imported here."""
    return [module for module in EXTRAS[extra][1] if not _installed(module)]


def require(extra: str, purpose: str = "") -> None:
    """Raise :class:`MissingExtraError` unless every module of ``extra`` is installed."""
    absent = missing_modules(extra)
    if absent:
        raise MissingExtraError(extra, purpose or EXTRAS[extra][0], absent)
