"""The syntax of Moodle's GIFT format: a text file into questions and their answers.

As Moodle's documentation describes it: ``//`` comment lines; questions separated by
blank lines; ``$CATEGORY: path`` lines; an optional ``::title::``; an optional text
format (``[html]``, ``[moodle]``, ``[plain]``, ``[markdown]``); the question text with one
answer block ``{...}`` (text after it makes a missing-word question); in the block,
answers starting with ``=`` (right) or ``~`` (wrong), each with an optional ``%weight%``
and ``#feedback``, or ``#`` for numbers, ``T``/``F`` for true or false, nothing for an
essay, and ``####`` before the general feedback. ``\\`` escapes ``~ = # { } :`` and
itself; ``\\n`` is a line break. This module only reads the structure: what the parts
mean for lessonkit is :mod:`.gift`'s business.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

__all__ = [
    "GiftAnswer",
    "GiftQuestion",
    "parse_gift",
    "split_answers",
    "split_unescaped",
    "unescape",
]

_ESCAPES = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "\\": "\\", "n": "\n"}
_WEIGHT = re.compile(r"%(-?\d+(?:\.\d*)?|-?\.\d+)%")
_FORMAT = re.compile(r"\[(html|moodle|plain|markdown)\]", re.I)


@dataclass
class GiftAnswer:
    """One answer of a block: its marker (``=``, ``~``), weight in percent, text, feedback,
    and the text formats given to the text and to the feedback (``[html]``), if any."""

    marker: str
    text: str
    weight: float | None = None
    feedback: str | None = None
    format: str | None = None
    feedback_format: str | None = None


def text_format(text: str) -> tuple[str | None, str]:
    """A leading ``[html]``-like format of ``text``, and the text after it."""
    found = _FORMAT.match(text.lstrip())
    if found is None:
        return None, text
    return found.group(1).lower(), text.lstrip()[found.end() :]


@dataclass
class GiftQuestion:
    """One question as written: title, format, text around the block, the block's parts."""

    line: int
    category: str | None
    title: str | None
    format: str
    before: str
    after: str
    block: str | None
    answers: list[GiftAnswer] = field(default_factory=list)
    general_feedback: str | None = None


def unescape(text: str) -> str:
    """GIFT text without its escapes (``\\:`` is ``:``, ``\\n`` a line break)."""
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), text)


def _unescaped(text: str, chars: str) -> list[int]:
    """Positions of the characters of ``chars`` that are not escaped by a backslash."""
    found = []
    i = 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in chars:
            found.append(i)
        i += 1
    return found


def split_unescaped(text: str, separator: str) -> list[str]:
    """``text`` split at each unescaped ``separator`` (one character, or ``####``)."""
    if len(separator) > 1:
        parts, last = [], 0
        for i in _unescaped(text, separator[0]):
            if i >= last and text.startswith(separator, i):
                parts.append(text[last:i])
                last = i + len(separator)
        return [*parts, text[last:]]
    positions = _unescaped(text, separator)
    bounds = [-1, *positions, len(text)]
    return [text[a + 1 : b] for a, b in itertools.pairwise(bounds)]


def _blocks(text: str) -> list[tuple[int, str]]:
    """The questions of a file: runs of non-blank lines (comment lines removed), with the
    line each starts on."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip().startswith("//"):
            continue
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, "\n".join(current)))
            current = []
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


def split_answers(block: str) -> list[GiftAnswer]:
    """The ``=``/``~`` answers of a block (without its general feedback)."""
    marks = _unescaped(block, "=~")
    answers = []
    for n, start in enumerate(marks):
        end = marks[n + 1] if n + 1 < len(marks) else len(block)
        body = block[start + 1 : end]
        weight = None
        found = _WEIGHT.match(body.lstrip())
        if found:
            weight = float(found.group(1))
            body = body.lstrip()[found.end() :]
        text, *feedback = split_unescaped(body, "#")
        answer_format, text = text_format(text)
        feedback_format, comment = text_format("#".join(feedback)) if feedback else (None, "")
        answers.append(
            GiftAnswer(
                block[start],
                text.strip(),
                weight,
                comment.strip() if feedback else None,
                answer_format,
                feedback_format,
            )
        )
    return answers


def _question(line: int, text: str, category: str | None) -> GiftQuestion:
    text = text.strip()
    title = None
    if text.startswith("::"):
        closing = next(
            (i for i in _unescaped(text, ":") if i > 1 and text[i + 1 : i + 2] == ":"), -1
        )
        if closing > 0:
            title, text = text[2:closing].strip(), text[closing + 2 :].lstrip()
    fmt = "moodle"
    found = _FORMAT.match(text)
    if found:
        fmt, text = found.group(1).lower(), text[found.end() :]
    opening = _unescaped(text, "{")
    if not opening:
        return GiftQuestion(line, category, title, fmt, text, "", None)
    start = opening[0]
    closing_at = [i for i in _unescaped(text, "}") if i > start]
    end = closing_at[0] if closing_at else len(text)
    block = text[start + 1 : end]
    question = GiftQuestion(line, category, title, fmt, text[:start], text[end + 1 :], block)
    body, *general = split_unescaped(block, "####")
    if general:
        question.general_feedback = "####".join(general).strip()
    question.block = body
    if not body.strip().startswith("#"):
        question.answers = split_answers(body)
    return question


def parse_gift(text: str) -> list[GiftQuestion]:
    """Every question of a GIFT file (a category line sets the category of those after it)."""
    questions = []
    category: str | None = None
    for line, block in _blocks(text.replace("\r\n", "\n").replace("\r", "\n")):
        first, _, rest = block.partition("\n")
        if first.strip().startswith("$CATEGORY:"):
            category = first.strip()[len("$CATEGORY:") :].strip()
            if not rest.strip():
                continue
            line, block = line + 1, rest
        questions.append(_question(line, block, category))
    return questions
