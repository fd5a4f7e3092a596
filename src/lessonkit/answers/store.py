"""The progress store: one SQLite file of every answer a student checked.

The file lives in the user data directory (``platformdirs``) or in ``$LESSONKIT_HOME``.
Each answer is one INSERT, its own transaction (WAL journal, busy timeout), so two
kernels writing at once lose nothing and a killed process leaves a consistent file.
Attempt numbers are not stored: they follow from the order of the rows and are
computed when the answers are read.

A store is opened (and checked, see :mod:`.storefile`) once, on first use, and its one
connection is shared by the threads that use it, one at a time. A store this process may
not write is read; writing to it, like any write that fails (a full disk, an I/O error),
raises a :class:`~lessonkit.errors.ProgressFileError` that says so, and changes nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ProgressFileError
from .records import AnswerRecord, QuizSummary, default_store_path, now
from .storeerrors import StoreMovedAside, is_damage, store_error
from .storefile import APPLICATION_ID, WAIT_MS, open_store, prove_damaged, refuse, writable

__all__ = [
    "APPLICATION_ID",
    "AnswerRecord",
    "ProgressStore",
    "QuizSummary",
    "StoreMovedAside",
    "default_store_path",
]

T = TypeVar("T")
_BATCH = 2000  # rows fetched at a time when streaming
#: A stored row: recorded_at, quiz_id, quiz_version, quiz_title, question_id, answer as
#: JSON text, verdict, score, attempt.
Row = tuple[str, str, int, str, str, str, str, "float | None", int]


# Per quiz, over the last answer to each question; the title is the one of the latest
# of those answers that has one (the quiz may have been renamed).
_SUMMARY = """
WITH last AS (
    SELECT quiz_id, max(id) AS id, count(*) AS checks
    FROM answers GROUP BY quiz_id, question_id
), quiz AS (
    SELECT last.quiz_id, count(*) AS answered, sum(a.verdict = 'correct') AS correct,
           total(a.score) AS score, count(a.score) AS graded, sum(last.checks) AS checks,
           max(CASE WHEN a.quiz_title != '' THEN a.id END) AS titled
    FROM last JOIN answers AS a ON a.id = last.id
    GROUP BY last.quiz_id
)
SELECT quiz.quiz_id, (SELECT quiz_title FROM answers WHERE id = quiz.titled), answered,
       correct, score, graded, checks
