"""Read a CSV table and check every cell against its data dictionary.

This module knows nothing of pandas: it yields plain Python values, so that
``lessonkit check`` and the quiz engine stay fast and the loaders share one parser.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import Problem
from .dictionary import Field, TableSchema

__all__ = ["ParsedTable", "parse_cell", "read_table"]

_INTEGER = re.compile(r"[+-]?\d+")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BOOLEAN = {"true": True, "false": False}


@dataclass
class ParsedTable:
    """The rows of one table: raw strings, typed values and their CSV line numbers."""

    schema: TableSchema
    path: str
    raw: list[dict[str, str]]
    values: list[dict[str, Any]]
    lines: list[int]
    problems: list[Problem]

    @functools.cached_property
    def by_key(self) -> dict[str, dict[str, str]]:
        """The raw rows by primary key (empty when the table has none)."""
        key = self.schema.primary_key
        if key is None:
            return {}
        index: dict[str, dict[str, str]] = {}
        for raw in self.raw:
            index.setdefault(raw[key], raw)  # the first row wins, as a scan would find
        return index


def parse_cell(field: Field, text: str) -> Any:
    """Turn one cell's text into a Python value; raise ``ValueError(hint)`` if it cannot."""
    text = text.strip()
    if text == "":
        return [] if field.type == "list" else None
    if field.type == "integer":
        if not _INTEGER.fullmatch(text):
            raise ValueError("write a whole number such as 130")
        return int(text)
    if field.type == "number":
        if not _NUMBER.fullmatch(text):
            raise ValueError("write a decimal number with a point, such as 46.48")
        return float(text)
    if field.type == "date":
        if not _DATE.fullmatch(text):
            raise ValueError(
                "write the date as YYYY-MM-DD (for a year alone use YYYY-01-01 "
                "and say so in the precision column)"
            )
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("this day does not exist in the calendar") from None
    if field.type == "boolean":
        if text.lower() not in _BOOLEAN:
            raise ValueError("write true or false")
        return _BOOLEAN[text.lower()]
    if field.type == "list":
        return [item.strip() for item in text.split(field.delimiter) if item.strip()]
    return text


def _check_value(field: Field, value: Any, text: str) -> tuple[str, str] | None:
    """Check constraints; return (problem, hint) or None."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if field.enum is not None and str(item) not in field.enum:
            return f"'{item}' is not an allowed value of {field.name}", "use one of: " + ", ".join(
                field.enum
            )
        pattern = field.item_pattern if field.type == "list" else field.pattern
        if pattern and isinstance(item, str) and not re.fullmatch(pattern, item):
            return (
                f"'{item}' does not match the pattern of {field.name}",
                f"use only what {pattern} allows",
            )
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            if field.minimum is not None and item < field.minimum:
                return (
                    f"{item} is below the minimum {field.minimum:g} of {field.name}",
                    "check the value",
                )
            if field.maximum is not None and item > field.maximum:
                return (
                    f"{item} is above the maximum {field.maximum:g} of {field.name}",
                    "check the value",
                )
    if field.max_length is not None and len(text) > field.max_length:
        return (
            f"{field.name} has {len(text)} characters, more than {field.max_length}",
            "shorten the text",
        )
    if field.max_words is not None and len(text.split()) > field.max_words:
        return (
            f"{field.name} has {len(text.split())} words, more than {field.max_words}",
            f"shorten it to at most {field.max_words} words",
        )
    return None


def _decode(path: Path) -> tuple[str | None, Problem | None]:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Problem(
            str(path),
            line,
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x})",
            "save the file as UTF-8",
        )


def read_table(schema: TableSchema, path: str | Path) -> ParsedTable:
    """Read and check one CSV file against its dictionary; collect every problem."""
    path = Path(path)
    shown = str(path)
    table = ParsedTable(schema, shown, [], [], [], [])
    text, problem = _decode(path)
    if problem is not None:
        table.problems.append(problem)
        return table
    assert text is not None
    if not text.strip():
        table.problems.append(
            Problem(
                shown,
                1,
                "the file is empty",
                "write the header row: " + ",".join(schema.field_names),
            )
        )
        return table
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    try:
        header = next(reader)
    except csv.Error as exc:
        table.problems.append(
            Problem(shown, 1, f"the header cannot be read ({exc})", "fix the quoting")
        )
        return table
    if header != schema.field_names:
        missing = [n for n in schema.field_names if n not in header]
        extra = [n for n in header if n not in schema.field_names]
        if missing:
            message = "missing column" + ("s " if len(missing) > 1 else " ") + ", ".join(missing)
        elif extra:
            message = (
                "column"
                + ("s " if len(extra) > 1 else " ")
                + ", ".join(extra)
                + " not in the dictionary"
            )
        else:
            message = "the columns are not in the dictionary's order"
        table.problems.append(
            Problem(shown, 1, message, "make the header exactly: " + ",".join(schema.field_names))
        )
        return table
    seen: dict[str, dict[str, int]] = {f.name: {} for f in schema.fields if f.unique}
    start = 2
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            table.problems.append(
                Problem(
                    shown,
                    reader.line_num,
                    f"the row cannot be read ({exc})",
                    "close the quotes around the cell",
                )
            )
            break
        line = start
        start = reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            table.problems.append(
                Problem(
                    shown,
                    line,
                    f"the row has {len(cells)} cells, the header has {len(header)}",
                    "quote cells that contain commas",
                )
            )
            continue
        raw = dict(zip(header, cells, strict=True))
        values: dict[str, Any] = {}
        for field in schema.fields:
            text = raw[field.name]
            try:
                value = parse_cell(field, text)
            except ValueError as exc:
                table.problems.append(
                    Problem(
                        shown,
                        line,
                        f"{field.name} '{text.strip()}' is not a valid {field.type}",
                        str(exc),
                        field.name,
                    )
                )
                values[field.name] = None
                continue
            values[field.name] = value
            if value is None or value == []:
                if field.required:
                    table.problems.append(
                        Problem(
                            shown,
                            line,
                            f"{field.name} is empty",
                            f"fill in {field.name}: {field.description}",
                            field.name,
                        )
                    )
                continue
            issue = _check_value(field, value, text.strip())
            if issue:
                table.problems.append(Problem(shown, line, issue[0], issue[1], field.name))
            if field.name in seen:
                first = seen[field.name].setdefault(str(value), line)
                if first != line:
                    table.problems.append(
                        Problem(
                            shown,
                            line,
                            f"duplicate {field.name} '{value}' (first on line {first})",
                            "give every row its own id",
                            field.name,
                        )
                    )
        table.raw.append({k: v.strip() for k, v in raw.items()})
        table.values.append(values)
        table.lines.append(line)
    return table
