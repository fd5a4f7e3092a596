"""Read and check data dictionaries (Frictionless Table Schema vocabulary).

A dictionary is the YAML file beside each CSV table; see ``docs/data-dictionary.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from ..errors import DatasetError, Problem

__all__ = ["FIELD_TYPES", "Field", "ForeignKey", "TableSchema", "read_dictionary"]

FIELD_TYPES = ("string", "integer", "number", "date", "boolean", "list")
_FIELD_KEYS = {"name", "type", "description", "constraints", "delimiter", "itemType", "title"}
_CONSTRAINTS = {
    "required",
    "unique",
    "enum",
    "pattern",
    "minimum",
    "maximum",
    "maxLength",
    "maxWords",
}
_TOP_KEYS = {"name", "title", "description", "licenses", "sources", "schema", "path", "format"}


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
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

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


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _read_field(
    raw: Any, where: tuple[Any, ...], doc: Any, problems: list[Problem]
) -> Field | None:
    path = doc.path
    line = doc.line(where)
    if not isinstance(raw, dict):
        problems.append(
            Problem(
                path,
                line,
                "a field must be a mapping with name and type",
                "write '- name: column_name' then 'type: string'",
            )
        )
        return None
    for key in raw:
        if key not in _FIELD_KEYS:
            close = get_close_matches(str(key), _FIELD_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it"
            problems.append(
                Problem(path, doc.line((*where, key)), f"unknown field key '{key}'", hint)
            )
    name = raw.get("name")
    if not isinstance(name, str) or not name:
        problems.append(Problem(path, line, "a field has no name", "add 'name: column_name'"))
        return None
    ftype = raw.get("type", "string")
    if ftype not in FIELD_TYPES:
        problems.append(
            Problem(
                path,
                doc.line((*where, "type")),
                f"field '{name}' has unknown type '{ftype}'",
                "use one of: " + ", ".join(FIELD_TYPES),
            )
        )
        ftype = "string"
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        problems.append(
            Problem(
                path,
                line,
                f"field '{name}' has no description",
                "add 'description:' saying what the column holds",
            )
        )
        description = ""
    cons = raw.get("constraints") or {}
    if not isinstance(cons, dict):
        problems.append(
            Problem(
                path,
                doc.line((*where, "constraints")),
                f"constraints of '{name}' must be a mapping",
                "write 'required: true'",
            )
        )
        cons = {}
    for key in cons:
        if key not in _CONSTRAINTS:
            close = get_close_matches(str(key), _CONSTRAINTS, n=1)
            hint = (
                f"did you mean '{close[0]}'?"
                if close
                else "use one of: " + ", ".join(sorted(_CONSTRAINTS))
            )
            problems.append(
                Problem(
                    path,
                    doc.line((*where, "constraints", key)),
                    f"unknown constraint '{key}' on '{name}'",
                    hint,
                )
            )
    enum = cons.get("enum")
    if enum is not None and not (isinstance(enum, list) and enum):
        problems.append(
            Problem(
                path,
                doc.line((*where, "constraints", "enum")),
                f"enum of '{name}' must be a non-empty list",
                "write 'enum: [a, b]'",
            )
        )
        enum = None
    pattern = cons.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(
                Problem(
                    path,
                    doc.line((*where, "constraints", "pattern")),
                    f"pattern of '{name}' is not a valid regular expression ({exc})",
                    "escape special characters",
                )
            )
            pattern = None
    return Field(
        name=name,
        type=ftype,
        description=description.strip(),
        required=bool(cons.get("required", False)),
        unique=bool(cons.get("unique", False)),
        enum=None if enum is None else tuple(str(v) for v in enum),
        pattern=pattern,
        minimum=_number(cons.get("minimum")),
        maximum=_number(cons.get("maximum")),
        max_length=cons.get("maxLength"),
        max_words=cons.get("maxWords"),
        delimiter=str(raw.get("delimiter", ";")),
        line=line,
    )


def read_dictionary(path: str | Path) -> TableSchema:
    """Read one data dictionary, reporting every problem in it at once."""
    from .._yaml import read_yaml

    path = Path(path)
    shown = str(path)
    doc = read_yaml(path, DatasetError, "dictionary")
    data = doc.data
    if not isinstance(data, dict):
        raise DatasetError(
            "the dictionary is empty or not a mapping",
            path=shown,
            line=1,
            hint="start with 'name:', 'title:', 'description:' and 'schema:'",
        )
    problems: list[Problem] = list(doc.problems)
    for key in data:
        if key not in _TOP_KEYS:
            close = get_close_matches(str(key), _TOP_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "remove it"
            problems.append(Problem(shown, doc.line((key,)), f"unknown key '{key}'", hint))
    for key in ("title", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            problems.append(Problem(shown, 1, f"the dictionary has no {key}", f"add '{key}:'"))
    if data.get("name") not in (None, path.stem):
        problems.append(
            Problem(
                shown,
                doc.line(("name",)),
                f"name '{data['name']}' does not match the file name '{path.stem}'",
                f"write 'name: {path.stem}'",
            )
        )
    schema = data.get("schema")
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        problems.append(
            Problem(
                shown,
                doc.line(("schema",)),
                "the dictionary has no schema.fields list",
                "add 'schema:' with a 'fields:' list",
            )
        )
        raise DatasetError.from_problems(problems)
    fields = []
    for i, raw in enumerate(schema["fields"]):
        parsed = _read_field(raw, ("schema", "fields", i), doc, problems)
        if parsed is not None:
            fields.append(parsed)
    names = [f.name for f in fields]
    for dup in sorted({n for n in names if names.count(n) > 1}):
        problems.append(
            Problem(
                shown,
                doc.line(("schema", "fields")),
                f"field '{dup}' is listed twice",
                "give every column a distinct name",
            )
        )
    primary = schema.get("primaryKey")
    if primary is not None and primary not in names:
        problems.append(
            Problem(
                shown,
                doc.line(("schema", "primaryKey")),
                f"primaryKey '{primary}' is not a field",
                "name one of the fields",
            )
        )
    fks = []
    for i, raw in enumerate(schema.get("foreignKeys") or []):
        where = ("schema", "foreignKeys", i)
        ref = raw.get("reference") if isinstance(raw, dict) else None
        if not isinstance(ref, dict) or not raw.get("fields") or not ref.get("resource"):
            problems.append(
                Problem(
                    shown,
                    doc.line(where),
                    "a foreign key needs fields and reference",
                    "write 'fields: col' and 'reference: {resource: table, fields: id}'",
                )
            )
            continue
        if raw["fields"] not in names:
            problems.append(
                Problem(
                    shown,
                    doc.line((*where, "fields")),
                    f"foreign key field '{raw['fields']}' is not a column",
                    "name one of the fields",
                )
            )
        fks.append(ForeignKey(str(raw["fields"]), str(ref["resource"]), str(ref.get("fields", ""))))
    licenses = tuple(
        str(lic.get("name")) if isinstance(lic, dict) else str(lic)
        for lic in data.get("licenses") or []
    )
    if not licenses:
        problems.append(
            Problem(
                shown, 1, "the dictionary names no licence", "add 'licenses: [{name: CC-BY-4.0}]'"
            )
        )
    if problems:
        raise DatasetError.from_problems(problems)
    # A primary key is required and unique, whatever its field declares.
    fields = [replace(f, required=True, unique=True) if f.name == primary else f for f in fields]
    return TableSchema(
        name=path.stem,
        title=data["title"].strip(),
        description=data["description"].strip(),
        licenses=licenses,
        sources=tuple(str(s) for s in data.get("sources") or []),
        fields=tuple(fields),
        primary_key=primary,
        foreign_keys=tuple(fks),
        path=shown,
        source_line=doc.line(("sources",)),
    )
