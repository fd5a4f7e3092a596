"""Broken quiz files: every problem reported at once, each with its exact message.

Each file in ``tests/quiz_cases/`` holds one class of error; ``EXPECTED`` pairs it with
the complete text of the QuizFormatError it must raise (paths relative to ``tests/``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.errors import LessonkitError, Problem, QuizFormatError
from lessonkit.quiz import Quiz

TESTS = Path(__file__).resolve().parent
DATASETS = TESTS / "quizzes" / "datasets"

EXPECTED = {
    "yaml-syntax.yaml": """\
quiz_cases/yaml-syntax.yaml:6: YAML syntax error: mapping values are not allowed here. \
Fix: put the text in quotes: it contains ': '.""",
    "yaml-tabs.yaml": """\
quiz_cases/yaml-tabs.yaml:4: YAML syntax error: while scanning for the next token, found \
character '\\t' that cannot start any token. Fix: indent with spaces, not tabs.""",
    "two-documents.yaml": """\
quiz_cases/two-documents.yaml:4: YAML syntax error: expected a single document in the stream, \
but found another document. Fix: keep one quiz per file: remove the second '---'.""",
    "empty.yaml": """\
quiz_cases/empty.yaml:1: the quiz is empty. Fix: start the file with 'id:', 'title:' and \
'questions:' (see docs/quiz-format.md).""",
    "not-mapping.yaml": """\
quiz_cases/not-mapping.yaml:1: the quiz is a list, not a mapping of keys. Fix: start the file \
with 'id:', 'title:' and 'questions:' (see docs/quiz-format.md).""",
    "not-utf8.yaml": """\
quiz_cases/not-utf8.yaml:2: the quiz file is not UTF-8 (byte 0xe9). Fix: save the file with \
UTF-8 encoding.""",
    "invalid-date.yaml": """\
quiz_cases/invalid-date.yaml:7: '2024-13-45' looks like a date or number but is not a valid one. \
Fix: put it in quotes to use it as text.""",
    "duplicate-key.yaml": """\
quiz_cases/duplicate-key.yaml:8: the key 'answer' appears twice in the same mapping (first on \
line 7). Fix: keep only one; YAML would silently use the last.""",
    "missing-keys.yaml": """\
5 problems found:
quiz_cases/missing-keys.yaml:1: the quiz has no 'title'. Fix: add 'title:' with the quiz title.
quiz_cases/missing-keys.yaml:3: question 'q1' has no 'prompt'. Fix: add 'prompt:' with the \
question text.
quiz_cases/missing-keys.yaml:3: question 'q1' has no 'options'. Fix: add 'options:' with two or \
more entries like {id: a, text: ..., correct: true}.
quiz_cases/missing-keys.yaml:5: question 2 has no 'id'. Fix: add 'id:' with a short id of \
lowercase letters, digits and hyphens.
quiz_cases/missing-keys.yaml:5: question 2 has no 'answer'. Fix: add 'answer:' with the correct \
number, or 'answers:' with the right values and ranges.""",
    "unknown-key.yaml": """\
2 problems found:
quiz_cases/unknown-key.yaml:4: question 'q1' has no 'options'. Fix: add 'options:' with two or \
more entries like {id: a, text: ..., correct: true}.
quiz_cases/unknown-key.yaml:7: question 'q1' has an unknown key 'optoins'. Fix: did you mean \
'options'?""",
    "key-of-other-type.yaml": """\
quiz_cases/key-of-other-type.yaml:8: question 'q1' has an unknown key 'options'. Fix: 'options' \
belongs to single, multiple questions, not true_false; remove it or change 'type'.""",
    "unknown-type.yaml": """\
3 problems found:
quiz_cases/unknown-type.yaml:5: 'type' of question 'q1' is 'singel', which is not a question \
type. Fix: did you mean 'single'?
quiz_cases/unknown-type.yaml:8: 'type' of question 'q2' is 'essay', which is not a question \
type. Fix: use one of: single, multiple, true_false, numeric, text, ordering, matching, \
highlight, open.
quiz_cases/unknown-type.yaml:10: question 'q2' has an unknown key 'colour'. Fix: use one of: id, \
type, prompt, points, excerpt, hints, explanation, source, options, shuffle, answer, feedback, \
tolerance, answers, precision, default_feedback, unit, fuzzy, compare, items, pairs, distractors, \
evidence, model_answer, rubric, min_words.""",
    "wrong-value-type.yaml": """\
