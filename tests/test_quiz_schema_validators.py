"""The shipped JSON Schemas, checked by an independent implementation (python-jsonschema):
each is a valid 2020-12 schema, and both validators accept and reject the same files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from lessonkit._validation import Schema
from lessonkit.quiz.loader import _string_keys

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = {
    "quiz": ("quiz", "quiz.schema.json"),
    "dictionary": ("data", "dictionary.schema.json"),
    "package": ("data", "datapackage.schema.json"),
    "hand-in": ("answers", "handin.schema.json"),
}
FILES = {
    "quiz": [
        *ROOT.glob("lessons/quizzes/*.yaml"),
        *ROOT.glob("tests/quiz_cases/*.yaml"),
        *ROOT.glob("tests/quizzes/*.yaml"),
        *ROOT.glob("tests/testbook/quizzes/*.yaml"),
    ],
    "dictionary": [
        p
        for p in [*ROOT.glob("datasets/*.yaml"), *ROOT.glob("tests/**/datasets/*.yaml")]
        if p.name != "datapackage.json"
    ],
    "package": [*ROOT.glob("datasets/datapackage.json"), *ROOT.glob("tests/**/datapackage.json")],
}


def _data(path: Path) -> object:
    """The file's data as the validators see it: JSON (YAML's boolean keys become text)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None
    return json.loads(json.dumps(_string_keys(data), default=str))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_each_shipped_schema_is_a_valid_2020_12_schema(name: str) -> None:
    schema = Schema.shipped(*SCHEMAS[name]).document
    Draft202012Validator.check_schema(schema)


CASES = [(kind, path) for kind, paths in FILES.items() for path in sorted(paths)]


@pytest.mark.parametrize(
    ("kind", "path"), CASES, ids=[f"{k}:{p.parent.name}/{p.name}" for k, p in CASES]
)
def test_both_implementations_agree(kind: str, path: Path) -> None:
    data = _data(path)
    if not isinstance(data, dict):
        return  # not a mapping: rejected before any schema check
    schema = Schema.shipped(*SCHEMAS[kind])
    independent = Draft202012Validator(schema.document)
    ours = sorted(tuple(e.instance_path) for e in schema.validator.iter_errors(data))
    theirs = sorted(tuple(e.absolute_path) for e in independent.iter_errors(data))
    assert (ours == []) == (theirs == [])


def test_broken_fixtures_include_schema_errors() -> None:
    schema = Schema.shipped(*SCHEMAS["quiz"])
    rejected = [
        p
        for p in FILES["quiz"]
        if isinstance(_data(p), dict) and not schema.validator.is_valid(_data(p))
    ]
    assert len(rejected) >= 8
