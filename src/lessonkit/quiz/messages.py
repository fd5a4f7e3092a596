"""Turn JSON Schema errors into problems a teacher can act on.

A jsonschema error says *which rule* failed at *which JSON path*; this module names the
place in words ("'text' of option 2 of question 'who-typed'"), says what is wrong in
plain English, and gives a concrete fix (often a "did you mean" from difflib).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..errors import Problem, suggest

__all__ = [
    "COMMON_KEYS",
    "TYPES",
    "TYPE_KEYS",
    "describe",
    "label",
    "problems_from_error",
    "slug",
    "suggest",
]

TYPES = (
    "single",
    "multiple",
    "true_false",
    "numeric",
    "text",
    "ordering",
    "matching",
    "highlight",
    "open",
)
COMMON_KEYS = ("id", "type", "prompt", "points", "excerpt", "hints", "explanation", "source")
#: The keys each question type adds to the common ones.
TYPE_KEYS = {
    "single": ("options", "shuffle"),
    "multiple": ("options", "shuffle"),
    "true_false": ("answer", "feedback"),
    "numeric": ("answer", "tolerance", "unit"),
    "text": ("answers", "fuzzy"),
    "ordering": ("items",),
    "matching": ("pairs", "distractors"),
    "highlight": ("evidence",),
    "open": ("model_answer", "rubric", "min_words"),
}
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_NOUNS = {
    "options": "option",
    "items": "item",
    "pairs": "pair",
    "distractors": "distractor",
    "hints": "hint",
    "answers": "accepted answer",
    "evidence": "evidence entry",
    "rubric": "rubric criterion",
}
_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
}
_REQUIRED = {
    "id": "add 'id:' with a short id of lowercase letters, digits and hyphens",
    "title": "add 'title:' with the quiz title",
    "questions": "add 'questions:' followed by a list of questions",
    "type": "add 'type:' with one of: " + ", ".join(TYPES),
    "prompt": "add 'prompt:' with the question text",
    "options": "add 'options:' with two or more entries like {id: a, text: ..., correct: true}",
    "answers": "add 'answers:' with a list of accepted answers",
    "items": "add 'items:' with two or more {id, text} entries, in the correct order",
    "pairs": "add 'pairs:' with two or more {id, left, right} entries",
    "excerpt": "add 'excerpt:' with an excerpt_id from datasets/excerpts.csv",
    "evidence": "add 'evidence:' with the numbers of the supporting sentences, e.g. [2, 3]",
    "model_answer": "add 'model_answer:' with a short model answer",
    "rubric": "add 'rubric:' with a list of criteria the learner checks",
    "text": "add 'text:' with the text learners see",
    "left": "add 'left:' with the left-hand text",
    "right": "add 'right:' with the right-hand text",
}
_MIN_ITEMS = {
    "options": "add options until there are at least {n}",
    "items": "add items until there are at least {n}",
    "pairs": "add pairs until there are at least {n}",
    "questions": "add at least one question",
    "evidence": "list at least one sentence number",
    "answers": "list at least one accepted answer",
    "rubric": "list at least one criterion",
    "hints": "write at least one hint, or remove 'hints'",
    "distractors": "list at least one distractor, or remove 'distractors'",
}
_BOUNDS = {
    "points": "use a positive number such as 1",
    "version": "start at 1",
    "tolerance": "use 0 for an exact answer, or the accepted margin",
    "fuzzy": "use a number above 0 and at most 1, such as 0.8",
    "evidence": "sentences are numbered from 1",
    "min_words": "use 1 or more",
}


def describe(value: Any) -> str:
    """What a YAML value is, in words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (dt.date, dt.datetime)):
        return "a date"
    names: dict[type, str] = {list: "a list", dict: "a mapping of keys"}
    return names.get(type(value), type(value).__name__)


def slug(value: Any, fallback: str = "q1") -> str:
    """An id made of lowercase letters, digits and hyphens (``fallback`` when none is left)."""
    return re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or fallback


def label(where: tuple[Any, ...], data: Any) -> str:
    """Name the node at ``where`` in words, e.g. ``'text' of option 2 of question 'q1'``."""
    if not where:
        return "the quiz"
    pieces: list[str] = []
    node = data
    i = 0
    while i < len(where):
        step = where[i]
        after = where[i + 1] if i + 1 < len(where) else None
        child = node.get(step) if isinstance(node, dict) else None
        if isinstance(step, str) and isinstance(after, int) and isinstance(child, list):
            entry = child[after] if after < len(child) else None
            if step == "questions":
                qid = entry.get("id") if isinstance(entry, dict) else None
                ok = isinstance(qid, str) and _ID.match(qid)
                pieces.append(f"question '{qid}'" if ok else f"question {after + 1}")
            else:
                pieces.append(f"{_NOUNS.get(step, step)} {after + 1}")
            node, i = entry, i + 2
            continue
        pieces.append(f"'{step}'")
        node, i = child, i + 1
    return " of ".join(reversed(pieces))