6 problems found:
quiz_cases/wrong-value-type.yaml:3: 'shuffle' must be true or false, not text. Fix: write true \
or false, without quotes.
quiz_cases/wrong-value-type.yaml:7: 'prompt' of question 'q1' must be text, not a whole number. \
Fix: put the value in quotes so that YAML reads it as text.
quiz_cases/wrong-value-type.yaml:8: 'answer' of question 'q1' must be a number, not text. Fix: \
write the number without quotes or units (put units in 'unit').
quiz_cases/wrong-value-type.yaml:11: 'prompt' of question 'q2' must be text, not empty. Fix: \
write the text after the colon.
quiz_cases/wrong-value-type.yaml:12: 'options' of question 'q2' must be a list, not text. Fix: \
write a list: one '- ' entry per line.
quiz_cases/wrong-value-type.yaml:17: option 1 of question 'q3' must be a mapping of keys, not \
text. Fix: write the option as a mapping, e.g. '- {id: a, text: ..., correct: true}'.""",
    "bad-id.yaml": """\
3 problems found:
quiz_cases/bad-id.yaml:1: 'id' is 'Bad Quiz', which is not a valid id. Fix: use lowercase \
letters, digits and hyphens only, e.g. 'bad-quiz'.
quiz_cases/bad-id.yaml:4: 'id' of question 1 is 'Who_Typed', which is not a valid id. Fix: use \
lowercase letters, digits and hyphens only, e.g. 'who-typed'.
quiz_cases/bad-id.yaml:8: 'id' of option 1 of question 1 is 'A', which is not a valid id. Fix: \
use lowercase letters, digits and hyphens only, e.g. 'a'.""",
    "too-few.yaml": """\
2 problems found:
quiz_cases/too-few.yaml:7: 'options' of question 'q1' has 1 entry but needs at least 2. Fix: add \
options until there are at least 2.
quiz_cases/too-few.yaml:12: 'items' of question 'q2' has 0 entries but needs at least 2. Fix: \
add items until there are at least 2.""",
    "out-of-range.yaml": """\
5 problems found:
quiz_cases/out-of-range.yaml:3: 'version' is 0 but must be at least 1. Fix: start at 1.
quiz_cases/out-of-range.yaml:9: 'tolerance' of question 'q1' is -1 but must be at least 0. Fix: \
use 0 for an exact answer, or the accepted margin.
quiz_cases/out-of-range.yaml:10: 'points' of question 'q1' is 0 but must be greater than 0. Fix: \
use a positive number such as 1.
quiz_cases/out-of-range.yaml:15: 'fuzzy' of question 'q2' is 1.5 but must be at most 1. Fix: use \
a number above 0 and at most 1, such as 0.8.
quiz_cases/out-of-range.yaml:21: 'min_words' of question 'q3' is 0 but must be at least 1. Fix: \
use 1 or more.""",
    "empty-text.yaml": """\
3 problems found:
quiz_cases/empty-text.yaml:2: 'title' is empty. Fix: write the text.
quiz_cases/empty-text.yaml:6: 'prompt' of question 'q1' is empty. Fix: write the text.
quiz_cases/empty-text.yaml:7: answer 2 of question 'q1' is empty. Fix: write the text, \
or remove the entry.""",
    "duplicate-ids.yaml": """\
3 problems found:
quiz_cases/duplicate-ids.yaml:9: question 'q1' uses the option id 'a' twice (first on line 8). \
Fix: give every entry its own id.
quiz_cases/duplicate-ids.yaml:10: question id 'q1' is used twice (first on line 4). Fix: give \
every question its own id.
quiz_cases/duplicate-ids.yaml:17: question 'q1' uses the pair or distractor id 'x' twice (first \
on line 14). Fix: give every entry its own id.""",
    "correct-options.yaml": """\
3 problems found:
quiz_cases/correct-options.yaml:7: question 'no-right' has no correct option. Fix: mark one \
option with 'correct: true'.
quiz_cases/correct-options.yaml:13: question 'none-right' has no correct option. Fix: mark every \
right option with 'correct: true'.
quiz_cases/correct-options.yaml:23: option 4 of question 'two-right' has no 'text'. Fix: add \
'text:' with the text learners see (or 'code:' with code they read).""",
    "numeric-answers.yaml": """\
