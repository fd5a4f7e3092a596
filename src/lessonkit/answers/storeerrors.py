"""The progress store's failures in words: what SQLite reported, and how to fix it.

Only a malformed file (SQLITE_CORRUPT, SQLITE_NOTADB) may point at damage, and even
then :func:`lessonkit.answers.storefile.prove_damaged` must confirm it before anything
is moved. Every other failure is worded here and leaves the file as it is.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from ..errors import ProgressFileError

__all__ = [
    "FIX_FOLDER",
    "StoreMovedAside",
    "failure",
    "folder_error",
    "is_damage",
    "sqlite_code",
    "store_error",
]

# SQLite's primary result codes (the low byte of an extended code)
BUSY, LOCKED, READONLY, IOERR, CORRUPT, FULL, CANTOPEN, NOTADB = 5, 6, 8, 10, 11, 13, 14, 26
FIX_FOLDER = "set LESSONKIT_HOME (or --store) to a folder you can write to"


class StoreMovedAside(ProgressFileError):
    """The file was proven not to be a healthy store and was moved to ``moved_to``."""

    def __init__(self, message: str, *, path: Path, hint: str, moved_to: Path) -> None:
        super().__init__(message, path=str(path), hint=hint)
        self.moved_to = moved_to


def sqlite_code(exc: sqlite3.Error) -> int:
    """SQLite's primary result code of ``exc`` (0 when it has none)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite reports the file itself as malformed (to be proven by quick_check)."""
    return sqlite_code(exc) in (CORRUPT, NOTADB)


def failure(exc: sqlite3.Error) -> tuple[str, str]:
    """What went wrong and the fix, in words, for an error that proves no damage."""
    code = sqlite_code(exc)
    if code == FULL:
        return "the disk is full", "free some space on the disk"
    if code == IOERR:
        return (
            f"the disk could not be written or read ({exc}: a full disk, a file size limit"
            " or a network folder that cannot be reached)",
            "free some space, or check that the folder is reachable",
        )
    if code == READONLY:
        return "the progress store is read-only", f"make it writable, or {FIX_FOLDER}"
    if code in (BUSY, LOCKED):
        return (
            "the progress store is busy (another program holds it locked)",
            "try again in a moment",
        )
    if code == CANTOPEN:
        return "the progress store cannot be opened", FIX_FOLDER
    return f"SQLite reported: {exc}", FIX_FOLDER


def store_error(path: Path, what: str, exc: sqlite3.Error) -> ProgressFileError:
    """``path: <what>: <failure>. Fix: <fix>.``"""
    problem, fix = failure(exc)
    return ProgressFileError(f"{what}: {problem}", path=str(path), hint=fix)


def folder_error(path: Path, problem: str) -> ProgressFileError:
    """``problem`` with the folder of the store at ``path``."""
    return ProgressFileError(problem, path=str(path.parent), hint=FIX_FOLDER)
