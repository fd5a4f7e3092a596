"""`lessonkit check` on hostile and mutated input: never a traceback, never a hang, and every
message in the form ``file:line: problem. Fix: hint.``

The inputs that once crashed or hung it are kept in ``fixtures/check-crashers``; a
hypothesis fuzz test mutates the real datasets, dictionaries, bibliography and quizzes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessonkit.book.check import check_project
from lessonkit.data.datasets import schema
from lessonkit.data.dictionary import read_dictionary
from lessonkit.data.references import entries
from lessonkit.data.table import read_table
from lessonkit.errors import LessonkitError
from lessonkit.quiz import Quiz

ROOT = Path(__file__).resolve().parent.parent
CRASHERS = Path(__file__).resolve().parent / "fixtures" / "check-crashers"
#: ``path:line: what is wrong. Fix: how.`` (the problem and the fix each end with . ? or !)
FORM = re.compile(r"^[^:\n]+:\d+: .+[.?!] Fix: .+[.?!]$", re.DOTALL)


def _project(tmp_path: Path) -> Path:
    for folder in ("datasets", "lessons/quizzes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def _assert_well_formed(problems: list[object]) -> None:
    assert problems, "a broken file must give at least one problem"
    for problem in problems:
        assert FORM.match(str(problem)), f"not in the file:line: problem. Fix: hint form: {problem}"


def _fixture_target(fixture: Path) -> str:
    return fixture.name.split("__", 1)[1].replace("__", "/")


@pytest.mark.parametrize(
    "fixture",
    sorted(p for p in CRASHERS.glob("*.yaml") if not p.name.startswith("billion")),
    ids=lambda p: p.name.split("__")[0],
)
def test_former_crashers_give_located_problems(fixture: Path, tmp_path: Path) -> None:
    project = _project(tmp_path)
    shutil.copy(fixture, project / _fixture_target(fixture))
    report = check_project(project)
    _assert_well_formed(report.problems)
    assert any(_fixture_target(fixture) in p.path for p in report.problems)


_READ_IN_A_CHILD = """
import sys
from lessonkit._yaml import read_yaml
from lessonkit.errors import DatasetError
try:
    read_yaml(sys.argv[1], DatasetError)
except DatasetError as error:
    print(error)
