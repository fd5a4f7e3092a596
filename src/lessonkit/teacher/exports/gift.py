"""Moodle GIFT export: one text file, a category per quiz, one line per question.

Every text is HTML (``[html]``) with GIFT's special characters ``\\ ~ = # { } :``
escaped and line breaks written as ``\\n`` (so code blocks keep them). Each question type
has its own function; what Moodle cannot hold is written as ``// note:`` lines above the
question and listed by the command (:class:`~.common.Note`):

- single, multiple, true/false, numeric (exact numbers, unit in the question text);
- text: the spellings lessonkit accepts (:mod:`.spellings`), ``*`` kept literal;
- matching, extra wrong choices included as answers without a question;
- ordering as matching (each position with its item), highlight as multiple answers
  over the numbered sentences, open as an essay.

Explanations, hints, sources, and the model answer and rubric of an open question go to
the general feedback, GIFT's only place for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from ...quiz.model import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)
from ...quiz.textnorm import words
from .common import (
    ExportResult,
    Note,
    Skipped,
    block,
    general_feedback_html,
    image_notes,
    inline,
    option_html,
    plain_text,
    safe_text,
    stem_html,
    text_notes,
)
from .exact import positional
from .spans import spans
from .spellings import spellings

__all__ = ["escape_gift", "to_gift"]

_ESCAPES = str.maketrans(
    {
        "\\": "\\\\",
        "~": "\\~",
        "=": "\\=",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
        "\r": "",
    }
)
#: Moodle's own grade fractions reach 100/n for these numbers of right answers only.
_MOODLE_SHARES = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20}

Answers = tuple[str, list[str]]


def escape_gift(text: str) -> str:
    """``text`` with GIFT's special characters escaped and line breaks as ``\\n``."""
    return safe_text(text).translate(_ESCAPES)


def _html(html: str) -> str:
    return "[html]" + escape_gift(html)


def _plain(text: str) -> str:
    """A one-line plain text (matching answers are plain text in Moodle)."""
    return escape_gift(" ".join(words(text)))


def _feedback(markdown: str | None) -> str:
    return "#" + _html(block(markdown)) if markdown else ""


def _weight(share: float) -> str:
    return "%" + f"{share:.5f}".rstrip("0").rstrip(".") + "%"


def _share_notes(right: int) -> list[str]:
    if right in _MOODLE_SHARES:
        return []
    return [
        f"each of the {right} right answers is worth 1/{right}, which is not one of Moodle's "
        "grades: import with 'Match grades: nearest grade if not listed'"
    ]


def _choices(choices: Sequence[tuple[str, bool, str | None]]) -> str:
    """Weighted answers from ``(html, correct, feedback)``: right ones share 100 %, each
    wrong one takes away as much as a right one gives (lessonkit's rule)."""
    share = 100 / sum(correct for _html_text, correct, _feedback_text in choices)
    return " ".join(
        f"~{_weight(share if correct else -share)}{_html(html)}{_feedback(feedback)}"
        for html, correct, feedback in choices
    )


def _single(question: SingleChoice) -> Answers:
    """Every right option with ``=`` (Moodle, too, counts any of them right)."""
    answers = " ".join(
        ("=" if o.correct else "~") + _html(option_html(o)) + _feedback(o.feedback)
        for o in question.options
    )
    return answers, []


def _multiple(question: MultipleChoice) -> Answers:
    choices = [(option_html(o), o.correct, o.feedback) for o in question.options]
    return _choices(choices), _share_notes(sum(o.correct for o in question.options))


def _true_false(question: TrueFalse) -> Answers:
    chosen_wrong, chosen_right = (
        (question.feedback_false, question.feedback_true)
        if question.answer
        else (question.feedback_true, question.feedback_false)
    )
    answers = "TRUE" if question.answer else "FALSE"
    if chosen_wrong or chosen_right:
        answers += "#" + (_html(block(chosen_wrong)) if chosen_wrong else "")
    if chosen_right:
        answers += _feedback(chosen_right)
    return answers, []


