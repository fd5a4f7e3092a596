"""Sphinx warnings about lessonkit's input files, located at the file and line."""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.util import logging

from ..errors import Problem

__all__ = ["warn", "warn_problems"]

_LOGGER = logging.getLogger("lessonkit.sphinx")


def warn(message: str, location: str | None, subtype: str) -> None:
    """One warning of type ``lessonkit.<subtype>`` at ``location`` ("path:line").

    The location must contain a colon: Sphinx 7.4 reads a bare path, or a (path, line)
    tuple, as a page name and appends the source suffix to it.
    """
    _LOGGER.warning(message, location=location, type="lessonkit", subtype=subtype)


def warn_problems(problems: Iterable[Problem], subtype: str) -> None:
    """One warning per problem, at its file and line (in the message when the line is
    not known)."""
    for problem in problems:
        if problem.line is None:
            warn(str(problem), None, subtype)
        else:
            warn(problem.statement, problem.where, subtype)
