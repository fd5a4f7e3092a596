"""Ids for exam pages, which must not give the answer away.

A quiz file's own ids often say something (``decree-1917``, an option called
``no-secretariat``), a matching pair and its right-hand text share one id, and ordering
items are written in the right order. On an exam page every option, item, pair and
choice is therefore named by an *exam id*: a hash of its own text, which tells nothing
the student cannot read on the page. Ordering items and matching choices are shown in
the order of their exam ids, so their order says nothing either.

The gradebook translates answers given with exam ids back to the quiz file's ids before
grading them (:func:`answer_with_quiz_ids`); answers given with the quiz file's ids pass
through unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from .questions import Matching, MultipleChoice, Ordering, Question, SingleChoice

__all__ = ["answer_with_quiz_ids", "exam_ids", "quiz_ids_of"]


def _hashed(quiz_id: str, question_id: str, side: str, text: str) -> str:
    data = "\x1f".join((quiz_id, question_id, side, text)).encode("utf-8")
    return "x" + hashlib.sha256(data).hexdigest()[:12]


def _name_all(
    quiz_id: str, question_id: str, side: str, entries: Iterable[tuple[str, str]]
) -> dict[str, str]:
    names: dict[str, str] = {}
    taken: set[str] = set()
    for entry_id, text in entries:
        name = _hashed(quiz_id, question_id, side, text)
        count = 1
        while name in taken:  # two entries with the same text
            count += 1
            name = _hashed(quiz_id, question_id, side, f"{text}\x1f{count}")
        taken.add(name)
        names[entry_id] = name
    return names


def exam_ids(quiz_id: str, question: Question) -> dict[str, dict[str, str]]:
    """Quiz-file id -> exam id, per part of ``question``: ``options``, ``items``,
    ``pairs`` (the left-hand texts) and ``choices`` (right-hand texts and distractors)."""
    qid = question.id
    if isinstance(question, (SingleChoice, MultipleChoice)):
        return {
            "options": _name_all(quiz_id, qid, "option", ((o.id, o.text) for o in question.options))
        }
    if isinstance(question, Ordering):
        return {"items": _name_all(quiz_id, qid, "item", ((i.id, i.text) for i in question.items))}
    if isinstance(question, Matching):
        right = [(p.id, p.right) for p in question.pairs] + [
            (d.id, d.text) for d in question.distractors
        ]
        return {
            "pairs": _name_all(quiz_id, qid, "left", ((p.id, p.left) for p in question.pairs)),
            "choices": _name_all(quiz_id, qid, "right", right),
        }
    return {}


def quiz_ids_of(quiz_id: str, question: Question) -> dict[str, dict[str, str]]:
    """Exam id -> quiz-file id, per part of ``question`` (the inverse of :func:`exam_ids`)."""
    return {part: {v: k for k, v in m.items()} for part, m in exam_ids(quiz_id, question).items()}


def answer_with_quiz_ids(question: Question, answer: Any, back: dict[str, dict[str, str]]) -> Any:
    """``answer`` with exam ids replaced by the quiz file's ids (others left as they are);
    ``back`` is the question's :func:`quiz_ids_of`."""
    if not back:
        return answer
    if isinstance(question, Matching):
        if not isinstance(answer, Mapping):
            return answer
        left, right = back["pairs"], back["choices"]
        return {
            left.get(k, k): right.get(v, v) if isinstance(v, str) else v for k, v in answer.items()
        }
    names = back["items"] if isinstance(question, Ordering) else back["options"]
    if isinstance(answer, str):
        return names.get(answer, answer)
    if isinstance(answer, list):
        return [names.get(v, v) if isinstance(v, str) else v for v in answer]
    return answer
