"""Importing jupyterquiz question files: its own example bank (tests/jupyterquiz/upstream,
MIT, see its README) and files of our own written from its published schemas.

The probe table (``tests/jupyterquiz/probes.yaml``) says what jupyterquiz shows for each
answer; ``PROBES`` checks that the imported quiz grades every one the same way here (the
browser twin is ``tests/browser/test_interchange.py``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from lessonkit.cli import main
from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz, grade_question
from lessonkit.quiz.grading import answer_feedback
from lessonkit.quiz.model import MultipleChoice, Numeric, SingleChoice, Text
from lessonkit.quiz.parts import NumericAnswer, Option, TextAnswer

HERE = Path(__file__).resolve().parent / "jupyterquiz"
UPSTREAM = HERE / "upstream"
PROBES: dict[str, list[dict[str, Any]]] = yaml.safe_load(
    (HERE / "probes.yaml").read_text(encoding="utf-8")
)["files"]
SCHEMAS = {
    kind: json.loads((UPSTREAM / f"{name}_schema.json").read_text(encoding="utf-8"))
    for kind, name in (("choice", "mc"), ("numeric", "num"), ("string", "string"))
}


@functools.cache
def imported(name: str) -> Quiz:
    """The quiz imported from ``tests/jupyterquiz/<name>`` (once per test session)."""
    return Quiz.from_jupyterquiz(HERE / name)


def probe_answer(question: Any, probe: dict[str, Any]) -> Any:
    """The probe in lessonkit's answer format: option ids, or the typed text."""
    if "choose" in probe:
        ids = [f"a{n}" for n in probe["choose"]]
        return ids[0] if isinstance(question, SingleChoice) else ids
    return probe["type"]


def expected_verdict(probe: dict[str, Any]) -> tuple[str, float]:
    """jupyterquiz's outcome as lessonkit's verdict (a many-choice count is a partial score)."""
    outcome = str(probe.get("lessonkit", probe["jupyterquiz"]))
    if outcome.startswith("found "):
        found, total = outcome.removeprefix("found ").split(" of ")
        return "partial", round(int(found) / int(total), 4)
    return outcome, 1.0 if outcome == "correct" else 0.0


def our_feedback(question: Any, answer: Any) -> Any:
    """The author's feedback lessonkit shows: the chosen options' (a list), or the entry's."""
    if isinstance(question, (SingleChoice, MultipleChoice)):
        chosen = [answer] if isinstance(answer, str) else answer
        return [o.feedback for o in question.options if o.id in chosen and o.feedback]
    return answer_feedback(question, answer)


def probe_cases() -> list[tuple[str, int, dict[str, Any]]]:
    return [
        (name, entry["q"], probe)
        for name, questions in PROBES.items()
        for entry in questions
        for probe in entry["probes"]
    ]


@pytest.mark.parametrize(
    ("name", "number", "probe"),
    probe_cases(),
    ids=[f"{n}-q{q}-{p.get('choose', p.get('type'))}" for n, q, p in probe_cases()],
)
def test_imported_questions_grade_as_jupyterquiz_does(
    name: str, number: int, probe: dict[str, Any]
) -> None:
    question = imported(name).question(f"q{number}")
    answer = probe_answer(question, probe)
    verdict = grade_question(question, answer)
    assert (verdict.verdict, verdict.score) == expected_verdict(probe)
    if "lessonkit" in probe:
        assert probe["lessonkit"] != probe["jupyterquiz"] and probe["why"]
        return
    wanted = probe.get("feedback", [] if "choose" in probe else None)
    ours = our_feedback(question, answer)
    if "choose" in probe:
        # jupyterquiz shows the feedback of the answer clicked last; lessonkit shows that
        # of every chosen answer
        assert set(ours) == set(wanted)
    else:
        assert ours == wanted


def test_the_probes_cover_every_question_of_the_example_bank() -> None:
    bank = json.loads((UPSTREAM / "questions.json").read_text(encoding="utf-8"))
    probed = {entry["q"] for entry in PROBES["upstream/questions.json"]}
    assert probed == set(range(1, len(bank) + 1))
    verdicts = {p["jupyterquiz"] for _, _, p in probe_cases()}
    assert {"correct", "incorrect"} <= verdicts and any(v.startswith("found") for v in verdicts)


