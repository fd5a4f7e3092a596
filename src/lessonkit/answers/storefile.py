"""Opening the progress store file, and proving what it is before anything is changed.

A file is moved aside only when it is proven not to be a healthy lessonkit store: it is
not an SQLite file (its header), it is another program's (another application id, and
tables), it is a lessonkit store of a layout this version does not know (its schema), or
SQLite finds it damaged (``PRAGMA quick_check``). An operation that fails for any other
reason (a full disk, an I/O error, a read-only folder, a lock) is reported in words and
the file is left exactly as it was. Nothing is written before the checks have passed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from pathlib import Path

from ..errors import ProgressFileError
from .storeerrors import (
    CANTOPEN,
    FIX_FOLDER,
    NOTADB,
    READONLY,
    StoreMovedAside,
    folder_error,
    is_damage,
    sqlite_code,
    store_error,
)

__all__ = [
    "APPLICATION_ID",
    "SCHEMA",
    "SCHEMA_VERSION",
    "WAIT_MS",
    "open_store",
    "prove_damaged",
    "refuse",
    "writable",
]

APPLICATION_ID = 0x4C4B5431  # "LKT1" in the SQLite header: marks the file as ours
SCHEMA_VERSION = 1
SCHEMA = """
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
_COLUMNS = {
    "answers": {
        "id",
        "recorded_at",
        "quiz_id",
        "quiz_version",
        "quiz_title",
        "question_id",
        "answer",
        "verdict",
        "score",
    },
    "settings": {"key", "value"},
}
WAIT_MS = 30000  # how long a write waits for another kernel's lock


def writable(path: Path) -> bool:
    """Whether this process may write the store at ``path`` (the file and its folder)."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _check_folder(path: Path) -> None:
    folder = path.parent
    for place in (folder, *folder.parents):
        if place.exists():
            if not place.is_dir():
                raise ProgressFileError(
                    "the folder of the progress store is a file, not a folder",
                    path=str(place),
                    hint=f"move that file away, or {FIX_FOLDER}",
                )
            return


def _move_aside(path: Path, reason: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.{reason}-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{reason}-{stamp}-{n}")
        n += 1
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = Path(f"{path}{suffix}")
        if side.exists():
            side.rename(Path(f"{target}{suffix}"))
    return target


def refuse(path: Path, reason: str, detail: str) -> StoreMovedAside:
    """Move the proven-unhealthy file aside; the error that says where it went."""
    try:
        moved = _move_aside(path, reason)
    except OSError as exc:
        raise ProgressFileError(
            f"the progress store is {detail}, and it cannot be moved aside ({exc.strerror})",
            path=str(path),
            hint=f"move the file away yourself (nothing was changed in it), or {FIX_FOLDER}",
        ) from None
    return StoreMovedAside(
        f"the progress store is {detail}; it was moved to {moved.name} and a new store "
        "will be started",
        path=path,
        hint=f"nothing was overwritten: keep {moved} if you need its answers, or delete it",
        moved_to=moved,
    )


def _create(path: Path) -> None:
    """Create a new store atomically: built in a temporary file, then linked into place.

    Another process never sees a half-made store; if two create one at the same moment,
    the first link wins and the other simply opens it.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_error(path, f"the folder cannot be created ({exc.strerror})") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise folder_error(path, "the progress store cannot be created: the folder is read-only")
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.new")
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            # WAL first, then everything in one transaction: one write to disk, not six
            # (closing checkpoints the WAL into the file, synced, before it is linked)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            _adopt(conn)
        finally:
            conn.close()
        if path.exists() and path.stat().st_size == 0:
            path.unlink(missing_ok=True)  # an empty file holds nothing to keep
        with contextlib.suppress(FileExistsError):  # another kernel was first: use theirs
            os.link(tmp, path)
    except sqlite3.Error as exc:
        raise store_error(path, "the progress store cannot be created", exc) from None
    except OSError as exc:
        raise ProgressFileError(
            f"the progress store cannot be created ({exc.strerror})",
            path=str(path),
            hint=FIX_FOLDER,
        ) from None
    finally:
        for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
    """A connection to ``path``, shared by the threads of one store (they take turns)."""
    if not read_only:
        conn = sqlite3.connect(
            path, timeout=WAIT_MS / 1000, isolation_level=None, check_same_thread=False
        )
        conn.execute(f"PRAGMA busy_timeout={WAIT_MS}")
        return conn
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(
        f"{uri}?mode=ro", uri=True, isolation_level=None, check_same_thread=False
    )
    try:
        conn.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error as exc:
        # A read-only folder without the WAL index (the last writer closed cleanly, so
        # there is no WAL to read either): read the file as it is, without locks. Any
        # other error is met again, and judged, by the checks.
        if sqlite_code(exc) not in (READONLY, CANTOPEN) or Path(f"{path}-wal").exists():
            return conn
        conn.close()
        conn = sqlite3.connect(
            f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None, check_same_thread=False
        )
    return conn


