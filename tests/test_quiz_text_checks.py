"""Quiz texts hold no control characters and numbers are finite: `lessonkit check` and the
loader refuse them with the line and a fix, since no export could carry them faithfully.
(Raw control bytes are refused by the YAML reader, non-finite numbers by the validator;
the control characters that quoted YAML escapes write, by quiz/checks.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz

QUIZ = """\
id: control
title: "Title with a bell \\a"
questions:
  - id: q1
    type: single
    prompt: "Prompt \\x01 here"
    options:
      - {id: a, text: "Tab\\tand line\\nbreaks are fine", correct: true}
      - {id: b, text: "Escape \\e and next-line \\x85"}
  - id: q2
    type: numeric
    prompt: How far?
    answer: .inf
    tolerance: .nan
"""


def test_control_characters_and_non_finite_numbers_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "control.yaml"
    path.write_text(QUIZ, encoding="utf-8")
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_yaml(path)
    fix = "Fix: delete it (in quoted YAML text, an escape such as \\x01 or \\u0001 writes one)."
    assert [str(p) for p in info.value.problems] == [
        f"{path}:2: 'title' contains the control character U+0007. {fix}",
        f"{path}:6: 'prompt' of question 'q1' contains the control character U+0001. {fix}",
        f"{path}:9: 'text' of option 2 of question 'q1' contains the control character "
        f"U+001B. {fix}",
        f"{path}:13: 'answer' of question 'q2' is inf, not an ordinary number. "
        "Fix: write a number such as 0.5.",
        f"{path}:14: 'tolerance' of question 'q2' is nan, not an ordinary number. "
        "Fix: write a number such as 0.5.",
    ]


def test_tabs_line_breaks_and_other_unicode_pass() -> None:
    quiz = Quiz.from_dict(
        {
            "id": "fine",
            "title": "Tabs\tand\nbreaks, emoji 🙂, RTL \u200f, Cyrillic Ж",
            "questions": [{"id": "q", "type": "true_false", "prompt": "a\r\nb", "answer": True}],
        }
    )
    assert quiz.title.startswith("Tabs\t")
