"""One way to check every file format lessonkit reads: a JSON Schema, worded as problems.

Each format (a quiz, a data dictionary, a data package, a hand-in file) has a JSON Schema
shipped in the package. :func:`validate` checks plain data against it with jsonschema-rs
and turns every error into a :class:`~lessonkit.errors.Problem` (``file:line: what is
wrong. Fix: how``). The words come from the schema itself, in ``x-`` annotations beside
the rules they explain (see :mod:`lessonkit._schemas`). Rules a schema cannot express
(unique ids, references to other files) are checked in Python by each format's module.

Before the schema, the data itself is checked to be JSON (finite numbers, text without
invalid characters) and bounded (nesting depth), so that hostile input gives a problem,
never a traceback or a hang.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

from ._schemas import Schema, Where, known_keys, label, selector, step
from .errors import Problem, suggest

__all__ = ["MAX_DEPTH", "Schema", "Where", "describe", "label", "slug", "validate"]

Lines = Callable[[Where], "int | None"]

#: Deepest nesting of lists and mappings any lessonkit file may have.
MAX_DEPTH = 40
_NUMBER_DIGITS = 400

_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping of keys",
    "null": "empty",
}
_BOUNDS = {
    "minimum": "at least",
    "exclusiveMinimum": "greater than",
    "maximum": "at most",
    "exclusiveMaximum": "less than",
}


def describe(value: Any) -> str:
    """What a value read from YAML or JSON is, in words."""
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


def _fill(template: str, **values: Any) -> str:
    """Put ``values`` into ``{name}`` places; other braces stay as they are."""
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


class _TooDeep(Exception):
    def __init__(self, where: Where) -> None:
        super().__init__(where)
        self.where = where


#: What stands in for a value JSON cannot hold (a date): the schema's type rules reject it,
#: and the message names the original value.
_PLACEHOLDER: dict[str, Any] = {"\x00": "not JSON"}

#: (where, what is wrong, fix): a problem found before the schema, named later.
_Finding = tuple[Where, str, str]


def _json_safe(data: Any) -> tuple[Any, list[_Finding], dict[Where, Any]]:
    """A JSON-safe copy of ``data``, what could not be kept, and the original values of
    what was replaced (for the messages). Raises :class:`_TooDeep`."""
    findings: list[_Finding] = []
    originals: dict[Where, Any] = {}

    def copy(value: Any, where: Where) -> Any:
        if len(where) > MAX_DEPTH:
            raise _TooDeep(where)
        if isinstance(value, dict):
            return {str(k): copy(v, (*where, str(k))) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [copy(v, (*where, i)) for i, v in enumerate(value)]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, float) and not math.isfinite(value):
            findings.append(
                (where, f"is {value}, not an ordinary number", "write a number such as 0.5")
            )
            return None
        if isinstance(value, int) and abs(value) >= 10**_NUMBER_DIGITS:
            findings.append(
                (
                    where,
                    f"is a number of more than {_NUMBER_DIGITS} digits",
                    "write a smaller number",
                )
            )
            return None
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                findings.append(
                    (
                        where,
                        "holds a character that is not valid Unicode (a lone surrogate "
                        "such as \\ud800)",
                        "remove the \\u escape or write the character itself",
                    )
                )
                return None
            return value
        if isinstance(value, (int, float)):
            return value
        originals[where] = value
        return _PLACEHOLDER

    return copy(data, ()), findings, originals


def _type_fix(expected: str, value: Any) -> str:
    if expected == "string":
        if value is None:
            return "write the text after the colon"
        if isinstance(value, (list, dict)):
            return "write one text; put it in quotes if it contains ': ' or starts with '- '"
        return "put the value in quotes so that YAML reads it as text"
    if expected in ("number", "integer"):
        if isinstance(value, str):
            return "write the number without quotes"
        return "write a whole number such as 1" if expected == "integer" else "write a number"
    if expected == "boolean":
        return "write true or false, without quotes"
    if expected == "array":
        return "write a list: one '- ' entry per line"
    return "write 'key: value' lines, indented under this key"


class _Worder:
    """Turns jsonschema-rs errors about one document into problems."""

    def __init__(
        self, schema: Schema, data: Any, path: str, lines: Lines, originals: dict[Where, Any]
    ) -> None:
        self.schema = schema
        self.data = data
        self.path = path
        self.lines = lines
        self.originals = originals

    def value(self, where: Where) -> Any:
        if where in self.originals:
            return self.originals[where]
        value = self.data
        for key in where:
            value = step(value, key)
        return value

    def problem(self, where: Where, message: str, hint: str) -> Problem:
        return Problem(self.path, self.lines(where), message, hint)

    def hint(self, where: Where, keyword: str, default: str, **values: Any) -> str:
        """The schema's fix for ``keyword`` failing at ``where`` (outer schemas first)."""
        node = self.schema.at(where, self.data)
        value = self.value(where)
        for branch in self.schema.branches(node, value):
            specific = branch.get("x-hints", {})
            if isinstance(specific, dict) and keyword in specific:
                return _fill(str(specific[keyword]), **values)
            if "x-hint" in branch:
                return _fill(str(branch["x-hint"]), **values)
        return default

    def words(self, error: Any) -> list[Problem]:
        where = tuple(error.instance_path)
        kind = type(error.kind).__name__
        details = error.kind.as_dict()
        what = label(self.schema, where, self.data)
        value = self.value(where)
        keyword = kind[0].lower() + kind[1:]
        if kind == "Required":
            return [self.missing(where, what, str(details["property"]))]
        if kind in ("AdditionalProperties", "UnevaluatedProperties"):
            found = (self.unknown_key(where, what, str(k)) for k in details["unexpected"])
            return [p for p in found if p is not None]
        if kind == "Type":
            expected = str(details["types"][0])
            return [
                self.problem(
                    where,
                    f"{what} must be {_EXPECTED.get(expected, expected)}, not {describe(value)}",
                    self.hint(where, "type", _type_fix(expected, value)),
                )
            ]
        if kind in ("Enum", "Constant"):
            options = details.get("options") or [details.get("expected_value")]
            node = self.schema.at(where, self.data)
            kinds = self.schema.annotation(node, "x-kind") or "one of the allowed values"
            fix = suggest(str(value), [str(o) for o in options])
            return [self.problem(where, f"{what} is '{value}', which is not {kinds}", fix)]
        if kind in ("MinItems", "MaxItems"):
            count, limit = len(value), details["limit"]
            need = "at least" if kind == "MinItems" else "at most"
            entries = f"{count} entr{'y' if count == 1 else 'ies'}"
            return [
                self.problem(
                    where,
                    f"{what} has {entries} but needs {need} {limit}",
                    self.hint(where, keyword, f"list {need} {limit}", limit=limit),
                )
            ]
        if kind == "Pattern":
            return [self.pattern(where, what, value)]
        if keyword in _BOUNDS:
            return [
                self.problem(
                    where,
                    f"{what} is {value} but must be {_BOUNDS[keyword]} {details['limit']}",
                    self.hint(where, keyword, "change the value", limit=details["limit"]),
                )
            ]
        if kind == "UniqueItems":
            repeated = next(v for i, v in enumerate(value) if v in value[:i])
            fix = "remove the repeated value"
            return [self.problem(where, f"{what} lists {repeated} twice", fix)]
        if kind in ("MinLength", "MaxLength"):
            more = kind == "MaxLength"
            message = (
                f"{what} has {len(value)} characters, "
                f"{'more' if more else 'fewer'} than {details['limit']}"
            )
            fix = self.hint(where, keyword, "shorten the text" if more else "write more")
            return [self.problem(where, message, fix)]
        message = f"{what} does not follow the format ({error.message})"
        return [self.problem(where, message, self.hint(where, keyword, "see the format's guide"))]

    def missing(self, where: Where, what: str, key: str) -> Problem:
        node = self.schema.child(self.schema.at(where, self.data), key, self.value(where))
        fix = self.schema.annotation(node, "x-missing") or f"add '{key}:'"
        return self.problem(where, f"{what} has no '{key}'", str(fix))

    def pattern(self, where: Where, what: str, value: Any) -> Problem:
        node = self.schema.at(where, self.data)
        messages = self.schema.annotation(node, "x-messages") or {}
        template = messages.get("pattern", "is '{value}', which does not have the expected form")
        message = f"{what} {_fill(str(template), value=value)}"
        fix = self.hint(where, "pattern", "check the value", slug=slug(value))
        if messages.get("pattern") == "is empty":
            parent = self.schema.at(where[:-1], self.data)
            parent_value = self.value(where[:-1])
            required = {
                key
                for branch in self.schema.branches(parent, parent_value)
                for key in branch.get("required", [])
            }
            if isinstance(where[-1], int):
                fix += ", or remove the entry"
            elif where[-1] not in required:
                fix += ", or remove the key"
        return self.problem(where, message, fix)

    def unknown_key(self, where: Where, what: str, key: str) -> Problem | None:
        """The problem of an unknown ``key`` (None when the key is allowed after all: an
        error elsewhere in its branch made the validator count it as unevaluated)."""
        node = self.schema.at(where, self.data)
        value = self.value(where)
        at = (*where, key)
        message = f"{what} has an unknown key '{key}'"
        if key in known_keys(self.schema, node, value):
            return None
        chooser = selector(self.schema, node)
        if chooser is None:
            return self.problem(at, message, suggest(key, known_keys(self.schema, node, value)))
        chosen_by, branch_keys = chooser
        current = value.get(chosen_by) if isinstance(value, dict) else None
        owners = [name for name, keys in branch_keys.items() if key in keys]
        if owners and current in branch_keys:
            noun = self.schema.annotation(node, "x-noun") or "entry"
            fix = (
                f"'{key}' belongs to {', '.join(owners)} {noun}s, not {current}; "
                f"remove it or change '{chosen_by}'"
            )
            return self.problem(at, message, fix)
        if current in branch_keys:
            return self.problem(at, message, suggest(key, known_keys(self.schema, node, value)))
        every = known_keys(self.schema, node, value)
        for keys in branch_keys.values():
            every += [k for k in keys if k not in every]
        return self.problem(at, message, suggest(key, every))


