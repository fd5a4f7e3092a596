"""The answer key, exact numbers, the spellings of text answers, and the export command."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from exportcheck import FIXTURE_DATA, LESSON_QUIZZES, fixture_quiz

from lessonkit.cli import main
from lessonkit.quiz import Quiz
from lessonkit.quiz.textnorm import text_matches
from lessonkit.teacher.exports.answerkey import answer_key
from lessonkit.teacher.exports.exact import bounds, exact, positional
from lessonkit.teacher.exports.spellings import spellings

EDGES = [1234567.0, 3.14159265, 5e-9, 1e300, 5e-324, -1.7976931348623157e308, 0.1, 1e16, 2.5]


@pytest.mark.parametrize("value", EDGES)
def test_numbers_are_written_exactly(value: float) -> None:
    assert float(exact(value)) == value and float(positional(value)) == value
    assert "e" not in positional(value).lower()
    if value.is_integer() and abs(value) < 2**53:
        assert exact(value) == str(int(value))


def test_bounds_are_decimal_sums() -> None:
    assert bounds(3.14159265, 5e-9) == (Decimal("3.141592645"), Decimal("3.141592655"))
    low, high = bounds(1e300, 1e-300)
    assert low < Decimal("1e300") < high


def test_answer_key_lists_every_answer_with_exact_numbers() -> None:
    quiz = fixture_quiz("all-types")
    text = str(answer_key([quiz]).content)
    assert "# Answer key: All nine question types" in text
    assert "1. First event\n- 2. Second event\n- 3. Third event\n- 4. Fourth event" in text
    assert "Letter A → AB" in text and "Extra wrong choices: Nobody" in text
    assert "Model answer: Typing could look official." in text
    assert "- 1926 year (accepted within ±1: from 1925 to 1927)" in text
    assert "*open, not scored*" in text
    hostile = str(answer_key([fixture_quiz("hostile")]).content)
    assert "- 1234567 units {=x} #1:2\n" in hostile
    assert "- 3.14159265 (accepted within ±5e-09: from 3.141592645 to 3.141592655)" in hostile
    assert "- 5e-324\n" in hostile and "- -1.7976931348623157e+308\n" in hostile
    html = str(answer_key([quiz], fmt="html").content)
    assert (
        html.startswith("<!doctype html>")
        and "<h1>Answer key: All nine question types</h1>" in html
    )


@pytest.mark.parametrize("path", LESSON_QUIZZES, ids=lambda p: p.stem)
def test_every_lesson_question_is_in_the_key(path: Path) -> None:
    quiz = Quiz.from_yaml(path)
    result = answer_key([quiz])
    assert result.exported == len(quiz.questions) and result.skipped == []


def test_spellings_are_all_accepted_by_lessonkit() -> None:
    answers = ["Lev Samoilov (L. Samoilov)", "Bekhterev's clinic", "ﬁle", "%50% off", "a*b"]
    listed = spellings(answers)
    assert all(text_matches(s, answers, None) for s in listed)
    expected = {
        "Lev Samoilov (L Samoilov)",
        "lev samoilov l samoilov",
        "Bekhterev’s clinic",
        "file",
        "50 off",
        "Bekhterev's clinic.",
    }
    assert {e.lower() for e in expected} <= {s.lower() for s in listed}
    assert len({s.lower() for s in listed}) == len(listed)


def test_export_command_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(FIXTURE_DATA))
    quiz = str(Path(__file__).parent / "quizzes" / "all-types.yaml")
    out = tmp_path / "out.gift"
    assert main(["export", "--format", "gift", quiz, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Exported 9 question(s)" in printed and "skipped" not in printed
    assert "note: all-types/surname (text): Moodle accepts the 4 spellings listed" in printed
    before = out.read_bytes()
    assert main(["export", "--format", "gift", quiz, "-o", str(out)]) == 1
    assert (
        "already exists. Fix: choose another name with -o, or add --force"
        in capsys.readouterr().err
    )
    assert out.read_bytes() == before
    assert main(["export", "--format", "key", quiz, "-o", str(tmp_path / "key.md")]) == 0
