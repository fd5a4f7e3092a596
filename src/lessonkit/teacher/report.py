"""The gradebook written out: terminal text, CSV and a self-contained HTML page.

Every text that comes from a hand-in file is treated as hostile: control characters are
made visible in the terminal (:func:`.safetext.visible`), CSV cells cannot become
spreadsheet formulas (:func:`lessonkit.answers.csvcells.safe_cell`), HTML is escaped,
and so are the labels of the chart (inline SVG, :mod:`.chart`). The CSV and HTML are
written row by row.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Sequence
from html import escape
from typing import Any, Protocol, TextIO

from ..answers.csvcells import safe_cell
from ..errors import Problem
from .safetext import visible

__all__ = ["Tables", "text_report", "write_csv", "write_html"]


class Tables(Protocol):
    """What a report is written from (a :class:`~lessonkit.teacher.gradebook.Gradebook`)."""

    scores: Any
    items: Any
    students: Any
    problems: list[Problem]


_STUDENT_COLUMNS = ("student", "scored", "open", "points", "maximum", "percent", "note")
_ITEM_COLUMNS = (
    "quiz_id",
    "question_id",
    "points",
    "answered",
    "difficulty",
    "discrimination",
    "point_biserial",
)


def _number(value: Any, digits: int = 2) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"
    return str(value)


def _rows(table: Any, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    yield from zip(*(table[c].tolist() for c in columns), strict=True)


def _question_keys(book: Tables) -> list[tuple[str, str]]:
    columns: list[Any] = book.scores.columns.tolist()
    return [(str(q), str(k)) for q, k in columns]


def _text_table(table: Any, columns: Sequence[str], digits: int = 2) -> list[str]:
    numeric = [table[c].dtype.kind in "iuf" for c in columns]
    cells = [list(columns)]
    for row in _rows(table, columns):
        cells.append([visible(v)[:40] if isinstance(v, str) else _number(v, digits) for v in row])
    widths = [max(len(r[i]) for r in cells) for i in range(len(columns))]
    return [
        "  ".join(
            c.rjust(w) if right else c.ljust(w)
            for c, w, right in zip(r, widths, numeric, strict=True)
        ).rstrip()
        for r in cells
    ]


def text_report(book: Tables) -> str:
    """A plain-text summary for the terminal."""
    lines = [
        f"{len(book.students)} students, {book.scores.shape[1]} questions, "
        f"{len(book.problems)} problem{'s' * (len(book.problems) != 1)}"
    ]
    lines += [f"  {visible(str(p))}" for p in book.problems]
    if len(book.students):
        lines += ["", *_text_table(book.students, _STUDENT_COLUMNS, 1)]
    if len(book.items):
        lines += ["", *_text_table(book.items, _ITEM_COLUMNS)]
    return "\n".join(lines)


def write_csv(book: Tables, handle: TextIO) -> None:
    """One line per student: the totals, then each question's score (``quiz/question``)."""
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    questions = [f"{q}/{k}" for q, k in _question_keys(book)]
    writer.writerow([safe_cell(c) for c in (*_STUDENT_COLUMNS, *questions)])
    scores = book.scores.to_numpy()
    for i, row in enumerate(_rows(book.students, _STUDENT_COLUMNS)):
        cells = [safe_cell(v) if isinstance(v, str) else v for v in row]
        cells += ["" if math.isnan(s) else round(s, 4) for s in scores[i].tolist()]
        writer.writerow(cells)


def _html_table(
    handle: TextIO, table: Any, columns: Sequence[str], digits: int, caption: str
) -> None:
    handle.write(f"<table><caption>{escape(caption)}</caption><thead><tr>")
    handle.write("".join(f"<th scope='col'>{escape(c)}</th>" for c in columns))
    handle.write("</tr></thead><tbody>\n")
    for row in _rows(table, columns):
        handle.write(
            "<tr>"
            + "".join(
                f"<td>{escape(v)}</td>" if isinstance(v, str) else f"<td>{_number(v, digits)}</td>"
                for v in row
            )
            + "</tr>\n"
        )
    handle.write("</tbody></table>\n")


def _scores_html(handle: TextIO, book: Tables) -> None:
    """The score table, written a block of rows at a time (no class-sized temporaries)."""
    import numpy as np

    matrix = book.scores.to_numpy()
    names = book.scores.index.tolist()
    texts: dict[int, str] = {-1: "<td></td>"}
    head = "".join(f"<th scope='col'>{escape(q)}/{escape(k)}</th>" for q, k in _question_keys(book))
    handle.write(
        "<table><caption>Score of each question (0 to 1; empty: no counted answer)</caption>"
        f"<thead><tr><th scope='col'>student</th>{head}</tr></thead><tbody>\n"
    )
    for start in range(0, len(matrix), _BLOCK):
        block = matrix[start : start + _BLOCK]
        codes = np.where(np.isnan(block), -1, np.rint(block * 10000)).astype(np.int16)
        for code in np.unique(codes).tolist():
            if code not in texts:
                texts[code] = f"<td>{_number(code / 10000)}</td>"
        lookup = texts.__getitem__
        for name, row in zip(names[start : start + _BLOCK], codes, strict=True):
            cells = "".join(map(lookup, row.tolist()))
            handle.write(f"<tr><th scope='row'>{escape(name)}</th>{cells}</tr>\n")
    handle.write("</tbody></table>\n")


_BLOCK = 1000


def difficulty_chart(items: Any) -> str:
    """The share-correct bar chart of the item statistics, as inline SVG (see
    :mod:`.chart`)."""
    from .chart import difficulty_svg

    labels = [f"{q}/{k}" for q, k in zip(items["quiz_id"], items["question_id"], strict=True)]
    return difficulty_svg(labels, items["difficulty"].tolist())


_STYLE = (
    "body{font-family:sans-serif;max-width:70rem;margin:2rem auto;padding:0 1rem}"
    "table{border-collapse:collapse;margin:1rem 0}caption{text-align:left;font-weight:bold}"
    "td,th{border:1px solid #999;padding:.2rem .5rem}"
)


def write_html(book: Tables, handle: TextIO) -> None:
    """The self-contained HTML report, written to ``handle``."""
    handle.write(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Gradebook</title>"
        f"<style>{_STYLE}</style></head><body><h1>Gradebook</h1><h2>Problems</h2><ul>"
    )
    for problem in book.problems:
        handle.write(f"<li>{escape(str(problem))}</li>\n")
    if not book.problems:
        handle.write("<li>none</li>")
    handle.write("</ul><h2>Students</h2>")
    _html_table(handle, book.students, _STUDENT_COLUMNS, 1, "Points, maximum and percent")
    handle.write("<h2>Questions</h2>")
    if len(book.items):
        handle.write(difficulty_chart(book.items) + "\n")
    _html_table(handle, book.items, _ITEM_COLUMNS, 3, "Item statistics (regraded scores)")
    handle.write("<h2>Scores</h2>")
    _scores_html(handle, book)
    handle.write("</body></html>\n")
