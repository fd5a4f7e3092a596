"""Spreadsheet-safe CSV cells: text that a spreadsheet would run as a formula is defused.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read as
a formula by spreadsheet programs (``=HYPERLINK(...)``, ``+cmd|...``). Every text cell
lessonkit writes to CSV goes through :func:`safe_cell`, which puts an apostrophe in
front, as spreadsheets expect. lessonkit's own readers undo it with :func:`read_cell`;
a text that really starts with an apostrophe before one of those characters gets a
second one, so that the round trip gives back exactly what was written.
"""

from __future__ import annotations

__all__ = ["read_cell", "safe_cell"]

_FORMULA_STARTS = frozenset("=+-@\t\r")
_ESCAPED_STARTS = _FORMULA_STARTS | {"'"}


def safe_cell(text: str) -> str:
    """``text`` as a CSV cell that no spreadsheet runs as a formula.

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Ann"), safe_cell("'=x")
    ("'=HYPERLINK(1)", 'Ann', "''=x")
    """
    if text[:1] in _FORMULA_STARTS or (text[:1] == "'" and text[1:2] in _ESCAPED_STARTS):
        return "'" + text
    return text


def read_cell(cell: str) -> str:
    """The text that :func:`safe_cell` turned into ``cell``.

    >>> read_cell("'=HYPERLINK(1)"), read_cell("'Ann")
    ('=HYPERLINK(1)', "'Ann")
    """
    if cell[:1] == "'" and cell[1:2] in _ESCAPED_STARTS:
        return cell[1:]
    return cell
