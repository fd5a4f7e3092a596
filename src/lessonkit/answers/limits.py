"""Limits on a handed-in file, checked before anything else reads it.

A hand-in comes from a student's computer and is never trusted. Before its format is
checked, the file must fit these limits, each with its own message: its size, the depth
of nesting, the length of numbers and of text fields. A file that breaks one is reported
by name and skipped; it never stops the files of the other students.

The checks use only the standard library (the format itself is the schema's job), and
cost next to nothing on a well-formed file: the parser's own guards catch what is far
beyond a limit, and the free-form values (answers, fields added by later versions of
the format) are walked with the limits in hand.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any, NoReturn

from ..errors import ProgressFileError

__all__ = [
    "MAX_DEPTH",
    "MAX_FIELD_CHARS",
    "MAX_FILE_BYTES",
    "MAX_NUMBER_DIGITS",
    "check_value",
    "parse_json",
    "plain_schemas",
    "read_text",
]

#: Largest hand-in file read (a year of answers of one student is well under 1 MiB).
MAX_FILE_BYTES = 8 * 1024 * 1024
#: Deepest nesting of lists and objects in a hand-in file (lessonkit writes 4).
MAX_DEPTH = 16
#: Most digits of an integer (a quiz version, an attempt number, a number answered).
MAX_NUMBER_DIGITS = 18
#: Longest text field, in characters (the CSV reader's own limit is 128 KiB).
MAX_FIELD_CHARS = 128 * 1024

_HINT = "hand in the file exactly as lessonkit wrote it"
_SCALARS = (str, int, float, bool, type(None))
_LARGEST = 10**MAX_NUMBER_DIGITS


def _refuse(message: str, shown: str, line: int | None = None) -> NoReturn:
    raise ProgressFileError(message, path=shown, line=line, hint=_HINT)


def read_text(path: Path) -> str:
    """The file's text, if it is not too large and is UTF-8 (a BOM is dropped)."""
    shown = str(path)
    try:
        with path.open("rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > MAX_FILE_BYTES:
                _refuse(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", shown)
            data = handle.read(min(size, MAX_FILE_BYTES) + 1)  # a file may grow meanwhile
    except OSError as exc:
        raise ProgressFileError(
            f"the file cannot be read ({exc.strerror or exc})", path=shown
        ) from None
    if len(data) > MAX_FILE_BYTES:
        _refuse(f"the file is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB", shown)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse("the file is not UTF-8 text", shown)


def plain_schemas(*, short: bool) -> tuple[dict[str, Any], dict[str, Any]]:
    """JSON Schemas of a plain value within the limits (a text, a number of at most
    :data:`MAX_NUMBER_DIGITS` digits, true, false or null) and of a plain answer (one of
    those, or a flat list or mapping of texts): the shape lessonkit writes. They may be
    stricter than the limits, never looser. ``short``: the file is known to hold no text
    longer than :data:`MAX_FIELD_CHARS`, so that lengths need no check."""
    bound = _LARGEST
    scalar: dict[str, Any] = {
        "type": ["string", "number", "boolean", "null"],
        "exclusiveMinimum": -bound,
        "exclusiveMaximum": bound,
    }
    text: dict[str, Any] = {"type": "string"}
    answer: dict[str, Any] = {
        **scalar,
        "type": [*scalar["type"], "array", "object"],
        "items": text,
        "additionalProperties": text,
    }
    if not short:
        for schema in (scalar, text, answer):
            schema["maxLength"] = MAX_FIELD_CHARS
        answer["propertyNames"] = {"maxLength": MAX_FIELD_CHARS}
    return scalar, answer


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


def parse_json(text: str, shown: str, line: int | None = None) -> Any:
    """Parse JSON text; nesting, numbers and ``NaN``/``Infinity`` beyond the limits are
    refused with a message naming the limit (``line``: where the text sits, for CSV)."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        _refuse(f"the file is not valid JSON ({exc.msg})", shown, line or exc.lineno)
    except RecursionError:
        _refuse(f"values are nested deeper than {MAX_DEPTH} levels", shown, line)
    except ValueError as exc:  # an integer beyond Python's digit limit, or NaN/Infinity
        if "is not a JSON number" in str(exc):
            _refuse(f"the file holds {str(exc).split()[0]}, which is not a number", shown, line)
        _refuse(f"a number is longer than {MAX_NUMBER_DIGITS} digits", shown, line)


def check_value(value: Any, depth: int = 1) -> str | None:
    """What breaks a limit in a free-form value (an answer, an unknown field), or None.

    ``depth`` is the nesting level of ``value`` itself in the file.
    """
    kind = type(value)
    if kind is str:
        return None if len(value) <= MAX_FIELD_CHARS else _too_long()
    if kind is int:
        return None if -_LARGEST < value < _LARGEST else _too_big()
    if kind is float:
        return None if math.isfinite(value) else "a number is too large to be stored"
    if kind is bool or value is None:
        return None
    if depth >= MAX_DEPTH:
        return f"values are nested deeper than {MAX_DEPTH} levels"
    if kind is list and _short_texts(value):  # the common answer: a list of ids
        return None
    if kind is dict and _short_texts(value) and _short_texts(value.values()):  # a matching
        return None
    if kind is list:
        children: Any = value
    elif kind is dict:
        for key in value:
            if len(key) > MAX_FIELD_CHARS:
                return _too_long()
        children = value.values()
    else:  # not produced by the JSON parser
        return f"a value of type {kind.__name__} is not JSON"
    for child in children:
        if type(child) in _SCALARS and (type(child) is not str or len(child) <= MAX_FIELD_CHARS):
            if type(child) is int and not -_LARGEST < child < _LARGEST:
                return _too_big()
            if type(child) is float and not math.isfinite(child):
                return "a number is too large to be stored"
            continue
        problem = check_value(child, depth + 1)
        if problem:
            return problem
    return None


def _short_texts(values: Any) -> bool:
    """Whether every value is a string within the field limit (at C speed)."""
    return {*map(type, values)} <= _STR and max(map(len, values), default=0) <= MAX_FIELD_CHARS


_STR = {str}


def _too_long() -> str:
    return f"a text field is longer than {MAX_FIELD_CHARS // 1024} KiB"


def _too_big() -> str:
    return f"a number is longer than {MAX_NUMBER_DIGITS} digits"
