"""The progress store: one SQLite file of every answer a student checked.

The file lives in the user data directory (``platformdirs``) or in ``$LESSONKIT_HOME``.
Each answer is one INSERT, its own transaction (WAL journal, busy timeout), so two
kernels writing at once lose nothing and a killed process leaves a consistent file.
Attempt numbers are not stored: they follow from the order of the rows and are
computed when the answers are read. A file that is not a
lessonkit store (corrupt, or another program's) is moved aside, never overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .._context import Context, current
from ..errors import ProgressFileError

__all__ = ["APPLICATION_ID", "AnswerRecord", "ProgressStore", "default_store_path"]

APPLICATION_ID = 0x4C4B5431  # "LKT1" in the SQLite header: marks the file as ours
SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id           INTEGER PRIMARY KEY,
    recorded_at  TEXT    NOT NULL,
    quiz_id      TEXT    NOT NULL,
    quiz_version INTEGER NOT NULL,
    quiz_title   TEXT    NOT NULL DEFAULT '',
    question_id  TEXT    NOT NULL,
    answer       TEXT    NOT NULL,
    verdict      TEXT    NOT NULL,
    score        REAL
);
CREATE INDEX IF NOT EXISTS answers_by_question ON answers (quiz_id, question_id);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def default_store_path(context: Context | None = None) -> Path:
    """``progress.sqlite`` in the context's home (``$LESSONKIT_HOME``), else in the
    platform's user data directory."""
    home = (context or current()).home
    if home is not None:
        return home / "progress.sqlite"
    from platformdirs import user_data_path

    return user_data_path("lessonkit", appauthor=False) / "progress.sqlite"


@dataclass(frozen=True)
class AnswerRecord:
    """One checked answer."""

    recorded_at: str
    quiz_id: str
    quiz_version: int
    question_id: str
    answer: Any
    verdict: str
    score: float | None
    attempt: int
    quiz_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data."""
        return asdict(self)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


class ProgressStore:
    """Read and write the progress store at ``path`` (default: :func:`default_store_path`)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_store_path()
        # One connection per thread: an sqlite3 connection works only in the thread that
        # opened it, and Jupyter kernels handle widget messages in other threads.
        self._local = threading.local()

    def close(self) -> None:
        """Close this thread's connection (it reopens, and re-checks the file, on next use)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _connection(self) -> sqlite3.Connection:
        """This thread's open, checked connection; reopened if the file was moved or deleted."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None and self.path.exists():
            return conn
        self.close()
        conn = self.connect()
        self._local.conn = conn
        return conn

    # -- opening -------------------------------------------------------------------------

    def _move_aside(self, reason: str) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.path.with_name(f"{self.path.name}.{reason}-{stamp}")
        n = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.{reason}-{stamp}-{n}")
            n += 1
        self.path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = Path(str(self.path) + suffix)
            if side.exists():
                side.rename(Path(str(target) + suffix))
        return target

    def _refuse(self, reason: str, detail: str) -> ProgressFileError:
        moved = self._move_aside(reason)
        return ProgressFileError(
            f"the progress store is {detail}; it was moved to {moved.name} and a new store "
            "will be started",
            path=str(self.path),
            hint=f"nothing was overwritten: keep {moved} if you need its answers, or delete it",
        )

    def _create(self) -> None:
        """Create a new store atomically: built in a temporary file, then linked into place.

        Another process never sees a half-made store; if two create one at the same moment,
        the first link wins and the other simply opens it.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}-{threading.get_ident()}.new")
        try:
            conn = sqlite3.connect(tmp, isolation_level=None)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.executescript(_SCHEMA)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.close()
            if self.path.exists() and self.path.stat().st_size == 0:
                self.path.unlink(missing_ok=True)  # an empty file holds nothing to keep
            with contextlib.suppress(FileExistsError):  # another kernel was first: use theirs
                os.link(tmp, self.path)
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)

    def connect(self) -> sqlite3.Connection:
        """Open (creating if needed) and check the store; return a connection."""
        if not (self.path.exists() and self.path.stat().st_size > 0):
            self._create()
        with self.path.open("rb") as handle:
            header = handle.read(16)
        if header != b"SQLite format 3\x00":
            raise self._refuse(
                "corrupt", "not an SQLite database (damaged or another kind of file)"
            )
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout=30000")
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            if app_id != APPLICATION_ID:
                tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if tables:
                    conn.close()
                    raise self._refuse("foreign", "an SQLite file that another program wrote")
                # an empty SQLite file holds nothing of anyone's: make it a store
                conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            elif conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                conn.close()
                raise self._refuse("corrupt", "damaged (SQLite integrity check failed)")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
        except sqlite3.OperationalError as exc:
            conn.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise ProgressFileError(
                    "the progress store is busy (another program holds it locked)",
                    path=str(self.path),
                    hint="try again in a moment; nothing was changed",
                ) from None
            raise self._refuse("corrupt", f"damaged ({exc})") from None
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise self._refuse("corrupt", f"damaged ({exc})") from None
        return conn

    # -- writing and reading -------------------------------------------------------------

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
    ) -> int:
        """Append one checked answer; return its row id (its attempt number is derived on read)."""
        cursor = self._connection().execute(
            "INSERT INTO answers (recorded_at, quiz_id, quiz_version, quiz_title, question_id,"
            " answer, verdict, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                _now(),
                quiz_id,
                int(quiz_version),
                quiz_title,
                question_id,
                json.dumps(answer, ensure_ascii=False),
                verdict,
                score,
            ),
        )
        return int(cursor.lastrowid or 0)

    def records(self, quiz_id: str | None = None) -> list[AnswerRecord]:
        """Every recorded answer (to quiz ``quiz_id`` only, when given), oldest first."""
        if not self.path.exists():
            return []
        where, parameters = ("WHERE quiz_id = ? ", (quiz_id,)) if quiz_id is not None else ("", ())
        rows = (
            self._connection()
            .execute(
                "SELECT recorded_at, quiz_id, quiz_version, question_id, answer, verdict, score,"
                " ROW_NUMBER() OVER (PARTITION BY quiz_id, question_id ORDER BY id), quiz_title"
                f" FROM answers {where}ORDER BY id",
                parameters,
            )
            .fetchall()
        )
        return [
            AnswerRecord(r[0], r[1], r[2], r[3], json.loads(r[4]), r[5], r[6], r[7], r[8])
            for r in rows
        ]

    def get_setting(self, key: str) -> str | None:
        """A saved setting (such as the student's name), or None."""
        if not self.path.exists():
            return None
        row = (
            self._connection().execute("SELECT value FROM settings WHERE key=?", (key,)).fetchone()
        )
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        """Save a setting."""
        self._connection().execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE"
            " SET value=excluded.value",
            (key, value),
        )
