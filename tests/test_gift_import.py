"""Importing Moodle GIFT banks (tests/gift/*.gift, written for these tests from Moodle's
description of the format): every kind of question, feedback, categories, and what is
left out with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.cli import main
from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz, grade_question
from lessonkit.quiz.grading import answer_feedback
from lessonkit.quiz.importers.giftsyntax import parse_gift, split_unescaped, unescape
from lessonkit.quiz.model import MultipleChoice
from lessonkit.quiz.serialize import quiz_to_dict

HERE = Path(__file__).resolve().parent / "gift"


def test_every_kind_of_question_imports_as_expected() -> None:
    quiz = Quiz.from_gift(HERE / "every-type.gift")
    expected = Quiz.from_yaml(HERE / "every-type.expected.yaml")
    assert quiz_to_dict(quiz) == quiz_to_dict(expected)
    assert quiz.import_notes == (
        "the bank has 2 categories: $course$/Soviet law/1917-1922; $course$/Soviet law/1933-1934",
        "1933-1934-q13 (line 56): not imported: it has no answers (a description, which is "
        "not a question)",
        "1933-1934-count (line 27): answer 2 is worth 50 %: lessonkit has no partial credit for "
        "this kind of question, so it counts as wrong",
    )


@pytest.mark.parametrize(
    ("qid", "answer", "verdict", "feedback"),
    [
        ("1917-1922-decree", "a1", "correct", None),
        ("1917-1922-typed", True, "correct", None),
        ("1917-1922-signed", "lg", "correct", None),
        ("1917-1922-signed", " l.g. ", "correct", None),
        ("1917-1922-signed", "np", "incorrect", "That is the Odessa letter."),
        ("1933-1934-span", "1934", "correct", None),  # both ends of low..high are in
        ("1933-1934-span", "1943", "correct", None),
        ("1933-1934-span", "1943.5", "incorrect", None),
        ("1933-1934-count", "16", "correct", "Yes."),
        ("1933-1934-count", "17", "incorrect", "Count again from 1917."),
        ("1933-1934-count", "18", "incorrect", "Subtract 1917 from 1933."),
        ("1933-1934-agencies", {"p1": "p1", "p2": "p2", "p3": "d4"}, "partial", None),
        ("1933-1934-pick", ["a1", "a2"], "correct", None),
        ("1933-1934-pick", ["a1", "a3"], "incorrect", None),
        ("1933-1934-maths", "3/4", "correct", None),
        ("1933-1934-essay", "It matters because courts still punished men.", "submitted", None),
    ],
)
def test_imported_questions_grade_as_moodle_would(
    qid: str, answer: object, verdict: str, feedback: str | None
) -> None:
    question = Quiz.from_gift(HERE / "every-type.gift").question(qid)
    assert grade_question(question, answer).verdict == verdict
    assert answer_feedback(question, answer) == feedback


def test_what_cannot_be_taken_is_named_and_the_rest_imported() -> None:
    quiz = Quiz.from_gift(HERE / "left-out.gift")
    assert [q.id for q in quiz.questions] == ["fine", "weights"]
    assert quiz.question("weights").prompt == "Pick \\<the> ones worth something."
    assert quiz.import_notes == (
        "no-right (line 3): not imported: question 'no-right' has no correct option",
        "one-pair (line 5): not imported: 'pairs' of question 'one-pair' has 1 entry but needs "
        "at least 2",
        "only-wrong (line 7): not imported: it has no right number",
        "weights (line 11): the answers' weights are not kept: lessonkit counts each right "
        "answer chosen as 1/(number of right answers) and takes as much off for each wrong one",
    )
    # without an '=' answer, Moodle lets several answers be chosen: a multiple question
    weights = quiz.question("weights")
    assert isinstance(weights, MultipleChoice)
    assert [o.correct for o in weights.options] == [True, True, False]


def test_the_syntax_layer() -> None:
    assert unescape(r"a\:b \{c\} \~ \= \# \\ \n x\y") == "a:b {c} ~ = # \\ \n x\\y"
    assert split_unescaped(r"a#b\#c#d", "#") == ["a", r"b\#c", "d"]
    assert split_unescaped("a####b#c", "####") == ["a", "b#c"]
    (question,) = parse_gift("// comment\n::t\\:1::[html]Q {=a#fa ~%-50%b}. Tail\n")
    assert (question.title, question.format, question.after) == ("t\\:1", "html", ". Tail")
    assert [(a.marker, a.text, a.weight, a.feedback) for a in question.answers] == [
        ("=", "a", None, "fa"),
        ("~", "b", -50.0, None),
    ]


def test_nothing_importable_and_unreadable_files(tmp_path: Path) -> None:
    bank = tmp_path / "bank.gift"
    bank.write_text("Only a description.\n", encoding="utf-8")
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_gift(bank)
    assert str(info.value) == (
        f"{bank}:1: question q1 cannot be imported: it has no answers (a description, which is "
        "not a question). Fix: correct it in the file, or write it in a quiz file by hand."
    )
    bank.write_bytes(b"\xff\xfe bad")
    with pytest.raises(QuizFormatError, match="cannot be read as UTF-8"):
        Quiz.from_gift(bank)
    with pytest.raises(QuizFormatError, match="there is no GIFT file here"):
        Quiz.from_gift(tmp_path / "missing.gift")


def test_cli_imports_a_gift_bank(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "bank.yaml"
    args = ["import", "--from", "gift", str(HERE / "left-out.gift"), "-o", str(out)]
    assert main([*args, "--id", "moodle-bank", "--title", "From Moodle"]) == 0
    printed = capsys.readouterr().out
    assert printed.splitlines()[0] == f"Imported 2 of 5 question(s) into {out}"
    quiz = Quiz.from_yaml(out)
    assert (quiz.id, quiz.title) == ("moodle-bank", "From Moodle")
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
