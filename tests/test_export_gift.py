"""GIFT export read back by gift-pegjs (npm), by Moodle's own import rules, and by pygiftparser.

gift-pegjs is the main independent reader: every shipped quiz, the nine-type fixture and
the hostile quiz must parse, and every text, number, answer and feedback must come back
exactly. Moodle's importer has rules that gift-pegjs does not share (a leading ``%50%``
is a grade, ``->`` makes a matching question, ``*`` is a wildcard in short answers), so
those are checked against a transcription of Moodle's rules (question/format/gift and
question/type/shortanswer in Moodle 4.x). pygiftparser only checks the question kinds
(it mis-splits answers at an escaped brace).
"""

from __future__ import annotations

import io
import re
import unicodedata
from html import escape
from pathlib import Path
from typing import Any

import pytest
from exportcheck import CONTROL, QUIZ_NAMES, every_quiz, fixture_quiz, gift_pegjs
from pygiftparser import parser as gift_parser

from lessonkit.quiz import Quiz
from lessonkit.quiz.questions import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    SingleChoice,
    Text,
    TrueFalse,
)
from lessonkit.quiz.textnorm import normalize, text_matches, words
from lessonkit.teacher.exports.common import (
    ExportResult,
    block,
    general_feedback_html,
    inline,
    option_html,
    plain_text,
    safe_text,
    stem_html,
)
from lessonkit.teacher.exports.gift import to_gift
from lessonkit.teacher.exports.spans import spans


@pytest.fixture(scope="module")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, Quiz], dict[str, ExportResult], dict[str, Any]]:
    quizzes = every_quiz()
    results = {name: to_gift([quiz]) for name, quiz in quizzes.items()}
    texts = {name: str(result.content) for name, result in results.items()}
    return quizzes, results, gift_pegjs(texts, tmp_path_factory.mktemp("gift"))


#: gift-pegjs leaves its escape placeholders in the answers of a matching question (it
#: decodes them everywhere else); Moodle decodes them there too.
_PLACEHOLDERS = {
    "&&092;": "\\",
    "&&058;": ":",
    "&&035;": "#",
    "&&061;": "=",
    "&&123;": "{",
    "&&125;": "}",
    "&&126;": "~",
    "&&010": "\n",
}


def _subanswer(text: str) -> str:
    for placeholder, char in _PLACEHOLDERS.items():
        text = text.replace(placeholder, char)
    return text


def _text(part: dict[str, Any] | None) -> str:
    return str(part["text"]) if part else ""


def _feedback(markdown: str | None) -> str:
    return block(markdown) if markdown else ""


def _plain(markdown: str) -> str:
    return " ".join(words(plain_text(inline(markdown))))


def _weights(read: dict[str, Any]) -> list[tuple[float, str, str]]:
    return [(c["weight"], c["text"]["text"], _text(c["feedback"])) for c in read["choices"]]


def _shares(correct: list[bool]) -> list[float]:
    share = round(100 / sum(correct), 5)
    return [share if right else -share for right in correct]


