"""Exports of what other tools hold (tests/quizzes/interchange.yaml): jupyterquiz files
valid against jupyterquiz's own schemas, math in the delimiters Moodle and Canvas read,
numeric entries and text comparisons in the answer key, the CLI's jupyterquiz format."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from exportcheck import LESSON_QUIZZES, fixture_quiz

from lessonkit.cli import main
from lessonkit.quiz import Quiz
from lessonkit.teacher.exports.answerkey import answer_key
from lessonkit.teacher.exports.common import block, inline
from lessonkit.teacher.exports.gift import to_gift
from lessonkit.teacher.exports.jupyterquiz import to_jupyterquiz

UPSTREAM = Path(__file__).resolve().parent / "jupyterquiz" / "upstream"
SCHEMAS = {
    kind: json.loads((UPSTREAM / f"{name}_schema.json").read_text(encoding="utf-8"))
    for kind, name in (
        ("multiple_choice", "mc"),
        ("many_choice", "mc"),
        ("numeric", "num"),
        ("string", "string"),
    )
}


def _interchange() -> Quiz:
    return fixture_quiz("interchange")


def _valid(question: dict[str, Any]) -> None:
    """Valid against jupyterquiz's schema of its kind (mc_schema.json requires an 'answer'
    text although jupyterquiz shows answers of code only: those are checked as if their
    text were empty)."""
    checked = dict(question)
    if question["type"] in ("multiple_choice", "many_choice"):
        checked["answers"] = [{"answer": "", **a} for a in question["answers"]]
    jsonschema.validate(checked, SCHEMAS[question["type"]])


@pytest.mark.parametrize(
    "path", [*LESSON_QUIZZES, "interchange"], ids=lambda p: getattr(p, "stem", str(p))
)
def test_jupyterquiz_files_follow_its_schemas(path: Path | str) -> None:
    quiz = _interchange() if path == "interchange" else Quiz.from_yaml(path)
    result = to_jupyterquiz([quiz])
    listed = json.loads(str(result.content))
    assert len(listed) == result.exported == len(quiz.questions) - len(result.skipped)
    for question in listed:
        _valid(question)
    assert {s.qtype for s in result.skipped} <= {"ordering", "matching", "open"}


def test_jupyterquiz_keeps_values_ranges_precision_and_feedback() -> None:
    listed = json.loads(str(to_jupyterquiz([_interchange()]).content))
    pi, span, either, code, initials, language = listed
    assert pi["question"] == "<p>Give $\\pi$ to two decimal places.</p>"
    assert pi["precision"] == 3
    assert [(a.get("type"), a.get("correct")) for a in pi["answers"]] == [
        ("value", True),
        ("range", True),
        ("range", False),
        ("default", None),
    ]
    assert pi["answers"][1]["feedback"] == "<p>That is $\\frac{22}{7}$.</p>"
    # a value within a tolerance: the half-open range that holds exactly [15.5, 16.5]
    low, high = span["answers"][1]["range"]
    assert (low, high) == (15.5, math.nextafter(16.5, math.inf))
    assert span["answers"][0] == {
        "type": "value",
        "value": 17,
        "correct": False,
        "feedback": "<p>That counts both ends.</p>",
    }
    assert (
        "<p>Unit: years</p>" in span["question"]
        and "data:image/svg+xml;base64," in span["question"]
    )
    assert [a["correct"] for a in either["answers"]] == [True, True, False]
    assert code["answers"][0] == {"code": "items += [3]", "correct": True}
    assert initials["answers"][1] == {
        "answer": "OGPU",
        "correct": False,
        "feedback": "<p>The OGPU is the one absorbed.</p>",
    }
    assert initials["answers"][2]["type"] == "default"
    assert language["answers"] == [{"answer": "C++", "correct": True, "match_case": True}]


def test_a_dollar_that_is_not_math_is_escaped_for_jupyterquiz() -> None:
    quiz = Quiz.from_dict(
        {
            "id": "money",
            "title": "Money",
            "questions": [
                {
                    "id": "q",
                    "type": "true_false",
                    "prompt": "It cost $5 and $6, and $x^2$ is math.",
                    "answer": True,
                }
            ],
        }
    )
    (question,) = json.loads(str(to_jupyterquiz([quiz]).content))
    assert question["question"] == "<p>It cost \\$5 and \\$6, and $x^2$ is math.</p>"


def test_moodle_and_canvas_get_math_in_their_delimiters() -> None:
    assert inline("$\\sqrt{2}$") == "\\(\\sqrt{2}\\)"
    assert block("See:\n\n$$x^2$$") == "<p>See:</p>\n$$x^2$$"
    gift = str(to_gift([_interchange()]).content)
    assert "Give \\\\(\\\\pi\\\\) to two decimal places." in gift  # GIFT escapes the backslash


def test_the_answer_key_lists_every_entry() -> None:
    key = str(answer_key([_interchange()]).content)
    assert (
        "- Wrong: from -100000000 up to 0 (0 itself not included). Feedback: \\(\\pi\\) is "
        "positive.\n- The number is rounded to 3 significant digits first.\n- Any other number: "
        "Think of the area of a circle of radius 1." in key
    )
    assert "- 16 years (accepted within ±0.5: from 15.5 to 16.5)" in key
    assert "- Wrong: OGPU. Feedback: The OGPU is the one absorbed." in key
    assert "- Compared exactly as written (letter case too)." in key
    assert "## 4. Which line appends 3 to items?\n\n*single, 1 point*\n\n- items += [3]" in key


def test_the_answer_key_says_that_it_shows_an_image_as_its_description() -> None:
    result = answer_key([_interchange()], fmt="html")
    assert "[A bar from 1917 on the left to 1933 on the right]" in str(result.content)
    assert [(n.question_id, n.text.split(":")[0]) for n in result.notes] == [
        ("span", "the image 'bar.svg' is shown as its description in brackets")
    ]
    assert answer_key([fixture_quiz("all-types")]).notes == []


def test_cli_exports_jupyterquiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(Path(__file__).parent / "quizzes" / "datasets"))
    out = tmp_path / "bank.json"
    quiz = str(Path(__file__).parent / "quizzes" / "interchange.yaml")
    assert main(["export", "--format", "jupyterquiz", quiz, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"Exported 6 question(s) to {out}" in printed
    assert (
        "interchange/essay (open) skipped: jupyterquiz has no question with a written answer"
        in printed
    )
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 6
    assert main(["export", "--format", "jupyterquiz", quiz, "-o", str(out)]) == 1
