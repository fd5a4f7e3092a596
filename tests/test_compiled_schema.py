"""Compiled JSON Schemas: the code is cached on disk and a damaged cache is not an error."""

from __future__ import annotations

from pathlib import Path

import fastjsonschema
import pytest

from lessonkit import _compiledschema
from lessonkit._compiledschema import compiled_validator
from lessonkit.quiz.loader import quiz_schema

SCHEMA = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"}, "n": {"minimum": 1}},
}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("LESSONKIT_CACHE", str(folder))
    return folder


def _verdicts(validate: object) -> list[bool]:
    cases = [{"id": "abc"}, {"id": "ABC"}, {"n": 2}, {"id": "a", "n": 0}, [], {"id": "a", "n": 5}]
    verdicts = []
    for case in cases:
        try:
            validate(case)  # type: ignore[operator]
            verdicts.append(True)
        except fastjsonschema.JsonSchemaException:
            verdicts.append(False)
    return verdicts


def test_same_verdicts_as_fastjsonschema(cache: Path) -> None:
    assert _verdicts(compiled_validator(SCHEMA, "t")) == _verdicts(fastjsonschema.compile(SCHEMA))
    assert _verdicts(compiled_validator(SCHEMA, "t")) == [True, False, False, False, False, True]


def test_second_use_reads_the_cache(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled_validator(SCHEMA, "t")
    (stored,) = cache.glob("t-*.marshal")

    def no_compiling(*args: object, **kwargs: object) -> str:
        raise AssertionError("compiled again instead of reading the cache")

    monkeypatch.setattr(fastjsonschema, "compile_to_code", no_compiling)
    assert _verdicts(compiled_validator(SCHEMA, "t"))[:2] == [True, False]
    assert list(cache.glob("t-*.marshal")) == [stored]


def test_a_changed_schema_gets_its_own_file(cache: Path) -> None:
    compiled_validator(SCHEMA, "t")
    compiled_validator(dict(SCHEMA, required=["n"]), "t")
    assert len(list(cache.glob("t-*.marshal"))) == 2


@pytest.mark.parametrize("damage", [b"", b"not marshal data", b"\xe9\x01\x00\x00\x00"])
def test_a_damaged_cache_file_is_compiled_again(cache: Path, damage: bytes) -> None:
    compiled_validator(SCHEMA, "t")
    (stored,) = cache.glob("t-*.marshal")
    stored.write_bytes(damage)
    assert _verdicts(compiled_validator(SCHEMA, "t"))[:2] == [True, False]
    assert stored.read_bytes() != damage  # replaced by a good copy
    assert not [p for p in cache.iterdir() if p.name.startswith(".")]  # no temporary left


def test_an_unwritable_cache_is_not_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be created under a file")
    monkeypatch.setattr(_compiledschema, "cache_folder", lambda: blocker / "cache")
    assert _verdicts(compiled_validator(SCHEMA, "t"))[:2] == [True, False]


def test_the_quiz_schema_compiles_and_is_cached(cache: Path) -> None:
    schema = dict(quiz_schema(), **{"$schema": "http://json-schema.org/draft-07/schema#"})
    validate = compiled_validator(schema, "quiz")
    with pytest.raises(fastjsonschema.JsonSchemaException):
        validate({"id": "q"})
    assert list(cache.glob("quiz-*.marshal"))