def test_every_question_of_the_example_bank_imports_without_loss() -> None:
    quiz = Quiz.from_jupyterquiz(UPSTREAM / "questions.json")
    assert [q.id for q in quiz.questions] == [f"q{n}" for n in range(1, 9)]
    assert [q.type for q in quiz.questions] == [
        "multiple",
        "multiple",
        "single",
        "numeric",
        "numeric",
        "single",
        "single",
        "single",
    ]
    assert quiz.import_notes == ()
    pi, pi3 = quiz.question("q4"), quiz.question("q5")
    assert isinstance(pi, Numeric) and isinstance(pi3, Numeric)
    assert pi.answers == (
        NumericAnswer(value=3.14, feedback="Correct."),
        NumericAnswer(
            range=(3.142857, 3.142858),
            feedback="True to 2 decimal places, but you know $\\pi$ is not really 22/7, right?",
        ),
        NumericAnswer(
            range=(-100000000, 0),
            correct=False,
            feedback="$\\pi$ is the AREA of a circle of radius 1. Try again.",
        ),
    )
    assert pi.default_feedback == "$\\pi$ is the area of a circle of radius 1. Try again."
    assert (pi.precision, pi3.precision) == (None, 3)
    code = quiz.question("q6")
    assert code.prompt.endswith('```\na="1"\nb="2"\nprint(a+b)\n```')
    options = quiz.question("q7")
    assert isinstance(options, SingleChoice)
    assert options.options[1] == Option("a2", "", True, None, "mylist+=[3]")


@pytest.mark.parametrize(
    "name",
    [
        "upstream/questions.json",
        "choice.json",
        "numbers-and-words.json",
        "strings.json",
        "html.json",
    ],
)
def test_files_follow_the_published_schemas(name: str) -> None:
    """Our files are jupyterquiz files: each question valid against its kind's schema.
    (odd-cases.json strays from them on purpose: a value written as text, an unknown type.)
    mc_schema.json requires an 'answer' text although the README and the example bank give
    answers of code only: an answer with code is checked as if its text were empty."""
    for question in json.loads((HERE / name).read_text(encoding="utf-8")):
        kind = {"multiple_choice": "choice", "many_choice": "choice"}.get(
            question["type"], question["type"]
        )
        if kind == "choice":
            question["answers"] = [
                {"answer": "", **a} if "code" in a else a for a in question["answers"]
            ]
        jsonschema.validate(question, SCHEMAS[kind])


def test_string_questions_keep_feedback_case_and_fuzziness() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "strings.json")
    lev, nkvd, name, plus = quiz.questions
    assert isinstance(lev, Text) and lev.compare == "lowercase"
    assert lev.answers == (
        TextAnswer("Lev", True, "Yes: Lev Samoilov."),
        TextAnswer("Vadim", False, "That is the slip in the English article."),
    )
    assert lev.default_feedback == "Check the corrections table."
    assert isinstance(nkvd, Text) and nkvd.compare == "exact"
    assert isinstance(name, Text) and name.fuzzy == 0.8
    assert isinstance(plus, Text) and plus.compare == "lowercase"
    assert quiz.import_notes == (
        "q3: the answers' fuzzy_threshold values (0.8, None) become one threshold, 0.8, for "
        "every answer",
    )


def test_a_question_that_cannot_be_represented_is_named_and_the_rest_imported() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "odd-cases.json")
    assert [q.id for q in quiz.questions] == ["q1", "q3", "q4", "q7", "q8"]
    either = quiz.question("q1")
    assert isinstance(either, SingleChoice)
    assert [o.correct for o in either.options] == [True, True, False]
    assert quiz.import_notes == (
        "q2: not imported: no answer is marked correct, so no answer could ever be right",
        "q5: not imported: no value or range is marked correct, so no number could ever be right",
        "q6: not imported: its type 'sketch' is not one of jupyterquiz's (multiple_choice, "
        "many_choice, numeric, string)",
        "q3: many_choice with one right answer: jupyterquiz lets only one answer be chosen; "
        "lessonkit lets several be chosen and counts a wrong one against the right one",
        "q4: the value of answer 1 was written as text ('16'); it is read as the number 16",
        "q4: the range of answer 2 ([10, 5]) holds no number and was left out",
        "q7: answer 3 has neither text nor code and was left out",
        "q8: precision 0 is not a whole number from 1 to 100 (jupyterquiz stops with an error "
        "on it); answers are compared without rounding",
    )


