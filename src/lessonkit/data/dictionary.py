"""Read and check data dictionaries: Frictionless Table Schemas in YAML.

A dictionary is the YAML file beside each CSV table (see ``docs/data-dictionary.md``).
Its shape is checked by ``dictionary.schema.json`` (through
:func:`lessonkit._validation.validate`); what a schema cannot say is checked here: names
that repeat, keys that name no column, regular expressions that do not compile, and
constraints that do not fit the column's type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .._validation import Schema, validate
from .._yaml import YamlDocument, read_yaml
from ..errors import DatasetError, Problem

__all__ = ["FIELD_TYPES", "Field", "ForeignKey", "TableSchema", "read_dictionary"]

#: Column types as lessonkit loads them; ``list`` is a string column with an
#: ``x-lessonkit: {delimiter: ...}`` (Table Schema v1 has no list type).
FIELD_TYPES = ("string", "integer", "number", "date", "boolean", "list")
#: The constraints that fit each column type (Frictionless allows no others).
_FITTING = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "integer": {"required", "unique", "enum", "minimum", "maximum"},
    "number": {"required", "unique", "enum", "minimum", "maximum"},
    "date": {"required", "unique", "enum", "minimum", "maximum"},
    "boolean": {"required", "enum"},
    "list": {"required"},
}


def article(word: str) -> str:
    """``a`` or ``an`` before ``word``."""
    return "an" if word[:1] in "aeiou" else "a"


def _kind(raw: dict[str, Any]) -> str:
    """The type lessonkit loads a column as (``list`` for a string with a delimiter)."""
    if raw["type"] == "string" and "delimiter" in raw.get("x-lessonkit", {}):
        return "list"
    return str(raw["type"])


@dataclass(frozen=True)
class Field:
    """One column of a table as its dictionary describes it."""

    name: str
    type: str
    description: str
    required: bool = False
    unique: bool = False
    enum: tuple[str, ...] | None = None
    pattern: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    max_words: int | None = None
    item_pattern: str | None = None
    delimiter: str = ";"
    line: int = 1

    @property
    def is_categorical(self) -> bool:
        """A string column with a closed list of values loads as a category."""
        return self.type == "string" and self.enum is not None

    def allowed_text(self) -> str:
        """The allowed values or range, as a short human-readable text."""
        parts = []
        if self.enum is not None:
            parts.append("one of: " + ", ".join(self.enum))
        if self.minimum is not None or self.maximum is not None:
            low = "" if self.minimum is None else f"{self.minimum:g}"
            high = "" if self.maximum is None else f"{self.maximum:g}"
            parts.append(f"range {low}..{high}")
        if self.pattern:
            parts.append(f"pattern {self.pattern}")
        if self.item_pattern:
            parts.append(f"each item: pattern {self.item_pattern}")
        if self.max_words:
            parts.append(f"at most {self.max_words} words")
        if self.max_length:
            parts.append(f"at most {self.max_length} characters")
        if self.unique:
            parts.append("unique")
        return "; ".join(parts)


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must exist in another table's column."""

    field: str
    resource: str
    target: str


@dataclass(frozen=True)
class TableSchema:
    """A table's data dictionary."""

    name: str
    title: str
    description: str
    licenses: tuple[str, ...]
    sources: tuple[str, ...]
    fields: tuple[Field, ...]
    primary_key: str | None
    foreign_keys: tuple[ForeignKey, ...]
    path: str
    source_line: int = 1

    @property
    def field_names(self) -> list[str]:
        """Column names in order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """The field called ``name``."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


def dictionary_schema() -> Schema:
    """The JSON Schema of a data dictionary (``lessonkit/data/dictionary.schema.json``)."""
    return Schema.shipped("data", "dictionary.schema.json")


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _field(raw: dict[str, Any], line: int) -> Field:
    constraints = raw.get("constraints", {})
    extra = raw.get("x-lessonkit", {})
    enum = constraints.get("enum")
    return Field(
        name=raw["name"],
        type=_kind(raw),
        description=raw["description"].strip(),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        enum=None if enum is None else tuple(str(v) for v in enum),
        pattern=constraints.get("pattern"),
        minimum=_number(constraints.get("minimum")),
        maximum=_number(constraints.get("maximum")),
        max_length=constraints.get("maxLength"),
        max_words=extra.get("maxWords"),
        item_pattern=extra.get("itemPattern"),
        delimiter=str(extra.get("delimiter", ";")),
        line=line,
    )


