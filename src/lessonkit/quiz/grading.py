"""The reference grader: contract §2 of ``docs/quiz-format.md``, rule by rule.

``static/quiz.js`` must give the same verdict and score for every answer; the shared
table ``tests/parity_cases.yaml`` is run through both. The answers are what the browser
sends (JSON values), so Python-only distinctions are erased on purpose: ``True`` is not
the number 1, a tuple is a list, and a value of the wrong shape is simply ``incorrect``.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from .numbers import matching_entry, parse_number
from .questions import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    NumericAnswer,
    Open,
    Ordering,
    Question,
    SingleChoice,
    Text,
    TextAnswer,
    TrueFalse,
)
from .textnorm import first_match, trim, words

__all__ = [
    "QuizResult",
    "Verdict",
    "answer_feedback",
    "grade_question",
    "grade_quiz",
    "round_score",
]

VerdictName = Literal["correct", "partial", "incorrect", "unanswered", "submitted"]


@dataclass(frozen=True)
class Verdict:
    """The outcome of one question: a verdict name and a score in [0, 1] (None for open)."""

    verdict: VerdictName
    score: float | None

    def to_dict(self) -> dict[str, Any]:
        """``{"verdict": ..., "score": ...}`` as quiz.js reports it."""
        return {"verdict": self.verdict, "score": self.score}


@dataclass(frozen=True)
class QuizResult:
    """Verdicts by question id, and the points scored out of the auto-graded maximum."""

    verdicts: dict[str, Verdict]
    score: float
    max_score: float
    percent: float


def round_score(x: float) -> float:
    """Round to 4 decimals with halves going up: JavaScript's ``Math.round(x * 1e4) / 1e4``."""
    scaled = x * 10000
    floor = math.floor(scaled)
    return (floor + (1 if scaled - floor >= 0.5 else 0)) / 10000


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _unanswered(answer: Any) -> bool:
    if answer is None:
        return True
    if isinstance(answer, str):
        return trim(answer) == ""
    if _is_list(answer) or isinstance(answer, Mapping):
        return len(answer) == 0
    return False


def _same_value_key(value: Any) -> tuple[Any, ...]:
    """A key under which two values are equal exactly when JavaScript's Set thinks so."""
    if isinstance(value, bool):
        return ("boolean", value)
    if _is_number(value):
        return ("number", float(value))
    if isinstance(value, str):
        return ("string", value)
    if value is None:
        return ("null",)
    return ("object", id(value))  # lists and objects are distinct by identity


def _set_score(chosen: Any, correct: list[Any]) -> Verdict:
    """Shared rule of multiple and highlight: (right picks - wrong picks) / |C|, floored at 0."""
    if not _is_list(chosen):
        return Verdict("incorrect", 0.0)
    picked = {_same_value_key(v) for v in chosen}
    key = {_same_value_key(v) for v in correct}
    right, wrong = len(picked & key), len(picked - key)
    score = round_score(max(0.0, (right - wrong) / len(key)))
    if picked == key:
        return Verdict("correct", 1.0)
    return Verdict("partial" if score > 0 else "incorrect", score)


def _fraction(score: float) -> Verdict:
    score = round_score(score)
    if score >= 1:
        return Verdict("correct", 1.0)
    return Verdict("partial" if score > 0 else "incorrect", score)


def _as_bool(answer: Any) -> bool | None:
    if isinstance(answer, bool):
        return answer
    if isinstance(answer, str) and answer.lower() in ("true", "false"):
        return answer.lower() == "true"
    return None


def _grade(question: Question, answer: Any) -> Verdict:
    wrong = Verdict("incorrect", 0.0)
    right = Verdict("correct", 1.0)
    if isinstance(question, SingleChoice):
        correct = {o.id for o in question.options if o.correct}
        return right if isinstance(answer, str) and answer in correct else wrong
    if isinstance(question, MultipleChoice):
        return _set_score(answer, [o.id for o in question.options if o.correct])
    if isinstance(question, Highlight):
        return _set_score(answer, list(question.evidence))
    if isinstance(question, TrueFalse):
        return right if _as_bool(answer) == question.answer else wrong
    if isinstance(question, (Numeric, Text)):
        entry = _matching_entry(question, answer)
        return right if entry is not None and entry.correct else wrong
    if isinstance(question, Ordering):
        key = [item.id for item in question.items]
        if not (_is_list(answer) and all(isinstance(v, str) for v in answer)):
            return wrong
        if len(answer) != len(key) or set(answer) != set(key):
            return wrong
        position = {item_id: i for i, item_id in enumerate(key)}
        adjacent = sum(position[b] == position[a] + 1 for a, b in itertools.pairwise(answer))
        return _fraction(adjacent / (len(key) - 1))
    if isinstance(question, Matching):
        if not isinstance(answer, Mapping):
            return wrong
        hits = sum(
            1
            for pair in question.pairs
            if answer.get(pair.id) == pair.id and isinstance(answer.get(pair.id), str)
        )
        return _fraction(hits / len(question.pairs))
    raise TypeError(f"cannot grade a {type(question).__name__}")


def _matching_entry(question: Numeric | Text, answer: Any) -> NumericAnswer | TextAnswer | None:
    """The entry of ``answers`` that decides ``answer`` (None: no entry holds it)."""
    if isinstance(question, Numeric):
        value = parse_number(answer)
        return (
            None if value is None else matching_entry(question.answers, value, question.precision)
        )
    if not isinstance(answer, str):
        return None
    texts = [entry.text for entry in question.answers]
    index = first_match(answer, texts, question.fuzzy, question.compare)
    return None if index is None else question.answers[index]


def answer_feedback(question: Question, answer: Any) -> str | None:
    """The feedback (Markdown) a learner sees for ``answer`` to a numeric or text question:
    that of the entry which decides it, else, for a wrong answer, the default feedback."""
    if not isinstance(question, (Numeric, Text)) or _unanswered(answer):
        return None
    entry = _matching_entry(question, answer)
    if entry is not None and entry.feedback is not None:
        return entry.feedback
    if entry is None or not entry.correct:
        return question.default_feedback
    return None


def grade_question(question: Question, answer: Any) -> Verdict:
    """Grade one answer to one question (contract §2).

    Parameters
    ----------
    question
        A question of any of the nine types.
    answer
        What the learner gave, as JSON-like data; ``None`` means not answered.

    Examples
    --------
    >>> from lessonkit.quiz.questions import Option, SingleChoice
    >>> q = SingleChoice(id="q", prompt="?", options=(Option("a", "A", True), Option("b", "B")))
    >>> grade_question(q, "b")
    Verdict(verdict='incorrect', score=0.0)
    """
    if isinstance(question, Open):
        if isinstance(answer, str) and len(words(answer)) >= question.min_words:
            return Verdict("submitted", None)
        return Verdict("unanswered", None)
    if _unanswered(answer):
        return Verdict("unanswered", 0.0)
    return _grade(question, answer)


def grade_quiz(questions: Sequence[Question], answers: Mapping[str, Any]) -> QuizResult:
    """Grade every question of a quiz; totals count auto-graded questions only."""
    verdicts = {q.id: grade_question(q, answers.get(q.id)) for q in questions}
    scored = [q for q in questions if q.scored]
    total = round_score(sum((verdicts[q.id].score or 0.0) * q.points for q in scored))
    maximum = float(sum(q.points for q in scored))
    percent = round_score(100 * total / maximum) if maximum else 0.0
    return QuizResult(verdicts, total, maximum, percent)
