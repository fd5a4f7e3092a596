"""Checks the JSON Schema cannot express: unique ids, correct options, and the datasets.

Each check looks only at parts that already have the right shape (the schema reports
the others), so one broken key never hides the problems elsewhere in the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .._validation import Schema, label
from ..errors import LessonkitError, Problem, suggest
from .questions import Excerpt
from .resolve import Lookups, cite_keys
from .textnorm import normalize

__all__ = ["check_semantics"]

Line = Callable[[tuple[Any, ...]], int | None]
_SOURCE = re.compile(r"[^\s:]+(:[^\s:]+)?")
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


def _data_problem(
    exc: LessonkitError, what: str, path: str, at: int | None, look: Lookups
) -> list[Problem]:
    first = exc.problems[0]
    if first.message in look.failed:
        return []
    look.failed.add(first.message)
    return [
        Problem(
            path,
            at,
            f"cannot check {what}: {first.message}",
            f"run 'lessonkit check' and fix {Path(first.path).name} first",
        )
    ]


def _excerpt_checks(
    q: dict[str, Any],
    where: tuple[Any, ...],
    what: str,
    line: Line,
    path: str,
    look: Lookups,
    excerpts: dict[str, Excerpt],
) -> list[Problem]:
    eid = q.get("excerpt")
    if not isinstance(eid, str) or not eid.strip():
        return []
    at = line((*where, "excerpt"))
    try:
        known = look.excerpts
        if eid in known and eid not in excerpts:
            excerpts[eid] = look.excerpt(eid)
    except LessonkitError as exc:
        return _data_problem(exc, f"excerpt '{eid}'", path, at, look)
    if eid not in known:
        return [
            Problem(
                path,
                at,
                f"there is no excerpt '{eid}' in datasets/excerpts.csv",
                suggest(eid, sorted(known)),
            )
        ]
    evidence = q.get("evidence")
    if q.get("type") != "highlight" or not isinstance(evidence, list):
        return []
    count = len(excerpts[eid].sentences)
    return [
        Problem(
            path,
            line((*where, "evidence", i)),
            f"evidence {n} of {what} is past the last sentence of excerpt '{eid}', "
            f"which has {count} sentence{'s' * (count != 1)}",
            f"use numbers from 1 to {count}",
        )
        for i, n in enumerate(evidence)
        if isinstance(n, int) and n > count
    ]


def _source_checks(
    source: Any, at: int | None, path: str, look: Lookups, citations: dict[str, str]
) -> list[Problem]:
    if not isinstance(source, str) or not _SOURCE.fullmatch(source):
        return []
    try:
        if ":" not in source:
            if source not in look.bib_keys:
                hint = (
                    f"'{source}' is a dataset: cite one of its rows as '{source}:row_id'"
                    if source in look.tables
                    else suggest(source, sorted(look.bib_keys))
                )
                return [Problem(path, at, f"there is no source '{source}' in references.bib", hint)]
            citations[source] = look.cite(source)
            return []
        table, _, row_id = source.partition(":")
        found = look.table_row(table, row_id)
        if table not in look.tables:
            return [
                Problem(
                    path,
                    at,
                    f"there is no dataset '{table}' for source '{source}'",
                    suggest(table, look.tables),
                )
            ]
        if found is None:
            return [
                Problem(
                    path,
                    at,
                    f"there is no row '{row_id}' in the {table} dataset",
                    f"use a {table} id that exists in datasets/{table}.csv",
                )
            ]
        cited = cite_keys(found.get("sources", ""), look.cite)
        citations[source] = f"{table} dataset, row {row_id}" + (f" ({cited})" if cited else "")
    except LessonkitError as exc:
        return _data_problem(exc, f"source '{source}'", path, at, look)
    return []


def check_semantics(
    data: dict[str, Any], line: Line, path: str, look: Lookups, schema: Schema
) -> tuple[list[Problem], dict[str, Excerpt], dict[str, str]]:
    """Every semantic problem, plus the excerpts and citations that resolved (``schema``
    names the places in the messages)."""
    problems: list[Problem] = []
    excerpts: dict[str, Excerpt] = {}
    citations: dict[str, str] = {}
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
        problems += _excerpt_checks(q, where, what, line, path, look, excerpts)
        problems += _source_checks(q.get("source"), line((*where, "source")), path, look, citations)
    return problems, excerpts, citations
