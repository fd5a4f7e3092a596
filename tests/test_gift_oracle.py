"""The GIFT importer against an independent reader: gift-pegjs (npm) parses the same
banks (tests/gift/*.gift), and every question lessonkit imports must say what gift-pegjs
reads: the kind, the text, each answer with its rightness and feedback, the numbers."""

from __future__ import annotations

import functools
import re
from html import escape
from pathlib import Path
from typing import Any

import pytest
from exportcheck import gift_pegjs

from lessonkit.quiz import Quiz
from lessonkit.quiz.model import (
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    SingleChoice,
    Text,
    TrueFalse,
)
from lessonkit.quiz.textnorm import words
from lessonkit.render.markdown import render_block
from lessonkit.teacher.exports.common import plain_text

HERE = Path(__file__).resolve().parent / "gift"
BANKS = ["every-type", "left-out"]
KINDS = {
    "MC": (SingleChoice, MultipleChoice),
    "TF": (TrueFalse,),
    "Short": (Text,),
    "Numerical": (Numeric,),
    "Matching": (Matching,),
    "Essay": (Open,),
}


@functools.cache
def _read(tmp: str) -> dict[str, Any]:
    texts = {name: (HERE / f"{name}.gift").read_text(encoding="utf-8") for name in BANKS}
    return gift_pegjs(texts, Path(tmp))


def _said(text: str | None, *, markdown: bool = True) -> str:
    """Text as a learner reads it (HTML and Markdown rendered; spacing aside)."""
    if not text:
        return ""
    html = render_block(text) if markdown else text
    return " ".join(words(plain_text(html).replace("\\(", "$").replace("\\)", "$")))


def _theirs(part: dict[str, Any] | None) -> str:
    if not part:
        return ""
    text = str(part["text"])
    if part.get("format") == "plain":
        text = escape(text)
    if part.get("format") in ("moodle", "plain"):
        text = text.replace("\n", " ")
    return _said(text, markdown=False)


@pytest.mark.parametrize("bank", BANKS)
def test_gift_pegjs_reads_what_lessonkit_imports(
    bank: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    parsed = _read(str(tmp_path_factory.mktemp("gift-oracle")))[bank]
    assert "error" not in parsed, parsed
    theirs = [q for q in parsed["questions"] if q["type"] not in ("Category", "Description")]
    quiz = Quiz.from_gift(HERE / f"{bank}.gift")
    left_out = [n for n in quiz.import_notes if ": not imported: " in n]
    # every question gift-pegjs reads is imported, or named with the reason it is not
    assert len(quiz.questions) + len(left_out) - sum(
        "(a description" in n for n in left_out
    ) == len(theirs)
    ours = iter(quiz.questions)
    for read in theirs:
        title = str(read["title"])
        if any(n.startswith(f"{title} (line") for n in left_out):
            continue
        question = next(ours)
        assert question.id.endswith(re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-"))
        assert isinstance(question, KINDS[read["type"]]), (title, read["type"])
        stem = _theirs(read["stem"]).replace("_____", "\\_\\_\\_\\_\\_")
        assert _said(question.prompt) == _said(stem, markdown=True), title
        _same_answers(question, read)


def _same_answers(question: Any, read: dict[str, Any]) -> None:
    match question:
        case SingleChoice() | MultipleChoice():
            choices = read["choices"]
            assert [_said(o.text) for o in question.options] == [
                _theirs(c["text"]) for c in choices
            ]
            if isinstance(question, MultipleChoice):  # weights: right when positive
                right = [(c["weight"] or 0) > 0 for c in choices]
            else:
                right = [bool(c["isCorrect"]) and c["weight"] in (None, 100) for c in choices]
            assert [o.correct for o in question.options] == right
            assert [_said(o.feedback) for o in question.options] == [
                _theirs(c["feedback"]) for c in choices
            ]
        case TrueFalse():
            assert question.answer is read["isTrue"]
            # gift-pegjs names the two feedbacks by position: Moodle shows the first when
            # the learner picks the wrong value, the second for the right one
            wrong, right = (
                (question.feedback_false, question.feedback_true)
                if question.answer
                else (question.feedback_true, question.feedback_false)
            )
            assert _said(wrong) == _theirs(read["trueFeedback"])
            assert _said(right) == _theirs(read["falseFeedback"])
        case Text():
            choices = read["choices"]
            assert [e.text for e in question.answers] == [c["text"]["text"] for c in choices]
            assert [e.correct for e in question.answers] == [
                c["weight"] in (None, 100) for c in choices
            ]
        case Numeric():
            _same_numbers(question, read["choices"])
        case Matching():
            pairs = [m for m in read["matchPairs"] if m["subquestion"]["text"]]
            extra = [m for m in read["matchPairs"] if not m["subquestion"]["text"]]
            assert [(_said(p.left), _said(p.right)) for p in question.pairs] == [
                (_theirs(m["subquestion"]), m["subanswer"].strip()) for m in pairs
            ]
            assert [_said(d.text) for d in question.distractors] == [
                m["subanswer"].strip() for m in extra
            ]
        case Open():
            assert _said(question.explanation) == _theirs(read["globalFeedback"])


def _same_numbers(question: Numeric, choices: Any) -> None:
    if isinstance(choices, dict):  # one answer, not a list
        choices = [{"text": choices, "isCorrect": True, "weight": None, "feedback": None}]
    numbers = [c for c in choices if c["text"].get("text") != "*"]
    assert len(question.answers) == len(numbers)
    for entry, choice in zip(question.answers, numbers, strict=True):
        text = choice["text"]
        if text["type"] == "high-low":
            assert entry.value is not None
            low, high = entry.value - entry.tolerance, entry.value + entry.tolerance
            assert (round(low, 9), round(high, 9)) == (text["numberLow"], text["numberHigh"])
        else:
            assert (entry.value, entry.tolerance) == (text["number"], text.get("range") or 0)
        assert entry.correct is (choice["weight"] in (None, 100))
        assert _said(entry.feedback) == _theirs(choice["feedback"])
    default = [c for c in choices if c["text"].get("text") == "*"]
    assert _said(question.default_feedback) == (_theirs(default[0]["feedback"]) if default else "")
