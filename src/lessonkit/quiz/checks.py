"""Checks the JSON Schema cannot express, within the file: unique ids, correct options,
numeric answers and ranges, accepted answers that normalise to nothing. (What the file refers to, excerpts and
sources, is checked when it is resolved: :mod:`.resolve`.)

Each check looks only at parts that already have the right shape (the schema reports
the others), so one broken key never hides the problems elsewhere in the file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from .._validation import Schema, label
from ..errors import Problem
from .textnorm import normalize

__all__ = ["Line", "check_structure"]

Line = Callable[[tuple[Any, ...]], int | None]
_ID_LISTS = {"options": "option", "items": "item", "pairs": "pair"}


def _unique_ids(
    q: dict[str, Any], where: tuple[Any, ...], what: str, line: Line, path: str
) -> list[Problem]:
    problems: list[Problem] = []
    groups = [("options",), ("items",), ("pairs", "distractors")]
    for group in groups:
        seen: dict[str, int | None] = {}
        for key in group:
            entries = q.get(key)
            for i, entry in enumerate(entries if isinstance(entries, list) else []):
                eid = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(eid, str):
                    continue
                at = (*where, key, i, "id")
                noun = _ID_LISTS.get(key, "pair or distractor")
                if eid in seen:
                    first = seen[eid]
                    problems.append(
                        Problem(
                            path,
                            line(at),
                            f"{what} uses the {noun} id '{eid}' "
                            f"twice" + (f" (first on line {first})" if first else ""),
                            "give every entry its own id",
                        )
                    )
                else:
                    seen[eid] = line(at)
    return problems


def _correct_options(q: dict[str, Any], what: str, at: int | None, path: str) -> list[Problem]:
    options = q.get("options")
    if not isinstance(options, list) or q.get("type") not in ("single", "multiple"):
        return []
    right = [o.get("id", "?") for o in options if isinstance(o, dict) and o.get("correct") is True]
    if not right:
        how = "one option" if q["type"] == "single" else "every right option"
        return [
            Problem(path, at, f"{what} has no correct option", f"mark {how} with 'correct: true'")
        ]
    return []


def _numeric_answers(
    q: dict[str, Any], where: tuple[Any, ...], what: str, line: Line, path: str
) -> list[Problem]:
    """One right value or range at least; each entry a value or a range, never both."""
    entries = q.get("answers")
    if q.get("type") != "numeric" or not isinstance(entries, list):
        return []
    problems: list[Problem] = []
    if "answer" in q:
        problems.append(
            Problem(
                path,
                line((*where, "answer")),
                f"{what} has both 'answer' and 'answers'",
                "keep 'answers' (list the right value in it) and remove 'answer' and 'tolerance'",
            )
        )
    for k, entry in enumerate(entries):
        if not isinstance(entry, dict):
            continue
        at = line((*where, "answers", k))
        name = f"answer {k + 1} of {what}"
        if ("value" in entry) == ("range" in entry):
            problems.append(
                Problem(
                    path,
                    at,
                    f"{name} has both 'value' and 'range'"
                    if "value" in entry
                    else f"{name} has neither 'value' nor 'range'",
                    "give either 'value: 3.14' or 'range: [3.1, 3.2]'",
                )
            )
        elif "range" in entry and "tolerance" in entry:
            problems.append(
                Problem(
                    path,
                    at,
                    f"{name} has a 'tolerance' and a 'range'",
                    "widen the range instead, and remove 'tolerance'",
                )
            )
        bounds = entry.get("range")
        if (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(isinstance(b, (int, float)) and not isinstance(b, bool) for b in bounds)
            and not bounds[0] < bounds[1]
        ):
            problems.append(
                Problem(
                    path,
                    at,
                    f"the range of {name} is empty ({bounds[0]} is not below {bounds[1]})",
                    "write [low, high] with low < high: it holds the numbers from low up to, "
                    "but not including, high",
                )
            )
    if all(isinstance(e, dict) and e.get("correct") is False for e in entries):
        problems.append(
            Problem(
                path,
                line((*where, "answers")),
                f"{what} has no right value or range",
                "leave at least one entry without 'correct: false'",
            )
        )
    return problems


def _text_answers(
    q: dict[str, Any], where: tuple[Any, ...], what: str, line: Line, path: str
) -> list[Problem]:
    """A right answer at least; in the normalized comparison, each keeps a letter or digit."""
    entries = q.get("answers")
    if q.get("type") != "text" or not isinstance(entries, list):
        return []
    problems: list[Problem] = []
    if entries and all(isinstance(e, dict) and e.get("correct") is False for e in entries):
        problems.append(
            Problem(
                path,
                line((*where, "answers")),
                f"{what} has no accepted answer",
                "leave at least one answer without 'correct: false'",
            )
        )
    if q.get("compare", "normalized") != "normalized":
        return problems
    for k, entry in enumerate(entries):
        text = entry.get("text") if isinstance(entry, dict) else entry
        if isinstance(text, str) and text.strip() and not normalize(text):
            problems.append(
                Problem(
                    path,
                    line((*where, "answers", k)),
                    f"answer '{text}' of {what} is empty once punctuation and spaces are removed",
                    "write the answer with letters or digits, or compare it exactly "
                    "('compare: exact')",
                )
            )
    return problems


def _forbidden_character(text: str) -> str | None:
    """The first character no quiz text may hold: a control character other than tab and
    line breaks, or one of the two non-characters XML cannot carry. (Lone surrogates are
    refused before the schema, by :func:`lessonkit._validation.validate`.)"""
    for char in text:
        if char in "\t\n\r":
            continue
        if unicodedata.category(char) == "Cc" or char in "\ufffe\uffff":
            return char
    return None


def _control_characters(
    data: dict[str, Any], line: Line, path: str, schema: Schema
) -> list[Problem]:
    """Texts without control characters, in every field. The YAML reader refuses them
    as raw bytes; a quoted YAML escape (\\x01, \\e) still writes one, and no export
    (XML, GIFT) nor the printed key could carry it faithfully."""
    problems: list[Problem] = []

    def visit(node: Any, where: tuple[Any, ...]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                visit(value, (*where, key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                visit(value, (*where, i))
        elif isinstance(node, str) and (bad := _forbidden_character(node)) is not None:
            problems.append(
                Problem(
                    path,
                    line(where),
                    f"{label(schema, where, data)} contains the control character U+{ord(bad):04X}",
                    "delete it (in quoted YAML text, an escape such as \\x01 or \\u0001 "
                    "writes one)",
                )
            )

    visit(data, ())
    return problems


def check_structure(data: dict[str, Any], line: Line, path: str, schema: Schema) -> list[Problem]:
    """Every problem within the file that its schema cannot see (``schema`` names the
    places in the messages)."""
    problems = _control_characters(data, line, path, schema)
    questions = data.get("questions")
    first_line: dict[str, int | None] = {}
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        if not isinstance(q, dict):
            continue
        where = ("questions", i)
        what = label(schema, where, data)
        qid = q.get("id")
        if isinstance(qid, str):
            if qid in first_line:
                first = first_line[qid]
                problems.append(
                    Problem(
                        path,
                        line((*where, "id")),
                        f"question id '{qid}' is used "
                        "twice" + (f" (first on line {first})" if first else ""),
                        "give every question its own id",
                    )
                )
            else:
                first_line[qid] = line((*where, "id"))
        problems += _unique_ids(q, where, what, line, path)
        problems += _correct_options(q, what, line((*where, "options")), path)
        problems += _numeric_answers(q, where, what, line, path)
        problems += _text_answers(q, where, what, line, path)
    return problems