def _check(quiz: Quiz, question: Question, read: dict[str, Any]) -> None:
    """One question as gift-pegjs read it, against the quiz model."""
    assert read["title"] == f"{quiz.id}/{question.id}"
    assert read["stem"] == {"format": "html", "text": stem_html(quiz, question)}
    assert _text(read["globalFeedback"]) == general_feedback_html(quiz, question)
    match question:
        case SingleChoice(options=options):
            assert read["type"] == "MC"
            assert [
                (c["isCorrect"], c["text"]["text"], _text(c["feedback"])) for c in read["choices"]
            ] == [(o.correct, option_html(o), _feedback(o.feedback)) for o in options]
        case MultipleChoice(options=options):
            assert read["type"] == "MC"
            shares = _shares([o.correct for o in options])
            assert _weights(read) == [
                (w, option_html(o), _feedback(o.feedback))
                for w, o in zip(shares, options, strict=True)
            ]
        case TrueFalse(answer=answer):
            assert read["type"] == "TF" and read["isTrue"] is answer
            # gift-pegjs names the two feedbacks by position; Moodle shows the first when
            # the learner picks the wrong value, the second for the right one.
            wrong, right = (
                (question.feedback_false, question.feedback_true)
                if answer
                else (question.feedback_true, question.feedback_false)
            )
            assert (_text(read["trueFeedback"]), _text(read["falseFeedback"])) == (
                _feedback(wrong),
                _feedback(right),
            )
        case Numeric() if question.simple:
            only = question.answers[0]
            assert read["type"] == "Numerical"
            assert read["choices"] == {
                "type": "range",
                "number": only.value,
                "range": only.tolerance,
            }
        case Numeric():
            # every entry in order: right ones at 100 %, wrong ones at 0 %, each an interval
            assert read["type"] == "Numerical"
            entries, _notes = spans(question)
            choices = read["choices"]
            default = [c for c in choices if c["text"].get("text") == "*"]
            assert [_text(c["feedback"]) for c in default] == (
                [block(question.default_feedback)] if question.default_feedback else []
            )
            numbers = [c for c in choices if c not in default]
            assert [(c["isCorrect"], c["weight"]) for c in numbers] == [
                (True, 100) if s.correct else (True, 0) for s in entries
            ]
            for choice, span in zip(numbers, entries, strict=True):
                if span.value is None:
                    assert choice["text"] == {
                        "type": "high-low",
                        "numberLow": float(span.low),
                        "numberHigh": float(span.high),
                    }
                else:
                    assert choice["text"] == {
                        "type": "range",
                        "number": float(span.value),
                        "range": float(span.margin),
                    }
                assert _text(choice["feedback"]) == _feedback(span.feedback)
        case Text() if question.compare != "normalized":
            assert read["type"] == "Short"
            assert [(c["text"]["text"], c["weight"]) for c in read["choices"]] == [
                (e.text.replace("*", "\\*"), 100 if e.correct else 0) for e in question.answers
            ]
        case Text():
            answers = list(question.accepted)
            assert read["type"] == "Short"
            listed = [c["text"]["text"].replace("\\*", "*") for c in read["choices"]]
            assert all(c["isCorrect"] for c in read["choices"])
            assert [c["weight"] for c in read["choices"]] == [100] * (
                len(read["choices"]) - sum(not e.correct for e in question.answers)
            ) + [0] * sum(not e.correct for e in question.answers)
            assert all(text_matches(s, answers, None) for s in listed)
            assert {normalize(a) for a in answers} <= {s.lower() for s in listed}
        case Matching(pairs=pairs, distractors=distractors):
            assert read["type"] == "Matching"
            assert [
                (m["subquestion"]["text"], _subanswer(m["subanswer"])) for m in read["matchPairs"]
            ] == [(inline(p.left), _plain(p.right)) for p in pairs] + [
                ("", _plain(d.text)) for d in distractors
            ]
        case Ordering(items=items):
            assert read["type"] == "Matching"
            assert [
                (m["subquestion"]["text"], _subanswer(m["subanswer"])) for m in read["matchPairs"]
            ] == [(f"Position {n}", _plain(item.text)) for n, item in enumerate(items, start=1)]
        case Highlight(evidence=evidence):
            sentences = quiz.excerpts[str(question.excerpt)].sentences
            correct = [n in evidence for n in range(1, len(sentences) + 1)]
            assert read["type"] == "MC"
            assert _weights(read) == [
                (w, f"[{n}] {escape(safe_text(s))}", "")
                for n, (w, s) in enumerate(zip(_shares(correct), sentences, strict=True), start=1)
            ]
        case Open():
            assert read["type"] == "Essay"
        case _:
            pytest.fail(f"no check for {question.type}")


@pytest.mark.parametrize("name", QUIZ_NAMES)
def test_gift_pegjs_reads_every_question_back(
    name: str, exported: tuple[dict[str, Quiz], dict[str, ExportResult], dict[str, Any]]
) -> None:
    quizzes, results, parsed = exported
    quiz, result, read = quizzes[name], results[name], parsed[name]
    assert "error" not in read, read
    categories = [q for q in read["questions"] if q["type"] == "Category"]
    assert categories == [{"type": "Category", "title": f"lessonkit/{quiz.id}"}]
    questions = [q for q in read["questions"] if q["type"] != "Category"]
    assert len(questions) == len(quiz.questions) == result.exported
    assert result.skipped == []
    for question, entry in zip(quiz.questions, questions, strict=True):
        _check(quiz, question, entry)


def test_control_characters_become_replacement_characters(
    exported: tuple[dict[str, Quiz], dict[str, ExportResult], dict[str, Any]],
) -> None:
    _quizzes, results, parsed = exported
    text = str(results["control"].content)
    assert not any(char in text for char in CONTROL)
    first = next(q for q in parsed["control"]["questions"] if q["type"] == "MC")
    assert "\ufffd" in first["stem"]["text"] and "\ufffd" in first["choices"][0]["text"]["text"]
    assert "hostile/single (single): a control character in its text was replaced by U+FFFD" in [
        str(note) for note in results["control"].notes
    ]


