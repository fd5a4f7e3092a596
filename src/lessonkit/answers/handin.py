"""The file a student hands in: every recorded answer, with name and versions.

The same format is written by ``lessonkit export-responses`` (from the progress store)
and by the "Download my answers" button of the static book; it is read back, as
untrusted input, by :mod:`.handin_reader`. Every text cell of the CSV form is made
safe for spreadsheets (:mod:`.csvcells`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import ProgressFileError
from .csvcells import safe_cell
from .handin_reader import CSV_COLUMNS, FORMAT, read_handin
from .store import AnswerRecord

__all__ = ["CSV_COLUMNS", "FORMAT", "build_handin", "read_handin", "write_handin"]


def build_handin(
    records: Iterable[AnswerRecord], student: str, *, version: str, source: str = "notebook"
) -> dict[str, Any]:
    """The hand-in document for ``records``."""
    responses = [r.to_dict() for r in records]
    quizzes: dict[tuple[str, int], str] = {}
    for r in responses:
        quizzes.setdefault((r["quiz_id"], r["quiz_version"]), r.get("quiz_title", ""))
    return {
        "format": FORMAT,
        "format_version": 1,
        "student": student,
        "lessonkit_version": version,
        "exported_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "source": source,
        "quizzes": [
            {"quiz_id": q, "quiz_version": v, "title": t} for (q, v), t in sorted(quizzes.items())
        ],
        "responses": responses,
    }


def write_handin(document: dict[str, Any], path: str | Path, *, fmt: str | None = None) -> Path:
    """Write the document as JSON or CSV (chosen by ``fmt`` or the file extension).

    An existing file is never overwritten: the caller gets an error instead.
    """
    path = Path(path)
    fmt = fmt or ("csv" if path.suffix.lower() == ".csv" else "json")
    if fmt == "json":
        text = json.dumps(document, ensure_ascii=False, indent=1) + "\n"
    else:
        buffer = io.StringIO()
        # Text cells are quoted, so that a line break in one is never a new row.
        writer = csv.DictWriter(
            buffer, fieldnames=CSV_COLUMNS, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC
        )
        writer.writeheader()
        for r in document["responses"]:
            row = {
                **{k: r.get(k, "") for k in CSV_COLUMNS},
                "student": document["student"],
                "lessonkit_version": document["lessonkit_version"],
                "exported_at": document["exported_at"],
                "answer": json.dumps(r["answer"], ensure_ascii=False),
                "score": "" if r["score"] is None else r["score"],
            }
            writer.writerow({k: safe_cell(v) if isinstance(v, str) else v for k, v in row.items()})
        text = buffer.getvalue()
    try:
        with path.open("x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ProgressFileError(
            "the file already exists",
            path=str(path),
            hint="choose another name with -o, or move the old file away",
        ) from None
    return path
