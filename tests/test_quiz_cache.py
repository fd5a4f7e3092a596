"""Quiz files already checked are kept in lessonkit's cache folder (lessonkit.quiz.checked):
the same bytes are not parsed and checked again, and nothing a file or its references
decide is ever taken from there."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz, checked, loader

QUIZZES = Path(__file__).parent / "quizzes"
DATASETS = QUIZZES / "datasets"
SMALL = """\
id: small
title: Small
questions:
  - id: q1
    type: single
    prompt: Which year?
    options:
      - {id: a, text: "1917", correct: true}
      - {id: b, text: "1933"}
  - id: q2
    type: true_false
    prompt: True?
    answer: true
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own."""
    monkeypatch.setenv("LESSONKIT_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "quizzes"


@pytest.fixture
def unparsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files the loader parses from now on (the cache spares the others)."""
    parsed: list[str] = []
    read = loader.read_yaml_text

    def counting(text: str, path: str, *args: Any) -> Any:
        parsed.append(Path(path).name)
        return read(text, path, *args)

    monkeypatch.setattr(loader, "read_yaml_text", counting)
    return parsed


def _all_types(folder: Path) -> Path:
    """The quiz of every question type, with excerpts, sources and an image."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (QUIZZES / "all-types.yaml").read_text(encoding="utf-8")
    text = text.replace("**typewritten**?", "**typewritten**? ![a bar chart](bar.svg)", 1)
    assert "bar.svg" in text
    (folder / "all-types.yaml").write_text(text, encoding="utf-8")
    shutil.copy(QUIZZES / "bar.svg", folder)
    return folder / "all-types.yaml"


def test_a_file_read_again_gives_the_same_quiz_without_being_parsed(
    tmp_path: Path, cache: Path, unparsed: list[str]
) -> None:
    path = _all_types(tmp_path / "quizzes")
    first = Quiz.from_yaml(path, datasets=DATASETS)
    again = Quiz.from_yaml(path, datasets=DATASETS)
    assert unparsed == ["all-types.yaml"]
    assert again == first
    assert [q.line for q in again.questions] == [q.line for q in first.questions]
    assert all(isinstance(q.line, int) for q in again.questions)
    assert again.excerpts == first.excerpts and again.excerpts
    assert again.citations == first.citations and again.citations
    assert again.images == first.images and again.images
    assert len(list(cache.glob("*.json"))) == 1
    # the same bytes in another folder: checked already; its images are that folder's
    other = _all_types(tmp_path / "elsewhere")
    moved = Quiz.from_yaml(other, datasets=DATASETS)
    assert unparsed == ["all-types.yaml"]
    assert moved.path == other
    assert {p.parent for p in moved.images.values()} == {other.parent}


def test_an_edited_file_is_checked_again(tmp_path: Path, cache: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    Quiz.from_yaml(path)
    path.write_text(SMALL.replace("answer: true", "answer: maybe"), encoding="utf-8")
    with pytest.raises(QuizFormatError) as raised:
        Quiz.from_yaml(path)
    (problem,) = raised.value.problems
    assert problem.line == 13 and "true or false" in problem.message
    assert len(list(cache.glob("*.json"))) == 1


def test_a_file_with_a_problem_is_never_kept(
    tmp_path: Path, cache: Path, unparsed: list[str]
) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL.replace("id: q2", "id: q1"), encoding="utf-8")
    messages = []
    for _ in range(2):
        with pytest.raises(QuizFormatError) as raised:
            Quiz.from_yaml(path)
        messages.append(str(raised.value))
    assert messages[0] == messages[1] and "q1" in messages[0]
    assert unparsed == ["small.yaml", "small.yaml"]
    assert not cache.exists() or not list(cache.iterdir())


def test_references_are_looked_up_on_every_load_and_reported_at_their_line(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _all_types(tmp_path / "quizzes")
    Quiz.from_yaml(path, datasets=DATASETS)
    (path.parent / "bar.svg").unlink()
    with pytest.raises(QuizFormatError) as kept:
        Quiz.from_yaml(path, datasets=DATASETS)
    monkeypatch.setenv("LESSONKIT_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(QuizFormatError) as fresh:
        Quiz.from_yaml(path, datasets=DATASETS)
    assert str(kept.value) == str(fresh.value)
    (problem,) = kept.value.problems
    assert "bar.svg" in problem.message and problem.line is not None and problem.line > 1
    # without resolving (grading needs no image or dataset) the kept quiz is enough
    assert Quiz.from_yaml(path, resolve=False).images == {}


def test_a_damaged_entry_is_replaced(tmp_path: Path, cache: Path, unparsed: list[str]) -> None:
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    expected = Quiz.from_yaml(path)
    (entry,) = cache.glob("*.json")
    damaged: list[bytes] = [
        b"\x00garbage",
        b'{"data": {"questions": []}, "question_lines": [3]}',
        json.dumps({"data": {"questions": [{}, {}]}, "question_lines": [3, 9]}).encode(),
        b'["not", "an", "entry"]',
    ]
    for content in damaged:
        entry.write_bytes(content)
        assert Quiz.from_yaml(path) == expected
        assert json.loads(entry.read_bytes())["data"]["id"] == "small"
    assert len(unparsed) == 1 + len(damaged)


def test_a_cache_folder_that_cannot_be_written_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unparsed: list[str]
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("LESSONKIT_CACHE", str(blocked))
    path = tmp_path / "small.yaml"
    path.write_text(SMALL, encoding="utf-8")
    assert Quiz.from_yaml(path) == Quiz.from_yaml(path)
    assert unparsed == ["small.yaml", "small.yaml"]
    assert blocked.read_text(encoding="utf-8") == "not a folder"
    assert {p.name for p in tmp_path.iterdir()} == {"a-file", "small.yaml"}


def test_data_json_cannot_hold_exactly_is_not_kept(cache: Path) -> None:
    for strange in (dt.date(1933, 12, 17), float("inf"), float("nan"), {1, 2}):
        checked.remember(b"quiz", {"questions": [], "value": strange}, [])
    assert not cache.exists() or not list(cache.iterdir())
    checked.remember(b"quiz", {"questions": [], "value": 1933}, [])
    assert checked.recall(b"quiz") == ({"questions": [], "value": 1933}, [])
    assert checked.recall(b"quiz!") is None


def test_another_version_of_the_checking_code_makes_another_stamp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "lessonkit"
    shutil.copytree(Path(checked.__file__).parent, package / "quiz")
    for name in ("_yaml.py", "_validation.py", "_schemas.py", "errors.py"):
        shutil.copy(Path(checked.__file__).parent.parent / name, package / name)
    monkeypatch.setattr(checked, "package_file", lambda *parts: package.joinpath(*parts))
    stamp = checked._code_stamp.__wrapped__
    before = stamp()
    assert stamp() == before
    for edited in (package / "quiz" / "checks.py", package / "_yaml.py"):
        os.utime(edited, ns=(0, edited.stat().st_mtime_ns + 1_000_000_000))
        assert stamp() != before
        before = stamp()
    (package / "quiz" / "quiz.schema.json").write_text("{}", encoding="utf-8")
    assert stamp() != before


def test_the_least_recently_used_entries_go(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checked, "MAX_ENTRIES", 3)
    monkeypatch.setattr(checked, "_KEEP_AFTER_CLEANUP", 2)
    for second, raw in enumerate((b"a", b"b", b"c"), start=1):
        checked.remember(raw, {"questions": [], "id": raw.decode()}, [])
        os.utime(checked._entry(raw, cache), ns=(0, second * 10**9))  # long ago, in turn
    assert checked.recall(b"a") is not None  # used again: now the most recent but one
    checked.remember(b"d", {"questions": [], "id": "d"}, [])
    kept = sorted(json.loads(p.read_bytes())["data"]["id"] for p in cache.glob("*.json"))
    assert kept == ["a", "d"]