def test_html_becomes_safe_markdown_with_notes() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "html.json")
    first, second = quiz.questions
    assert first.prompt == (
        "Read the [letters](https://example.org/letters) and the `excerpts` table.\n\n"
        "Which is *typed*? Careful, 2\\*3 \\< 7."
    )
    assert isinstance(first, SingleChoice)
    assert first.options[0] == Option("a1", "**NP**'s letter", True, "See the card.")
    assert first.options[1].text == "L.G.'s letter\\\n(Rostov)"
    assert first.options[1].feedback == "medium handwritten"
    assert second.prompt == (
        "Water is H$_{2}$O and $E = mc^2$; see \\[image: a plot\\] and "
        "![the local figure](figure.png) (not \\[image: a lost figure\\])."
        '\n\n```\nif a < b:\n    print("<")\n```'
    )
    assert quiz.images == {"figure.png": HERE / "figure.png"}
    assert isinstance(second, MultipleChoice)
    assert second.options[2].code == 'print("x")'
    assert quiz.import_notes == (
        "q1: the question: the style of a <span> was dropped (its text is kept)",
        "q1: the question: the <script> element was removed",
        "q1: the feedback of answer 1: a link to 'javascript:alert(1)' became plain text "
        "(only http, https and mailto links)",
        "q1: the feedback of answer 2: a table became plain text, a line per row",
        "q2: the question: the image 'https://example.org/plot.png' was not imported: "
        "lessonkit shows only image files next to the quiz; save it there and write "
        "![description](file name)",
        "q2: the question: the image 'missing.png' is not next to the file and was left out",
    )


def test_the_old_examples_still_import() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "numbers-and-words.json")
    year, in_range, name = quiz.questions
    assert isinstance(year, Numeric) and isinstance(in_range, Numeric)
    assert year.precision == 4 and year.default_feedback == "Look at the timeline."
    assert grade_question(year, "1907").verdict == "correct"
    assert answer_feedback(year, "1925") == "That is roughly when the letter was written."
    assert in_range.answers == (NumericAnswer(range=(1924, 1925)),)
    assert grade_question(in_range, "1924.5").verdict == "correct"
    assert grade_question(in_range, "1925").verdict == "incorrect"  # [a, b): b is out
    assert isinstance(name, Text) and name.fuzzy == 0.8
    assert quiz.import_notes == (
        "q3: the answers' fuzzy_threshold values (0.8, None) become one threshold, 0.8, for "
        "every answer",
    )


def test_two_right_answers_import_and_an_unknown_type_is_named() -> None:
    quiz = Quiz.from_jupyterquiz(HERE / "broken.json")
    assert [q.id for q in quiz.questions] == ["q1"]
    assert quiz.import_notes == (
        "q2: not imported: its type 'sketch' is not one of jupyterquiz's (multiple_choice, "
        "many_choice, numeric, string)",
    )


def test_nothing_importable_is_an_error(tmp_path: Path) -> None:
    bank = tmp_path / "bank.json"
    bank.write_text('[{"question": "Draw.", "type": "sketch"}]', encoding="utf-8")
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_jupyterquiz(bank)
    assert str(info.value) == (
        f"{bank}: question q1 cannot be imported: its type 'sketch' is not one of "
        "jupyterquiz's (multiple_choice, many_choice, numeric, string). Fix: correct it in "
        "the file, or write it in a quiz file by hand."
    )
    bank.write_text("[1,", encoding="utf-8")
    with pytest.raises(QuizFormatError, match="not valid JSON"):
        Quiz.from_jupyterquiz(bank)


def test_cli_writes_a_quiz_file_that_reads_back_and_never_overwrites(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "odd.yaml"
    assert (
        main(["import", "--from", "jupyterquiz", str(HERE / "odd-cases.json"), "-o", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert printed.startswith(f"Imported 5 of 8 question(s) into {out}\n")
    assert "  q6: not imported: its type 'sketch'" in printed
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported from odd-cases.json (jupyterquiz) by lessonkit import.\n")
    assert "# Note: q2: not imported: no answer is marked correct" in text
    written = Quiz.from_yaml(out)
    assert written == Quiz.from_jupyterquiz(HERE / "odd-cases.json")
    out.write_text("mine", encoding="utf-8")
    assert (
        main(["import", "--from", "jupyterquiz", str(HERE / "strings.json"), "-o", str(out)]) == 1
    )
    assert "the file already exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert (
        main(
            [
                "import",
                "--from",
                "jupyterquiz",
                str(HERE / "strings.json"),
                "-o",
                str(out),
                "--force",
            ]
        )
        == 0
    )
    assert Quiz.from_yaml(out).id == "strings"


def test_cli_copies_the_images_next_to_the_quiz_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "quiz" / "html.yaml"
    out.parent.mkdir()
    (out.parent / "figure.png").write_bytes(b"another picture")
    args = ["import", "--from", "jupyterquiz", str(HERE / "html.json"), "-o", str(out)]
    assert main(args) == 1
    assert "another file of that name is already there" in capsys.readouterr().err
    assert not out.exists()
    (out.parent / "figure.png").unlink()
    assert main(args) == 0
    assert f"Copied the image figure.png to {out.parent / 'figure.png'}" in capsys.readouterr().out
    assert (out.parent / "figure.png").read_bytes() == (HERE / "figure.png").read_bytes()
    assert Quiz.from_yaml(out).images == {"figure.png": out.parent / "figure.png"}
