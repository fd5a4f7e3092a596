"""The progress store under real faults: a full disk (a file size limit), read-only
folders and files (as a user without override rights), a file that is not a folder,
another layout, a newer layout, kill -9. A store is moved aside only when it is proven
not to be a healthy lessonkit store; a failed write says so and keeps the answer."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from faults import (
    in_child,
    lift_file_size_limit,
    make_read_only,
    open_to_all,
    shared_folder,
    snapshot,
)

from lessonkit.answers import ProgressStore
from lessonkit.answers.handin import read_handin
from lessonkit.answers.records import now
from lessonkit.cli import main
from lessonkit.errors import ProgressFileError
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz.from_yaml(
        HERE / "quizzes" / "all-types.yaml", datasets=HERE / "quizzes" / "datasets"
    )


def fill(path: Path, count: int = 3) -> None:
    """A healthy store with ``count`` answers to the all-types quiz, closed cleanly."""
    with ProgressStore(path) as store:
        for n in range(count):
            store.record(
                quiz_id="all-types",
                quiz_version=2,
                question_id="year",
                answer=str(1920 + n),
                verdict="incorrect",
                score=0.0,
                quiz_title="All nine question types",
            )


def cli(*args: str) -> dict[str, Any]:
    """``lessonkit <args>`` in this process: exit status, standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return {"status": status, "out": out.getvalue(), "err": err.getvalue()}


def one_clear_line(text: str) -> str:
    """The single line of an error message in the form ``place: problem. Fix: hint``."""
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Fix: " in lines[0], text
    return lines[0]


def moved_aside(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".corrupt-" in p.name or "-20" in p.name)


# ------------------------------------------------------------------------- full disk


