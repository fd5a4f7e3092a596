"""The questions of a quiz as plain, typed, immutable data: one dataclass per type.

Every text field holds the author's Markdown, untouched. Code that needs to know the
type of a question matches on these classes::

    match question:
        case SingleChoice(options=options): ...
        case Numeric(answer=answer, tolerance=tolerance): ...
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar

__all__ = [
    "QUESTION_TYPES",
    "Excerpt",
    "Highlight",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Open",
    "Option",
    "Ordering",
    "Pair",
    "Question",
    "SingleChoice",
    "Text",
    "TrueFalse",
]


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


@dataclass(frozen=True, kw_only=True)
class Question:
    """Keys common to every question type; ``type`` names the subclass."""

    type: ClassVar[str] = ""
    #: True for the types whose score counts towards the quiz total.
    scored: ClassVar[bool] = True

    id: str
    prompt: str
    points: float = 1
    excerpt: str | None = None
    hints: tuple[str, ...] = ()
    explanation: str | None = None
    source: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick one option; exactly one is correct."""

    type: ClassVar[str] = "single"
    options: tuple[Option, ...]
    shuffle: bool | None = None


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    """Pick every correct option (at least one is correct)."""

    type: ClassVar[str] = "multiple"
    options: tuple[Option, ...]
    shuffle: bool | None = None


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Is the statement in the prompt true?"""

    type: ClassVar[str] = "true_false"
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number, right within ``tolerance``."""

    type: ClassVar[str] = "numeric"
    answer: float
    tolerance: float = 0
    unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class Text(Question):
    """A short typed answer compared after normalisation, optionally fuzzily."""

    type: ClassVar[str] = "text"
    answers: tuple[str, ...]
    fuzzy: float | None = None


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in order; ``items`` holds them in the correct order."""

    type: ClassVar[str] = "ordering"
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match every left-hand text to its right-hand text; distractors are extra choices."""

    type: ClassVar[str] = "matching"
    pairs: tuple[Pair, ...]
    distractors: tuple[Item, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Highlight(Question):
    """Select the sentences of the excerpt (1-based numbers) that support the prompt's claim."""

    type: ClassVar[str] = "highlight"
    evidence: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    """A written answer, never auto-graded: the learner compares it with a model and rubric."""

    type: ClassVar[str] = "open"
    scored: ClassVar[bool] = False
    model_answer: str
    rubric: tuple[str, ...]
    min_words: int = 1


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (
        SingleChoice,
        MultipleChoice,
        TrueFalse,
        Numeric,
        Text,
        Ordering,
        Matching,
        Highlight,
        Open,
    )
}