def _numeric(question: Numeric) -> Answers:
    """One right value as ``#value:margin``; otherwise every entry in order (Moodle, too,
    grades with the first answer that holds the number), wrong ones worth 0 % with their
    feedback, and ``~#`` for the feedback of any other number."""
    if question.simple and question.precision is None and question.default_feedback is None:
        only = question.answers[0]
        return f"#{positional(only.value or 0)}:{positional(only.tolerance)}", []
    entries, notes = spans(question)
    parts = []
    for span in entries:
        number = (
            f"{positional(span.value)}:{positional(span.margin)}"
            if span.value is not None
            else f"{positional(span.low)}..{positional(span.high)}"
        )
        parts.append(f"={_weight(100 if span.correct else 0)}{number}{_feedback(span.feedback)}")
    if question.default_feedback:
        parts.append(f"~{_feedback(question.default_feedback)}")
    return "#" + " ".join(parts), notes


def _listable(spelling: str) -> bool:
    """False for what Moodle's importer would read as something else, with no escape to
    prevent it: '->' (a matching question) and its own placeholders ('&&035;')."""
    return "->" not in spelling and not re.search(r"&&\d{3}", spelling)


def _short_answer(spelling: str) -> str:
    """``=%100%`` first, as Moodle writes it, so that a spelling starting with '%50%' is
    not read as a grade; '[moodle]' before one that starts with '[' so that it is not read
    as a text format; '*' escaped, or Moodle would read a wildcard."""
    marker = "[moodle]" if spelling.startswith("[") else ""
    return "=%100%" + marker + _plain(spelling).replace("*", "\\*")


def _wrong_answers(question: Text) -> tuple[str, list[str]]:
    """The wrong answers with feedback (worth 0 %), and what Moodle cannot show."""
    wrong = [e for e in question.answers if not e.correct and _listable(e.text)]
    answers = "".join(
        " =%0%" + _plain(e.text).replace("*", "\\*") + _feedback(e.feedback) for e in wrong
    )
    notes = []
    if question.default_feedback:
        notes.append("the feedback for any other wrong answer has no place in GIFT")
    return answers, notes


def _text(question: Text) -> Answers:
    extra, extra_notes = _wrong_answers(question)
    if question.compare != "normalized":
        listed = [e.text.strip() for e in question.answers if e.correct]
        answers = " ".join(_short_answer(s) for s in listed if _listable(s))
        notes = ["Moodle ignores letter case"] if question.compare == "exact" else []
        if question.fuzzy is not None:
            notes.append(f"near misses (similarity at least {question.fuzzy:g}) are marked wrong")
        return answers + extra, notes + extra_notes
    every = spellings(question.accepted)
    listed = [s for s in every if _listable(s)]
    answers = " ".join(_short_answer(s) for s in listed) + extra
    note = (
        f"Moodle accepts the {len(listed)} spellings listed (in any letter case); lessonkit "
        "also accepts other punctuation between the words and extra spaces"
    )
    if question.fuzzy is not None:
        note += (
            f", and near misses (similarity at least {question.fuzzy:g}), which Moodle marks wrong"
        )
    notes = [note]
    left_out = [s for s in every if s not in listed]
    if left_out:
        quoted = ", ".join(f"'{s}'" for s in left_out)
        notes.append(f"GIFT cannot hold the spellings {quoted}: Moodle would misread them")
    return answers, notes + extra_notes


def _match(lefts: Iterable[str], rights: Iterable[str], extra: Iterable[str]) -> str:
    pairs = [
        f"={_html(left)} -> {_plain(plain_text(right))}"
        for left, right in zip(lefts, rights, strict=True)
    ]
    pairs += [f"= -> {_plain(plain_text(right))}" for right in extra]
    return " ".join(pairs)


def _markup_note(texts: Iterable[str]) -> list[str]:
    if any(re.search(r"<[a-z]", inline(text)) for text in texts):
        return ["Moodle shows the answers to match as plain text: their formatting is dropped"]
    return []


def _matching(question: Matching) -> Answers:
    rights = [p.right for p in question.pairs]
    extra = [d.text for d in question.distractors]
    answers = _match(
        [inline(p.left) for p in question.pairs], map(inline, rights), map(inline, extra)
    )
    return answers, _markup_note(rights + extra)