def validate(
    data: Any,
    schema: Schema,
    *,
    path: str,
    lines: Lines | None = None,
    plain_json: bool = False,
) -> list[Problem]:
    """Every problem of ``data`` (read from the file ``path``) against ``schema``, in the
    order of the file; ``lines`` gives the line of a value from its path in the data.

    ``plain_json``: the caller vouches that ``data`` is what a JSON parser gives, with
    finite numbers, no lone surrogates and a bounded depth (a hand-in file after its
    limits). A valid document is then confirmed without first making the safe copy,
    which costs more than the parsing itself; an invalid one is worded as always.
    """
    if plain_json and schema.validator.is_valid(data):
        return []
    line: Lines = lines or (lambda where: None)
    try:
        clean, findings, originals = _json_safe(data)
    except _TooDeep as deep:
        return [
            Problem(
                path,
                line(deep.where),
                f"the file is nested more than {MAX_DEPTH} levels deep",
                "use only the few levels of lists and mappings the format describes",
            )
        ]
    problems = [
        Problem(path, line(where), f"{label(schema, where, clean)} {message}", fix)
        for where, message, fix in findings
    ]
    reported = {where for where, _, _ in findings}
    worder = _Worder(schema, clean, path, line, originals)
    for error in schema.validator.iter_errors(clean):
        if tuple(error.instance_path) not in reported:
            problems.extend(worder.words(error))
    return sorted(problems, key=lambda p: p.line or 0)
