"""The JSON Schemas lessonkit ships, and the words inside them.

:class:`Schema` compiles a schema once (jsonschema-rs) and finds, for any place in a
document, the subschemas that apply there and their ``x-`` annotations; :func:`label`
names a place in words. :mod:`lessonkit._validation` uses both to word every problem.

=============  ====================================================================
annotation     meaning
=============  ====================================================================
``x-label``    how the whole document is named ("the quiz")
``x-noun``     how one entry of a list is named ("option"), on the list's ``items``
``x-name-key`` the key whose value names an entry ("id": "question 'q1'")
``x-missing``  on a property: the fix when it is required and missing
``x-hint``     on any schema: the fix for any of its rules that fails
``x-hints``    ``{keyword: fix}`` for one rule (``minItems``, ``type``, ``pattern``...)
``x-messages`` ``{keyword: what is wrong}`` ("is '{value}', which is not a valid id")
``x-kind``     on an ``enum`` or ``const``: what the allowed values are ("a verdict")
=============  ====================================================================

Texts may use ``{limit}``, ``{value}`` and ``{slug}``.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._resources import package_file

if TYPE_CHECKING:
    import jsonschema_rs

__all__ = ["Schema", "Where", "known_keys", "label", "selector", "step"]

Where = tuple[Any, ...]
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _condition_holds(condition: Any, value: Any) -> bool:
    """Whether an ``if`` of the simple form lessonkit's schemas use (``required`` and
    ``properties: {key: {const: ...}}``) holds for ``value``; other forms count as true."""
    if not isinstance(condition, dict) or not isinstance(value, dict):
        return True
    if any(key not in value for key in condition.get("required", [])):
        return False
    return all(
        value[key] == rule["const"]
        for key, rule in condition.get("properties", {}).items()
        if isinstance(rule, dict) and "const" in rule and key in value
    )


class Schema:
    """A JSON Schema shipped with lessonkit, compiled once when first used, with the
    lookups its words need."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document

    @functools.cached_property
    def validator(self) -> jsonschema_rs.Validator:
        """The compiled validator, made when first used (the words need only the document)."""
        import jsonschema_rs

        return jsonschema_rs.validator_for(self.document, validate_formats=False)

    @classmethod
    @functools.cache
    def shipped(cls, *parts: str) -> Schema:
        """The schema file ``parts`` inside the package, read and compiled once."""
        return cls(json.loads(package_file(*parts).read_text(encoding="utf-8")))

    def _target(self, reference: str) -> Any:
        target: Any = self.document
        for part in reference.removeprefix("#/").split("/"):
            target = target[part]
        return target

    def branches(self, node: Any, value: Any = None) -> Iterator[dict[str, Any]]:
        """``node`` and the subschemas that apply to the same ``value``: what ``$ref`` points
        to, ``allOf`` parts, and ``then`` parts whose ``if`` holds (all of them when
        ``value`` is ``None``). Outer schemas come first."""
        if not isinstance(node, dict):
            return
        yield node
        if isinstance(node.get("$ref"), str):
            yield from self.branches(self._target(node["$ref"]), value)
        for part in node.get("allOf", []):
            yield from self.branches(part, value)
            applies = value is None or _condition_holds(part.get("if"), value)
            if isinstance(part, dict) and "then" in part and applies:
                yield from self.branches(part["then"], value)

    def child(self, node: Any, step: Any, value: Any = None) -> Any:
        """The subschema of the value at ``step`` (a key or a list index) under ``node``."""
        for branch in self.branches(node, value):
            if isinstance(step, int) and isinstance(branch.get("items"), dict):
                return branch["items"]
            properties = branch.get("properties", {})
            if isinstance(step, str) and isinstance(properties.get(step), dict):
                return properties[step]
        return None

    def annotation(self, node: Any, name: str, value: Any = None) -> Any:
        """The first ``name`` annotation on ``node`` or the subschemas that apply with it."""
        for branch in self.branches(node, value):
            if name in branch:
                return branch[name]
        return None

    def at(self, where: Where, data: Any) -> Any:
        """The subschema of the value at ``where`` in ``data``."""
        node: Any = self.document
        value = data
        for key in where:
            node = self.child(node, key, value)
            value = step(value, key)
            if node is None:
                return None
        return node


def step(value: Any, key: Any) -> Any:
    """``value[key]``, or ``None`` where there is no such value."""
    if isinstance(value, dict) and isinstance(key, str):
        return value.get(key)
    if isinstance(value, list) and isinstance(key, int) and key < len(value):
        return value[key]
    return None


def label(schema: Schema, where: Where, data: Any) -> str:
    """Name the value at ``where`` in words: ``'text' of option 2 of question 'q1'``."""
    if not where:
        return str(schema.document.get("x-label", "the file"))
    pieces: list[str] = []
    node: Any = schema.document
    value = data
    i = 0
    while i < len(where):
        key = where[i]
        child = schema.child(node, key, value)
        child_value = step(value, key)
        after = where[i + 1] if i + 1 < len(where) else None
        if isinstance(after, int) and isinstance(child_value, list):
            items = schema.child(child, after, child_value)
            entry = step(child_value, after)
            noun = schema.annotation(items, "x-noun", entry) or str(key)
            name_key = schema.annotation(items, "x-name-key", entry)
            name = entry.get(name_key) if isinstance(entry, dict) and name_key else None
            if isinstance(name, str) and _ID.match(name):
                pieces.append(f"{noun} '{name}'")
            else:
                pieces.append(f"{noun} {after + 1}")
            node, value, i = items, entry, i + 2
            continue
        pieces.append(f"'{key}'")
        node, value, i = child, child_value, i + 1
    return " of ".join(reversed(pieces))


def selector(schema: Schema, node: Any) -> tuple[str, dict[str, list[str]]] | None:
    """For an object schema whose ``allOf`` chooses its keys by one property's value
    (``if type is X then ...``): that property, and for each of its values the keys its
    branch adds."""
    for branch in schema.branches(node):
        keys: dict[str, list[str]] = {}
        selector = None
        for part in branch.get("allOf", []):
            condition = part.get("if", {}) if isinstance(part, dict) else {}
            rules = condition.get("properties", {}) if isinstance(condition, dict) else {}
            if len(rules) != 1 or "then" not in part:
                continue
            selector, rule = next(iter(rules.items()))
            if isinstance(rule, dict) and "const" in rule:
                added = known_keys(schema, part["then"])
                keys[str(rule["const"])] = added
        if selector is not None:
            return selector, keys
    return None


def known_keys(schema: Schema, node: Any, value: Any = None) -> list[str]:
    """Every key the object schema ``node`` knows for ``value``, its branches' included."""
    keys: dict[str, None] = {}
    for branch in schema.branches(node, value):
        keys.update(dict.fromkeys(branch.get("properties", {})))
    return list(keys)
