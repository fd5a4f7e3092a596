"""The questions of a quiz as plain, typed, immutable data: one dataclass per type.

Every text field holds the author's Markdown, untouched. Code that needs to know the
type of a question matches on these classes::

    match question:
        case SingleChoice(options=options): ...
        case Numeric(answers=answers, precision=precision): ...

Each class also knows its keys in a quiz file: :meth:`Question.from_data` builds it from
checked file data, :meth:`Question.to_data` writes it back (only what differs from the
defaults), so the loader and the writer have no code per type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from .parts import Excerpt, Item, NumericAnswer, Option, Pair, TextAnswer, drop_none, number

__all__ = [
    "QUESTION_TYPES",
    "Excerpt",
    "Highlight",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "NumericAnswer",
    "Open",
    "Option",
    "Ordering",
    "Pair",
    "Question",
    "SingleChoice",
    "Text",
    "TextAnswer",
    "TrueFalse",
]


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

    @classmethod
    def from_data(cls, raw: dict[str, Any], line: int | None = None) -> Question:
        """The question of type ``raw["type"]`` built from checked quiz-file data."""
        kind = QUESTION_TYPES[raw["type"]]
        return kind(
            id=raw["id"],
            prompt=raw["prompt"],
            points=raw.get("points", 1),
            excerpt=raw.get("excerpt"),
            hints=tuple(raw.get("hints", ())),
            explanation=raw.get("explanation"),
            source=raw.get("source"),
            line=line,
            **kind._fields_from(raw),
        )

    def to_data(self) -> dict[str, Any]:
        """The question as quiz-file data (optional keys only when not their default)."""
        out: dict[str, Any] = {"id": self.id, "type": self.type, "prompt": self.prompt}
        if self.points != 1:
            out["points"] = number(self.points)
        if self.excerpt is not None:
            out["excerpt"] = self.excerpt
        if self.hints:
            out["hints"] = list(self.hints)
        out.update(self._data_of_fields())
        if self.explanation is not None:
            out["explanation"] = self.explanation
        if self.source is not None:
            out["source"] = self.source
        return out

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        """The type's own fields, from its keys in the file."""
        raise NotImplementedError

    def _data_of_fields(self) -> dict[str, Any]:
        """The type's own keys in the file, from its fields."""
        raise NotImplementedError


def _options_from(raw: dict[str, Any]) -> dict[str, Any]:
    options = tuple(
        Option(
            o["id"], o.get("text", ""), o.get("correct", False), o.get("feedback"), o.get("code")
        )
        for o in raw["options"]
    )
    return {"options": options, "shuffle": raw.get("shuffle")}


def _options_data(options: tuple[Option, ...], shuffle: bool | None) -> dict[str, Any]:
    entries = [
        {
            "id": o.id,
            **({"text": o.text} if o.text else {}),
            **drop_none({"code": o.code}),
            **({"correct": True} if o.correct else {}),
            **drop_none({"feedback": o.feedback}),
        }
        for o in options
    ]
    return {"options": entries, **drop_none({"shuffle": shuffle})}


@dataclass(frozen=True, kw_only=True)
class _Choice(Question):
    """A question answered from a list of options (the fields both choice types share)."""

    options: tuple[Option, ...]
    shuffle: bool | None = None

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return _options_from(raw)

    def _data_of_fields(self) -> dict[str, Any]:
        return _options_data(self.options, self.shuffle)


@dataclass(frozen=True, kw_only=True)
class SingleChoice(_Choice):
    """Pick one option; one or more options are correct (any of them is right)."""

    type: ClassVar[str] = "single"


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(_Choice):
    """Pick every correct option (at least one is correct)."""

    type: ClassVar[str] = "multiple"


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Is the statement in the prompt true?"""

    type: ClassVar[str] = "true_false"
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        feedback = raw.get("feedback", {})
        return {
            "answer": raw["answer"],
            "feedback_true": feedback.get("true"),
            "feedback_false": feedback.get("false"),
        }

    def _data_of_fields(self) -> dict[str, Any]:
        feedback = drop_none({"true": self.feedback_true, "false": self.feedback_false})
        return {"answer": self.answer, **({"feedback": feedback} if feedback else {})}


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number. ``answers`` lists the right values (each within its tolerance) and
    ranges, and wrong ones with their feedback; the first entry that holds the number
    decides. ``precision``: the number is rounded to that many significant digits first.

    A file's ``answer``/``tolerance`` is one right value: ``answers`` holds it too.
    """

    type: ClassVar[str] = "numeric"
    answers: tuple[NumericAnswer, ...]
    precision: int | None = None
    default_feedback: str | None = None
    unit: str | None = None

    @property
    def simple(self) -> bool:
        """True when the question is one right value (written ``answer``/``tolerance``)."""
        if len(self.answers) != 1:
            return False
        only = self.answers[0]
        return only.value is not None and only.correct and only.feedback is None

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        if "answers" in raw:
            answers = tuple(NumericAnswer.from_data(entry) for entry in raw["answers"])
        else:
            answers = (NumericAnswer(value=raw["answer"], tolerance=raw.get("tolerance", 0)),)
        return {
            "answers": answers,
            "precision": raw.get("precision"),
            "default_feedback": raw.get("default_feedback"),
            "unit": raw.get("unit"),
        }

    def _data_of_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.simple:
            only = self.answers[0]
            out["answer"] = number(only.value or 0)
            if only.tolerance:
                out["tolerance"] = number(only.tolerance)
        else:
            out["answers"] = [entry.to_data() for entry in self.answers]
        return out | drop_none(
            {
                "precision": self.precision,
                "default_feedback": self.default_feedback,
                "unit": self.unit,
            }
        )


