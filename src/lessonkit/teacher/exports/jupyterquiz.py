"""jupyterquiz question files (JSON): lessonkit's quizzes for notebooks that use jupyterquiz.

jupyterquiz shows its texts as HTML, with math between ``$`` (and MathJax's own
``\\(...\\)`` and ``$$...$$``), so texts go out as HTML, math in those delimiters, a
dollar that is not math as ``\\$`` and images as ``data:`` URIs. What each type becomes:

- single -> ``multiple_choice`` (several right options stay right); multiple ->
  ``many_choice``; true/false -> a ``multiple_choice`` between True and False; options
  of code keep their ``code``;
- numeric -> ``numeric``: values, ranges (``[a, b)``), wrong ones with their feedback, in
  order, the default feedback and ``precision``; a value with a tolerance becomes the
  range that holds exactly the numbers lessonkit accepts;
- text -> ``string`` (compared by jupyterquiz ignoring case, or with ``match_case``):
  with the normalized comparison, the spellings lessonkit accepts are listed;
- highlight -> ``many_choice`` over the excerpt's numbered sentences.

Ordering, matching and open questions have no jupyterquiz form and are left out.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from html import escape
from typing import Any

from ...quiz.model import (
    Highlight,
    MultipleChoice,
    Numeric,
    Option,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)
from ...render.markdown import render_block, render_inline
from ...render.payload import quiz_images
from .common import ExportResult, Note, Skipped, excerpt_html, image_notes, safe_text
from .spellings import spellings

__all__ = ["to_jupyterquiz"]

_MATH = re.compile(r'<span data-lk-math="(inline|display)">(.*?)</span>', re.S)
_SKIP = {
    "ordering": "jupyterquiz has no ordering question",
    "matching": "jupyterquiz has no matching question",
    "open": "jupyterquiz has no question with a written answer",
}


def _html(rendered: str) -> str:
    """Rendered Markdown as jupyterquiz's HTML: a dollar in the text as ``\\$`` (else its
    jaxify reads it as math), lessonkit's math as ``$...$`` and ``$$...$$``."""
    out: list[str] = []
    last = 0
    for match in _MATH.finditer(rendered):
        out.append(rendered[last : match.start()].replace("$", "\\$"))
        marks = "$" if match.group(1) == "inline" else "$$"
        out.append(f"{marks}{match.group(2)}{marks}")
        last = match.end()
    out.append(rendered[last:].replace("$", "\\$"))
    return "".join(out)


def _block(markdown: str) -> str:
    return _html(render_block(safe_text(markdown)))


def _inline(markdown: str) -> str:
    return _html(render_inline(safe_text(markdown))).strip()


def _question_text(quiz: Quiz, question: Question) -> str:
    parts = []
    excerpt = quiz.excerpts.get(question.excerpt) if question.excerpt else None
    if excerpt is not None:
        html = excerpt_html(excerpt, numbered=isinstance(question, Highlight))
        parts.append(html.replace("$", "\\$"))
    parts.append(_block(question.prompt))
    if isinstance(question, Numeric) and question.unit:
        parts.append(f"<p>Unit: {escape(safe_text(question.unit))}</p>")
    if isinstance(question, Highlight):
        parts.append("<p>Choose every sentence of the excerpt that supports the claim.</p>")
    return "".join(parts)


def _feedback(markdown: str | None) -> dict[str, str]:
    return {"feedback": _block(markdown)} if markdown else {}


def _option(option: Option) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if option.text:
        out["answer"] = _inline(option.text)
    if option.code is not None:
        out["code"] = escape(safe_text(option.code), quote=False)
    return out | {"correct": option.correct} | _feedback(option.feedback)


def _choice(question: SingleChoice | MultipleChoice) -> tuple[dict[str, Any], list[str]]:
    kind = "multiple_choice" if isinstance(question, SingleChoice) else "many_choice"
    notes = []
    right = sum(o.correct for o in question.options)
    if kind == "many_choice" and right == 1:
        notes.append(
            "one right option: jupyterquiz lets only one answer be chosen (lessonkit, several)"
        )
    if kind == "multiple_choice" and right > 1:
        notes.append("several right options: jupyterquiz counts them as it finds them ([1/2])")
    return {"type": kind, "answers": [_option(o) for o in question.options]}, notes


def _true_false(question: TrueFalse) -> tuple[dict[str, Any], list[str]]:
    answers = [
        {"answer": "True", "correct": question.answer} | _feedback(question.feedback_true),
        {"answer": "False", "correct": not question.answer} | _feedback(question.feedback_false),
    ]
    return {"type": "multiple_choice", "answers": answers}, [
        "exported as a choice between True and False"
    ]


