"""What the progress store's SQL reckons (``lessonkit progress``, the widget's saved
answers, ``export-responses``) agrees with every stored answer read one by one; the
store is opened once per widget and per command."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import lessonkit.answers.store as store_module
from lessonkit.answers import AnswerRecord, ProgressStore
from lessonkit.answers.handin import read_handin
from lessonkit.answers.records import QuizSummary
from lessonkit.cli import main
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz

HERE = Path(__file__).resolve().parent


def _fill(store: ProgressStore, seed: int, count: int = 400) -> None:
    """Answers to a few quizzes in two versions, checked again and again; one quiz was
    renamed on the way, one has answers without a score."""
    rng = random.Random(seed)
    for n in range(count):
        quiz = rng.choice(["lesson-1", "lesson-2", "lesson-3", "essay"])
        version = rng.choice([1, 2])
        title = {"lesson-1": "Old title" if n < count // 2 else "New title"}.get(quiz, quiz.title())
        score = None if quiz == "essay" else rng.choice([0.0, 0.5, 1.0])
        verdict = (
            "submitted"
            if score is None
            else {1.0: "correct", 0.5: "partial"}.get(score, "incorrect")
        )
        store.record(
            quiz_id=quiz,
            quiz_version=version,
            question_id=f"q{rng.randint(1, 6)}",
            answer=["option", rng.randint(0, 3), "é"],
            verdict=verdict,
            score=score,
            quiz_title=title,
        )


def _summary_by_hand(records: list[AnswerRecord]) -> list[QuizSummary]:
    last: dict[tuple[str, str], AnswerRecord] = {}
    checks: dict[str, int] = {}
    titles: dict[str, str] = {}
    for r in records:
        last[(r.quiz_id, r.question_id)] = r
        checks[r.quiz_id] = checks.get(r.quiz_id, 0) + 1
        titles[r.quiz_id] = r.quiz_title or titles.get(r.quiz_id, "")
    found = []
    for quiz_id in sorted(checks):
        mine = [r for (q, _), r in last.items() if q == quiz_id]
        graded = [r.score for r in mine if r.score is not None]
        found.append(
            QuizSummary(
                quiz_id,
                titles[quiz_id],
                len(mine),
                sum(r.verdict == "correct" for r in mine),
                sum(graded),
                len(graded),
                checks[quiz_id],
            )
        )
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_progress_summary_agrees_with_every_answer(seed: int, tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "progress.sqlite") as store:
        _fill(store, seed)
        store.record(  # an answer kept without its quiz's title
            quiz_id="lesson-1", quiz_version=2, question_id="q1", answer=1, verdict="correct",
            score=1.0,
        )  # fmt: skip
        records = store.records()
        assert store.summary() == _summary_by_hand(records)
    renamed = [s for s in store.summary() if s.quiz_id == "lesson-1"]
    assert [s.title for s in renamed] == ["New title"]


def test_progress_command_prints_the_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as store:
        _fill(store, 4)
        expected = _summary_by_hand(store.records())
    assert main(["progress", "--store", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    for quiz in expected:
        line = next(line for line in lines if line.startswith(quiz.title))
        assert line.split()[-4:] == [
            str(quiz.answered),
            str(quiz.correct),
            f"{quiz.score:.1f}/{quiz.graded}",
            str(quiz.checks),
        ]


@pytest.mark.parametrize("seed", [5, 6])
def test_saved_answers_of_each_version_agree_with_every_answer(seed: int, tmp_path: Path) -> None:
    with ProgressStore(tmp_path / "progress.sqlite") as store:
        _fill(store, seed)
        records = store.records()
        for quiz_id in ("lesson-1", "lesson-2", "essay", "never-answered"):
            for version in (1, 2, 3):
                expected = {
                    r.question_id: {"answer": r.answer, "verdict": r.verdict, "attempt": r.attempt}
                    for r in records
                    if r.quiz_id == quiz_id and r.quiz_version == version
                }
                assert store.latest_answers(quiz_id, version) == expected, (quiz_id, version)


def test_export_responses_streams_every_answer_in_order(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as store:
        _fill(store, 7, count=5000)  # more than one batch of rows
        records = store.records()
    for name in ("answers.json", "answers.csv"):
        assert main(["export-responses", "--store", str(path), "-o", str(tmp_path / name),
                     "--student", "Ann"]) == 0  # fmt: skip
        document = read_handin(tmp_path / name)
        assert document["student"] == "Ann"
        got = [
            (r["quiz_id"], r["quiz_version"], r["question_id"], r["answer"], r["score"],
             r["attempt"])
            for r in document["responses"]
        ]  # fmt: skip
        assert got == [
            (r.quiz_id, r.quiz_version, r.question_id, r.answer, r.score, r.attempt)
            for r in records
        ]
    listed = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))["quizzes"]
    assert {(q["quiz_id"], q["quiz_version"]) for q in listed} == {
        (r.quiz_id, r.quiz_version) for r in records
    }


def test_an_empty_store_exports_a_valid_file(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    ProgressStore(path).set_setting("student", "Ann")
    assert main(["export-responses", "--store", str(path), "-o", str(tmp_path / "a.json")]) == 0
    assert read_handin(tmp_path / "a.json")["responses"] == []


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every path the store module opened (and checked) a store file at (asking while
    there is no store yet opens nothing)."""
    calls: list[Path] = []
    real: Callable[..., Any] = store_module.open_store

    def counting(path: Path, *, create: bool) -> Any:
        conn, read_only = real(path, create=create)
        if conn is not None:
            calls.append(path)
        return conn, read_only

    monkeypatch.setattr(store_module, "open_store", counting)
    return calls


@pytest.mark.parametrize("existing", [True, False])
def test_the_widget_opens_the_store_once(
    existing: bool, opened: list[Path], tmp_path: Path
) -> None:
    quiz = Quiz.from_yaml(
        HERE / "quizzes" / "all-types.yaml", datasets=HERE / "quizzes" / "datasets"
    )
    path = tmp_path / "progress.sqlite"
    if existing:
        with ProgressStore(path) as store:
            _fill(store, 9, count=50)
        opened.clear()
    widget = QuizWidget(quiz, store=ProgressStore(path))
    for n in range(5):
        widget.submission = {"question_id": "year", "answer": str(1920 + n), "attempt": n + 1}
    assert widget.unsaved == 0 and widget.store_error == ""
    assert widget.saved["answers"]["year"]["attempt"] == 5
    assert opened == [path]


@pytest.mark.parametrize(
    "command",
    [["progress"], ["export-responses", "--student", "Ann", "-o", "out.json"]],
)
def test_each_command_opens_the_store_once(
    command: list[str], opened: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "progress.sqlite"
    with ProgressStore(path) as store:
        _fill(store, 8, count=50)
    opened.clear()
    monkeypatch.chdir(tmp_path)
    assert main([*command, "--store", str(path)]) == 0
    assert opened == [path]