def _ordering(question: Ordering) -> Answers:
    items = [item.text for item in question.items]
    lefts = [f"Position {n}" for n in range(1, len(items) + 1)]
    notes = [
        "exported as matching (each position with its item): Moodle gives credit for each "
        "item in its place, lessonkit for each neighbouring pair in the right order",
        *_markup_note(items),
    ]
    return _match(lefts, map(inline, items), []), notes


def _highlight(question: Highlight, quiz: Quiz) -> Answers | None:
    excerpt = quiz.excerpts.get(question.excerpt or "")
    if excerpt is None:
        return None
    choices = [
        (f"[{n}] {escape(safe_text(sentence))}", n in question.evidence, None)
        for n, sentence in enumerate(excerpt.sentences, start=1)
    ]
    notes = ["exported as a multiple-answer question over the excerpt's numbered sentences"]
    return _choices(choices), notes + _share_notes(len(set(question.evidence)))


def _open(question: Open) -> Answers:
    notes = ["exported as an essay"]
    if question.model_answer is not None or question.rubric:
        notes = [
            "exported as an essay; the model answer and rubric are in the general feedback, "
            "which Moodle shows in the review after an attempt (GIFT has no field for "
            "graders only)"
        ]
    if question.min_words > 1:
        notes.append(f"the minimum of {question.min_words} words is not set in Moodle")
    return "", notes


def _answers(quiz: Quiz, question: Question) -> Answers | None:
    """The part between the braces, and the notes; ``None`` when GIFT cannot hold it."""
    match question:
        case SingleChoice():
            return _single(question)
        case MultipleChoice():
            return _multiple(question)
        case TrueFalse():
            return _true_false(question)
        case Numeric():
            return _numeric(question)
        case Text():
            return _text(question)
        case Matching():
            return _matching(question)
        case Ordering():
            return _ordering(question)
        case Highlight():
            return _highlight(question, quiz)
        case Open():
            return _open(question)
    return None


def _common_notes(question: Question) -> list[str]:
    notes = text_notes(question)
    if question.points != 1:
        notes.append(
            f"worth {question.points:g} points in lessonkit; Moodle gives every imported "
            "question a default mark of 1"
        )
    if question.hints:
        notes.append("hints are in the general feedback (Moodle's hints have no GIFT syntax)")
    return notes


def _comment(text: str) -> str:
    return "// " + " ".join(words(safe_text(text)))


def _question(quiz: Quiz, question: Question, result: ExportResult) -> str | None:
    found = _answers(quiz, question)
    if found is None:
        reason = "GIFT has no form for this question type"
        if isinstance(question, Highlight):
            reason = f"its excerpt '{question.excerpt}' is not in the datasets"
        result.skipped.append(Skipped(quiz.id, question.id, question.type, reason))
        return None
    answers, notes = found
    notes = _common_notes(question) + notes + image_notes(question, carried=None)
    result.notes += [Note(quiz.id, question.id, question.type, n) for n in notes]
    general = general_feedback_html(quiz, question)
    if general:
        answers += ("" if not answers else " ") + "####" + _html(general)
    name = escape_gift(f"{quiz.id}/{question.id}")
    lines = [_comment(f"note: {note}") for note in notes]
    lines.append(f"::{name}::{_html(stem_html(quiz, question))}{{{answers}}}")
    result.exported += 1
    return "\n".join(lines)


def to_gift(quizzes: Iterable[Quiz]) -> ExportResult:
    """One GIFT text for all ``quizzes``, a category per quiz."""
    result = ExportResult("")
    blocks: list[str] = []
    for quiz in quizzes:
        header = _comment(f"{quiz.title} (quiz {quiz.id}, version {quiz.version})")
        blocks.append(f"{header}\n$CATEGORY: lessonkit/{quiz.id}")
        for question in quiz.questions:
            text = _question(quiz, question, result)
            if text is not None:
                blocks.append(text)
    result.content = "\n\n".join(blocks) + "\n"
    return result