# Moodle's GIFT import (question/format/gift/format.php, readquestion) in brief: escaped
# characters become placeholders; lines starting with // are dropped; the answers are
# between the first { and the first }; '####' starts the general feedback; '~' anywhere
# makes a multiple choice, '=' with '->' a matching question; a leading %n% is a grade.
_MOODLE_ESCAPES = {"\\:": ":", "\\#": "#", "\\=": "=", "\\{": "{", "\\}": "}", "\\~": "~"}
_HOLD = {escaped: chr(0xE000 + i) for i, escaped in enumerate(_MOODLE_ESCAPES)}
_MOODLE_GRADE = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")


def _restore(text: str) -> str:
    for escaped, held in _HOLD.items():
        text = text.replace(held, _MOODLE_ESCAPES[escaped])
    return text.replace("\ue0ff", "\\")


def _moodle_read(block_text: str) -> dict[str, Any]:
    lines = [" " if line.strip().startswith("//") else line for line in block_text.split("\n")]
    text = "\n".join(lines).strip().replace("\\\\", "\ue0ff")
    for escaped, held in _HOLD.items():
        text = text.replace(escaped, held)
    if text.startswith("$CATEGORY:"):
        return {"kind": "category"}
    answers = text[text.index("{") + 1 : text.index("}")].strip()
    answers = answers[: answers.rindex("####")].strip() if "####" in answers else answers
    if answers == "":
        return {"kind": "essay"}
    if answers.startswith("#"):
        return {"kind": "numerical"}
    if "~" in answers:
        options = [a.strip() for a in answers.replace("=", "~=").split("~") if a.strip()]
        return {"kind": "multichoice", "graded": [bool(_MOODLE_GRADE.match(o)) for o in options]}
    if "=" in answers and "->" in answers:
        return {"kind": "match"}
    if answers.split("#")[0].strip() in ("T", "TRUE", "F", "FALSE"):
        return {"kind": "truefalse"}
    listed, weights = [], []
    for answer in (a.strip() for a in answers.split("=") if a.strip()):
        grade = _MOODLE_GRADE.match(answer)
        weights.append(int(grade.group(1) + grade.group(2)) if grade else 100)
        answer = answer[grade.end() :] if grade else answer
        format_name = re.match(r"\[(moodle|html|plain|markdown)\]", answer)
        listed.append(_restore(answer[format_name.end() :] if format_name else answer).strip())
    return {"kind": "shortanswer", "weights": weights, "answers": listed}


_MOODLE_KINDS = {
    "single": "multichoice",
    "multiple": "multichoice",
    "highlight": "multichoice",
    "true_false": "truefalse",
    "numeric": "numerical",
    "text": "shortanswer",
    "matching": "match",
    "ordering": "match",
    "open": "essay",
}


@pytest.mark.parametrize("name", QUIZ_NAMES)
def test_moodle_reads_the_kinds_and_grades_meant(
    name: str, exported: tuple[dict[str, Quiz], dict[str, ExportResult], dict[str, Any]]
) -> None:
    quizzes, results, _parsed = exported
    blocks = [b for b in str(results[name].content).split("\n\n") if "$CATEGORY" not in b]
    read = [_moodle_read(b) for b in blocks]
    assert [r["kind"] for r in read] == [_MOODLE_KINDS[q.type] for q in quizzes[name].questions]
    for question, entry in zip(quizzes[name].questions, read, strict=True):
        if question.type == "single":  # only multiple and highlight answers carry grades
            assert not any(entry["graded"]), (question.id, entry)
        if isinstance(question, Text):  # right answers 100 %, wrong ones with feedback 0 %
            wrong = any(not e.correct for e in question.answers)
            assert set(entry["weights"]) == ({0, 100} if wrong else {100}), (question.id, entry)
        if question.type in ("multiple", "highlight"):
            assert all(entry["graded"]), (question.id, entry)


def moodle_accepts(response: str, answer: str) -> bool:
    """Moodle's short-answer match (qtype_shortanswer_question::compare_string_with_wildcard,
    case ignored): NFC, trimmed response, '*' a wildcard unless escaped as '\\*'."""
    bits = re.split(r"(?<!\\)\*+", unicodedata.normalize("NFC", answer))
    pattern = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in bits)
    given = unicodedata.normalize("NFC", response).strip(" \t\n\r\0\x0b")
    return re.fullmatch(pattern, given, re.IGNORECASE | re.DOTALL) is not None


def _typed(answer: str) -> list[str]:
    """What learners type for ``answer`` that lessonkit accepts without fuzziness."""
    spaced = " ".join(re.sub(r"[^\w\s]", " ", answer).split())
    variants = [answer, answer.lower(), answer.upper(), f"  {answer} ", answer + "."]
    variants += [normalize(answer), normalize(answer).upper(), spaced, spaced.title()]
    variants += [answer.replace("'", "\u2019"), answer.replace("\u2019", "'")]
    return [v for v in variants if text_matches(v, [answer], None)]