@dataclass(frozen=True, kw_only=True)
class Text(Question):
    """A short typed answer, compared with each entry of ``answers`` in turn (exactly, or
    fuzzily with ``fuzzy``); the first entry it matches decides. ``compare`` says how:
    ``normalized`` (default: case, punctuation and spacing ignored), ``lowercase`` (case
    ignored) or ``exact`` (only the ends trimmed)."""

    type: ClassVar[str] = "text"
    answers: tuple[TextAnswer, ...]
    fuzzy: float | None = None
    compare: str = "normalized"
    default_feedback: str | None = None

    @property
    def accepted(self) -> tuple[str, ...]:
        """The right answers, in file order."""
        return tuple(entry.text for entry in self.answers if entry.correct)

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "answers": tuple(TextAnswer.from_data(entry) for entry in raw["answers"]),
            "fuzzy": raw.get("fuzzy"),
            "compare": raw.get("compare", "normalized"),
            "default_feedback": raw.get("default_feedback"),
        }

    def _data_of_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {"answers": [entry.to_data() for entry in self.answers]}
        if self.compare != "normalized":
            out["compare"] = self.compare
        return out | drop_none({"fuzzy": self.fuzzy, "default_feedback": self.default_feedback})


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in order; ``items`` holds them in the correct order."""

    type: ClassVar[str] = "ordering"
    items: tuple[Item, ...]

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {"items": tuple(Item(i["id"], i["text"]) for i in raw["items"])}

    def _data_of_fields(self) -> dict[str, Any]:
        return {"items": [{"id": i.id, "text": i.text} for i in self.items]}


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match every left-hand text to its right-hand text; distractors are extra choices."""

    type: ClassVar[str] = "matching"
    pairs: tuple[Pair, ...]
    distractors: tuple[Item, ...] = ()

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "pairs": tuple(Pair(p["id"], p["left"], p["right"]) for p in raw["pairs"]),
            "distractors": tuple(Item(d["id"], d["text"]) for d in raw.get("distractors", [])),
        }

    def _data_of_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "pairs": [{"id": p.id, "left": p.left, "right": p.right} for p in self.pairs]
        }
        if self.distractors:
            out["distractors"] = [{"id": d.id, "text": d.text} for d in self.distractors]
        return out


@dataclass(frozen=True, kw_only=True)
class Highlight(Question):
    """Select the sentences of the excerpt (1-based numbers) that support the prompt's claim."""

    type: ClassVar[str] = "highlight"
    evidence: tuple[int, ...]

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {"evidence": tuple(raw["evidence"])}

    def _data_of_fields(self) -> dict[str, Any]:
        return {"evidence": list(self.evidence)}


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    """A written answer, never auto-graded: the learner compares it with the model answer
    and ticks the rubric, when the question has them (an essay of a Moodle bank may not)."""

    type: ClassVar[str] = "open"
    scored: ClassVar[bool] = False
    model_answer: str | None = None
    rubric: tuple[str, ...] = ()
    min_words: int = 1

    @classmethod
    def _fields_from(cls, raw: dict[str, Any]) -> dict[str, Any]:
        return {
            "model_answer": raw.get("model_answer"),
            "rubric": tuple(raw.get("rubric", ())),
            "min_words": raw.get("min_words", 1),
        }

    def _data_of_fields(self) -> dict[str, Any]:
        out: dict[str, Any] = drop_none({"model_answer": self.model_answer})
        if self.rubric:
            out["rubric"] = list(self.rubric)
        if self.min_words != 1:
            out["min_words"] = self.min_words
        return out


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