def _field_problems(
    raw: dict[str, Any], where: tuple[Any, ...], doc: YamlDocument
) -> list[Problem]:
    """What the schema cannot see in one (well-formed) field."""
    problems = []
    name, kind = raw["name"], _kind(raw)
    constraints = raw.get("constraints", {})
    for key in constraints:
        if key not in _FITTING[kind]:
            hint = (
                "for a list column, write 'itemPattern:' under 'x-lessonkit:' to check each item"
                if key == "pattern" and kind == "list"
                else f"remove it; {article(kind)} {kind} column allows: {', '.join(sorted(_FITTING[kind]))}"
            )
            problems.append(
                Problem(
                    doc.path,
                    doc.line((*where, "constraints", key)),
                    f"the constraint '{key}' does not fit the {kind} column '{name}'",
                    hint,
                )
            )
    patterns = [("constraints", "pattern"), ("x-lessonkit", "itemPattern")]
    for group, key in patterns:
        pattern = raw.get(group, {}).get(key)
        if pattern is None:
            continue
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(
                Problem(
                    doc.path,
                    doc.line((*where, group, key)),
                    f"the {key} of '{name}' is not a valid regular expression ({exc})",
                    "escape special characters such as ( [ { with a backslash",
                )
            )
    low, high = constraints.get("minimum"), constraints.get("maximum")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        problems.append(
            Problem(
                doc.path,
                doc.line((*where, "constraints")),
                f"the minimum of '{name}' ({low}) is above its maximum ({high})",
                "swap them or correct one",
            )
        )
    if "itemPattern" in raw.get("x-lessonkit", {}) and kind != "list":
        problems.append(
            Problem(
                doc.path,
                doc.line((*where, "x-lessonkit", "itemPattern")),
                f"itemPattern does not fit '{name}', which is not a list column",
                "add 'delimiter:' under 'x-lessonkit:', or write 'pattern:' under 'constraints:'",
            )
        )
    if "maxWords" in raw.get("x-lessonkit", {}) and kind != "string":
        problems.append(
            Problem(
                doc.path,
                doc.line((*where, "x-lessonkit", "maxWords")),
                f"maxWords does not fit the {kind} column '{name}'",
                "use it on string columns only",
            )
        )
    return problems


def _table_problems(data: dict[str, Any], doc: YamlDocument) -> list[Problem]:
    """Names that repeat, and keys that name no column."""
    problems: list[Problem] = []
    names: dict[str, int] = {}
    for i, raw in enumerate(data["fields"]):
        line = doc.line(("fields", i, "name"))
        if raw["name"] in names:
            problems.append(
                Problem(
                    doc.path,
                    line,
                    f"the field '{raw['name']}' is listed twice (first on line {names[raw['name']]})",
                    "give every column a distinct name",
                )
            )
        names.setdefault(raw["name"], line)
        problems += _field_problems(raw, ("fields", i), doc)
    primary = data.get("primaryKey")
    if primary is not None and primary not in names:
        problems.append(
            Problem(
                doc.path,
                doc.line(("primaryKey",)),
                f"the primaryKey '{primary}' is not a field",
                "name one of the fields",
            )
        )
    for where, key in _foreign_keys(data):
        if key["fields"] not in names:
            problems.append(
                Problem(
                    doc.path,
                    doc.line((*where, "fields")),
                    f"the foreign key field '{key['fields']}' is not a column",
                    "name one of the fields",
                )
            )
    return problems


def _foreign_keys(data: dict[str, Any]) -> list[tuple[tuple[Any, ...], dict[str, Any]]]:
    """Every foreign key with its place: Table Schema's, and lessonkit's for list columns."""
    plain = [(("foreignKeys", i), k) for i, k in enumerate(data.get("foreignKeys", []))]
    items = data.get("x-lessonkit", {}).get("itemForeignKeys", [])
    return plain + [(("x-lessonkit", "itemForeignKeys", i), k) for i, k in enumerate(items)]


def read_dictionary(path: str | Path, *, licenses: tuple[str, ...] = ()) -> TableSchema:
    """Read one data dictionary, reporting every problem in it at once.

    ``licenses`` are the table's licences, which the data package (``datapackage.json``)
    declares.
    """
    path = Path(path)
    doc = read_yaml(path, DatasetError, "dictionary")
    data = doc.data
    if not isinstance(data, dict):
        raise DatasetError(
            "the dictionary is empty or not a mapping",
            path=doc.path,
            line=1,
            hint="start with 'title:', 'description:' and 'fields:' (see docs/data-dictionary.md)",
        )
    problems = doc.problems + validate(data, dictionary_schema(), path=doc.path, lines=doc.line)
    if problems:
        raise DatasetError.from_problems(problems)
    problems = _table_problems(data, doc)
    if problems:
        raise DatasetError.from_problems(problems)
    primary = data.get("primaryKey")
    fields = [_field(raw, doc.line(("fields", i))) for i, raw in enumerate(data["fields"])]
    # A primary key is required and unique, whatever its field declares.
    fields = [replace(f, required=True, unique=True) if f.name == primary else f for f in fields]
    extra = data.get("x-lessonkit", {})
    return TableSchema(
        name=path.stem,
        title=data["title"].strip(),
        description=data["description"].strip(),
        licenses=licenses,
        sources=tuple(extra.get("sources", ())),
        fields=tuple(fields),
        primary_key=primary,
        foreign_keys=tuple(
            ForeignKey(k["fields"], k["reference"]["resource"], k["reference"]["fields"])
            for _, k in _foreign_keys(data)
        ),
        path=doc.path,
        source_line=doc.line(("x-lessonkit", "sources")),
    )
