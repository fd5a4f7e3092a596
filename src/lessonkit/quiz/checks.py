"""Checks the JSON Schema cannot express, within the file: unique ids, correct options,
accepted answers that normalise to nothing. (What the file refers to, excerpts and
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
    if q["type"] == "single" and len(right) > 1:
        return [
            Problem(
                path,
                at,
                f"{what} has {len(right)} correct options ({', '.join(map(str, right))})"
                " but a single question has exactly one",
                "keep one 'correct: true', or use 'type: multiple'",
            )
        ]
    return []


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
        answers = q.get("answers") if q.get("type") == "text" else None
        for k, text in enumerate(answers if isinstance(answers, list) else []):
            if isinstance(text, str) and text.strip() and not normalize(text):
                problems.append(
                    Problem(
                        path,
                        line((*where, "answers", k)),
                        f"accepted answer '{text}' of {what} is empty once "
                        "punctuation and spaces are removed",
                        "write the answer with letters or digits",
                    )
                )
    return problems
