"""The file a student hands in: every recorded answer, with name and versions.

The same format is written by ``lessonkit export-responses`` (from the progress store)
and by the "Download my answers" button of the static book.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .._validation import Schema, validate
from ..errors import Problem, ProgressFileError
from .store import AnswerRecord

__all__ = ["CSV_COLUMNS", "build_handin", "read_handin", "write_handin"]

FORMAT = "lessonkit-responses"
CSV_COLUMNS = [
    "student",
    "lessonkit_version",
    "exported_at",
    "recorded_at",
    "quiz_id",
    "quiz_version",
    "quiz_title",
    "question_id",
    "answer",
    "verdict",
    "score",
    "attempt",
]


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
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for r in document["responses"]:
            writer.writerow(
                {
                    **{k: r.get(k, "") for k in CSV_COLUMNS},
                    "student": document["student"],
                    "lessonkit_version": document["lessonkit_version"],
                    "exported_at": document["exported_at"],
                    "answer": json.dumps(r["answer"], ensure_ascii=False),
                    "score": "" if r["score"] is None else r["score"],
                }
            )
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


def _check(document: Any, shown: str) -> None:
    """Every problem of a hand-in document against ``handin.schema.json``."""
    problems = validate(document, Schema.shipped("answers", "handin.schema.json"), path=shown)
    if problems:
        raise ProgressFileError.from_problems(
            [
                Problem(p.path, p.line, f"not a lessonkit responses file: {p.message}", p.hint)
                for p in problems
            ]
        )


def _from_csv(text: str, shown: str) -> dict[str, Any]:
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        raise ProgressFileError(
            "the CSV file has no responses",
            path=shown,
            line=1,
            hint="export again with lessonkit export-responses",
        )
    missing = [c for c in CSV_COLUMNS if c not in rows[0]]
    if missing:
        raise ProgressFileError(
            "missing column" + "s" * (len(missing) > 1) + " " + ", ".join(missing),
            path=shown,
            line=1,
            hint="export again with lessonkit export-responses",
        )
    students = {r["student"] for r in rows}
    if len(students) != 1:
        raise ProgressFileError(
            f"the file mixes {len(students)} students",
            path=shown,
            line=2,
            hint="hand in one file per student",
        )
    responses = []
    for line, r in enumerate(rows, start=2):
        try:
            responses.append(
                {
                    "recorded_at": r["recorded_at"],
                    "quiz_id": r["quiz_id"],
                    "quiz_version": int(r["quiz_version"]),
                    "quiz_title": r["quiz_title"],
                    "question_id": r["question_id"],
                    "answer": json.loads(r["answer"]),
                    "verdict": r["verdict"],
                    "score": None if r["score"] == "" else float(r["score"]),
                    "attempt": int(r["attempt"]),
                }
            )
        except (ValueError, TypeError) as exc:
            raise ProgressFileError(
                f"row cannot be read ({exc})",
                path=shown,
                line=line,
                hint="do not edit the exported file by hand",
            ) from None
    first = rows[0]
    return {
        "format": FORMAT,
        "format_version": 1,
        "student": first["student"],
        "lessonkit_version": first["lessonkit_version"],
        "exported_at": first["exported_at"],
        "quizzes": [],
        "responses": responses,
    }


def read_handin(path: str | Path) -> dict[str, Any]:
    """Read and validate a handed-in file (JSON or CSV)."""
    path = Path(path)
    shown = str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProgressFileError(
            "the file is not UTF-8 text",
            path=shown,
            hint="hand in the file exactly as lessonkit wrote it",
        ) from None
    except OSError as exc:
        raise ProgressFileError(f"the file cannot be read ({exc.strerror})", path=shown) from None
    if not text.strip():
        raise ProgressFileError(
            "the file is empty",
            path=shown,
            line=1,
            hint="export again with lessonkit export-responses",
        )
    if path.suffix.lower() == ".csv":
        document = _from_csv(text, shown)
    else:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ProgressFileError(
                f"the file is not valid JSON ({exc.msg})",
                path=shown,
                line=exc.lineno,
                hint="hand in the file exactly as lessonkit wrote it",
            ) from None
    _check(document, shown)
    return dict(document)
