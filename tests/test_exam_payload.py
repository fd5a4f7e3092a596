"""Exam mode without a browser: the payload, the ids, the settings (see also
tests/browser/test_exam_mode.py for the built book in Chromium)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from lessonkit._context import Context
from lessonkit.book.settings import BookSettings, _check_mode
from lessonkit.quiz import Quiz
from lessonkit.quiz.examids import answer_with_quiz_ids, exam_ids, quiz_ids_of
from lessonkit.quiz.grading import grade_question
from lessonkit.render.payload import build_payload

TESTS = Path(__file__).resolve().parent
QUIZ = Quiz.from_yaml(TESTS / "quizzes" / "all-types.yaml", datasets=TESTS / "quizzes" / "datasets")

# A right answer to each question, in the quiz file's ids.
RIGHT = {
    "which-typed": "a",
    "which-cities": ["testville", "sampleton"],
    "typed-true": True,
    "year": "1926",
    "surname": "Fixture",
    "order": ["first", "second", "third", "fourth"],
    "match": {"la": "la", "lb": "lb", "lc": "lc"},
    "evidence": [2, 3],
    "reflect": "Typing could look official and trusted by all.",
}


def test_exam_payload_has_no_key_hints_or_author_ids() -> None:
    payload = build_payload(QUIZ, mode="exam", teacher=True)
    assert payload["mode"] == "exam" and "teacher" not in payload
    assert "key" not in payload
    questions = {q["id"]: q for q in payload["questions"]}
    assert not any("hints" in q for q in questions.values())
    author_ids = {"a", "b", "c", "testville", "sampleton", "nowhere", "first", "second", "third"}
    author_ids |= {"fourth", "la", "lb", "lc", "xx"}
    shown = {
        e["id"]
        for q in questions.values()
        for part in ("options", "items", "pairs", "choices")
        for e in q.get(part, [])
    }
    assert not shown & author_ids
    items = [e["id"] for e in questions["order"]["items"]]
    assert items == sorted(items)
    choices = [e["id"] for e in questions["match"]["choices"]]
    assert choices == sorted(choices)
    assert not {e["id"] for e in questions["match"]["pairs"]} & set(choices)


def test_exam_answers_grade_like_the_same_answers_with_quiz_ids() -> None:
    for question in QUIZ.questions:
        names = exam_ids(QUIZ.id, question)
        answer = RIGHT[question.id]
        if "options" in names:
            exam = (
                [names["options"][a] for a in answer]
                if isinstance(answer, list)
                else names["options"][answer]
            )
        elif "items" in names:
            exam = [names["items"][a] for a in answer]
        elif "pairs" in names:
            exam = {names["pairs"][k]: names["choices"][v] for k, v in answer.items()}
        else:
            exam = answer
        back = answer_with_quiz_ids(question, exam, quiz_ids_of(QUIZ.id, question))
        assert back == answer
        expected = "submitted" if question.type == "open" else "correct"
        assert grade_question(question, back).verdict == expected, question.id
        # answers given with the quiz file's ids pass through unchanged
        assert answer_with_quiz_ids(question, answer, quiz_ids_of(QUIZ.id, question)) == answer


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown quiz mode 'exma'"):
        build_payload(QUIZ, mode="exma")
    from sphinx.errors import ConfigError

    with pytest.raises(ConfigError, match=r"lessonkit_mode is 'exma'\. Fix: set it"):
        _check_mode(None, SimpleNamespace(lessonkit_mode="exma"))


def test_settings_from_config_and_environment() -> None:
    config = SimpleNamespace(
        lessonkit_mode="exam", lessonkit_teacher=True, language="ru", lessonkit_book_id="b1"
    )
    assert BookSettings.from_config(config) == BookSettings(
        teacher=False, language="ru", mode="exam", book_id="b1"
    )
    assert Context.from_environment({"LESSONKIT_MODE": "exam"}).mode == "exam"
    assert Context.from_environment({"LESSONKIT_MODE": "nonsense"}).mode == "practice"
    assert Context.from_environment({"LESSONKIT_MODE": "exam"}).kernel_environment() == {
        "LESSONKIT_MODE": "exam",
        "LESSONKIT_RENDER": "live",
        "LESSONKIT_LANGUAGE": "en",
    }


def test_the_noscript_worksheet_of_an_exam_lists_items_as_the_exam_page_does() -> None:
    import re

    from lessonkit.render.html import quiz_html
    from lessonkit.render.worksheet import worksheet_html

    texts = {"First event", "Second event", "Third event", "Fourth event"}
    sheet = worksheet_html(QUIZ, mode="exam")
    listed = [t for t in re.findall(r"<li>([^<]+)</li>", sheet) if t in texts]
    payload = build_payload(QUIZ, mode="exam")
    order = next(q for q in payload["questions"] if q["id"] == "order")
    assert listed == [item["html"] for item in order["items"]]
    assert "Letter A is the only typed one" not in quiz_html(QUIZ, mode="exam")
