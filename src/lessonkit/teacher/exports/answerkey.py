"""Printable answer keys (Markdown or HTML) for teachers, with every number exact."""

from __future__ import annotations

from collections.abc import Iterable
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
from .common import (
    ExportResult,
    Note,
    Skipped,
    block,
    image_notes,
    option_html,
    plain_text,
    safe_text,
)
from .exact import bounds, exact, positional

__all__ = ["answer_key"]

_IMAGE_IN_KEY = (
    "shown as its description in brackets: the answer key is text only "
    "(the quiz page and the worksheet show the image)"
)


def _plain(markdown: str) -> str:
    return plain_text(block(markdown))


def _numeric(question: Numeric) -> list[str]:
    unit = f" {safe_text(question.unit)}" if question.unit else ""
    lines = []
    for entry in question.answers:
        if entry.range is not None:
            line = (
                f"from {exact(entry.range[0])} up to {exact(entry.range[1])}{unit} "
                f"({exact(entry.range[1])} itself not included)"
            )
        else:
            value = entry.value if entry.value is not None else 0.0
            line = f"{exact(value)}{unit}"
            if entry.tolerance:
                low, high = bounds(value, entry.tolerance)
                line += (
                    f" (accepted within ±{exact(entry.tolerance)}: "
                    f"from {positional(low)} to {positional(high)})"
                )
        if not entry.correct:
            line = f"Wrong: {line}"
        if entry.feedback:
            line += f". Feedback: {_plain(entry.feedback)}"
        lines.append(line)
    if question.precision is not None:
        lines.append(f"The number is rounded to {question.precision} significant digits first.")
    if question.default_feedback:
        lines.append(f"Any other number: {_plain(question.default_feedback)}")
    return lines


def _text(question: Text) -> list[str]:
    lines = ["Accepted: " + "; ".join(safe_text(a) for a in question.accepted)]
    lines += [
        f"Wrong: {safe_text(e.text)}" + (f". Feedback: {_plain(e.feedback)}" if e.feedback else "")
        for e in question.answers
        if not e.correct
    ]
    if question.compare != "normalized":
        lines.append(
            "Compared as written, ignoring letter case."
            if question.compare == "lowercase"
            else "Compared exactly as written (letter case too)."
        )
    if question.fuzzy is not None:
        lines.append(f"Close spellings are accepted too (similarity at least {question.fuzzy:g}).")
    return lines


def _matching(question: Matching) -> list[str]:
    lines = [f"{_plain(p.left)} → {_plain(p.right)}" for p in question.pairs]
    if question.distractors:
        lines.append(
            "Extra wrong choices: " + "; ".join(_plain(d.text) for d in question.distractors)
        )
    return lines


def _highlight(quiz: Quiz, question: Highlight) -> list[str]:
    excerpt = quiz.excerpts.get(question.excerpt or "")
    sentences = excerpt.sentences if excerpt else ()
    return [
        f"Sentence {n}: {safe_text(sentences[n - 1])}" if n <= len(sentences) else f"Sentence {n}"
        for n in question.evidence
    ]


def _open(question: Open) -> list[str]:
    lines = (
        [] if question.model_answer is None else ["Model answer: " + _plain(question.model_answer)]
    )
    lines += ["Rubric: " + _plain(point) for point in question.rubric]
    if question.min_words > 1:
        lines.append(f"At least {question.min_words} words.")
    return lines


def _answers(quiz: Quiz, question: Question) -> list[str] | None:
    """The right answer(s) as plain-text lines; ``None`` for a type the key cannot show."""
    match question:
        case SingleChoice(options=options) | MultipleChoice(options=options):
            return [plain_text(option_html(o)) for o in options if o.correct]
        case TrueFalse(answer=answer):
            return ["True" if answer else "False"]
        case Numeric():
            return _numeric(question)
        case Text():
            return _text(question)
        case Ordering(items=items):
            return [f"{n}. {_plain(item.text)}" for n, item in enumerate(items, start=1)]
        case Matching():
            return _matching(question)
        case Highlight():
            return _highlight(quiz, question)
        case Open():
            return _open(question)
    return None


def _points(question: Question) -> str:
    if not question.scored:
        return "not scored"
    return f"{exact(question.points)} point{'s' * (question.points != 1)}"


def _markdown(number: int, quiz: Quiz, question: Question, answers: list[str]) -> str:
    lines = [
        f"## {number}. {_plain(question.prompt)}",
        "",
        f"*{question.type}, {_points(question)}*",
        "",
    ]
    lines += [f"- {a}" for a in answers]
    if question.explanation:
        lines += ["", f"Why: {_plain(question.explanation)}"]
    if question.source and question.source in quiz.citations:
        lines += ["", f"Source: {safe_text(quiz.citations[question.source])}"]
    return "\n".join(lines) + "\n"


def _html(number: int, quiz: Quiz, question: Question, answers: list[str]) -> str:
    items = "".join(f"<li>{escape(a)}</li>" for a in answers)
    extra = ""
    if question.explanation:
        extra += f"<div><p><em>Why:</em></p>{block(question.explanation)}</div>"
    if question.source and question.source in quiz.citations:
        extra += f"<p><em>Source:</em> {escape(safe_text(quiz.citations[question.source]))}</p>"
    return (
        f"<section><h2>{number}. {escape(_plain(question.prompt))}</h2>"
        f"<p>({question.type}, {_points(question)})</p><ul>{items}</ul>{extra}</section>"
    )


def answer_key(quizzes: Iterable[Quiz], *, fmt: str = "md") -> ExportResult:
    """An answer key for every question of ``quizzes`` as Markdown (``md``) or ``html``."""
    parts: list[str] = []
    result = ExportResult("")
    for quiz in quizzes:
        title = safe_text(quiz.title)
        parts.append(
            f"<h1>Answer key: {escape(title)}</h1>" if fmt == "html" else f"# Answer key: {title}\n"
        )
        for number, question in enumerate(quiz.questions, start=1):
            answers = _answers(quiz, question)
            if answers is None:
                reason = "the answer key has no form for this question type"
                result.skipped.append(Skipped(quiz.id, question.id, question.type, reason))
                continue
            write = _html if fmt == "html" else _markdown
            parts.append(write(number, quiz, question, answers))
            result.exported += 1
            result.notes += [
                Note(quiz.id, question.id, question.type, text)
                for text in image_notes(question, carried=_IMAGE_IN_KEY)
            ]
    if fmt == "html":
        result.content = (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<title>Answer key</title></head><body>" + "".join(parts) + "</body></html>"
        )
    else:
        result.content = "\n".join(parts)
    return result
