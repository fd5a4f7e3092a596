"""Round trips: every shipped quiz (and the interchange fixture) exported to GIFT and to
jupyterquiz, then imported again, keeps its meaning.

"Meaning" is what a learner meets: the same text to read (compared as plain text, the
excerpt included), the same choices with the same feedback, and the same verdict for a
set of probe answers (each right answer and its spellings, wrong ones, numbers at and
around every value and range). A question a format cannot hold is reported as skipped
by the export and is not expected back; what changes on the way is in the notes.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from exportcheck import LESSON_QUIZZES, fixture_quiz

from lessonkit.quiz import Quiz, grade_question
from lessonkit.quiz.model import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    SingleChoice,
    Text,
    TrueFalse,
)
from lessonkit.quiz.textnorm import words
from lessonkit.render.markdown import render_block, render_inline
from lessonkit.teacher.exports.common import option_html, plain_text, stem_html
from lessonkit.teacher.exports.gift import to_gift
from lessonkit.teacher.exports.jupyterquiz import to_jupyterquiz
from lessonkit.teacher.exports.spellings import spellings

NAMES = [path.stem for path in LESSON_QUIZZES] + ["interchange"]


@functools.cache
def original(name: str) -> Quiz:
    if name == "interchange":
        return fixture_quiz("interchange")
    return Quiz.from_yaml(next(p for p in LESSON_QUIZZES if p.stem == name))


def _said(html: str) -> str:
    """What a learner reads: the text of HTML, math and spacing aside. (An image goes to
    jupyterquiz inside the file, as a data: URI, and comes back as its description, as it
    goes to GIFT: the importers take only image files, and say so in a note.)"""
    text = plain_text(html).replace("\\(", "$").replace("\\)", "$").replace("$$", "$")
    text = text.replace("[image: ", "[")
    return " ".join(words(text.replace("$", " ")))


def _markdown(markdown: str | None, *, inline: bool = False) -> str:
    if markdown is None:
        return ""
    return _said((render_inline if inline else render_block)(markdown))


def _option(option: Any) -> str:
    return _said(option_html(option))


def _numbers(question: Numeric) -> list[float]:
    """Probe numbers: every value and its margin's ends, just inside and outside them, and
    the inside of every range (the high end of a range [a, b) is left to the notes)."""
    probes = [0.0, -1.0, 1e6]
    for entry in question.answers:
        if entry.range is not None:
            low, high = entry.range
            probes += [low, (low + high) / 2, low - abs(high - low) - 1]
        else:
            value = entry.value or 0.0
            for step in (0.0, entry.tolerance, entry.tolerance + 0.25, entry.tolerance + 1):
                probes += [value - step, value + step]
    return probes


def _texts(question: Text) -> list[str]:
    right = spellings(question.accepted) if question.compare == "normalized" else question.accepted
    probes = [*right, *(s.upper() for s in right), "zzz", "not it"]
    return probes + [e.text for e in question.answers if not e.correct]


def _same_verdicts(before: Question, after: Question, probes: list[Any]) -> None:
    for probe in probes:
        was, now = grade_question(before, probe), grade_question(after, probe)
        assert was.verdict == now.verdict, (before.id, probe, was, now)


def _choices(before: Any, after: Any) -> None:
    assert isinstance(after, (SingleChoice, MultipleChoice)), after
    assert [_option(o) for o in after.options] == [_option(o) for o in before.options]
    assert [o.correct for o in after.options] == [o.correct for o in before.options]
    assert [_markdown(o.feedback) for o in after.options] == [
        _markdown(o.feedback) for o in before.options
    ]


def _same_meaning(quiz: Quiz, before: Question, after: Question, fmt: str) -> None:
    assert _markdown(after.prompt) == _said(stem_html(quiz, before)), (before.id, fmt)
    match before:
        case SingleChoice() | MultipleChoice():
            assert type(after) is type(before)
            _choices(before, after)
        case TrueFalse(answer=answer) if fmt == "gift":
            assert isinstance(after, TrueFalse) and after.answer is answer
            assert _markdown(after.feedback_true) == _markdown(before.feedback_true)
            assert _markdown(after.feedback_false) == _markdown(before.feedback_false)
        case TrueFalse(answer=answer):  # jupyterquiz: a choice between True and False
            assert isinstance(after, SingleChoice)
            assert [(o.text, o.correct) for o in after.options] == [
                ("True", answer),
                ("False", not answer),
            ]
        case Numeric():
            assert isinstance(after, Numeric)
            _same_verdicts(before, after, [str(n) for n in _numbers(before)])
        case Text():
            assert isinstance(after, Text)
            _same_verdicts(before, after, _texts(before))
        case Highlight(evidence=evidence):
            assert isinstance(after, MultipleChoice)
            right = [n for n, o in enumerate(after.options, start=1) if o.correct]
            assert right == sorted(set(evidence))
        case Matching(pairs=pairs, distractors=distractors):
            assert isinstance(after, Matching)
            assert [(_markdown(p.left), _markdown(p.right)) for p in after.pairs] == [
                (_markdown(p.left), _markdown(p.right)) for p in pairs
            ]
            assert [_markdown(d.text) for d in after.distractors] == [
                _markdown(d.text) for d in distractors
            ]
        case Ordering(items=items):  # GIFT: each position matched with its item
            assert isinstance(after, Matching)
            assert [(p.left, _markdown(p.right)) for p in after.pairs] == [
                (f"Position {n}", _markdown(item.text)) for n, item in enumerate(items, start=1)
            ]
        case Open():
            assert isinstance(after, Open)
        case _:
            pytest.fail(f"no check for {before.type}")
    if fmt == "gift" and before.explanation:
        assert _markdown(before.explanation) in _markdown(after.explanation)


@pytest.mark.parametrize("fmt", ["gift", "jupyterquiz"])
@pytest.mark.parametrize("name", NAMES)
def test_a_round_trip_keeps_the_meaning(name: str, fmt: str, tmp_path: Path) -> None:
    quiz = original(name)
    if fmt == "gift":
        result = to_gift([quiz])
        path = tmp_path / f"{name}.gift"
        path.write_text(str(result.content), encoding="utf-8")
        again = Quiz.from_gift(path)
    else:
        result = to_jupyterquiz([quiz])
        path = tmp_path / f"{name}.json"
        path.write_text(str(result.content), encoding="utf-8")
        again = Quiz.from_jupyterquiz(path)
    skipped = {s.question_id for s in result.skipped}
    kept = [q for q in quiz.questions if q.id not in skipped]
    if fmt == "gift":
        assert not skipped
    else:
        assert {q.type for q in quiz.questions if q.id in skipped} <= {
            "ordering",
            "matching",
            "open",
        }
    assert len(again.questions) == len(kept), again.import_notes
    for before, after in zip(kept, again.questions, strict=True):
        _same_meaning(quiz, before, after, fmt)


def test_the_round_trips_cover_every_kind_of_question() -> None:
    types = {q.type for name in NAMES for q in original(name).questions}
    assert types == {
        "single",
        "multiple",
        "true_false",
        "numeric",
        "text",
        "ordering",
        "matching",
        "highlight",
        "open",
    }
    interchange = original("interchange")
    assert any(isinstance(q, Numeric) and not q.simple for q in interchange.questions)
    assert any(isinstance(q, Text) and q.compare != "normalized" for q in interchange.questions)
