"""`lessonkit check` on broken datasets: one fixture per class of bad input, exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.book.check import check_project
from lessonkit.cli import main


def _messages(project: Path) -> list[str]:
    report = check_project(project)
    return [str(p).replace(str(project) + "/", "") for p in report.problems]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_clean_fixture_has_no_problems(mini_project: Path) -> None:
    report = check_project(mini_project)
    assert report.problems == []
    assert report.tables == {"letters": 2, "places": 2}
    assert report.summary() == "lessonkit check: 2 tables (4 rows), 0 quiz files: no problems."


BAD_INPUTS = {
    "missing column": (
        "letters.csv",
        "letter_id,place_id,date_earliest,medium,pages,text,sources",
        "letter_id,place_id,date_earliest,pages,text,sources",
        [
            "datasets/letters.csv:1: missing column medium. Fix: make the header exactly: "
            "letter_id,place_id,date_earliest,medium,pages,text,sources."
        ],
    ),
    "bad date": (
        "letters.csv",
        "1924-01-01",
        "1924-02-30",
        [
            "datasets/letters.csv:2: date_earliest '1924-02-30' is not a valid date. "
            "Fix: this day does not exist in the calendar."
        ],
    ),
    "date in another format": (
        "letters.csv",
        "1924-01-01",
        "01.01.1924",
        [
            "datasets/letters.csv:2: date_earliest '01.01.1924' is not a valid date. Fix: write the "
            "date as YYYY-MM-DD (for a year alone use YYYY-01-01 and say so in the precision column)."
        ],
    ),
    "unknown category": (
        "letters.csv",
        "typewritten",
        "typed",
        [
            "datasets/letters.csv:2: 'typed' is not an allowed value of medium. "
            "Fix: use one of: typewritten, handwritten, unknown."
        ],
    ),
    "dangling reference": (
        "letters.csv",
        "np-letter,odessa",
        "np-letter,odesa",
        [
            "datasets/letters.csv:2: place_id 'odesa' is not a places.place_id. "
            "Fix: use an id that exists in places.csv."
        ],
    ),
    "unknown source key": (
        "places.csv",
        "47.24,ROL18;HEA01",
        "47.24,ROL18;HEA02",
        [
            "datasets/places.csv:3: unknown source key 'HEA02'. "
            "Fix: add it to references.bib or fix the key."
        ],
    ),
    "duplicate id": (
        "letters.csv",
        "lg-letter,rostov",
        "np-letter,rostov",
        [
            "datasets/letters.csv:3: duplicate letter_id 'np-letter' (first on line 2). "
            "Fix: give every row its own id."
        ],
    ),
    "not a number": (
        "letters.csv",
        "typewritten,12,",
        "typewritten,twelve,",
        [
            "datasets/letters.csv:2: pages 'twelve' is not a valid integer. "
            "Fix: write a whole number such as 130."
        ],
    ),
    "out of range": (
        "places.csv",
        "46.48",
        "146.48",
        [
            "datasets/places.csv:2: 146.48 is above the maximum 90 of latitude. Fix: check the value."
        ],
    ),
    "too many words": (
        "letters.csv",
        "Another text.",
        "one two three four five six seven eight nine",
        [
            "datasets/letters.csv:3: text has 9 words, more than 8. Fix: shorten it to at most 8 words."
        ],
    ),
    "empty required cell": (
        "letters.csv",
        "1716-03-30,unknown",
        "1716-03-30,",
        ["datasets/letters.csv:3: medium is empty. Fix: fill in medium: How it was written."],
    ),
    "unquoted comma": (
        "letters.csv",
        '"A short text, with a comma."',
        "A short text, with a comma.",
        [
            "datasets/letters.csv:2: the row has 8 cells, the header has 7. "
            "Fix: quote cells that contain commas."
        ],
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS), ids=lambda c: c.replace(" ", "-"))
def test_bad_input_is_reported_exactly(mini_project: Path, case: str) -> None:
    file, old, new, expected = BAD_INPUTS[case]
    _edit(mini_project / "datasets" / file, old, new)
    assert _messages(mini_project) == expected


def test_encoding_error_names_the_line(mini_project: Path) -> None:
    path = mini_project / "datasets" / "letters.csv"
    data = path.read_bytes().replace(b"Another", "Anoth\xe9r".encode("latin-1"))
    path.write_bytes(data)
    assert _messages(mini_project) == [
        "datasets/letters.csv:3: the file is not valid UTF-8 (byte 0xe9). Fix: save the file as UTF-8."
    ]


def test_empty_file(mini_project: Path) -> None:
    (mini_project / "datasets" / "places.csv").write_text("", encoding="utf-8")
    messages = _messages(mini_project)
    assert messages[-1] == (
        "datasets/places.csv:1: the file is empty. "
        "Fix: write the header row: place_id,name_then,latitude,sources."
    )
    # the letters that point at the missing places are reported too, not silently accepted
    assert "datasets/letters.csv:2: place_id 'odessa' is not a places.place_id." in messages[0]


def test_unknown_key_in_dictionary_suggests_the_right_one(mini_project: Path) -> None:
    _edit(
        mini_project / "datasets" / "letters.yaml",
        "constraints: {minimum: 1}",
        "constrains: {minimum: 1}",
    )
    assert _messages(mini_project) == [
        "datasets/letters.yaml:23: field 'pages' has an unknown key 'constrains'. Fix: did you "
        "mean 'constraints'?"
    ]


def test_yaml_syntax_error_in_dictionary(mini_project: Path) -> None:
    _edit(mini_project / "datasets" / "places.yaml", "title: Places", "title: [Places")
    (message,) = [m for m in _messages(mini_project) if "places.yaml" in m]
    assert message.startswith("datasets/places.yaml:3: YAML syntax error:")
    assert message.endswith("Fix: inside [ ] put texts that contain ',' or ':' in quotes.")


def test_yaml_generic_syntax_error_in_dictionary(mini_project: Path) -> None:
    _edit(mini_project / "datasets" / "places.yaml", "title: Places", "title: 'Places")
    (message,) = [m for m in _messages(mini_project) if "places.yaml" in m]
    assert message.startswith("datasets/places.yaml:")
    assert "YAML syntax error:" in message
    assert message.endswith("Fix: check the indentation and quoting near this line.")


def test_duplicate_key_in_dictionary(mini_project: Path) -> None:
    _edit(mini_project / "datasets" / "places.yaml", "title: Places", "title: Places\ntitle: Towns")
    (message,) = [m for m in _messages(mini_project) if "places.yaml" in m]
    assert message == (
        "datasets/places.yaml:3: the key 'title' appears twice in the same mapping "
        "(first on line 2). Fix: keep only one; YAML would silently use the last."
    )


def test_all_problems_reported_at_once(mini_project: Path) -> None:
    _edit(mini_project / "datasets" / "letters.csv", "typewritten,12", "typed,12")
    _edit(mini_project / "datasets" / "letters.csv", "1716-03-30", "1716-13-30")
    _edit(mini_project / "datasets" / "places.csv", "46.48", "north")
    lines = _messages(mini_project)
    assert [m.split(":")[0:2] for m in lines] == [
        ["datasets/letters.csv", "2"],
        ["datasets/letters.csv", "3"],
        ["datasets/places.csv", "2"],
    ]


def test_cli_exit_codes_and_output(mini_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(mini_project)]) == 0
    assert "no problems" in capsys.readouterr().out
    _edit(mini_project / "datasets" / "letters.csv", "typewritten", "typed")
    assert main(["check", str(mini_project)]) == 1
    captured = capsys.readouterr()
    assert "letters.csv:2: 'typed' is not an allowed value of medium." in captured.out
    assert "1 problem in 1 file." in captured.err


def test_quizzes_are_checked_against_the_projects_own_datasets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    monkeypatch.delenv("LESSONKIT_DATASETS", raising=False)
    here = Path(__file__).resolve().parent / "quizzes"
    shutil.copytree(here / "datasets", tmp_path / "datasets")
    (tmp_path / "quizzes").mkdir()
    shutil.copy(here / "all-types.yaml", tmp_path / "quizzes" / "all-types.yaml")
    report = check_project(tmp_path)  # its excerpts exist only in this project's tables
    assert [str(p) for p in report.problems] == []
    assert len(report.quizzes) == 1
    assert "LESSONKIT_DATASETS" not in __import__("os").environ