def prove_damaged(conn: sqlite3.Connection) -> str | None:
    """SQLite's own check of the file: its first complaint, or None when healthy."""
    try:
        row = conn.execute("PRAGMA quick_check(1)").fetchone()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return str(exc)
        raise
    return None if row[0] == "ok" else str(row[0])


def _layout(conn: sqlite3.Connection) -> str | None:
    """Why the tables are not lessonkit's layout, or None when they are."""
    for table, columns in _COLUMNS.items():
        found = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not found:
            return f"it has no {table} table"
        if not columns <= found:
            return f"its {table} table lacks {', '.join(sorted(columns - found))}"
    return None


def _adopt(conn: sqlite3.Connection) -> None:
    """Make an empty SQLite file a store, in one transaction."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        for statement in SCHEMA.split(";"):
            if statement.strip():
                conn.execute(statement)
        conn.execute("COMMIT")
    except sqlite3.Error:
        conn.execute("ROLLBACK")
        raise


def _check(conn: sqlite3.Connection, path: Path, *, read_only: bool) -> bool:
    """Prove the open file is a healthy store before changing it; False: empty, no tables.

    Raises a :class:`StoreMovedAside` for a file proven unhealthy, a
    :class:`ProgressFileError` for one lessonkit must not touch.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        if conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.close()
            raise refuse(path, "foreign", "an SQLite file that another program wrote")
        if read_only:
            return False  # an empty SQLite file holds no answers
        _adopt(conn)
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise ProgressFileError(
            f"the progress store was written by a newer lessonkit (layout {version})",
            path=str(path),
            hint="upgrade lessonkit (pip install -U lessonkit); nothing was changed",
        )
    problem = _layout(conn)
    if problem is not None:
        conn.close()
        raise refuse(path, "layout", f"a lessonkit store of an unknown layout ({problem})")
    if not read_only:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
    return True


def open_store(path: Path, *, create: bool) -> tuple[sqlite3.Connection | None, bool]:
    """Open and check the store at ``path``: (connection, read_only).

    The connection is None when there is no store yet and ``create`` is false (or the
    file is an empty SQLite file that cannot be written). A store this process may not
    write is opened read-only: reading works, writing says why it cannot.
    """
    _check_folder(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        size = 0
    except OSError as exc:
        raise folder_error(path, f"the folder cannot be reached ({exc.strerror})") from None
    if size == 0:
        if not create:
            return None, True
        _create(path)
    # The header is read by SQLite only: opening and closing the file in this process
    # would release the locks that this process's other connections hold on it (POSIX
    # advisory locks belong to the process), and another process could then delete the
    # WAL those connections write to.
    read_only = not writable(path)
    conn: sqlite3.Connection | None = None
    try:
        conn = _connect(path, read_only=read_only)
        if not _check(conn, path, read_only=read_only):
            conn.close()
            return None, True
        return conn, read_only
    except sqlite3.Error as exc:
        if is_damage(exc) and conn is not None:
            found = _prove_or_none(conn)
            if found is not None:
                conn.close()
                detail = (
                    "not an SQLite database (damaged or another kind of file)"
                    if sqlite_code(exc) == NOTADB
                    else f"damaged ({found})"
                )
                raise refuse(path, "corrupt", detail) from None
        if conn is not None:
            conn.close()
        raise store_error(path, "the progress store cannot be opened", exc) from None
    except ProgressFileError:
        if conn is not None:
            conn.close()
        raise


def _prove_or_none(conn: sqlite3.Connection) -> str | None:
    """The damage quick_check proves, or None (healthy, or the check itself failed)."""
    try:
        return prove_damaged(conn)
    except sqlite3.Error:
        return None
