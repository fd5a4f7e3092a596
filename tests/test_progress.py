"""The progress store under concurrency, kill -9, corrupt and foreign files; hand-in files."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from lessonkit.answers import ProgressStore
from lessonkit.answers.handin import build_handin, read_handin, write_handin
from lessonkit.cli import main
from lessonkit.errors import ProgressFileError

WRITER = """
import sys
from lessonkit.answers import ProgressStore
store = ProgressStore(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.record(quiz_id="q", quiz_version=1, question_id=sys.argv[2], answer=i,
                 verdict="incorrect", score=0.0)
"""


def _spawn(store: Path, question: str, count: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(store), question, str(count)])


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    ProgressStore(store).record(
        quiz_id="q", quiz_version=1, question_id="warm", answer=0, verdict="correct", score=1.0
    )
    writers = [_spawn(store, "shared", 150), _spawn(store, "shared", 150)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    records = [r for r in ProgressStore(store).records() if r.question_id == "shared"]
    assert len(records) == 300
    assert sorted(r.attempt for r in records) == list(range(1, 301))  # attempts never collide


def test_kill_9_leaves_a_consistent_store(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    ProgressStore(store).record(
        quiz_id="q", quiz_version=1, question_id="x", answer=0, verdict="correct", score=1.0
    )
    writer = _spawn(store, "x", 100000)
    deadline = time.monotonic() + 60
    while len(ProgressStore(store).records()) < 50 and time.monotonic() < deadline:
        time.sleep(0.05)  # until the writer is busy writing (a loaded machine is slow)
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    conn = sqlite3.connect(store)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    records = ProgressStore(store).records()
    assert len(records) > 1
    assert [r.attempt for r in records] == list(range(1, len(records) + 1))
    ProgressStore(store).record(
        quiz_id="q", quiz_version=1, question_id="x", answer=1, verdict="correct", score=1.0
    )
    assert len(ProgressStore(store).records()) == len(records) + 1


def test_corrupt_file_is_moved_aside_never_overwritten(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    store.write_bytes(b"my homework, not a database\n")
    with pytest.raises(ProgressFileError) as info:
        ProgressStore(store).records()
    message = str(info.value)
    assert message.startswith(f"{store}: the progress store is not an SQLite database")
    (moved,) = tmp_path.glob("progress.sqlite.corrupt-*")
    assert moved.read_bytes() == b"my homework, not a database\n"
    assert moved.name in message
    ProgressStore(store).record(
        quiz_id="q", quiz_version=1, question_id="a", answer=1, verdict="correct", score=1.0
    )
    assert len(ProgressStore(store).records()) == 1


def test_damaged_database_is_moved_aside(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    for i in range(50):
        ProgressStore(store).record(
            quiz_id="q",
            quiz_version=1,
            question_id=f"q{i}",
            answer="x" * 500,
            verdict="correct",
            score=1.0,
        )
    conn = sqlite3.connect(store)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(store.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # smash a page of the table
    store.write_bytes(bytes(data))
    with pytest.raises(ProgressFileError, match="damaged"):
        ProgressStore(store).records()
    assert list(tmp_path.glob("progress.sqlite.corrupt-*"))


def test_foreign_sqlite_file_is_not_touched(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    conn = sqlite3.connect(store)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('borscht')")
    conn.commit()
    conn.close()
    with pytest.raises(ProgressFileError, match="another program wrote"):
        ProgressStore(store).records()
    (moved,) = tmp_path.glob("progress.sqlite.foreign-*")
    assert sqlite3.connect(moved).execute("SELECT name FROM recipes").fetchone() == ("borscht",)


def test_lessonkit_home_chooses_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONKIT_HOME", str(tmp_path / "home"))
    ProgressStore().record(
        quiz_id="q", quiz_version=1, question_id="a", answer=1, verdict="correct", score=1.0
    )
    assert (tmp_path / "home" / "progress.sqlite").is_file()


def test_export_responses_cli_json_and_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LESSONKIT_HOME", str(tmp_path))
    store = ProgressStore()
    store.record(
        quiz_id="three-voices",
        quiz_version=2,
        question_id="who",
        answer="np",
        verdict="correct",
        score=1.0,
        quiz_title="Three voices",
    )
    store.record(
        quiz_id="three-voices",
        quiz_version=2,
        question_id="why",
        answer="Because …",
        verdict="submitted",
        score=None,
        quiz_title="Three voices",
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["export-responses", "-o", str(tmp_path / "a.json")]) == 1
    assert "run again with --student" in capsys.readouterr().err
    assert main(["export-responses", "-o", str(tmp_path / "a.json"), "--student", "Ann"]) == 0
    assert main(["export-responses", "-o", str(tmp_path / "a.csv")]) == 0  # the name was saved
    document = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert document["student"] == "Ann"
    assert document["quizzes"] == [
        {"quiz_id": "three-voices", "quiz_version": 2, "title": "Three voices"}
    ]
    assert document["lessonkit_version"] == "0.1.0"
    from_csv = read_handin(tmp_path / "a.csv")
    assert from_csv["student"] == "Ann"
    assert [r["answer"] for r in from_csv["responses"]] == ["np", "Because …"]
    assert main(["progress"]) == 0
    assert "Three voices" in capsys.readouterr().out


def test_handin_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_text("precious", encoding="utf-8")
    with pytest.raises(ProgressFileError, match="already exists"):
        write_handin(build_handin([], "Ann", version="0.1.0"), path)
    assert path.read_text(encoding="utf-8") == "precious"


CREATOR = """
import sys, time
from lessonkit.answers import ProgressStore
start = float(sys.argv[3])
while time.time() < start:
    pass
ProgressStore(sys.argv[1]).record(quiz_id="q", quiz_version=1, question_id=sys.argv[2], answer=1,
                                  verdict="correct", score=1.0)
"""


def test_many_kernels_creating_a_new_store_at_once_lose_nothing(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    start = time.time() + 1.5
    creators = [
        subprocess.Popen([sys.executable, "-c", CREATOR, str(store), f"q{i}", str(start)])
        for i in range(6)
    ]
    assert [c.wait(timeout=120) for c in creators] == [0] * 6
    assert sorted(r.question_id for r in ProgressStore(store).records()) == [
        f"q{i}" for i in range(6)
    ]
    assert sorted(
        p.name for p in tmp_path.iterdir() if not p.name.startswith("progress.sqlite-")
    ) == ["progress.sqlite"]  # nothing moved aside, no temporary files left


def test_an_empty_sqlite_file_becomes_a_store(tmp_path: Path) -> None:
    store = tmp_path / "progress.sqlite"
    sqlite3.connect(store).execute("PRAGMA user_version=0").close()
    ProgressStore(store).record(
        quiz_id="q", quiz_version=1, question_id="a", answer=1, verdict="correct", score=1.0
    )
    assert len(ProgressStore(store).records()) == 1
    assert list(tmp_path.glob("*.foreign-*")) == []
