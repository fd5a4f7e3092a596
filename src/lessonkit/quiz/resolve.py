"""Resolve what a quiz refers to: excerpt ids and source keys, against the datasets.

Validation leaves references as they are written (a quiz can be built and graded without
any dataset); this step looks them up in the tables and the bibliography of a datasets
folder, reports the ones that do not exist, and builds the :class:`Excerpt` records and
citations that the quiz shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._validation import Schema, label
from ..data import datasets, references
from ..errors import LessonkitError, Problem, suggest
from .checks import Line
from .questions import Excerpt

__all__ = [
    "Lookups",
    "cite_keys",
    "date_text",
    "make_excerpt",
    "resolve_references",
    "split_sentences",
]

_SOURCE = re.compile(r"[^\s:]+(:[^\s:]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_sentences(text: str) -> tuple[str, ...]:
    """Split an excerpt into sentences; highlight questions number them from 1."""
    return tuple(s for s in _SENTENCE_END.split(text.strip()) if s)


def date_text(earliest: str, latest: str) -> str:
    """A date range as short text: ``1924``, ``1924–1925``, ``1924-03-02`` or a full range."""
    if not earliest and not latest:
        return "undated"
    if not latest or not earliest or earliest == latest:
        return earliest or latest
    whole_years = earliest.endswith("-01-01") and latest.endswith("-12-31")
    if whole_years:
        return earliest[:4] if earliest[:4] == latest[:4] else f"{earliest[:4]}–{latest[:4]}"
    return f"{earliest} – {latest}"


def cite_keys(source_keys: str, cite: Callable[[str], str]) -> str:
    """The ``;``-separated source keys of a table cell, each cited, joined by ``; ``."""
    return "; ".join(cite(k.strip()) for k in source_keys.split(";") if k.strip())


def make_excerpt(
    row: dict[str, str], letter: dict[str, str] | None, cite: Callable[[str], str]
) -> Excerpt:
    """Resolve one row of ``excerpts`` (and its document) into what a quiz shows."""
    letter = letter or {}
    signed = letter.get("signed_as") or "unsigned"
    known = letter.get("identified_as", "")
    writer = f"{signed} ({known})" if known and known not in signed else signed
    source_keys = row.get("sources") or letter.get("sources") or ""
    return Excerpt(
        id=row["excerpt_id"],
        writer=writer,
        document=letter.get("title", ""),
        date=date_text(letter.get("date_earliest", ""), letter.get("date_latest", "")),
        translator=row.get("translator", ""),
        source=cite_keys(source_keys, cite),
        sentences=split_sentences(row.get("text", "")),
    )


class Lookups:
    """Lazy access to the datasets and bibliography in ``folder`` (default: lessonkit's)."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = folder
        #: Dataset problems already reported: one broken table is reported once per quiz.
        self.failed: set[str] = set()

    @functools.cached_property
    def excerpts(self) -> dict[str, dict[str, str]]:
        """Rows of the excerpts table by excerpt id."""
        return {r["excerpt_id"]: r for r in datasets.rows("excerpts", self.folder)}

    @functools.cached_property
    def bib_keys(self) -> set[str]:
        """Every key of the bibliography."""
        return references.keys(self.folder)

    def cite(self, key: str) -> str:
        """Short citation ("Healey 2001"), or the key itself when it is not in the bibliography."""
        if key not in self.bib_keys:
            return key
        return references.cite(key, short=True, folder=self.folder)

    def excerpt(self, excerpt_id: str) -> Excerpt:
        """The resolved excerpt (it must exist)."""
        row = self.excerpts[excerpt_id]
        letter = datasets.row("letters", row.get("letter_id", ""), self.folder)
        return make_excerpt(row, letter, self.cite)

    @functools.cached_property
    def tables(self) -> list[str]:
        """Names of the tables in the folder."""
        return datasets.list_datasets(self.folder)

    def table_row(self, table: str, row_id: str) -> dict[str, str] | None:
        """The row ``row_id`` of ``table`` (None when absent)."""
        return datasets.row(table, row_id, self.folder) if table in self.tables else None


def _data_problem(
    exc: LessonkitError, what: str, path: str, at: int | None, look: Lookups
) -> list[Problem]:
    first = exc.problems[0]
    if first.message in look.failed:
        return []
    look.failed.add(first.message)
    return [
        Problem(
            path,
            at,
            f"cannot check {what}: {first.message}",
            f"run 'lessonkit check' and fix {Path(first.path).name} first",
        )
    ]


def _excerpt_checks(
    q: dict[str, Any],
    where: tuple[Any, ...],
    what: str,
    line: Line,
    path: str,
    look: Lookups,
    excerpts: dict[str, Excerpt],
) -> list[Problem]:
    eid = q.get("excerpt")
    if not isinstance(eid, str) or not eid.strip():
        return []
    at = line((*where, "excerpt"))
    try:
        known = look.excerpts
        if eid in known and eid not in excerpts:
            excerpts[eid] = look.excerpt(eid)
    except LessonkitError as exc:
        return _data_problem(exc, f"excerpt '{eid}'", path, at, look)
    if eid not in known:
        return [
            Problem(
                path,
                at,
                f"there is no excerpt '{eid}' in datasets/excerpts.csv",
                suggest(eid, sorted(known)),
            )
        ]
    evidence = q.get("evidence")
    if q.get("type") != "highlight" or not isinstance(evidence, list):
        return []
    count = len(excerpts[eid].sentences)
    return [
        Problem(
            path,
            line((*where, "evidence", i)),
            f"evidence {n} of {what} is past the last sentence of excerpt '{eid}', "
            f"which has {count} sentence{'s' * (count != 1)}",
            f"use numbers from 1 to {count}",
        )
        for i, n in enumerate(evidence)
        if isinstance(n, int) and n > count
    ]


def _source_checks(
    source: Any, at: int | None, path: str, look: Lookups, citations: dict[str, str]
) -> list[Problem]:
    if not isinstance(source, str) or not _SOURCE.fullmatch(source):
        return []
    try:
        if ":" not in source:
            if source not in look.bib_keys:
                hint = (
                    f"'{source}' is a dataset: cite one of its rows as '{source}:row_id'"
                    if source in look.tables
                    else suggest(source, sorted(look.bib_keys))
                )
                return [Problem(path, at, f"there is no source '{source}' in references.bib", hint)]
            citations[source] = look.cite(source)
            return []
        table, _, row_id = source.partition(":")
        found = look.table_row(table, row_id)
        if table not in look.tables:
            return [
                Problem(
                    path,
                    at,
                    f"there is no dataset '{table}' for source '{source}'",
                    suggest(table, look.tables),
                )
            ]
        if found is None:
            return [
                Problem(
                    path,
                    at,
                    f"there is no row '{row_id}' in the {table} dataset",
                    f"use a {table} id that exists in datasets/{table}.csv",
                )
            ]
        cited = cite_keys(found.get("sources", ""), look.cite)
        citations[source] = f"{table} dataset, row {row_id}" + (f" ({cited})" if cited else "")
    except LessonkitError as exc:
        return _data_problem(exc, f"source '{source}'", path, at, look)
    return []


def resolve_references(
    data: dict[str, Any], line: Line, path: str, look: Lookups, schema: Schema
) -> tuple[list[Problem], dict[str, Excerpt], dict[str, str]]:
    """The problems of every excerpt and source the quiz refers to, and the excerpts and
    citations that resolved."""
    problems: list[Problem] = []
    excerpts: dict[str, Excerpt] = {}
    citations: dict[str, str] = {}
    questions = data.get("questions")
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(q, dict):
            continue
        where = ("questions", i)
        what = label(schema, where, data)
        problems += _excerpt_checks(q, where, what, line, path, look, excerpts)
        problems += _source_checks(q.get("source"), line((*where, "source")), path, look, citations)
    return problems, excerpts, citations