12 problems found:
quiz_cases/numeric-answers.yaml:7: question 'both' has both 'answer' and 'answers'. Fix: keep \
'answers' (list the right value in it) and remove 'answer' and 'tolerance'.
quiz_cases/numeric-answers.yaml:13: 'precision' of question 'entries' is 0 but must be at least 1. \
Fix: use the number of significant digits, such as 3.
quiz_cases/numeric-answers.yaml:15: answer 1 of question 'entries' has both 'value' and 'range'. \
Fix: give either 'value: 3.14' or 'range: [3.1, 3.2]'.
quiz_cases/numeric-answers.yaml:16: answer 2 of question 'entries' has neither 'value' nor \
'range'. Fix: give either 'value: 3.14' or 'range: [3.1, 3.2]'.
quiz_cases/numeric-answers.yaml:17: answer 3 of question 'entries' has a 'tolerance' and a \
'range'. Fix: widen the range instead, and remove 'tolerance'.
quiz_cases/numeric-answers.yaml:18: the range of answer 4 of question 'entries' is empty (4 is \
not below 3). Fix: write [low, high] with low < high: it holds the numbers from low up to, but \
not including, high.
quiz_cases/numeric-answers.yaml:19: 'range' of answer 5 of question 'entries' has 3 entries but \
needs at most 2. Fix: write the range as [low, high]: numbers from low up to, but not \
including, high.
quiz_cases/numeric-answers.yaml:20: 'correct' of answer 6 of question 'entries' must be true or \
false, not text. Fix: write true or false, without quotes.
quiz_cases/numeric-answers.yaml:24: question 'all-wrong' has no right value or range. Fix: leave \
at least one entry without 'correct: false'.
quiz_cases/numeric-answers.yaml:30: 'compare' of question 'words' is 'case', which is not a way \
to compare answers (normalized, lowercase or exact). Fix: did you mean 'lowercase'?
quiz_cases/numeric-answers.yaml:33: answer 2 of question 'words' has no 'text'. Fix: add 'text:' \
with the answer.
quiz_cases/numeric-answers.yaml:34: answer 3 of question 'words' must be text, not a whole \
number. Fix: write the answer as text, or as a mapping such as {text: ..., correct: false, \
feedback: ...}.""",
    "unknown-excerpt.yaml": """\
quiz_cases/unknown-excerpt.yaml:7: there is no excerpt 'fixture-fiev' in datasets/excerpts.csv. \
Fix: did you mean 'fixture-five'?""",
    "evidence.yaml": """\
4 problems found:
quiz_cases/evidence.yaml:8: 'evidence' of question 'q1' lists 1 twice. Fix: remove the repeated \
value.
quiz_cases/evidence.yaml:8: evidence 3 of question 'q1' is past the last sentence of excerpt \
'fixture-two', which has 2 sentences. Fix: use numbers from 1 to 2.
quiz_cases/evidence.yaml:13: evidence entry 1 of question 'q2' is 0 but must be at least 1. Fix: \
sentences are numbered from 1.
quiz_cases/evidence.yaml:13: evidence 7 of question 'q2' is past the last sentence of excerpt \
'fixture-two', which has 2 sentences. Fix: use numbers from 1 to 2.""",
    "unknown-source.yaml": """\
5 problems found:
quiz_cases/unknown-source.yaml:8: there is no source 'FIX1' in references.bib. Fix: did you mean \
'FIX01'?
quiz_cases/unknown-source.yaml:13: there is no dataset 'claim' for source 'claim:typewriter'. \
Fix: did you mean 'claims'?
quiz_cases/unknown-source.yaml:18: there is no row 'typewritten' in the claims dataset. Fix: use \
a claims id that exists in datasets/claims.csv.
quiz_cases/unknown-source.yaml:23: 'source' of question 'q4' is 'HEA 01', which is not a source \
key. Fix: write a references.bib key such as 'HEA01', or table:row_id such as \
'claims:typewriter'.
quiz_cases/unknown-source.yaml:28: there is no source 'claims' in references.bib. Fix: 'claims' \
is a dataset: cite one of its rows as 'claims:row_id'.""",
    "punctuation-answer.yaml": """\
quiz_cases/punctuation-answer.yaml:7: answer '?!' of question 'q1' is empty once \
punctuation and spaces are removed. Fix: write the answer with letters or digits, or compare it \
exactly ('compare: exact').""",
    "many-problems.yaml": """\