FROM quiz ORDER BY quiz.quiz_id
"""


class ProgressStore:
    """Read and write the progress store at ``path`` (default: :func:`default_store_path`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._read_only = True
        self._file: tuple[int, int] | None = None

    def close(self) -> None:
        """Close the connection (the store is opened, and checked, again on next use)."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
            self._conn = None
            self._file = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the connection --------------------------------------------------------------------

    def _identity(self) -> tuple[int, int] | None:
        try:
            info = self.path.stat()
        except OSError:
            return None
        return (info.st_dev, info.st_ino)

    def _open(self, *, write: bool) -> sqlite3.Connection | None:
        """The checked connection (None: no store yet, and ``write`` is false).

        Reopened when another process replaced the file (moved it aside), and when a
        read-only store has become writable.
        """
        if self._conn is not None:
            replaced = self._identity() != self._file
            unlocked = write and self._read_only and writable(self.path)
            if not (replaced or unlocked):
                return self._conn
            self.close()
        conn, read_only = open_store(self.path, create=write)
        self._conn, self._read_only = conn, read_only
        self._file = self._identity() if conn is not None else None
        return conn

    def _failed(self, what: str, exc: sqlite3.Error) -> ProgressFileError:
        """The error for a failed operation; a store proven damaged is moved aside first."""
        if is_damage(exc) and self._conn is not None:
            try:
                found = prove_damaged(self._conn)
            except sqlite3.Error:
                found = None
            if found is not None:
                self.close()
                return refuse(self.path, "corrupt", f"damaged ({found})")
        return store_error(self.path, what, exc)

    def _write(self, what: str, sql: str, parameters: tuple[Any, ...]) -> int:
        with self._lock:
            conn = self._open(write=True)
            if conn is None or self._read_only:
                folder = os.access(self.path.parent, os.W_OK | os.X_OK)
                raise ProgressFileError(
                    f"{what}: the progress store is read-only"
                    if folder
                    else f"{what}: the folder of the progress store is read-only",
                    path=str(self.path),
                    hint="make it writable, or set LESSONKIT_HOME (or --store) to a folder"
                    " you can write to",
                )
            try:
                return int(conn.execute(sql, parameters).lastrowid or 0)
            except sqlite3.Error as exc:
                raise self._failed(what, exc) from None

    def _read(self, what: str, read: Callable[[sqlite3.Connection], T], empty: T) -> T:
        with self._lock:
            conn = self._open(write=False)
            if conn is None:
                return empty
            try:
                return read(conn)
            except sqlite3.Error as exc:
                raise self._failed(what, exc) from None

    # -- writing -----------------------------------------------------------------------------

    def record(
        self,
        *,
        quiz_id: str,
        quiz_version: int,
        question_id: str,
        answer: Any,
        verdict: str,
        score: float | None,
        quiz_title: str = "",
        recorded_at: str | None = None,
    ) -> int:
        """Append one checked answer; return its row id (its attempt number is derived on read).

        ``recorded_at`` is when the answer was checked (default: now), for an answer
        kept while the store could not be written.
        """
        return self._write(
            "the answer was not saved",
            "INSERT INTO answers (recorded_at, quiz_id, quiz_version, quiz_title, question_id,"
            " answer, verdict, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                recorded_at or now(),
                quiz_id,
                int(quiz_version),
                quiz_title,
                question_id,
                json.dumps(answer, ensure_ascii=False),
                verdict,
                score,
            ),
        )

    def set_setting(self, key: str, value: str) -> None:
        """Save a setting."""
        self._write(
            f"the {key} setting was not saved",
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
            " SET value=excluded.value",
            (key, value),
        )

    def start_log(self) -> None:
        """Start the store's write-ahead log now, so that the next answer does not wait
        for the disk: SQLite syncs a new log's header once, on its first write.

        It rewrites the layout number with its own value, in one transaction that
        changes nothing. It does not wait for another kernel's lock; a store that does
        not exist yet or cannot be written is left alone (the next answer says why).
        """
        with self._lock:
            conn = self._conn
            if conn is None or self._read_only:
                return
            try:
                conn.execute("PRAGMA busy_timeout=0")
                conn.execute("BEGIN IMMEDIATE")
                version = int(conn.execute("PRAGMA user_version").fetchone()[0])
                conn.execute(f"PRAGMA user_version={version}")
                conn.execute("COMMIT")
            except sqlite3.Error:
                pass  # busy, full, read-only: the next answer meets it, and says so
            finally:
                with contextlib.suppress(sqlite3.Error):
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    conn.execute(f"PRAGMA busy_timeout={WAIT_MS}")

    # -- reading -----------------------------------------------------------------------------

    def get_setting(self, key: str) -> str | None:
        """A saved setting (such as the student's name), or None."""

        def read(conn: sqlite3.Connection) -> str | None:
            row = conn.execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
            return None if row is None else str(row[0])

        return self._read("the settings could not be read", read, None)

    def rows(self, quiz_id: str | None = None) -> Iterator[Row]:
        """Every stored answer (to quiz ``quiz_id`` only, when given), oldest first, as
        rows with the answer as JSON text; streamed, a batch at a time."""
        what = "the saved answers could not be read"
        where, parameters = ("WHERE quiz_id = ? ", (quiz_id,)) if quiz_id is not None else ("", ())
        cursor = self._read(
            what,
            lambda conn: conn.execute(
                "SELECT recorded_at, quiz_id, quiz_version, quiz_title, question_id, answer,"
                f" verdict, score FROM answers {where}ORDER BY id",
                parameters,
            ),
            None,
        )
        if cursor is None:
            return
        attempts: dict[tuple[str, str], int] = {}
        while True:
            with self._lock:
                try:
                    batch = cursor.fetchmany(_BATCH)
                except sqlite3.Error as exc:
                    raise self._failed(what, exc) from None
            if not batch:
                return
            for r in batch:
                key = (r[1], r[4])
                attempt = attempts[key] = attempts.get(key, 0) + 1
                yield (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], attempt)

    def iter_records(self, quiz_id: str | None = None) -> Iterator[AnswerRecord]:
        """Every recorded answer (to quiz ``quiz_id`` only, when given), oldest first."""
        for r in self.rows(quiz_id):
            yield AnswerRecord(r[0], r[1], r[2], r[4], json.loads(r[5]), r[6], r[7], r[8], r[3])

    def records(self, quiz_id: str | None = None) -> list[AnswerRecord]:
        """:meth:`iter_records` as a list."""
        return list(self.iter_records(quiz_id))

    def latest_answers(self, quiz_id: str, quiz_version: int) -> dict[str, dict[str, Any]]:
        """The last answer to each question of one quiz version: ``{question id: {answer,
        verdict, attempt}}`` (attempt counts every check of the question)."""

        def read(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
            found: dict[str, dict[str, Any]] = {}
            last = conn.execute(
                "SELECT a.question_id, a.quiz_version, a.answer, a.verdict, l.checks"
                " FROM (SELECT max(id) AS id, count(*) AS checks FROM answers"
                " WHERE quiz_id = ? GROUP BY question_id) AS l"
                " JOIN answers AS a ON a.id = l.id",
                (quiz_id,),
            ).fetchall()
            for question_id, version, answer, verdict, checks in last:
                if version != quiz_version:  # answered in another version since
                    row = conn.execute(
                        "SELECT a.answer, a.verdict, (SELECT count(*) FROM answers"
                        " WHERE quiz_id = ?1 AND question_id = ?2 AND id <= a.id)"
                        " FROM answers AS a WHERE a.id = (SELECT max(id) FROM answers"
                        " WHERE quiz_id = ?1 AND question_id = ?2 AND quiz_version = ?3)",
                        (quiz_id, question_id, quiz_version),
                    ).fetchone()
                    if row is None:
                        continue
                    answer, verdict, checks = row
                found[question_id] = {
                    "answer": json.loads(answer),
                    "verdict": verdict,
                    "attempt": checks,
                }
            return found

        return self._read("the saved answers could not be read", read, {})

    def summary(self) -> list[QuizSummary]:
        """Per quiz: the last answer to each question, and every check, counted by SQLite."""

        def read(conn: sqlite3.Connection) -> list[QuizSummary]:
            return [
                QuizSummary(r[0], r[1] or "", r[2], r[3] or 0, r[4], r[5], r[6])
                for r in conn.execute(_SUMMARY)
            ]

        return self._read("the saved answers could not be read", read, [])
