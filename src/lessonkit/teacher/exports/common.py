"""Shared pieces of the exporters: results, notes, and the HTML every format shows.

The exporters read the typed quiz model (:mod:`lessonkit.quiz.questions`), never the
browser payload. Markdown becomes HTML with :mod:`lessonkit.render.markdown`; the texts a
learning platform shows around a question (the excerpt, the unit, the explanation, the
hints, the model answer) are built here once, so every format says the same.

Math goes out as TeX between the delimiters Moodle's and Canvas's MathJax read,
``\\(...\\)`` inline and ``$$...$$`` displayed. An image goes out as the address its
format gives it inside :func:`exported_images` (QTI: a file of the package), or as
``[its description]`` where a format cannot carry files (GIFT), with a note.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path
from typing import Any

from ...errors import LessonkitError
from ...quiz.images import markdown_images
from ...quiz.model import Excerpt, Highlight, Numeric, Open, Option, Ordering, Question, Quiz
from ...render.markdown import render_block, render_inline

__all__ = [
    "ExportResult",
    "Note",
    "Skipped",
    "block",
    "excerpt_html",
    "general_feedback_html",
    "image_notes",
    "inline",
    "option_html",
    "plain_text",
    "safe_text",
    "stem_html",
    "text_notes",
    "unique_quizzes",
]

#: Characters that no export can carry (XML forbids them; GIFT readers split on some):
#: control characters other than tab and line breaks, lone surrogates, U+FFFE and U+FFFF.
#: ``lessonkit check`` refuses them in quiz files; a quiz built in Python may still hold one.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Skipped:
    """A question left out of an export, and why."""

    quiz_id: str
    question_id: str
    qtype: str
    reason: str

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.question_id} ({self.qtype}) skipped: {self.reason}"


@dataclass(frozen=True)
class Note:
    """What an exported question lost or changed on the way to a format."""

    quiz_id: str
    question_id: str
    qtype: str
    text: str

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.question_id} ({self.qtype}): {self.text}"


@dataclass
class ExportResult:
    """The exported text (or bytes), the questions left out and the notes on the others."""

    content: str | bytes
    exported: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    #: Files the export refers to (path inside the package -> the image file).
    files: dict[str, Path] = field(default_factory=dict)


def safe_text(text: str) -> str:
    """``text`` with every character no export can carry replaced by U+FFFD."""
    return _FORBIDDEN.sub("\ufffd", text)


_MATH = re.compile(r'<span data-lk-math="(inline|display)">(.*?)</span>', re.S)


def _platform_math(html: str) -> str:
    """lessonkit's marked math as the TeX delimiters of Moodle's and Canvas's MathJax."""
    return _MATH.sub(
        lambda m: f"\\({m.group(2)}\\)" if m.group(1) == "inline" else f"$${m.group(2)}$$", html
    )


def block(text: str) -> str:
    """Block Markdown as HTML (paragraphs, lists, code blocks)."""
    return _platform_math(render_block(safe_text(text)))


def inline(text: str) -> str:
    """Inline Markdown as HTML (an option, an item, a pair)."""
    return _platform_math(render_inline(safe_text(text))).strip()


def option_html(option: Option) -> str:
    """An option's text, then its code as a code block."""
    html = inline(option.text) if option.text else ""
    if option.code is not None:
        html += f"<pre><code>{escape(safe_text(option.code))}</code></pre>"
    return html


def image_notes(question: Question, carried: str | None) -> list[str]:
    """A note per image of ``question``: where it is carried (``carried``: "in the
    package"), or, when the format cannot carry it (None), that its description stands."""
    found = dict.fromkeys(src for text in _strings(question) for src, _ in markdown_images(text))
    if carried is not None:
        return [f"the image '{src}' is {carried}" for src in found]
    return [
        f"the image '{src}' is shown as its description in brackets: this format cannot "
        "carry image files (add the image on the platform)"
        for src in found
    ]


