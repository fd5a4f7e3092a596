"""The small parts questions are made of (options, accepted answers, items, pairs,
resolved excerpts), and the helpers that write numbers and optional keys back into
quiz-file data."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "Excerpt",
    "Item",
    "NumericAnswer",
    "Option",
    "Pair",
    "TextAnswer",
    "drop_none",
    "number",
]


@dataclass(frozen=True)
class Option:
    """One choice of a ``single`` or ``multiple`` question: Markdown ``text``, ``code``
    shown as a code block, or both (``text`` is ``""`` for an option of code only)."""

    id: str
    text: str
    correct: bool = False
    feedback: str | None = None
    code: str | None = None


@dataclass(frozen=True)
class NumericAnswer:
    """One entry of a ``numeric`` question's ``answers``: a ``value`` (within
    ``tolerance``) or a ``range`` ``[low, high)``; right unless ``correct`` is false.
    The first entry that holds the learner's number decides, and its feedback is shown."""

    value: float | None = None
    tolerance: float = 0
    range: tuple[float, float] | None = None
    correct: bool = True
    feedback: str | None = None

    @classmethod
    def from_data(cls, entry: dict[str, Any]) -> NumericAnswer:
        """The entry from checked quiz-file data."""
        low_high = entry.get("range")
        return cls(
            value=entry.get("value"),
            tolerance=entry.get("tolerance", 0),
            range=(low_high[0], low_high[1]) if low_high is not None else None,
            correct=entry.get("correct", True),
            feedback=entry.get("feedback"),
        )

    def to_data(self) -> dict[str, Any]:
        """The entry as quiz-file data."""
        out: dict[str, Any] = {}
        if self.range is not None:
            out["range"] = [number(self.range[0]), number(self.range[1])]
        elif self.value is not None:
            out["value"] = number(self.value)
            if self.tolerance:
                out["tolerance"] = number(self.tolerance)
        if not self.correct:
            out["correct"] = False
        return out | drop_none({"feedback": self.feedback})


@dataclass(frozen=True)
class TextAnswer:
    """One entry of a ``text`` question's ``answers``: right unless ``correct`` is false;
    the first entry the learner's text matches decides, and its feedback is shown."""

    text: str
    correct: bool = True
    feedback: str | None = None

    @classmethod
    def from_data(cls, entry: str | dict[str, Any]) -> TextAnswer:
        """The entry from checked quiz-file data (a text, or a mapping)."""
        if isinstance(entry, str):
            return cls(entry)
        return cls(entry["text"], entry.get("correct", True), entry.get("feedback"))

    def to_data(self) -> str | dict[str, Any]:
        """The entry as quiz-file data: a plain text when it is a right answer without
        feedback."""
        if self.correct and self.feedback is None:
            return self.text
        out: dict[str, Any] = {"text": self.text}
        if not self.correct:
            out["correct"] = False
        return out | drop_none({"feedback": self.feedback})


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
