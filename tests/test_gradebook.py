"""The gradebook regrades a class of handed-in files, honest and hostile (issue 13)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from gradebook_class import (
    QUIZ_V1,
    document,
    honest,
    response,
    write,
    write_class,
    write_hostile,
    write_quizzes,
)

from lessonkit.cli import main
from lessonkit.errors import LessonkitError
from lessonkit.quiz import Quiz
from lessonkit.teacher.gradebook import Gradebook, gradebook


@pytest.fixture(scope="module")
def classroom(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("class")
    files = write_class(root / "handins")
    files.update(write_hostile(root / "handins"))
    files["quizzes"] = write_quizzes(root / "quizzes")
    files["root"] = root
    return files


@pytest.fixture(scope="module")
def book(classroom: dict[str, Path]) -> Gradebook:
    return gradebook(sorted((classroom["root"] / "handins").iterdir()), classroom["quizzes"])


def _student(book: Gradebook, name: str) -> dict[str, object]:
    rows = book.students[book.students["student"] == name]
    assert len(rows) == 1, f"{name} is not in the table once"
    return dict(rows.iloc[0])


def _problems(book: Gradebook, path: Path) -> list[str]:
    return [p.message for p in book.problems if p.path == str(path)]


def test_every_student_of_a_readable_file_has_a_line(book: Gradebook) -> None:
    assert list(book.students["student"]) == [
        "Ann", "Bob", "Cy", "Dee", "Eve", "Fay", "Ivan", "Nina", "Olga", "Vera", "Walt"
    ]  # fmt: skip
    assert _student(book, "Nina")["note"] == "nothing scored"
    assert _student(book, "Olga")["note"] == "open answers only"
    assert _student(book, "Olga")["open"] == 1


def test_points_weighted_percent_agrees_with_quiz_grade(book: Gradebook) -> None:
    quiz = Quiz.from_dict(yaml.safe_load(QUIZ_V1))
    expected = quiz.grade({"pick": "right-one", "fact": False})
    ann = _student(book, "Ann")
    assert (ann["points"], ann["maximum"]) == (expected.score, expected.max_score) == (3, 7)
    assert ann["percent"] == round(expected.percent, 1) == 42.9


def test_three_point_and_one_point_question_is_75_percent(tmp_path: Path) -> None:
    two = "\n".join(QUIZ_V1.splitlines()[:15])  # only 'pick' (3 points) and 'fact' (1)
    (tmp_path / "two.yaml").write_text(two + "\n", encoding="utf-8")
    write(tmp_path, "ann.json", document("Ann", honest(True, False)))
    result = gradebook([tmp_path / "ann.json"], tmp_path / "two.yaml")
    assert _student(result, "Ann")["percent"] == 75.0
    assert Quiz.from_yaml(tmp_path / "two.yaml").grade({"pick": "right-one"}).percent == 75.0


def test_forged_claims_are_reported_and_not_counted(
    book: Gradebook, classroom: dict[str, Path]
) -> None:
    fay = _student(book, "Fay")
    assert (fay["points"], fay["scored"], fay["percent"]) == (0, 0, 0)
    messages = _problems(book, classroom["forger"])
    assert len(messages) == 3
    assert messages[0] == (
        "student 'Fay', response 1 (quiz 'class-quiz', question 'pick', attempt 1): the file "
        "claims correct (score 1), the answer regrades as incorrect (score 0); not counted"
    )
    assert "claims correct (score 1), the answer regrades as partial (score 0.5)" in messages[2]


def test_invented_questions_do_not_lower_the_others(
    book: Gradebook, classroom: dict[str, Path]
) -> None:
    messages = _problems(book, classroom["inventor"])
    assert len(messages) == 30
    assert messages[0] == (
        "student 'Ivan', response 3: quiz 'class-quiz' version 1 has no question "
        "'invented-0'; not counted"
    )
    assert _student(book, "Ivan")["percent"] == _student(book, "Ann")["percent"] == 42.9
    assert not any(q.startswith("invented") for q in book.items["question_id"])
    # columns: questions with a counted answer ('places' has only Fay's forged one)
    assert list(book.scores.columns.get_level_values(1)) == ["extra", "fact", "pairs", "pick"]


def test_an_impersonator_does_not_replace_a_file(
    book: Gradebook, classroom: dict[str, Path]
) -> None:
    bob = _student(book, "Bob")
    assert (bob["points"], bob["note"]) == (0, "2 files disagree")
    for role in ("bob", "impersonator"):
        (message,) = _problems(book, classroom[role])
        assert message == (
            "student 'Bob': 2 files under this name hold different answers (bob.json, "
            "zz-bob-again.json), and none holds all the others' answers; none of them is counted"
        )
    assert "Bob" not in book.files


def test_a_later_file_with_every_earlier_answer_counts(
    book: Gradebook, classroom: dict[str, Path]
) -> None:
    assert _student(book, "Cy")["points"] == 4  # attempt 2 of 'pick', from cy-2.json
    assert book.files["Cy"] == str(classroom["resubmit-2"])
    (message,) = _problems(book, classroom["resubmit-1"])
    assert "cy-1.json holds only answers that are also in cy-2.json" in message


def test_equal_export_times_are_handled_the_same_in_any_order(classroom: dict[str, Path]) -> None:
    pair = [classroom["tie-1"], classroom["tie-2"]]
    one = gradebook(pair, classroom["quizzes"])
    other = gradebook(pair[::-1], classroom["quizzes"])
    assert one.students.equals(other.students)
    assert [str(p) for p in one.problems] == [str(p) for p in other.problems]
    assert _student(one, "Dee")["note"] == "2 files disagree"
    assert len(one.problems) == 2


def test_an_unknown_quiz_version_flags_only_that_answer(
    book: Gradebook, classroom: dict[str, Path]
) -> None:
    (message,) = _problems(book, classroom["version"])
    assert message == (
        "student 'Vera': 1 answer to quiz 'class-quiz' version 999 (pick), which the teacher "
        "does not have (the quiz files hold versions 1, 2); not counted"
    )
    assert _student(book, "Vera")["points"] == 4
    assert not _problems(book, classroom["ann"])


def test_each_answer_is_regraded_with_the_version_it_names(book: Gradebook) -> None:
    walt = _student(book, "Walt")  # 'fact' is false in version 2, which has 8 points
    assert (walt["points"], walt["maximum"]) == (2, 8)


def test_exam_answers_are_marked_by_the_regrade(book: Gradebook) -> None:
    eve = _student(book, "Eve")  # pick 3 + fact 1 + half of 'pairs' (1 point)
    assert (eve["points"], eve["maximum"], eve["percent"]) == (4.5, 7, 64.3)


def test_item_statistics_use_the_regraded_scores(book: Gradebook) -> None:
    items = book.items.set_index("question_id")
    # takers of the quiz: Ann, Cy, Eve, Ivan, Vera, Walt; all but Walt have 'pick' right
    assert items.loc["pick", "difficulty"] == pytest.approx(5 / 6)
    assert items.loc["pick", "points"] == 3
    assert "essay" not in items.index


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("deep", "values are nested deeper than 16 levels"),
        ("deep-answer", "response 1: values are nested deeper than 16 levels"),
        ("number", "a number is longer than 18 digits"),
        ("number-answer", "response 1: a number is longer than 18 digits"),
        ("nan", "the file holds NaN, which is not a number"),
        ("csv-field", "a field is longer than 128 KiB"),
        ("long-text", "response 1: a text field is longer than 128 KiB"),
        ("size", "the file is larger than 8 MiB"),
        ("mathtext-id", "'question_id' of response 1 is outside the id pattern"),
        ("blank-name", "'student' is blank"),
        ("not-json", "the file is not valid JSON"),
        ("empty", "the file is empty"),
        ("not-utf8", "the file is not UTF-8 text"),
        ("tampered-verdict", "'verdict' of response 1 is 'perfect', which is not a verdict"),
    ],
)
def test_each_hostile_file_is_named_and_skipped(
    book: Gradebook, classroom: dict[str, Path], role: str, expected: str
) -> None:
    (message,) = _problems(book, classroom[role])
    assert expected in message


def test_report_makes_control_characters_visible(
    tmp_path: Path, classroom: dict[str, Path]
) -> None:
    name = "Mal\x1b[2J\x1b[HAll grades: 100%\u202e"
    write(tmp_path, "mal.json", document(name, [response("pick", "wrong-one", "correct", 1.0)]))
    result = gradebook([tmp_path / "mal.json"], classroom["quizzes"])
    text = result.report()
    assert "\x1b" not in text and "\u202e" not in text
    assert "Mal\\x1b[2J\\x1b[HAll grades: 100%\\u202e" in text


def test_cli_writes_safe_csv_and_html_and_strict_fails(
    classroom: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "handins"
    shutil.copytree(classroom["root"] / "handins", folder)
    formulas = ('=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3", "Tab\tin")
    for n, name in enumerate(formulas):
        write(folder, f"formula-{n}.json", document(name, honest(True, True)))
    report, table = tmp_path / "report.html", tmp_path / "scores.csv"
    args = [
        "gradebook",
        *map(str, sorted(folder.iterdir())),
        "--quizzes",
        str(classroom["quizzes"]),
    ]
    assert main([*args, "--html", str(report), "--csv", str(table)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("16 students, 4 questions, ")
    assert "\x1b" not in out
    with table.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:7] == ["student", "scored", "open", "points", "maximum", "percent", "note"]
    names = [row[0] for row in rows[1:]]
    for cell in (cell for row in rows for cell in row):
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell
    assert {'\'=HYPERLINK("http://x")', "'+cmd|' /C calc'!A0", "'@SUM(1+1)", "'-2+3"} < set(names)
    html = report.read_text(encoding="utf-8")
    chart = BeautifulSoup(html, "lxml").find("svg")
    assert chart is not None and chart["role"] == "img"
    assert chart.title.get_text() == "Share of students correct, per question"
    assert "=HYPERLINK(&quot;http://x&quot;)" in html
    assert main([*args, "--strict"]) == 1


def test_chart_labels_are_shown_as_text() -> None:
    import pandas as pd
    from lxml import etree

    from lessonkit.teacher.report import difficulty_chart

    labels = ("$\\undefinedcommand{x}$", "<b>&amp;'\"")
    items = pd.DataFrame({"quiz_id": [labels[0]], "question_id": [labels[1]], "difficulty": [0.5]})
    chart = etree.fromstring(difficulty_chart(items))  # well-formed XML, or it raises
    texts = [t.text for t in chart.iter("{http://www.w3.org/2000/svg}text")]
    assert f"{labels[0]}/{labels[1]}" in texts


def test_quiz_files_default_to_the_book_around_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, "ann.json", document("Ann", honest(True, False)))
    with pytest.raises(LessonkitError, match="no quiz files to regrade the answers with"):
        monkeypatch.chdir(tmp_path)
        gradebook([tmp_path / "ann.json"])
    (tmp_path / "_config.yml").write_text("title: A book\n", encoding="utf-8")
    write_quizzes(tmp_path / "lessons" / "quizzes")
    (tmp_path / "lessons" / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "lessons" / "sub")
    assert _student(gradebook([tmp_path / "ann.json"]), "Ann")["points"] == 3


def test_two_quiz_files_with_one_version_and_different_questions(tmp_path: Path) -> None:
    folder = write_quizzes(tmp_path / "quizzes")
    (folder / "copy.yaml").write_text(QUIZ_V1.replace("Which one?", "Which?"), encoding="utf-8")
    write(tmp_path, "ann.json", document("Ann", honest(True, False)))
    result = gradebook([tmp_path / "ann.json"], folder)
    assert _student(result, "Ann")["points"] == 0
    assert any("is also in" in p.message for p in result.problems)


def test_optional_fields_of_a_later_format_are_tolerated(tmp_path: Path) -> None:
    doc = document(
        "Ann", [r | {"device": "tablet"} for r in honest(True, False)], book="lessons-2026"
    )
    write(tmp_path, "ann.json", doc)
    result = gradebook([tmp_path / "ann.json"], write_quizzes(tmp_path / "q"))
    assert (_student(result, "Ann")["points"], result.problems) == (3, [])


def test_public_api(tmp_path: Path) -> None:
    import lessonkit

    write(tmp_path, "ann.json", document("Ann", honest(True, True)))
    result = lessonkit.gradebook([tmp_path / "ann.json"], quizzes=write_quizzes(tmp_path / "q"))
    assert _student(result, "Ann")["percent"] == round(100 * 4 / 7, 1)
    assert json.loads(result.students.to_json())["student"] == {"0": "Ann"}


def test_files_answering_alike_share_their_layout_and_keep_their_scores(tmp_path: Path) -> None:
    from lessonkit.teacher.quizversions import load_quiz_versions
    from lessonkit.teacher.regrade import Regrader

    regrader = Regrader(load_quiz_versions([write_quizzes(tmp_path)]))
    ann, bob, cy = (
        regrader.regrade(document(name, answers), f"{name}.json", name)
        for name, answers in (
            ("Ann", honest(True, True)),
            ("Bob", honest(False, True)),
            ("Cy", honest(True, False)[::-1]),
        )
    )
    assert ann.columns is bob.columns and ann.quizzes is bob.quizzes
    assert ann.versions is bob.versions
    assert cy.columns is not ann.columns and cy.columns.tolist() == ann.columns.tolist()[::-1]
    assert (ann.points, bob.points, cy.points) == (4.0, 1.0, 3.0)
    assert ann.scores.tolist() == [10_000, 10_000] and bob.scores.tolist() == [0, 10_000]
