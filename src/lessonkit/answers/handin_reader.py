"""Reading a handed-in file (JSON or CSV) as untrusted input.

Three steps, each refusing the file with a message that names it: the limits of
:mod:`.limits` (size, nesting, numbers, text fields), the format of
``handin.schema.json``, and the free-form answers checked against the limits again.
Fields the format does not name are allowed (later versions may add optional ones).
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from pathlib import Path
from typing import Any, NoReturn

from .._resources import package_file
from ..errors import ProgressFileError
from .csvcells import read_cell
from .limits import MAX_FIELD_CHARS, check_value, parse_json, read_text

__all__ = ["CSV_COLUMNS", "FORMAT", "read_handin"]

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
_HINT = "hand in the file exactly as lessonkit wrote it"
_RESPONSE_KEYS = 9  # the keys lessonkit writes in a response
# Top-level fields whose values the schema bounds already (others are walked for limits).
_TOP_LEVEL = frozenset(
    ("format", "format_version", "student", "lessonkit_version", "exported_at", "source")
) | {"responses", "quizzes"}


@functools.lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = package_file("answers", "handin.schema.json").read_text(encoding="utf-8")
    return dict(json.loads(text))


@functools.lru_cache(maxsize=1)
def _top_level_validator() -> Any:
    """The schema compiled without its per-response part (checked by ``_check_responses``)."""
    import copy

    from .._compiledschema import compiled_validator

    schema = copy.deepcopy(_schema())
    schema["properties"]["responses"] = {"type": "array"}
    return compiled_validator(schema, "responses")


@functools.lru_cache(maxsize=1)
def _response_rules() -> tuple[frozenset[str], frozenset[str], re.Pattern[str], int, int, int]:
    """The schema's rules for one response, in the form the fast check uses."""
    item = _schema()["properties"]["responses"]["items"]
    ids = _schema()["$defs"]["id"]
    return (
        frozenset(item["required"]),
        frozenset(item["properties"]["verdict"]["enum"]),
        re.compile(ids["pattern"]),
        ids["maxLength"],
        _schema()["$defs"]["version"]["maximum"],
        item["properties"]["attempt"]["maximum"],
    )


def _refuse(message: str, shown: str, line: int | None = None) -> NoReturn:
    raise ProgressFileError(
        f"not a lessonkit responses file: {message}", path=shown, line=line, hint=_HINT
    )


def _shown_id(value: str) -> str:
    return repr(value[:60] + ("..." if len(value) > 60 else ""))


def _response_problem(n: int, r: Any) -> str | None:
    """What is wrong with response ``n``, or None (the slow path of ``_check_responses``)."""
    required, verdicts, id_pattern, id_length, max_version, max_attempt = _response_rules()
    if not isinstance(r, dict) or not required <= r.keys():
        missing = sorted(required - r.keys()) if isinstance(r, dict) else ["everything"]
        return f"response {n} lacks {', '.join(missing)}"
    if r["verdict"] not in verdicts:
        return f"response {n} has an unknown verdict {r['verdict']!r:.60}"
    for name in ("quiz_id", "question_id"):
        value = r[name]
        if not isinstance(value, str) or not value:
            return f"response {n} has a malformed {name.replace('_', ' ')}"
        if len(value) > id_length or not id_pattern.match(value):
            return (
                f"response {n} has a {name.replace('_', ' ')} outside the id pattern "
                f"(lower-case letters, digits and single hyphens): {_shown_id(value)}"
            )
    if not isinstance(r["recorded_at"], str) or not 0 < len(r["recorded_at"]) <= 64:
        return f"response {n} has a malformed time"
    if not isinstance(r.get("quiz_title", ""), str) or len(r.get("quiz_title", "")) > 1000:
        return f"response {n} has a malformed quiz title"
    for name, largest in (("quiz_version", max_version), ("attempt", max_attempt)):
        value = r[name]
        if type(value) is not int or not 1 <= value <= largest:
            return f"response {n} has a malformed {name.replace('_', ' ')} (1 to {largest})"
    problem = check_value(r["answer"], 4)
    if problem:
        return f"response {n}: {problem}"
    extra = {k: v for k, v in r.items() if k not in required and k != "quiz_title"}
    problem = check_value(extra, 3)
    if problem:
        return f"response {n}: {problem}"
    score = r["score"]
    if score is not None and (type(score) not in (int, float) or not 0 <= score <= 1):
        return f"response {n} has a score outside 0..1"
    return None  # a response with fields added by a later version of the format


def _check_responses(responses: list[Any], shown: str, lines: list[int] | None = None) -> None:
    """Check every response against the schema's item rules and the limits, fast (a class
    hands in thousands of files); the first bad one refuses the file."""
    _, verdicts, id_pattern, id_length, max_version, max_attempt = _response_rules()
    match = id_pattern.match
    good_ids = _GOOD_IDS
    for n, r in enumerate(responses, start=1):
        try:
            score = r["score"]
            answer = r["answer"]
            quiz_id = r["quiz_id"]
            question_id = r["question_id"]
            recorded_at = r["recorded_at"]
            attempt = r["attempt"]
            version = r["quiz_version"]
            title = r.get("quiz_title", "")
            if (
                r["verdict"] in verdicts
                and type(attempt) is int
                and 1 <= attempt <= max_attempt
                and type(version) is int
                and 1 <= version <= max_version
                and (quiz_id in good_ids or _good_id(quiz_id, match, id_length))
                and (question_id in good_ids or _good_id(question_id, match, id_length))
                and type(recorded_at) is str
                and 0 < len(recorded_at) <= 64
                and (score is None or (type(score) in (int, float) and 0 <= score <= 1))
                and len(r) <= _RESPONSE_KEYS
                and type(title) is str
                and len(title) <= 1000
                and (
                    (type(answer) is str and len(answer) <= MAX_FIELD_CHARS)
                    or check_value(answer, 4) is None
                )
            ):
                continue
        except (KeyError, TypeError):
            pass
        problem = _response_problem(n, r)
        if problem:
            _refuse(problem, shown, lines[n - 1] if lines else None)


