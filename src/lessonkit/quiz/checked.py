"""Quiz files already checked, kept between runs in lessonkit's cache folder.

Reading a quiz file means parsing its YAML with the line of every value, then checking
it against the schema and the rules of :mod:`.checks`: most of a millisecond a file,
which a command that reads a folder of quizzes (the gradebook, ``lessonkit check``) pays
on every run. Once a file has passed, its checked data and the line of each question are
kept as JSON under the name of a hash of its bytes and of the code that checked it. The
same bytes, checked by the same code, are then taken from there; an edited file, or an
upgraded lessonkit, is checked again.

Only files that passed are kept, and only what the file alone decides: the excerpts and
sources a quiz refers to and its images are looked up on every load. A cache that cannot
be read or written is not used; deleting it is always safe. The folder is ``quizzes/``
in lessonkit's cache folder (:mod:`lessonkit._cache`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from .._cache import cache_folder as lessonkit_cache
from .._resources import package_file

__all__ = ["MAX_ENTRIES", "CheckedQuiz", "cache_folder", "recall", "remember"]

#: Entries kept; past this, the least recently used are removed.
MAX_ENTRIES = 1000
#: What is left after such a clean-up.
_KEEP_AFTER_CLEANUP = 800
#: Modules whose change can change what a quiz file's check decides.
_CHECKING_CODE = ("_yaml.py", "_validation.py", "_schemas.py", "errors.py")

#: A quiz file's checked data (keys as texts) and the line of each of its questions.
CheckedQuiz = tuple[dict[str, Any], list[int]]


def cache_folder() -> Path:
    """Where checked quiz files are kept: ``quizzes/`` in lessonkit's cache folder."""
    return lessonkit_cache() / "quizzes"


@functools.cache
def _code_stamp() -> bytes:
    """The place, size and time of every file of the code that checks a quiz: another
    version of lessonkit, or an edit to that code, makes another stamp."""
    quiz = package_file("quiz")
    files = [*sorted(quiz.glob("*.py")), quiz / "quiz.schema.json"]
    files += [package_file(name) for name in _CHECKING_CODE]
    parts = [str(quiz)]
    for file in files:
        try:
            found = file.stat()
        except OSError:
            continue
        parts.append(f"{file.name}:{found.st_size}:{found.st_mtime_ns}")
    return "\n".join(parts).encode("utf-8")


def _entry(raw: bytes, folder: Path) -> Path:
    digest = hashlib.sha256(_code_stamp() + b"\0" + raw).hexdigest()
    return folder / f"{digest}.json"


def _shape_holds(entry: Any) -> bool:
    if not isinstance(entry, dict):
        return False
    data, lines = entry.get("data"), entry.get("question_lines")
    if not isinstance(data, dict) or not isinstance(lines, list):
        return False
    questions = data.get("questions")
    return (
        isinstance(questions, list)
        and len(questions) == len(lines)
        and all(isinstance(q, dict) for q in questions)
        and all(type(n) is int for n in lines)
    )


def recall(raw: bytes) -> CheckedQuiz | None:
    """The checked data and question lines of the quiz file whose bytes are ``raw``, if
    this code has checked these bytes before; None otherwise (also when the entry is
    missing, unreadable or damaged)."""
    path = _entry(raw, cache_folder())
    try:
        entry = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not _shape_holds(entry):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept by the next clean-up
    return entry["data"], entry["question_lines"]


def remember(raw: bytes, data: dict[str, Any], question_lines: list[int]) -> None:
    """Keep a quiz file that passed every check. Data that JSON cannot hold exactly (a
    YAML date, an infinite number) is not kept; a folder that cannot be written is left
    alone."""
    try:
        text = json.dumps(
            {"data": data, "question_lines": question_lines},
            ensure_ascii=False,
            allow_nan=False,
        )
    except (TypeError, ValueError):
        return
    if json.loads(text)["data"] != data:
        return
    folder = cache_folder()
    written: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # another process may keep the same file: write aside, then rename into place
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".", delete=False) as handle:
            written = Path(handle.name)
            handle.write(text.encode("utf-8"))
        written.replace(_entry(raw, folder))
        _clean_up(folder)
    except OSError:
        if written is not None:
            with contextlib.suppress(OSError):
                written.unlink(missing_ok=True)


def _clean_up(folder: Path) -> None:
    """Past :data:`MAX_ENTRIES` entries, remove the least recently used."""
    entries = list(folder.glob("*.json"))
    if len(entries) <= MAX_ENTRIES:
        return
    used: list[tuple[int, Path]] = []
    for entry in entries:
        try:
            used.append((entry.stat().st_mtime_ns, entry))
        except OSError:
            continue
    used.sort()
    for _, entry in used[: len(used) - _KEEP_AFTER_CLEANUP]:
        entry.unlink(missing_ok=True)