def _numeric(question: Numeric) -> tuple[dict[str, Any], list[str]]:
    answers: list[dict[str, Any]] = []
    for entry in question.answers:
        out: dict[str, Any]
        if entry.range is not None:
            out = {"type": "range", "range": [entry.range[0], entry.range[1]]}
        elif entry.tolerance:
            value = entry.value or 0.0
            # [v - t, v + t] as jupyterquiz's half-open range: just above v + t
            high = math.nextafter(value + entry.tolerance, math.inf)
            out = {"type": "range", "range": [value - entry.tolerance, high]}
        else:
            out = {"type": "value", "value": entry.value}
        answers.append(out | {"correct": entry.correct} | _feedback(entry.feedback))
    if question.default_feedback:
        answers.append({"type": "default", "feedback": _block(question.default_feedback)})
    out = {"type": "numeric", "answers": answers}
    if question.precision is not None:
        out["precision"] = question.precision
    notes = []
    if question.unit:
        notes.append("jupyterquiz has no unit: it is named in the question")
    return out, notes


def _text(question: Text) -> tuple[dict[str, Any], list[str]]:
    notes = []
    if question.compare == "normalized":
        accepted = spellings(question.accepted)
        notes.append(
            f"jupyterquiz accepts the {len(accepted)} spellings listed (in any letter case); "
            "lessonkit also accepts other punctuation between the words and extra spaces"
        )
    else:
        accepted = [text.strip() for text in question.accepted]
    case = {"match_case": True} if question.compare == "exact" else {}
    fuzzy = {"fuzzy_threshold": question.fuzzy} if question.fuzzy is not None else {}
    feedback = {e.text.strip(): e.feedback for e in question.answers if e.correct and e.feedback}
    answers = [
        {"answer": text, "correct": True} | case | fuzzy | _feedback(feedback.get(text))
        for text in accepted
    ]
    answers += [
        {"answer": e.text.strip(), "correct": False} | case | _feedback(e.feedback)
        for e in question.answers
        if not e.correct
    ]
    if question.default_feedback:
        answers.append({"type": "default", "feedback": _block(question.default_feedback)})
    if any(not e.correct for e in question.answers) and question.fuzzy is not None:
        notes.append("jupyterquiz matches wrong answers exactly, not fuzzily")
    return {"type": "string", "answers": answers}, notes


def _highlight(quiz: Quiz, question: Highlight) -> tuple[dict[str, Any], list[str]] | None:
    excerpt = quiz.excerpts.get(question.excerpt or "")
    if excerpt is None:
        return None
    answers = [
        {
            "answer": f"[{n}] {escape(safe_text(s))}".replace("$", "\\$"),
            "correct": n in question.evidence,
        }
        for n, s in enumerate(excerpt.sentences, start=1)
    ]
    notes = ["exported as a many-choice question over the excerpt's numbered sentences"]
    return {"type": "many_choice", "answers": answers}, notes


def _body(quiz: Quiz, question: Question) -> tuple[dict[str, Any], list[str]] | None:
    match question:
        case SingleChoice() | MultipleChoice():
            return _choice(question)
        case TrueFalse():
            return _true_false(question)
        case Numeric():
            return _numeric(question)
        case Text():
            return _text(question)
        case Highlight():
            return _highlight(quiz, question)
    return None


def _lost(question: Question) -> list[str]:
    notes = []
    if question.hints:
        notes.append("hints are not kept (jupyterquiz has none)")
    if question.explanation:
        notes.append("the explanation is not kept (jupyterquiz has none)")
    if question.points != 1:
        notes.append(f"jupyterquiz does not score; the {question.points:g} points are not kept")
    return notes


def to_jupyterquiz(quizzes: Iterable[Quiz]) -> ExportResult:
    """One jupyterquiz question list (JSON) holding the questions of ``quizzes``."""
    result = ExportResult("")
    listed: list[dict[str, Any]] = []
    for quiz in quizzes:
        with quiz_images(quiz):
            for question in quiz.questions:
                found = _body(quiz, question)
                if found is None:
                    reason = _SKIP.get(
                        question.type, f"its excerpt '{question.excerpt}' is not in the datasets"
                    )
                    result.skipped.append(Skipped(quiz.id, question.id, question.type, reason))
                    continue
                body, notes = found
                listed.append({"question": _question_text(quiz, question), **body})
                notes = (
                    _lost(question)
                    + notes
                    + image_notes(question, carried="inside the file, as a data: URI")
                )
                result.notes += [Note(quiz.id, question.id, question.type, n) for n in notes]
                result.exported += 1
    result.content = json.dumps(listed, ensure_ascii=False, indent=2) + "\n"
    return result
