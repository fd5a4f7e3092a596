"""The fast validator (fastjsonschema) and the full one (jsonschema) agree on every quiz file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lessonkit.quiz.loader import _schema_valid, _validator

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    [
        *ROOT.glob("lessons/quizzes/*.yaml"),
        *ROOT.glob("tests/quiz_cases/*.yaml"),
        *ROOT.glob("tests/quizzes/*.yaml"),
        *ROOT.glob("tests/testbook/quizzes/*.yaml"),
    ]
)


def _data(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError):
        return None


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_and_full_validators_agree(path: Path) -> None:
    data = _data(path)
    if not isinstance(data, dict):
        return  # not a mapping: rejected before any schema check
    full = not any(True for _ in _validator().iter_errors(data))
    assert _schema_valid(data) == full


def test_broken_fixtures_include_schema_errors() -> None:
    rejected = [p for p in FILES if isinstance(_data(p), dict) and not _schema_valid(_data(p))]
    assert len(rejected) >= 8  # the comparison above covers invalid files, not only valid ones
