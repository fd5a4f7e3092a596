"""Hand-in files as untrusted input: spreadsheet-safe CSV both ways, and the limits."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessonkit.answers import ProgressStore
from lessonkit.answers.csvcells import read_cell, safe_cell
from lessonkit.answers.handin import read_handin
from lessonkit.answers.limits import MAX_DEPTH, check_value
from lessonkit.cli import main
from lessonkit.errors import ProgressFileError

FORMULAS = ['=HYPERLINK("http://evil")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\tx", "\rx"]


@given(st.text())
def test_safe_cells_read_back_exactly(text: str) -> None:
    cell = safe_cell(text)
    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
    assert read_cell(cell) == text


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_starts_get_an_apostrophe(text: str) -> None:
    assert safe_cell(text) == "'" + text


def test_export_responses_csv_is_safe_and_reads_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_HOME", str(tmp_path))
    store = ProgressStore()
    for n, text in enumerate(FORMULAS):
        store.record(
            quiz_id="quiz",
            quiz_version=1,
            question_id=f"q{n}",
            answer=text,
            verdict="incorrect",
            score=0.0,
            quiz_title=text,
        )
    store.record(
        quiz_id="quiz", quiz_version=1, question_id="n", answer=-5, verdict="incorrect", score=0.0
    )
    out = tmp_path / "mine.csv"
    assert main(["export-responses", "-o", str(out), "--csv", "--student", "=1+2"]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        cells = [cell for row in csv.reader(handle) for cell in row]
    for cell in cells:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    document = read_handin(out)
    assert document["student"] == "=1+2"
    assert [r["quiz_title"] for r in document["responses"]][: len(FORMULAS)] == FORMULAS
    assert [r["answer"] for r in document["responses"]] == [*FORMULAS, -5]


def test_limits_of_free_form_values() -> None:
    nested: object = 1
    for _ in range(MAX_DEPTH):
        nested = [nested]
    assert check_value(nested) == f"values are nested deeper than {MAX_DEPTH} levels"
    assert check_value({"a": [1, "b", {"c": None}]}) is None
    assert check_value(10**18) == "a number is longer than 18 digits"
    assert check_value(10**18 - 1) is None


def test_a_csv_row_with_too_few_cells(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    header = "student,lessonkit_version,exported_at,recorded_at,quiz_id,quiz_version,quiz_title,question_id,answer,verdict,score,attempt"
    path.write_text(header + "\nAnn,0.1\n", encoding="utf-8")
    with pytest.raises(ProgressFileError) as caught:
        read_handin(path)
    assert str(caught.value) == (
        f"{path}:2: not a lessonkit responses file: the row has fewer cells than the header. "
        "Fix: hand in the file exactly as lessonkit wrote it."
    )


def test_a_csv_file_mixing_students_names_the_row(tmp_path: Path) -> None:
    out = tmp_path / "two.csv"
    header = "student,lessonkit_version,exported_at,recorded_at,quiz_id,quiz_version,quiz_title,question_id,answer,verdict,score,attempt"
    row = ',0.1,2026,2026,quiz,1,Quiz,q,"""a""",incorrect,0,1'
    out.write_text(
        "\n".join([header, "Ann" + row, "Ann" + row, "Bob" + row]) + "\n", encoding="utf-8"
    )
    with pytest.raises(ProgressFileError, match="the file mixes 2 students") as caught:
        read_handin(out)
    assert caught.value.line == 4


def test_a_lone_surrogate_is_reported_by_the_validator(tmp_path: Path) -> None:
    from gradebook_class import document, response

    text = json.dumps(document("Ann", [response("pick", "PLACE", "incorrect", 0.0)]))
    (tmp_path / "ann.json").write_text(text.replace("PLACE", "\\ud800"), encoding="utf-8")
    with pytest.raises(ProgressFileError, match="not valid Unicode"):
        read_handin(tmp_path / "ann.json")


def test_the_csv_field_limit_holds_whatever_the_csv_module_allows(tmp_path: Path) -> None:
    import sys

    header = "student,lessonkit_version,exported_at,recorded_at,quiz_id,quiz_version,quiz_title,question_id,answer,verdict,score,attempt"
    row = f'Ann,0.1,2026,2026,quiz,1,Quiz,q,"{"y" * (129 * 1024)}",incorrect,0,1'
    (tmp_path / "wide.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    before = csv.field_size_limit(sys.maxsize)  # another library may have raised it
    try:
        with pytest.raises(ProgressFileError, match="a field is longer than 128 KiB") as caught:
            read_handin(tmp_path / "wide.csv")
    finally:
        csv.field_size_limit(before)
    assert caught.value.line == 2


def _limits_message(document: dict[str, object], *, short: bool) -> str | None:
    from lessonkit.answers.handin_reader import _check_limits

    try:
        _check_limits(document, "f.json", None, short=short)
    except ProgressFileError as error:
        return str(error)
    return None


_DEEP: object = "x"
for _ in range(MAX_DEPTH):
    _DEEP = [_DEEP]


@pytest.mark.parametrize(
    ("place", "value", "fits"),
    [
        ("answer", ["a", "b"], True),
        ("answer", {"a": "x", "b": "y"}, True),
        ("answer", 10**18 - 1, True),
        ("answer", [[["ok"]]], True),
        ("answer", {"a": ["b"]}, True),
        ("answer", 10**18, False),
        ("answer", -(10**30), False),
        ("answer", float("inf"), False),
        ("answer", ["a", 10**20], False),
        ("answer", _DEEP, False),
        ("extra", ["a"], True),
        ("extra", {"deeper": _DEEP}, False),
        ("quiz_title", [10**19], False),
        ("top", 10**19, False),
        ("top", float("-inf"), False),
        ("top", [{"a": _DEEP}], False),
        ("quizzes", [{"quiz_id": "q", "quiz_version": 1}], True),
        ("quizzes", [{"quiz_id": "q", "quiz_version": 10**19}], False),
        ("quizzes", [{"quiz_id": "q", "quiz_version": 1, "more": _DEEP}], False),
    ],
)
def test_the_quick_look_at_a_short_file_agrees_with_the_full_check(
    place: str, value: object, fits: bool
) -> None:
    response = {"quiz_id": "q", "quiz_version": 1, "question_id": "a", "answer": "x"}
    document: dict[str, object] = {"student": "S", "quizzes": [], "responses": [response]}
    if place in ("top", "quizzes"):
        document[place] = value
    else:
        response[place] = value
    full = _limits_message(document, short=False)
    assert _limits_message(document, short=True) == full
    assert (full is None) == fits, full