#: Ids already found to follow the id pattern (a class uses the same few hundred).
_GOOD_IDS: set[str] = set()


def _good_id(value: Any, match: Any, length: int) -> bool:
    if type(value) is not str or len(value) > length or not match(value):
        return False
    if len(_GOOD_IDS) < 100_000:
        _GOOD_IDS.add(value)
    return True


def _csv_rows(text: str, shown: str) -> tuple[list[dict[str, str]], list[int]]:
    """The rows of a CSV hand-in as dicts of cells (formula guards undone), with lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    try:
        header = next(reader, None)
        if header is None:
            _refuse("the CSV file has no header", shown, 1)
        for cells in reader:
            if not cells:
                continue
            if len(cells) < len(header):
                _refuse("the row has fewer cells than the header", shown, reader.line_num)
            rows.append(dict(zip(header, map(read_cell, cells), strict=False)))
            lines.append(reader.line_num)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise ProgressFileError(
                f"a field is longer than {MAX_FIELD_CHARS // 1024} KiB",
                path=shown,
                line=reader.line_num,
                hint=_HINT,
            ) from None
        raise ProgressFileError(
            f"the CSV file cannot be read ({exc})", path=shown, line=reader.line_num, hint=_HINT
        ) from None
    missing = [c for c in CSV_COLUMNS if c not in header]
    if missing:
        raise ProgressFileError(
            "missing column" + "s" * (len(missing) > 1) + " " + ", ".join(missing),
            path=shown,
            line=1,
            hint="export again with lessonkit export-responses",
        )
    return rows, lines


def _from_csv(text: str, shown: str) -> tuple[dict[str, Any], list[int]]:
    rows, lines = _csv_rows(text, shown)
    if not rows:
        raise ProgressFileError(
            "the CSV file has no responses",
            path=shown,
            line=2,
            hint="export again with lessonkit export-responses",
        )
    other = next((n for n, r in enumerate(rows) if r["student"] != rows[0]["student"]), None)
    if other is not None:
        raise ProgressFileError(
            f"the file mixes {len({r['student'] for r in rows})} students",
            path=shown,
            line=lines[other],
            hint="hand in one file per student",
        )
    responses = []
    for line, r in zip(lines, rows, strict=True):
        try:
            responses.append(
                {
                    "recorded_at": r["recorded_at"],
                    "quiz_id": r["quiz_id"],
                    "quiz_version": _csv_int(r["quiz_version"]),
                    "quiz_title": r["quiz_title"],
                    "question_id": r["question_id"],
                    "answer": parse_json(r["answer"], shown, line),
                    "verdict": r["verdict"],
                    "score": None if r["score"] == "" else float(r["score"]),
                    "attempt": _csv_int(r["attempt"]),
                }
            )
        except ValueError as exc:
            raise ProgressFileError(
                f"row cannot be read ({exc})",
                path=shown,
                line=line,
                hint="do not edit the exported file by hand",
            ) from None
    first = rows[0]
    document = {
        "format": FORMAT,
        "format_version": 1,
        "student": first["student"],
        "lessonkit_version": first["lessonkit_version"],
        "exported_at": first["exported_at"],
        "quizzes": [],
        "responses": responses,
    }
    return document, lines


def _csv_int(cell: str) -> int:
    if len(cell) > 12:
        raise ValueError(f"the number {cell[:12]}... is too long")
    return int(cell)


def _check_top_level(document: Any, shown: str) -> None:
    import fastjsonschema

    student = document.get("student") if isinstance(document, dict) else None
    if isinstance(student, str) and not student.strip():
        raise ProgressFileError(
            "the student name is blank",
            path=shown,
            hint="export again with your name or student id",
        )

    try:
        _top_level_validator()(document)
    except fastjsonschema.JsonSchemaException as exc:
        where = getattr(exc, "name", "data").replace("data", "", 1) or "the top level"
        message = str(getattr(exc, "message", exc))
        _refuse(
            f"{where} {message.split(' must ', 1)[-1]}" if " must " in message else str(exc),
            shown,
        )
    extra = {k: v for k, v in document.items() if k not in _TOP_LEVEL}
    extra["quizzes"] = [q for q in document["quizzes"] if len(q) > 3]  # with unknown fields
    problem = check_value(extra, 1)
    if problem:
        _refuse(problem, shown)


def read_handin(path: str | Path) -> dict[str, Any]:
    """Read and check a handed-in file (JSON or CSV); refuse it with a clear message."""
    path = Path(path)
    shown = str(path)
    text = read_text(path)
    if not text.strip():
        raise ProgressFileError(
            "the file is empty",
            path=shown,
            line=1,
            hint="export again with lessonkit export-responses",
        )
    lines: list[int] | None = None
    if path.suffix.lower() == ".csv":
        document, lines = _from_csv(text, shown)
    else:
        document = parse_json(text, shown)
    _check_top_level(document, shown)
    _check_responses(document["responses"], shown, lines)
    return dict(document)