def test_a_full_disk_keeps_the_answers_and_says_so(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    fill(path)
    keeper = ProgressStore(path)  # a kernel that has the store open: its WAL index exists
    keeper.records()

    def work() -> dict[str, Any]:
        widget = QuizWidget(quiz, store=ProgressStore(path))
        restored = widget.saved["answers"]["year"]
        widget.submission = {"question_id": "year", "answer": "1926", "attempt": 4}
        first = (widget.results["year"]["verdict"], widget.unsaved, widget.store_error)
        widget.submission = {"question_id": "which-typed", "answer": "a", "attempt": 1}
        second = (widget.unsaved, len(ProgressStore(path).records()))
        progress = cli("progress", "--store", str(path))  # reading still works
        time.sleep(0.01)
        retried_at = now()
        lift_file_size_limit()  # space was freed
        widget._on_message(widget, {"type": "retry"}, [])
        return {
            "restored": restored,
            "first": first,
            "second": second,
            "progress": progress,
            "after": (widget.unsaved, widget.store_error),
            "saved": widget.saved["answers"]["year"],
            "retried_at": retried_at,
        }

    seen = in_child(work, file_size=0)
    assert seen["restored"] == {"answer": "1922", "verdict": "incorrect", "attempt": 3}
    verdict, unsaved, error = seen["first"]
    assert (verdict, unsaved) == ("correct", 1)
    assert error.startswith(f"{path}: the answer was not saved: the disk could not be written")
    assert "Fix: free some space" in error
    assert seen["second"] == [2, 3], "kept in memory, in order; the store is unchanged"
    assert seen["progress"]["status"] == 0
    assert "All nine question types" in seen["progress"]["out"]
    assert seen["after"] == [0, ""]
    assert seen["saved"] == {"answer": "1926", "verdict": "correct", "attempt": 4}
    keeper.close()
    records = ProgressStore(path).records()
    assert [(r.question_id, r.answer, r.attempt) for r in records] == [
        ("year", "1920", 1),
        ("year", "1921", 2),
        ("year", "1922", 3),
        ("year", "1926", 4),
        ("which-typed", "a", 1),
    ]
    assert records[4].recorded_at < seen["retried_at"], "the time of the check is kept"
    assert moved_aside(tmp_path) == []


def test_a_store_opened_on_a_full_disk_is_not_moved_aside(tmp_path: Path) -> None:
    """Opening needs to write (the WAL index): a full disk is an error, not damage."""
    path = tmp_path / "progress.sqlite"
    fill(path)
    before = snapshot(tmp_path)

    def work() -> dict[str, Any]:
        return {
            "progress": cli("progress", "--store", str(path)),
            "export": cli(
                "export-responses",
                "--store",
                str(path),
                "--student",
                "Ann",
                "-o",
                str(tmp_path / "ann.json"),
            ),
        }

    seen = in_child(work, file_size=0)
    for name in ("progress", "export"):
        assert seen[name]["status"] == 1
        line = one_clear_line(seen[name]["err"])
        assert line.startswith(f"{path}: the progress store cannot be opened: the disk could")
    assert "No answers recorded yet" not in seen["progress"]["out"]
    assert path.read_bytes() == before["progress.sqlite"], "nothing changed"
    assert moved_aside(tmp_path) == [] and not (tmp_path / "ann.json").exists()
    assert len(ProgressStore(path).records()) == 3


def test_sqlite_reporting_a_full_disk(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    fill(path, 1)
    store = ProgressStore(path)
    pages = store._open(write=True).execute("PRAGMA page_count").fetchone()[0]  # type: ignore[union-attr]
    store._open(write=True).execute(f"PRAGMA max_page_count={pages}")  # type: ignore[union-attr]
    with pytest.raises(ProgressFileError) as info:
        for n in range(500):
            store.record(
                quiz_id="q",
                quiz_version=1,
                question_id=f"q{n}",
                answer="x" * 400,
                verdict="correct",
                score=1.0,
            )
    assert str(info.value) == (
        f"{path}: the answer was not saved: the disk is full. Fix: free some space on the disk."
    )
    store.close()
    assert moved_aside(tmp_path) == []
    assert len(ProgressStore(path).records()) > 1


# -------------------------------------------------------------- unusable LESSONKIT_HOME


def test_lessonkit_home_that_is_a_file(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.write_text("my notes", encoding="utf-8")
    monkeypatch.setenv("LESSONKIT_HOME", str(home))
    expected = (
        f"{home}: the folder of the progress store is a file, not a folder. Fix: move that"
        " file away, or set LESSONKIT_HOME (or --store) to a folder you can write to."
    )
    for command in (["progress"], ["export-responses", "-o", str(tmp_path / "a.json")]):
        assert main(command) == 1
        assert one_clear_line(capsys.readouterr().err) == expected
    monkeypatch.setenv("LESSONKIT_HOME", str(home / "deeper"))
    assert main(["progress"]) == 1
    assert one_clear_line(capsys.readouterr().err) == expected

    widget = QuizWidget(quiz)
    widget.submission = {"question_id": "year", "answer": "1926", "attempt": 1}
    assert widget.results["year"]["verdict"] == "correct"
    assert (widget.unsaved, widget.store_error) == (1, expected)
    assert home.read_text(encoding="utf-8") == "my notes"


@pytest.fixture
def folder() -> Any:
    with shared_folder() as root:
        yield root


def test_read_only_folder_with_a_store(quiz: Quiz, folder: Path) -> None:
    home = folder / "home"
    home.mkdir()
    fill(home / "progress.sqlite")
    out = folder / "out"
    out.mkdir()
    open_to_all(out)
    make_read_only(home)
    before = snapshot(home)
    path = home / "progress.sqlite"

    def work() -> dict[str, Any]:
        widget = QuizWidget(quiz, store=ProgressStore(path))
        widget.submission = {"question_id": "year", "answer": "1926", "attempt": 4}
        return {
            "writable": os.access(home, os.W_OK),
            "saved": widget.saved["answers"]["year"],
            "widget": (widget.unsaved, widget.store_error),
            "progress": cli("progress", "--store", str(path)),
            "export": cli(
                "export-responses",
                "--store",
                str(path),
                "--student",
                "Ann",
                "-o",
                str(out / "ann.json"),
            ),
        }

    seen = in_child(work, unprivileged=True)
    assert seen["writable"] is False
    assert seen["saved"] == {"answer": "1926", "verdict": "correct", "attempt": 4}
    assert seen["widget"] == [
        1,
        f"{path}: the answer was not saved: the folder of the progress store is read-only."
        " Fix: make it writable, or set LESSONKIT_HOME (or --store) to a folder you can"
        " write to.",
    ]
    assert seen["progress"]["status"] == 0 and seen["progress"]["err"] == ""
    assert "All nine question types" in seen["progress"]["out"]
    assert seen["export"]["status"] == 0
    assert "the student setting was not saved" in seen["export"]["err"]
    assert [r["answer"] for r in read_handin(out / "ann.json")["responses"]] == [
        "1920",
        "1921",
        "1922",
    ]
    assert snapshot(home) == before


def test_read_only_folder_after_a_killed_writer(folder: Path) -> None:
    """The WAL of a killed kernel is still there: the reader sees its answers."""
    home = folder / "home"
    home.mkdir()
    path = home / "progress.sqlite"
    fill(path, 1)
    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, os\nfrom lessonkit.answers import ProgressStore\n"
            "s = ProgressStore(sys.argv[1])\n"
            "s.record(quiz_id='q', quiz_version=1, question_id='a', answer=1,"
            " verdict='correct', score=1.0)\n"
            "os.kill(os.getpid(), 9)\n",
            str(path),
        ]
    )
    assert writer.wait(timeout=60) == -signal.SIGKILL
    assert Path(f"{path}-wal").stat().st_size > 0
    make_read_only(home)
    for side in home.iterdir():
        make_read_only(side)
    before = snapshot(home)

    seen = in_child(lambda: cli("progress", "--store", str(path)), unprivileged=True)
    assert seen["status"] == 0, seen["err"]
    assert "All nine question types" in seen["out"] and "\nq " in seen["out"]
    assert snapshot(home) == before


def test_read_only_store_in_a_writable_folder(quiz: Quiz, folder: Path) -> None:
    home = folder / "home"
    home.mkdir()
    path = home / "progress.sqlite"
    fill(path)
    make_read_only(path)
    open_to_all(home)
    before = path.read_bytes()

    def work() -> dict[str, Any]:
        widget = QuizWidget(quiz, store=ProgressStore(path))
        widget.submission = {"question_id": "year", "answer": "1926", "attempt": 4}
        return {
            "restored": widget.saved is not None,
            "widget": (widget.unsaved, widget.store_error),
            "records": len(ProgressStore(path).records()),
        }

    seen = in_child(work, unprivileged=True)
    assert seen["restored"] and seen["records"] == 3
    assert seen["widget"] == [
        1,
        f"{path}: the answer was not saved: the progress store is read-only. Fix: make it"
        " writable, or set LESSONKIT_HOME (or --store) to a folder you can write to.",
    ]
    assert path.read_bytes() == before
    assert moved_aside(home) == []


def test_read_only_folder_without_a_store(quiz: Quiz, folder: Path) -> None:
    home = folder / "home"
    home.mkdir()
    make_read_only(home)
    path = home / "progress.sqlite"

    def work() -> dict[str, Any]:
        widget = QuizWidget(quiz, store=ProgressStore(path))
        widget.submission = {"question_id": "year", "answer": "1926", "attempt": 1}
        return {
            "progress": cli("progress", "--store", str(path)),
            "widget": (widget.unsaved, widget.store_error),
        }

    seen = in_child(work, unprivileged=True)
    assert seen["progress"]["out"].startswith("No answers recorded yet")
    assert seen["widget"] == [
        1,
        f"{home}: the progress store cannot be created: the folder is read-only. Fix: set"
        " LESSONKIT_HOME (or --store) to a folder you can write to.",
    ]
    assert list(home.iterdir()) == []


def test_damaged_store_in_a_read_only_folder(folder: Path) -> None:
    home = folder / "home"
    home.mkdir()
    path = home / "progress.sqlite"
    path.write_bytes(b"not a database at all" * 10)
    make_read_only(home)

    seen = in_child(lambda: cli("progress", "--store", str(path)), unprivileged=True)
    assert seen["status"] == 1
    assert one_clear_line(seen["err"]) == (
        f"{path}: the progress store is not an SQLite database (damaged or another kind of"
        " file), and it cannot be moved aside (Permission denied). Fix: move the file away"
        " yourself (nothing was changed in it), or set LESSONKIT_HOME (or --store) to a"
        " folder you can write to."
    )
    assert path.read_bytes() == b"not a database at all" * 10


# ---------------------------------------------------------------- checks before changes


def test_another_layout_is_moved_aside_unchanged(tmp_path: Path) -> None:
    """lessonkit's application id, but other tables: moved aside before any write (the
    journal mode included, which lives in the header)."""
    path = tmp_path / "progress.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id=1280005169")  # 0x4C4B5431
    conn.execute("CREATE TABLE answers (who TEXT, what TEXT)")
    conn.execute("INSERT INTO answers VALUES ('Ann', 'an essay')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProgressFileError) as info:
        ProgressStore(path).records()
    assert "a lessonkit store of an unknown layout (its answers table lacks" in str(info.value)
    (moved,) = tmp_path.glob("progress.sqlite.layout-*")
    assert moved.read_bytes() == before
    assert before[18:20] == b"\x01\x01", "still a rollback-journal file, never switched to WAL"


def test_a_newer_layout_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    fill(path, 1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=7")
    conn.close()
    before = snapshot(tmp_path)
    assert cli("progress", "--store", str(path))["status"] == 1
    with pytest.raises(ProgressFileError, match="written by a newer lessonkit"):
        ProgressStore(path).records()
    assert snapshot(tmp_path) == before


def count_rows(path: Path) -> int:
    """How many answers another connection sees in the store now."""
    with contextlib.closing(sqlite3.connect(path, timeout=30)) as conn:
        return int(conn.execute("SELECT count(*) FROM answers").fetchone()[0])


def test_killed_writers_never_get_the_store_moved_aside(tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    fill(path, 1)
    script = (
        "import sys\nfrom lessonkit.answers import ProgressStore\n"
        "s = ProgressStore(sys.argv[1])\n"
        "for i in range(100000):\n"
        "    s.record(quiz_id='q', quiz_version=1, question_id='k', answer=i,"
        " verdict='correct', score=1.0)\n"
    )
    seen = 0
    for _round in range(3):
        writer = subprocess.Popen([sys.executable, "-c", script, str(path)])
        deadline = time.monotonic() + 60
        while count_rows(path) < seen + 1 + 50 and time.monotonic() < deadline:
            time.sleep(0.05)  # until the writer is busy writing (a loaded machine is slow)
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        kept = [r.answer for r in ProgressStore(path).records() if r.question_id == "k"]
        assert len(kept) > seen
        assert kept[seen:] == list(range(len(kept) - seen)), "every committed answer, in order"
        seen = len(kept)
    assert moved_aside(tmp_path) == []


def test_a_second_store_in_one_process_writes_where_other_processes_read(tmp_path: Path) -> None:
    """Two widgets of one kernel hold two connections to one file. Opening the second must
    not open and close the file itself: that releases the process's POSIX locks, another
    process then takes itself for the last user, deletes the WAL, and what the kernel
    writes next goes to a deleted file."""
    path = tmp_path / "progress.sqlite"
    count = "import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT count(*) FROM answers').fetchone()[0])"

    def seen_elsewhere() -> int:
        result = subprocess.run(
            [sys.executable, "-c", count, str(path)], capture_output=True, text=True, check=True
        )
        return int(result.stdout)

    first = ProgressStore(path)
    fill(path, 0)
    first.record(
        quiz_id="q", quiz_version=1, question_id="a", answer=1, verdict="correct", score=1.0
    )
    assert seen_elsewhere() == 1
    second = ProgressStore(path)
    assert second.latest_answers("q", 1)["a"]["attempt"] == 1
    assert seen_elsewhere() == 1
    second.record(
        quiz_id="q", quiz_version=1, question_id="a", answer=2, verdict="correct", score=1.0
    )
    first.record(
        quiz_id="q", quiz_version=1, question_id="a", answer=3, verdict="correct", score=1.0
    )
    assert seen_elsewhere() == 3
    first.close()
    second.close()