"""


@pytest.mark.parametrize("fixture", sorted(CRASHERS.glob("billion*.yaml")), ids=lambda p: p.stem)
def test_alias_bombs_are_refused_not_expanded(fixture: Path) -> None:
    """A kilobyte of nested YAML aliases once ran past a minute; it must be refused."""
    run = subprocess.run(
        [sys.executable, "-c", _READ_IN_A_CHILD, str(fixture)],
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails the test instead of stopping the suite
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "YAML aliases (*name) are expanded" in run.stdout
    assert FORM.match(run.stdout.strip().replace(str(fixture), "f"))


def test_non_json_numbers_in_a_quiz_are_refused(tmp_path: Path) -> None:
    quiz = tmp_path / "nan.yaml"
    quiz.write_text(
        "id: q\ntitle: Q\nquestions:\n"
        "  - {id: a, type: numeric, prompt: P, answer: .nan}\n"
        "  - {id: b, type: numeric, prompt: P, answer: 1, tolerance: .inf}\n"
        "  - {id: c, type: numeric, prompt: P, answer: -.inf, points: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(LessonkitError) as info:
        Quiz.from_yaml(quiz, datasets=ROOT / "tests" / "quizzes" / "datasets")
    messages = [str(p).replace(str(tmp_path) + "/", "") for p in info.value.problems]
    assert messages == [
        "nan.yaml:4: 'answer' of question 'a' is nan, not an ordinary number. Fix: write a "
        "number such as 0.5.",
        "nan.yaml:5: 'tolerance' of question 'b' is inf, not an ordinary number. Fix: write a "
        "number such as 0.5.",
        "nan.yaml:6: 'answer' of question 'c' is -inf, not an ordinary number. Fix: write a "
        "number such as 0.5.",
    ]


@pytest.mark.parametrize(
    ("table", "old", "new", "expected"),
    [
        (
            "letters",
            "{minimum: 1}",
            "{minimum: abc}",
            "'minimum' of 'constraints' of field 'pages' must be a number, not text. "
            "Fix: write a number without quotes.",
        ),
        (
            "letters",
            "{minimum: 1}",
            "{maxLength: many}",
            "'maxLength' of 'constraints' of field 'pages' must be a whole number, not text. "
            "Fix: write a whole number of characters.",
        ),
        (
            "letters",
            "{minimum: 1}",
            "{required: yes please}",
            "'required' of 'constraints' of field 'pages' must be true or false, not text. "
            "Fix: write true or false, without quotes.",
        ),
        (
            "places",
            'pattern: "^[a-z0-9-]+$"',
            'pattern: "(unclosed"',
            "the pattern of 'place_id' is not a valid regular expression (missing ), "
            "unterminated subpattern at position 0). Fix: escape special characters such as "
            "( [ { with a backslash.",
        ),
        (
            "letters",
            "{minimum: 1}",
            "{minimum: 1, pattern: x}",
            "the constraint 'pattern' does not fit the integer column 'pages'. Fix: remove it; "
            "an integer column allows: enum, maximum, minimum, required, unique.",
        ),
    ],
)
def test_dictionary_constraints_of_the_wrong_type(
    mini_project: Path, table: str, old: str, new: str, expected: str
) -> None:
    path = mini_project / "datasets" / f"{table}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(LessonkitError) as info:
        read_dictionary(path)
    assert expected in [p.statement for p in info.value.problems]
    _assert_well_formed(info.value.problems)


# ---- fuzzing -----------------------------------------------------------------------------

_TOKENS = [
    "\x00",
    "\x0b",
    "\x1b",
    "\t",
    "\ufeff",
    "{",
    "}",
    "[",
    "]",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!timestamp x",
    "!!python/object:os.system",
    "!!binary ~~",
    ".nan",
    ".inf",
    '"\\ud800"',
    "? ",
    "|",
    ">-",
    "---",
    "'",
    '"',
    "#",
    "@",
    "%",
    "<<: *a",
    "\n",
    "\n  ",
    "9" * 500,
    "-1e999",
    "[" * 60,
    "{a: " * 50,
]


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4), label="edits")):
        if not text:
            break
        at = data.draw(st.integers(0, len(text)), label="at")
        match data.draw(st.sampled_from(["insert", "delete", "duplicate", "truncate"])):
            case "insert":
                text = text[:at] + data.draw(st.sampled_from(_TOKENS)) + text[at:]
            case "delete":
                text = text[:at] + text[at + data.draw(st.integers(1, 40)) :]
            case "duplicate":
                text = text[:at] + text[at : at + 200] + text[at:]
            case "truncate":
                text = text[:at]
    return text


_FILES = sorted(
    [
        *ROOT.glob("datasets/*.yaml"),
        *ROOT.glob("datasets/*.csv"),
        ROOT / "datasets" / "references.bib",
        *ROOT.glob("lessons/quizzes/*.yaml"),
    ]
)


def _fuzz(tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    """Read one mutated file the way ``lessonkit check`` reads it (the other files are the
    real ones); only a LessonkitError in the usual form may come out."""
    source = data.draw(st.sampled_from(_FILES), label="file")
    folder = tmp_path_factory.mktemp("fuzz")
    target = folder / source.name
    text = _mutate(source.read_text(encoding="utf-8"), data)
    target.write_bytes(text.encode("utf-8", "surrogatepass"))
    problems = []
    try:
        if source.suffix == ".bib":
            entries(folder)
        elif source.parent.name == "quizzes":
            Quiz.from_yaml(target, datasets=ROOT / "datasets")
        elif source.suffix == ".yaml":
            read_dictionary(target)
        else:
            problems = read_table(schema(source.stem, ROOT / "datasets"), target).problems
    except LessonkitError as exc:
        problems = exc.problems
    for problem in problems:
        assert FORM.match(str(problem)), str(problem)


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_files_give_problems_not_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    _fuzz(tmp_path_factory, data)


@pytest.mark.fuzz
@settings(
    max_examples=3000,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_thousands_of_mutations_give_problems_not_tracebacks(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    _fuzz(tmp_path_factory, data)
