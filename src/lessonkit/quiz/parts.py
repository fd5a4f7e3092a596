"""The small parts questions are made of (options, items, pairs, resolved excerpts), and
the helpers that write numbers and optional keys back into quiz-file data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Excerpt", "Item", "Option", "Pair", "drop_none", "number"]


@dataclass(frozen=True)
class Option:
    """One choice of a ``single`` or ``multiple`` question."""

    id: str
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class Item:
    """An ``ordering`` item, or a ``matching`` distractor (an extra right-hand choice)."""

    id: str
    text: str


@dataclass(frozen=True)
class Pair:
    """One ``matching`` pair: the left text and the right text that belongs to it."""

    id: str
    left: str
    right: str


@dataclass(frozen=True)
class Excerpt:
    """An excerpt from ``datasets/excerpts.csv``, resolved for display (contract §3)."""

    id: str
    writer: str
    document: str
    date: str
    translator: str
    source: str
    sentences: tuple[str, ...]


def number(value: float) -> int | float:
    """A whole number as an int (``2``, not ``2.0``), any other number as it is."""
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def drop_none(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value is not None}
