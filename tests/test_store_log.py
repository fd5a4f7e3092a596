"""The live widget starts the store's write-ahead log when it opens the store, so that a
checked answer does not wait for the disk: nothing changes in the store, and another
kernel's lock is not waited for."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from lessonkit.answers import ProgressStore
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz

HERE = Path(__file__).resolve().parent


@pytest.fixture
def quiz() -> Quiz:
    return Quiz.from_yaml(
        HERE / "quizzes" / "all-types.yaml", datasets=HERE / "quizzes" / "datasets"
    )


def _store_with_an_answer(path: Path) -> None:
    with ProgressStore(path) as store:
        store.record(
            quiz_id="all-types",
            quiz_version=2,
            question_id="year",
            answer="1921",
            verdict="incorrect",
            score=0.0,
            quiz_title="All nine question types",
        )
        store.set_setting("student", "Ann")


def _contents(path: Path) -> tuple[object, ...]:
    conn = sqlite3.connect(path)
    try:
        return (
            conn.execute("PRAGMA user_version").fetchone(),
            conn.execute("PRAGMA application_id").fetchone(),
            conn.execute("SELECT * FROM answers ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM settings ORDER BY key").fetchall(),
        )
    finally:
        conn.close()


def test_the_widget_starts_the_log_and_changes_nothing(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    _store_with_an_answer(path)
    before = _contents(path)
    assert not Path(f"{path}-wal").exists()  # the last writer closed cleanly
    widget = QuizWidget(quiz, store=ProgressStore(path))
    assert Path(f"{path}-wal").stat().st_size > 0, "the log is started before any answer"
    assert _contents(path) == before
    assert widget.store_error == ""
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 2}
    assert widget.unsaved == 0
    assert widget.saved["answers"]["year"]["attempt"] == 2
    widget.store.close()
    assert _contents(path)[2][-1][6] == '"1925"'


def test_another_kernels_lock_is_not_waited_for(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    _store_with_an_answer(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kernel in the middle of a write
    try:
        start = time.monotonic()
        widget = QuizWidget(quiz, store=ProgressStore(path))
        assert time.monotonic() - start < 15, "the store's 30 s lock timeout was waited out"
        assert widget.store_error == ""
        assert widget.saved["answers"]["year"]["answer"] == "1921"
    finally:
        other.execute("ROLLBACK")
        other.close()
    # the wait for a lock is back for the answers themselves
    conn = widget.store._conn
    assert conn is not None
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 2}
    assert widget.unsaved == 0


def test_no_store_yet_is_not_made_by_showing_a_quiz(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    QuizWidget(quiz, store=ProgressStore(path))
    assert not path.exists()