5 problems found:
quiz_cases/many-problems.yaml:7: question 'q1' has no correct option. Fix: mark one option with \
'correct: true'.
quiz_cases/many-problems.yaml:10: 'explanation' of question 'q1' must be text, not empty. Fix: \
write the text after the colon.
quiz_cases/many-problems.yaml:15: question 'q2' has an unknown key 'tolerence'. Fix: did you mean \
'tolerance'?
quiz_cases/many-problems.yaml:16: question id 'q1' is used twice (first on line 4). Fix: give \
every question its own id.
quiz_cases/many-problems.yaml:19: 'answer' of question 'q1' must be true or false, not text. \
Fix: write true or false, without quotes.""",
}


def test_every_fixture_has_an_expected_message() -> None:
    assert sorted(p.name for p in (TESTS / "quiz_cases").glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_quiz_gives_exact_message(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TESTS)
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_yaml(f"quiz_cases/{name}", datasets=DATASETS)
    error = info.value
    assert str(error) == EXPECTED[name]
    # never a yaml or jsonschema exception in the chain
    assert error.__cause__ is None
    assert error.__suppress_context__ is True or error.__context__ is None
    lines = [p.line for p in error.problems]
    assert lines == sorted(lines)
    assert all(p.hint for p in error.problems)


def test_problems_carry_path_line_and_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(TESTS)
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_yaml("quiz_cases/unknown-key.yaml", datasets=DATASETS)
    assert info.value.problems[1] == Problem(
        "quiz_cases/unknown-key.yaml",
        7,
        "question 'q1' has an unknown key 'optoins'",
        "did you mean 'options'?",
    )
    assert (info.value.path, info.value.line) == ("quiz_cases/unknown-key.yaml", 4)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, LessonkitError)


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(
        QuizFormatError,
        match=r"nowhere\.yaml: there is no quiz file here\. "
        r"Fix: check the path \(relative to ",
    ):
        Quiz.from_yaml(tmp_path / "nowhere.yaml")
    with pytest.raises(QuizFormatError, match="the quiz file cannot be read"):
        Quiz.from_yaml(tmp_path)


def test_from_dict_reports_problems_without_lines() -> None:
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_dict(
            {
                "id": "x",
                "title": "X",
                "questions": [
                    {
                        "id": "q",
                        "type": "single",
                        "prompt": "?",
                        "options": [{"id": "a", "text": "A"}],
                    }
                ],
            },
            source="teacher-notebook",
        )
    assert str(info.value) == (
        "2 problems found:\n"
        "teacher-notebook: 'options' of question 'q' has 1 entry but needs at least 2. "
        "Fix: add options until there are at least 2.\n"
        "teacher-notebook: question 'q' has no correct option. "
        "Fix: mark one option with 'correct: true'."
    )
    assert [p.line for p in info.value.problems] == [None, None]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "<dict>: the quiz is empty."),
        ([1, 2], "<dict>: the quiz is a list, not a mapping of keys."),
        ("quiz", "<dict>: the quiz is text, not a mapping of keys."),
    ],
)
def test_from_dict_rejects_non_mappings(data: object, message: str) -> None:
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_dict(data)
    assert str(info.value).startswith(message + " Fix: start the file with 'id:'")


def test_true_and_false_keys_of_feedback_are_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "tf.yaml"
    path.write_text(
        "id: tf\ntitle: TF\nquestions:\n  - id: q\n    type: true_false\n"
        "    prompt: Typed?\n    answer: yes\n    feedback:\n      true: Right.\n"
        "      false: Wrong.\n",
        encoding="utf-8",
    )
    question = Quiz.from_yaml(path).questions[0]
    assert (question.answer, question.feedback_true, question.feedback_false) == (
        True,
        "Right.",
        "Wrong.",
    )


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        b"\xef\xbb\xbfid: bom\ntitle: BOM\nquestions:\n  - {id: q, type: open, "
        b"prompt: Explain, model_answer: M, rubric: [R]}\n"
    )
    assert Quiz.from_yaml(path).id == "bom"


def test_self_referencing_alias_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "alias.yaml"
    path.write_text("id: a\ntitle: A\nquestions: &q\n  - *q\n", encoding="utf-8")
    with pytest.raises(
        QuizFormatError,
        match=r"alias\.yaml:3: a YAML alias refers to a node "
        r"that contains it\. Fix: copy the text instead\.",
    ):
        Quiz.from_yaml(path)


def test_broken_datasets_are_reported_at_the_quiz_line(tmp_path: Path) -> None:
    (tmp_path / "excerpts.csv").write_text("excerpt_id\n", encoding="utf-8")  # no dictionary
    path = tmp_path / "q.yaml"
    question = (
        "  - id: {0}\n    type: highlight\n    prompt: Which?\n    excerpt: anything\n"
        "    evidence: [1]\n"
    )
    path.write_text(
        "id: d\ntitle: D\nquestions:\n" + question.format("q") + question.format("r"),
        encoding="utf-8",
    )
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_yaml(path, datasets=tmp_path)
    [problem] = info.value.problems  # one broken table is reported once, not per question
    assert (problem.line, problem.message) == (
        7,
        "cannot check excerpt 'anything': there is no datapackage.json in this datasets folder",
    )
    assert problem.hint == "run 'lessonkit check' and fix datapackage.json first"