def _text_questions() -> list[tuple[Quiz, Text]]:
    quizzes = every_quiz()
    return [
        (quizzes[name], q)
        for name in ("09-checking-the-historian", "all-types", "hostile")
        for q in quizzes[name].questions
        if isinstance(q, Text)
    ]


@pytest.mark.parametrize(
    ("quiz", "question"), _text_questions(), ids=lambda v: getattr(v, "id", "")
)
def test_moodle_accepts_what_learners_type_and_lessonkit_accepts(
    quiz: Quiz, question: Text
) -> None:
    result = to_gift([quiz])
    line = next(b for b in str(result.content).split("\n\n") if f"::{quiz.id}/{question.id}::" in b)
    listed = _moodle_read(line)["answers"]
    typed = [v for a in question.accepted for v in _typed(a)]
    refused = [v for v in typed if not any(moodle_accepts(v, a) for a in listed)]
    # GIFT has no escape for '->' or for Moodle's own placeholders: those spellings are
    # left out, and the note says which
    unwritable = [v for v in typed if "->" in v or "&&035;" in v]
    assert refused == unwritable, f"Moodle would refuse {refused} (listed: {listed})"
    notes = " ".join(n.text for n in result.notes if n.question_id == question.id)
    assert all(
        f"'{v}'" in notes.lower() for v in {v.strip().rstrip(".").lower() for v in unwritable}
    )
    # and Moodle never accepts what lessonkit refuses: each listed spelling, in any case
    for spelling in listed:
        plain = spelling.replace("\\*", "*")
        assert text_matches(plain.upper(), question.accepted, None), spelling
    # the gap the note names: extra spaces inside the answer
    doubled = question.accepted[0].replace(" ", "  ", 1)
    if doubled != question.accepted[0] and text_matches(doubled, question.accepted, None):
        assert not any(moodle_accepts(doubled, a) for a in listed)


def test_the_shipped_text_question_lists_its_spellings() -> None:
    quiz = Quiz.from_yaml(
        Path(__file__).parents[1] / "lessons/quizzes/09-checking-the-historian.yaml"
    )
    result = to_gift([quiz])
    line = next(b for b in str(result.content).split("\n\n") if "pen-name-text::" in b)
    listed = _moodle_read(line)["answers"]
    for typed in (
        "lev samoilov",
        "LEV SAMOILOV",
        " Lev Samoilov ",
        "Lev Samoilov.",
        "L Samoilov",
        "L. Samoilov",
        "l. samoilov",
        "Lev Samoylov",
        "Lev Samoilov (L Samoilov)",
    ):
        assert any(moodle_accepts(typed, a) for a in listed), typed
    assert not any(moodle_accepts("Lev Samoilova", a) for a in listed)
    note = next(n for n in result.notes if "spellings" in n.text)
    assert f"Moodle accepts the {len(listed)} spellings listed" in note.text


@pytest.mark.parametrize("name", [n for n in QUIZ_NAMES if n not in ("hostile", "control")])
def test_pygiftparser_sees_the_same_kinds(
    name: str, exported: tuple[dict[str, Quiz], dict[str, ExportResult], dict[str, Any]]
) -> None:
    kinds = {
        "multichoice": ("SelectSet", "MultipleChoicesSet"),
        "truefalse": ("TrueFalseSet",),
        "numerical": ("NumericAnswerSet",),
        "shortanswer": ("ShortSet",),
        "match": ("MatchingSet",),
        "essay": ("Essay",),
    }
    quizzes, results, _parsed = exported
    parsed = gift_parser.parseFile(io.StringIO(str(results[name].content)))
    assert all(q.valid for q in parsed)
    assert len(parsed) == len(quizzes[name].questions)
    for question, read in zip(quizzes[name].questions, parsed, strict=True):
        expected = kinds[_MOODLE_KINDS[question.type]]
        if isinstance(question, Text) and any(not e.correct for e in question.answers):
            # pygiftparser takes a short answer with a 0 % answer for a choice; Moodle's own
            # rules read it as a short answer (test_moodle_reads_the_kinds_and_grades_meant)
            expected = ("SelectSet",)
        assert type(read.answers).__name__ in expected, question.id


def test_code_blocks_keep_their_lines_and_titles_stay_comments() -> None:
    quiz = fixture_quiz("hostile")
    text = str(to_gift([quiz]).content)
    assert "<code class\\=\"language-python\">// not a GIFT comment\\nx \\= \\{'a'\\: 1\\}" in text
    lines = text.split("\n")
    assert lines[0].startswith("// Hostile ") and lines[1] == "$CATEGORY: lessonkit/hostile"
    assert sum(line.startswith("$CATEGORY") for line in lines) == 1
    assert all(line.startswith(("//", "::", "$CATEGORY")) or line == "" for line in lines)
