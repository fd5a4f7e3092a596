"""``lessonkit export-responses``: the progress store streamed into a hand-in file.

The store is read a batch of rows at a time and each answer is written as it comes, so
the memory used does not grow with the number of answers. The file is written under a
temporary name beside the target and linked into place at the end: an existing file is
never overwritten, and a failed export leaves no half-written file.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from ..errors import ProgressFileError
from .csvcells import safe_cell
from .handin import CSV_COLUMNS, FORMAT
from .store import ProgressStore, Row

__all__ = ["export_responses"]

_EXISTS_HINT = "choose another name with -o, or move the old file away"


def _exists(path: Path) -> ProgressFileError:
    return ProgressFileError("the file already exists", path=str(path), hint=_EXISTS_HINT)


def _response(r: Row) -> dict[str, object]:
    return {
        "recorded_at": r[0],
        "quiz_id": r[1],
        "quiz_version": r[2],
        "quiz_title": r[3],
        "question_id": r[4],
        "answer": json.loads(r[5]),
        "verdict": r[6],
        "score": r[7],
        "attempt": r[8],
    }


def _write_json(rows: Iterable[Row], handle: IO[str], head: dict[str, object]) -> tuple[int, int]:
    quizzes: dict[tuple[str, int], str] = {}
    count = 0
    handle.write("{\n")
    for key, value in head.items():
        handle.write(f" {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n")
    handle.write(' "responses": [')
    for r in rows:
        quizzes.setdefault((r[1], r[2]), r[3])
        handle.write(",\n  " if count else "\n  ")
        handle.write(json.dumps(_response(r), ensure_ascii=False))
        count += 1
    handle.write("\n ],\n" if count else "],\n")
    listed = [
        {"quiz_id": q, "quiz_version": v, "title": t} for (q, v), t in sorted(quizzes.items())
    ]
    handle.write(f' "quizzes": {json.dumps(listed, ensure_ascii=False, indent=1)}\n}}\n')
    return count, len(quizzes)


def _write_csv(rows: Iterable[Row], handle: IO[str], head: dict[str, object]) -> tuple[int, int]:
    # text cells quoted (a line break in a name never starts a row) and made safe for
    # spreadsheets, as in every CSV hand-in
    writer = csv.writer(handle, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(CSV_COLUMNS)
    quizzes: set[tuple[str, int]] = set()
    count = 0
    for r in rows:
        quizzes.add((r[1], r[2]))
        cells = [
            head["student"],
            head["lessonkit_version"],
            head["exported_at"],
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            json.dumps(json.loads(r[5]), ensure_ascii=False),
            r[6],
            "" if r[7] is None else r[7],
            r[8],
        ]
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in cells])
        count += 1
    return count, len(quizzes)


def export_responses(
    store: ProgressStore,
    student: str,
    path: str | Path,
    *,
    version: str,
    fmt: str | None = None,
) -> tuple[int, int]:
    """Write every answer of ``store`` for ``student`` to ``path`` (JSON, or CSV by
    ``fmt`` or the extension); return (answers, quizzes). Never overwrites a file."""
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
    if path.exists():
        raise _exists(path)
    head: dict[str, object] = {
        "format": FORMAT,
        "format_version": 1,
        "student": student,
        "lessonkit_version": version,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "source": "notebook",
    }
    tmp: Path | None = None
    try:
        descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        tmp = Path(name)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            write = _write_csv if fmt == "csv" else _write_json
            counts = write(store.rows(), handle, head)
        os.link(tmp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise ProgressFileError(
            f"the file cannot be written ({exc.strerror}); nothing was written",
            path=str(path),
            hint="choose a folder you can write to, with some free space",
        ) from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    return counts