def plain_text(html: str) -> str:
    """Text of a small HTML fragment (tags dropped, entities decoded, spaces folded)."""
    spaced = re.sub(r"</?(p|li|ul|ol|br|div|blockquote|pre|h[1-6])\b[^>]*>", " ", html or "")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", spaced))).strip()


def _strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, (tuple, list)):
        for entry in value:
            yield from _strings(entry)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from _strings(getattr(value, item.name))


def text_notes(question: Question) -> list[str]:
    """A note when a text of ``question`` held a character no export can carry."""
    if any(_FORBIDDEN.search(text) for text in _strings(question)):
        return ["a control character in its text was replaced by U+FFFD"]
    return []


def excerpt_html(excerpt: Excerpt, *, numbered: bool = False) -> str:
    """The excerpt as a quotation with its provenance; ``numbered`` marks each sentence."""
    sentences = [escape(safe_text(s)) for s in excerpt.sentences]
    if numbered:
        sentences = [f"[{n}] {s}" for n, s in enumerate(sentences, start=1)]
    facts = f"{excerpt.writer}, {excerpt.document} ({excerpt.date})"
    if excerpt.translator:
        facts += f"; translated by {excerpt.translator}"
    if excerpt.source:
        facts += f"; source: {excerpt.source}"
    return f"<blockquote><p>{' '.join(sentences)}</p></blockquote><p>{escape(safe_text(facts))}</p>"


def stem_html(quiz: Quiz, question: Question) -> str:
    """What a platform shows as the question: excerpt, prompt, unit or instruction."""
    parts: list[str] = []
    excerpt = quiz.excerpts.get(question.excerpt) if question.excerpt else None
    if excerpt is not None:
        parts.append(excerpt_html(excerpt, numbered=isinstance(question, Highlight)))
    parts.append(block(question.prompt))
    match question:
        case Numeric(unit=unit) if unit:
            parts.append(f"<p>Unit: {escape(safe_text(unit))}</p>")
        case Highlight():
            parts.append("<p>Choose every sentence of the excerpt that supports the claim.</p>")
        case Ordering():
            parts.append(
                "<p>For each position, choose the item that belongs there "
                "(position 1 comes first).</p>"
            )
    return "".join(parts)


def general_feedback_html(quiz: Quiz, question: Question) -> str:
    """Explanation, hints, source and, for an open question, the model answer and rubric."""
    parts: list[str] = []
    if isinstance(question, Open):
        if question.model_answer is not None:
            parts.append("<p><strong>Model answer (for the grader):</strong></p>")
            parts.append(block(question.model_answer))
        if question.rubric:
            rubric = "".join(f"<li>{block(point)}</li>" for point in question.rubric)
            parts.append(f"<p><strong>Rubric:</strong></p><ul>{rubric}</ul>")
        if question.min_words > 1:
            parts.append(f"<p>Expected length: at least {question.min_words} words.</p>")
    if question.explanation:
        parts.append("<p><strong>Explanation:</strong></p>" + block(question.explanation))
    if question.hints:
        hints = "".join(f"<li>{block(hint)}</li>" for hint in question.hints)
        parts.append(f"<p><strong>Hints given in the lesson:</strong></p><ol>{hints}</ol>")
    if question.source and question.source in quiz.citations:
        parts.append(f"<p>Source: {escape(safe_text(quiz.citations[question.source]))}</p>")
    return "".join(parts)


def unique_quizzes(quizzes: Iterable[Quiz]) -> list[Quiz]:
    """``quizzes`` as a list, refusing two with the same id (their files would collide)."""
    seen: dict[str, Quiz] = {}
    for quiz in quizzes:
        if quiz.id in seen:
            first = seen[quiz.id].path or "another quiz"
            raise LessonkitError(
                f"the quiz id '{quiz.id}' is also the id of {first}",
                path=quiz.path,
                hint="give each quiz its own 'id:', or export them separately",
            )
        seen[quiz.id] = quiz
    return list(seen.values())
