"""Resolve what a quiz refers to: excerpt ids and source keys, against the datasets.

Validation leaves references as they are written; this step looks them up in the tables
and the bibliography of a datasets folder and builds the :class:`Excerpt` records and
citations that the quiz shows.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from ..data import datasets, references
from .questions import Excerpt

__all__ = ["Lookups", "cite_keys", "date_text", "make_excerpt", "split_sentences"]

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
