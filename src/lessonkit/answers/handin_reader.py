"""Reading a handed-in file (JSON or CSV) as untrusted input.

Two steps, each refusing the file with messages that name it: the limits of
:mod:`.limits` (size, nesting, numbers, text fields; on the parsed file, the answers
and any field the format does not name), then the format, ``handin.schema.json``,
through :func:`lessonkit._validation.validate` (every rule of the format is in the
schema, with its wording). Fields the format does not name are allowed (later versions
may add optional ones).

A file of the plain shape lessonkit writes is accepted by one quicker pass first
(:mod:`.handin_quick`). Whatever that pass does not accept is parsed by the standard
``json`` module and goes through both steps, which word its problems.
"""

from __future__ import annotations

import csv
import io
import math
from itertools import chain
from pathlib import Path
from typing import Any, NoReturn

from .._validation import Where, validate
from ..errors import Problem, ProgressFileError
from .csvcells import read_cell
from .handin_quick import handin_schema, parse_quickly, plain_and_valid
from .limits import MAX_FIELD_CHARS, MAX_NUMBER_DIGITS, check_value, parse_json, read_text

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
_SCALARS = {str, int, float, bool, type(None)}
_STR = {str}
_LARGEST = 10**MAX_NUMBER_DIGITS


def _refuse(message: str, shown: str, line: int | None = None) -> NoReturn:
    raise ProgressFileError(
        f"not a lessonkit responses file: {message}", path=shown, line=line, hint=_HINT
    )


def _check_limits(document: Any, shown: str, lines: list[int] | None, *, short: bool) -> None:
    """The limits of :mod:`.limits` on every value of the parsed file (fast for what
    lessonkit writes: responses whose values are all plain, short or typed by the schema).
    ``short``: the file's text is within the field limit, so no text in it is longer."""
    if not isinstance(document, dict):
        return
    rest = {k: v for k, v in document.items() if k != "responses"}
    problem = None if short and _plain_top_level(rest) else check_value(rest, 1)
    if problem:
        raise ProgressFileError(problem, path=shown, hint=_HINT)
    responses = document.get("responses")
    if not isinstance(responses, list) or (short and _plain_responses(responses)):
        return
    for n, r in enumerate(responses, start=1):
        if type(r) is not dict:
            continue
        answer = r.get("answer")
        if type(answer) is str and len(answer) <= MAX_FIELD_CHARS:
            problem = None
        else:
            problem = check_value(answer, 4)
        if not problem:
            kinds = {*map(type, r.values())}
            kinds.discard(type(answer))  # checked above
            if not kinds <= _SCALARS:  # a list or object in another field
                problem = check_value(r, 3)
        if problem:
            line = lines[n - 1] if lines else None
            raise ProgressFileError(f"response {n}: {problem}", path=shown, line=line, hint=_HINT)


def _plain_top_level(fields: dict[str, Any]) -> bool:
    """Whether the fields beside the responses are plain values, or a list of objects of
    plain values (the quizzes), with every number within the limits (texts are known to be
    short)."""
    values = list(fields.values())
    quizzes = fields.get("quizzes")
    if type(quizzes) is list and {*map(type, quizzes)} <= {dict}:
        values.remove(quizzes)
        values += chain.from_iterable(map(dict.values, quizzes))
    if not {*map(type, values)} <= _SCALARS:
        return False
    return all(
        -_LARGEST < v < _LARGEST if type(v) is int else math.isfinite(v)
        for v in values
        if type(v) is int or type(v) is float
    )


def _plain_responses(responses: list[Any]) -> bool:
    """Whether every response has the shape lessonkit writes, within the limits: an
    object whose answer is a text, a number within the limits, ``true``/``false``/``null``
    or a flat list or object of texts, and whose other fields hold no list or object
    (texts are known to be short). ``False`` leaves the file to the check that finds
    the response at fault."""
    containers = 0
    for r in responses:
        if type(r) is not dict:
            return False
        answer: Any = r.get("answer")
        kind = type(answer)
        if kind is list or kind is dict:
            if not {*map(type, answer.values() if kind is dict else answer)} <= _STR:
                return False
            containers += 1
        elif kind is int:
            if not -_LARGEST < answer < _LARGEST:
                return False
        elif kind is float and not math.isfinite(answer):
            return False
    kinds = list(map(type, chain.from_iterable(map(dict.values, responses))))
    return kinds.count(list) + kinds.count(dict) == containers


def _check_format(document: Any, shown: str, lines: list[int] | None, *, plain_json: bool) -> None:
    """Every problem of the document against ``handin.schema.json``, at once."""

    def line(where: Where) -> int | None:
        if lines and len(where) > 1 and where[0] == "responses" and isinstance(where[1], int):
            return lines[where[1]] if where[1] < len(lines) else None
        return None

    problems = validate(document, handin_schema(), path=shown, lines=line, plain_json=plain_json)
    if problems:
        raise ProgressFileError.from_problems(
            [
                Problem(p.path, p.line, f"not a lessonkit responses file: {p.message}", p.hint)
                for p in problems
            ]
        )


def _csv_rows(text: str, shown: str) -> tuple[list[dict[str, str]], list[int]]:
    """The rows of a CSV hand-in as dicts of cells (formula guards undone), with lines."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    try:
        header = next(reader, None)
        if header is None:
            _refuse("the CSV file has no header", shown, 1)
        if max(map(len, header), default=0) > MAX_FIELD_CHARS:
            raise csv.Error("field larger than field limit")
        for cells in reader:
            if not cells:
                continue
            if len(cells) < len(header):
                _refuse("the row has fewer cells than the header", shown, reader.line_num)
            if max(map(len, cells)) > MAX_FIELD_CHARS:  # the csv module's limit is global
                raise csv.Error("field larger than field limit")
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


def read_handin(path: str | Path) -> dict[str, Any]:
    """Read and check a handed-in file (JSON or CSV); refuse it with a clear message."""
    path = path if isinstance(path, Path) else Path(path)
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
    short = len(text) <= MAX_FIELD_CHARS
    # What the parser gives is plain text unless an escape made a lone surrogate (JSON
    # writes the u of an escape in lower case; its hex digits in either).
    surrogates = "\\" in text and ("\\ud" in text or "\\uD" in text)
    if path.suffix.lower() == ".csv":
        document, lines = _from_csv(text, shown)
        if not surrogates and plain_and_valid(document, short=short):
            return dict(document)
    else:
        # orjson refuses lone surrogates, so a document it gives is plain text
        quick = parse_quickly(text)
        if quick is not None and plain_and_valid(quick, short=short):
            return dict(quick)
        document = parse_json(text, shown)
    _check_limits(document, shown, lines, short=short)
    # within the limits, the validator's own safety copy is needed for surrogates only
    _check_format(document, shown, lines, plain_json=not surrogates)
    return dict(document)
