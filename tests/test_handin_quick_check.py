"""The quick acceptance of a hand-in file (parsed by orjson, one schema pass for the plain
shape lessonkit writes) never accepts what the full check (the standard parser, the
limits, then the worded format) refuses, and gives the same document when both accept."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonkit.answers import handin_quick, handin_reader
from lessonkit.answers.handin import read_handin
from lessonkit.answers.limits import MAX_DEPTH, MAX_FIELD_CHARS
from lessonkit.errors import ProgressFileError

RESPONSE = {
    "recorded_at": "2026-01-05T10:00:00+00:00",
    "quiz_id": "quiz",
    "quiz_version": 1,
    "quiz_title": "Quiz",
    "question_id": "q1",
    "answer": "a",
    "verdict": "incorrect",
    "score": 0.0,
    "attempt": 1,
}
DOCUMENT = {
    "format": "lessonkit-responses",
    "format_version": 1,
    "student": "Ann",
    "lessonkit_version": "0.1.0",
    "exported_at": "2026-01-06T09:00:00+00:00",
    "source": "book",
    "quizzes": [{"quiz_id": "quiz", "quiz_version": 1, "title": "Quiz"}],
    "responses": [RESPONSE],
}

_DEEP: Any = "x"
for _ in range(MAX_DEPTH):
    _DEEP = [_DEEP]


def _outcome(path: Path) -> tuple[str, Any]:
    try:
        return "read", read_handin(path)
    except ProgressFileError as error:
        return "refused", [str(p) for p in error.problems]


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, Any], tuple[str, Any]]:
    """What reading the file gives, with the quick pass and with the full check only."""
    quick = _outcome(path)
    with monkeypatch.context() as patched:
        patched.setattr(handin_reader, "plain_and_valid", lambda document, short: False)
        full = _outcome(path)
    return quick, full


def _with(place: str, value: Any) -> dict[str, Any]:
    document = json.loads(json.dumps(DOCUMENT))
    if place.startswith("top:"):
        document[place[4:]] = value
    elif place.startswith("quiz:"):
        document["quizzes"][0][place[5:]] = value
    else:
        document["responses"][0][place] = value
    return document


CASES = [
    ("answer", ["a", "b"]),
    ("answer", {"a": "x", "b": "y"}),
    ("answer", 10**18 - 1),
    ("answer", -(10**18) + 1),
    ("answer", 1.5e300),
    ("answer", [[["ok"]]]),
    ("answer", {"a": ["b"]}),
    ("answer", {"a": _DEEP}),
    ("answer", {"a": 10**19}),
    ("answer", [float("inf")]),
    ("answer", 10**18),
    ("answer", -(10**30)),
    ("answer", ["a", 10**20]),
    ("answer", _DEEP),
    ("answer", "y" * (MAX_FIELD_CHARS + 1)),
    ("answer", ["y" * (MAX_FIELD_CHARS + 1)]),
    ("answer", {"y" * (MAX_FIELD_CHARS + 1): "a"}),
    ("answer", None),
    ("answer", True),
    ("extra", ["a"]),
    ("extra", 10**19),
    ("extra", -9223372036854775809),
    ("extra", 18446744073709551616),
    ("extra", {"deeper": _DEEP}),
    ("y" * (MAX_FIELD_CHARS + 1), 1),
    ("quiz_title", [10**19]),
    ("quiz_version", 10**19),
    ("quiz_version", True),
    ("score", 2),
    ("verdict", "great"),
    ("question_id", "Not An Id"),
    ("top:extra", 10**19),
    ("top:extra", "text"),
    ("top:extra", [{"a": _DEEP}]),
    ("top:student", " "),
    ("quiz:more", _DEEP),
    ("quiz:more", 3),
    ("quiz:quiz_version", 10**19),
]


def _assert_both_ways_agree(document: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick pass and the full check read ``document`` (a hand-in file) alike."""
    path = tmp_path / "ann.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    quick, full = _both(path, monkeypatch)
    assert quick == full


@pytest.mark.parametrize(
    ("place", "value"), CASES, ids=[f"{p[:12]}-{n}" for n, (p, _) in enumerate(CASES)]
)
def test_the_quick_pass_agrees_with_the_full_check(
    place: str, value: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_both_ways_agree(_with(place, value), tmp_path, monkeypatch)


@pytest.mark.parametrize(
    "text",
    [
        json.dumps(_with("answer", "PLACE")).replace("PLACE", "\\ud800"),
        json.dumps(_with("answer", "PLACE")).replace("PLACE", "\\uDBFF"),
        json.dumps(_with("extra", "PLACE")).replace("PLACE", "\\udc00"),
        json.dumps(_with("answer", 1)).replace('"answer": 1', '"answer": 1e999'),
        json.dumps(_with("answer", 1)).replace('"answer": 1', '"answer": -1e999'),
        # orjson reads these as floats; the standard parser as whole numbers
        json.dumps(_with("answer", 18446744073709551616)),
        json.dumps(_with("top:extra", -9223372036854775809)),
        json.dumps(_with("answer", [10**25])),
    ],
)
def test_texts_the_two_parsers_read_apart_are_left_to_the_full_check(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ann.json"
    path.write_text(text, encoding="utf-8")
    quick, full = _both(path, monkeypatch)
    assert quick == full and quick[0] == "refused"


@pytest.mark.parametrize(
    ("missing", "added"),
    [("quiz_title", None), ("answer", None), ("answer", "note"), ("verdict", "extra")],
)
def test_a_response_without_a_field_reads_alike_both_ways(
    missing: str, added: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _with("answer", "a")
    del document["responses"][0][missing]
    if added:
        document["responses"][0][added] = "text"
    path = tmp_path / "ann.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    quick, full = _both(path, monkeypatch)
    assert quick == full
    assert quick[0] == ("read" if missing == "quiz_title" else "refused")


def test_a_plain_file_of_any_size_is_accepted_by_the_quick_pass(tmp_path: Path) -> None:
    document = _with("answer", ["a", "b"])
    document["responses"] *= 2000  # longer than the field limit as a whole
    path = tmp_path / "ann.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    assert len(path.read_text(encoding="utf-8")) > MAX_FIELD_CHARS
    short = handin_quick.plain_and_valid(document, short=True)
    assert short and handin_quick.plain_and_valid(document, short=False)
    assert read_handin(path) == document


_JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=False)
    | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)
_PLACES = st.sampled_from(
    [
        *("answer", "extra", "score", "attempt", "quiz_version", "quiz_title", "verdict"),
        *("top:extra", "top:source", "top:quizzes", "quiz:more", "quiz:quiz_version"),
    ]
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=_PLACES, value=_JSON)
def test_any_value_anywhere_reads_alike_both_ways(
    place: str, value: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _assert_both_ways_agree(_with(place, value), tmp_path, monkeypatch)