def _type_hint(expected: str, value: Any, where: tuple[Any, ...]) -> str:
    noun = _NOUNS.get(str(where[-2])) if len(where) > 1 and isinstance(where[-1], int) else None
    if expected == "string":
        if value is None:
            return "write the text after the colon"
        if isinstance(value, (list, dict)):
            return "write one text; put it in quotes if it contains ': ' or starts with '- '"
        return "put the value in quotes so that YAML reads it as text"
    if expected in ("number", "integer"):
        if isinstance(value, str):
            return "write the number without quotes" + (
                " or units (put units in 'unit')" if where[-1:] == ("answer",) else ""
            )
        return "write a whole number such as 1" if expected == "integer" else "write a number"
    if expected == "boolean":
        return "write true or false, without quotes"
    if expected == "array":
        return "write a list: one '- ' entry per line"
    if noun == "option":
        return "write the option as a mapping, e.g. '- {id: a, text: ..., correct: true}'"
    if noun in ("item", "distractor"):
        return f"write the {noun} as a mapping, e.g. '- {{id: a, text: ...}}'"
    if noun == "pair":
        return "write the pair as a mapping, e.g. '- {id: a, left: ..., right: ...}'"
    if where[-2:-1] == ("questions",):
        return "start the question with '- id: ...' followed by 'type:' and 'prompt:' lines"
    return "write 'key: value' lines, indented under this key"


def _unknown_key_hint(key: str, allowed: list[str], question: Any, in_question: bool) -> str:
    if in_question and isinstance(question, dict) and question.get("type") in TYPES:
        owners = [t for t in TYPES if key in TYPE_KEYS[t]]
        if owners:
            return (
                f"'{key}' belongs to {', '.join(owners)} questions, not "
                f"{question['type']}; remove it or change 'type'"
            )
    return suggest(key, allowed)


def problems_from_error(
    error: Any, data: Any, line: Callable[[tuple[Any, ...]], int | None], path: str
) -> list[Problem]:
    """Problems (usually one) for one jsonschema ``ValidationError``."""
    where = tuple(error.absolute_path)
    name, value, rule = error.validator, error.instance, error.validator_value
    what = label(where, data)
    key = next((str(p) for p in reversed(where) if isinstance(p, str)), "")

    def one(message: str, hint: str, at: tuple[Any, ...] = where) -> list[Problem]:
        return [Problem(path, line(at), message, hint)]

    if name == "required":
        missing = [k for k in rule if k not in value]
        hints = dict(_REQUIRED)
        if value.get("type") == "numeric":
            hints["answer"] = "add 'answer:' with the correct number"
        else:
            hints["answer"] = "add 'answer: true' or 'answer: false'"
        return [
            Problem(path, line(where), f"{what} has no '{k}'", hints.get(k, f"add '{k}:'"))
            for k in missing
        ]
    if name == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        in_question = len(where) == 2 and where[0] == "questions"
        return [
            Problem(
                path,
                line((*where, k)),
                f"{what} has an unknown key '{k}'",
                _unknown_key_hint(str(k), allowed, value, in_question),
            )
            for k in value
            if k not in allowed
        ]
    if name == "enum":
        return one(f"{what} is '{value}', which is not a question type", suggest(value, TYPES))
    if name == "type":
        return one(
            f"{what} must be {_EXPECTED.get(rule, rule)}, not {describe(value)}",
            _type_hint(rule, value, where),
        )
    if name == "minItems":
        count = len(value)
        return one(
            f"{what} has {count} entr{'y' if count == 1 else 'ies'} but needs at least {rule}",
            _MIN_ITEMS.get(key, "add at least {n}").format(n=rule),
        )
    if name == "pattern" and rule.startswith("^[a-z0-9]"):
        return one(
            f"{what} is '{value}', which is not a valid id",
            f"use lowercase letters, digits and hyphens only, e.g. '{slug(value)}'",
        )
    if name == "pattern" and rule == "\\S":
        if isinstance(where[-1], int):
            return one(f"{what} is empty", "write the text, or remove the entry")
        needed = where[-1] in _REQUIRED
        return one(f"{what} is empty", "write the text" + ("" if needed else ", or remove the key"))
    if name == "pattern":
        return one(
            f"{what} is '{value}', which is not a source key",
            "write a references.bib key such as 'HEA01', or table:row_id such as "
            "'claims:typewriter'",
        )
    bounds = {"minimum": "at least", "exclusiveMinimum": "greater than", "maximum": "at most"}
    if name in bounds:
        return one(
            f"{what} is {value} but must be {bounds[name]} {rule}",
            _BOUNDS.get(key, "change the value"),
        )
    if name == "uniqueItems":
        repeated = next(v for i, v in enumerate(value) if v in value[:i])
        return one(f"{what} lists {repeated} twice", "remove the repeated value")
    return one(f"{what}: {error.message}", "see docs/quiz-format.md")
