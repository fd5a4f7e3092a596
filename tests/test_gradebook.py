"""The gradebook over a set of handed-in files, good and bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lessonkit.answers.handin import build_handin, write_handin
from lessonkit.answers.store import AnswerRecord
from lessonkit.cli import main
from lessonkit.teacher.gradebook import gradebook


def _rec(
    question: str,
    score: float | None,
    attempt: int = 1,
    when: str = "2026-01-01T10:00",
    version: int = 1,
) -> AnswerRecord:
    verdict = "submitted" if score is None else ("correct" if score == 1 else "incorrect")
    return AnswerRecord(when, "quiz", version, question, "x", verdict, score, attempt, "Quiz")


@pytest.fixture
def handins(tmp_path: Path) -> Path:
    # five students; q1 easy and discriminating, q2 hard, q3 answered twice by ann
    table = {
        "ann": (1, 1, 0),
        "bob": (1, 0, 0),
        "cy": (1, 1, 1),
        "dee": (0, 0, 0),
        "eve": (1, 0, 1),
    }
    for student, (a, b, c) in table.items():
        records = [_rec("q1", a), _rec("q2", b), _rec("q3", c), _rec("essay", None)]
        if student == "ann":
            records.append(_rec("q3", 1, attempt=2, when="2026-01-01T10:05"))
        write_handin(build_handin(records, student, version="0.1.0"), tmp_path / f"{student}.json")
    (tmp_path / "broken.json").write_text('{"format": "lessonkit-responses",', encoding="utf-8")
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "other.json").write_text(json.dumps({"format": "something-else"}), encoding="utf-8")
    tampered = build_handin([_rec("q1", 1)], "mallory", version="0.1.0")
    tampered["responses"][0]["verdict"] = "perfect"
    (tmp_path / "tampered.json").write_text(json.dumps(tampered), encoding="utf-8")
    dup = build_handin([_rec("q1", 0)], "bob", version="0.1.0")
    dup["exported_at"] = "2000-01-01T00:00:00+00:00"  # older than bob's real file
    write_handin(dup, tmp_path / "bob-old.json")
    return tmp_path


def test_gradebook_merges_and_reports_bad_files(handins: Path) -> None:
    book = gradebook(sorted(handins.glob("*.json")))
    assert list(book.students["student"]) == ["ann", "bob", "cy", "dee", "eve"]
    assert book.scores.loc["ann", ("quiz", "q3")] == 1.0  # the last attempt counts
    items = book.items.set_index("question_id")
    assert items.loc["q1", "difficulty"] == pytest.approx(0.8)
    assert items.loc["q2", "difficulty"] == pytest.approx(0.4)
    assert items.loc["q1", "discrimination"] > 0
    assert "essay" not in items.index  # open answers are not scored
    problems = {Path(p.path).name: p.message for p in book.problems}
    assert problems["broken.json"].startswith("the file is not valid JSON")
    assert problems["empty.json"] == "the file is empty"
    assert problems["other.json"].startswith("not a lessonkit responses file")
    assert problems["bob-old.json"].startswith("a second file for student 'bob'")
    assert problems["tampered.json"] == (
        "not a lessonkit responses file: 'verdict' of response 1 is 'perfect', which is not "
        "a verdict"
    )
    assert book.scores.loc["bob", ("quiz", "q2")] == 0.0  # bob's newer file was used
    assert len({p.path for p in book.problems}) == 5


def test_gradebook_cli_writes_html_report(
    handins: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = handins / "report.html"
    assert (
        main(["gradebook", *map(str, sorted(handins.glob("*.json"))), "--html", str(report)]) == 0
    )
    out = capsys.readouterr().out
    assert "5 students, 3 questions, 5 problem file(s)" in out
    html = report.read_text(encoding="utf-8")
    assert "<img alt='Share of students correct, per question' src='data:image/png;base64," in html
    assert main(["gradebook", *map(str, sorted(handins.glob("*.json"))), "--strict"]) == 1


def test_newest_quiz_version_wins_and_older_versions_are_noted(tmp_path: Path) -> None:
    # ann answered q1 in version 2, then (an old tab) in version 1; bob only in version 1
    ann = [_rec("q1", 1, version=2), _rec("q1", 0, when="2026-01-02T09:00", version=1)]
    write_handin(build_handin(ann, "ann", version="0.1.0"), tmp_path / "ann.json")
    bob = [_rec("q1", 1, version=1), _rec("q2", 0, version=1)]
    write_handin(build_handin(bob, "bob", version="0.1.0"), tmp_path / "bob.json")
    book = gradebook(sorted(tmp_path.glob("*.json")))
    assert book.scores.loc["ann", ("quiz", "q1")] == 1.0  # version 2 beats a later version 1
    assert book.scores.loc["bob", ("quiz", "q1")] == 1.0  # older answers still count
    assert [(Path(p.path).name, p.message) for p in book.problems] == [
        (
            "bob.json",
            "answers to quiz 'quiz' version 1, while the newest version handed in is 2; "
            "each answer keeps the score of the version it answered",
        )
    ]
