"""Importing jupyterquiz question files (our own examples, following its published schema)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz

HERE = Path(__file__).resolve().parent / "jupyterquiz"


def test_choice_questions() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "choice.json")
    assert quiz.id == "choice"
    single, many = quiz.questions
    assert (single.type, many.type) == ("single", "multiple")
    assert quiz.grade({"q1": "a1"}).verdicts["q1"].verdict == "correct"
    assert quiz.grade({"q2": ["a1", "a2"]}).verdicts["q2"].verdict == "correct"
    assert quiz.grade({"q2": ["a1", "a3"]}).verdicts["q2"].verdict == "incorrect"
    assert "lessonkit.load_glossary()" in many.prompt


def test_numeric_and_string_questions() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "numbers-and-words.json")
    year, in_range, name = quiz.questions
    assert (year.answer, year.tolerance) == (1907, 0)
    assert (in_range.answer, in_range.tolerance) == (1924.5, 0.5)
    assert quiz.grade({"q2": "1925"}).verdicts["q2"].verdict == "correct"
    assert quiz.grade({"q2": "1926"}).verdicts["q2"].verdict == "incorrect"
    assert name.answers == ("Lev",) and name.fuzzy == 0.8
    assert quiz.grade({"q3": "lev"}).verdicts["q3"].verdict == "correct"
    assert quiz.import_notes == (
        "q1: feedback for 1 wrong answer(s) and the default feedback not imported (lessonkit has no "
        "per-answer feedback for numeric questions)",
        "q3: feedback for 1 wrong answer(s) and the default feedback not imported (lessonkit has no "
        "per-answer feedback for string questions)",
    )


def test_broken_file_reports_every_problem() -> None:
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_jupyterquiz(HERE / "broken.json")
    text = str(info.value)
    assert (
        "question q1 (multiple_choice) has 2 correct answers. Fix: mark exactly one answer correct"
        in text
    )
    assert (
        "question 2 has unknown type 'sketch'. Fix: use multiple_choice, many_choice, numeric or string"
        in text
    )
