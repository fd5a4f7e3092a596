"""Read Moodle GIFT question banks as lessonkit quizzes.

What each GIFT question becomes (:mod:`.giftsyntax` reads the file):

- multiple choice (``=`` and ``~``) -> ``single`` (any ``=`` answer is right), or
  ``multiple`` when the answers carry weights that several right answers share;
- true/false (``{T}``, ``{FALSE}``) -> ``true_false``, with the feedback for each choice;
- short answer (``=`` only) -> ``text`` compared as Moodle does by default (case ignored);
- numeric (``{#...}``) -> ``numeric``: ``value:tolerance`` and ``low..high`` (both ends
  included, as in Moodle), right and wrong answers with their feedback, in order;
- matching (``=left -> right``) -> ``matching``, answers without a left side as
  distractors;
- essay (``{}``) -> ``open``;
- the general feedback (``####``) -> ``explanation``; a missing-word question's answer
  block becomes a blank (``_____``) in its text.

Partial credit has no place in lessonkit's scoring: an answer worth less than 100 % is
counted as wrong (or right, in a multiple-answer question) and noted. The questions of a
bank with several categories get ids that start with their category. Texts become safe
Markdown; Moodle's math (``$$...$$``, ``\\(...\\)``) is kept.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..._validation import slug
from .common import QuestionImport, finish_import, read_bank
from .giftsyntax import (
    GiftAnswer,
    GiftQuestion,
    parse_gift,
    split_answers,
    split_unescaped,
    text_format,
    unescape,
)
from .markup import html_to_markdown
from .mdtext import markdown_math

__all__ = ["gift_to_dict"]

_TRUE = {"t": True, "true": True, "f": False, "false": False}
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"


def _markdown(q: QuestionImport, text: str, fmt: str, what: str) -> str:
    """A GIFT text (escapes still in it) as Markdown, by the question's text format."""
    text = unescape(text).strip()
    if fmt == "markdown":
        return markdown_math(text)
    if fmt == "plain":
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace("\n", "<br>")
    elif fmt == "moodle":
        text = text.replace("\n", "<br>")
    converted = html_to_markdown(text, dollars=False, folder=q.folder)
    for note in converted.notes:
        q.note(f"{what}: {note}")
    return converted.markdown


def _feedback(q: QuestionImport, g: GiftQuestion, answer: GiftAnswer, what: str) -> dict[str, str]:
    if not answer.feedback:
        return {}
    fmt = answer.feedback_format or g.format
    return {"feedback": _markdown(q, answer.feedback, fmt, f"the feedback of {what}")}


def _partial(q: QuestionImport, answer: GiftAnswer, n: int, counted: str) -> None:
    q.note(
        f"answer {n} is worth {answer.weight:g} %: lessonkit has no partial credit for this "
        f"kind of question, so it counts as {counted}"
    )


def _choice(q: QuestionImport, g: GiftQuestion) -> None:
    # As in Moodle: without an '=' answer, several answers may be chosen (their weights
    # share the grade); with one, a single answer is chosen.
    several = not any(a.marker == "=" for a in g.answers)
    q.data["type"] = "multiple" if several else "single"
    options = []
    for n, answer in enumerate(g.answers, start=1):
        option: dict[str, Any] = {
            "id": f"a{n}",
            "text": _markdown(q, answer.text, answer.format or g.format, f"answer {n}"),
        }
        weight = 100.0 if answer.marker == "=" and answer.weight is None else answer.weight or 0.0
        right = weight > 0 if several else weight >= 100
        if 0 < weight < 100 and not several:
            _partial(q, answer, n, "wrong")
        if right:
            option["correct"] = True
        options.append(option | _feedback(q, g, answer, f"answer {n}"))
    if several:
        shares = {round(a.weight or 0.0, 3) for a in g.answers}
        count = sum(1 for o in options if o.get("correct"))
        equal = {round(100 / count, 3), round(-100 / count, 3)} if count else set()
        if not shares <= equal | {0.0}:
            q.note(
                "the answers' weights are not kept: lessonkit counts each right answer chosen "
                "as 1/(number of right answers) and takes as much off for each wrong one"
            )
    q.data["options"] = options


def _true_false(q: QuestionImport, g: GiftQuestion) -> None:
    head, *comments = split_unescaped(g.block or "", "#")
    answer = _TRUE[head.strip().lower()]
    q.data.update({"type": "true_false", "answer": answer})
    texts = []
    for comment in comments:
        fmt, text = text_format(comment)
        texts.append(_markdown(q, text, fmt or g.format, "the feedback") if text.strip() else None)
    wrong, right = ([*texts, None, None])[:2]
    feedback = {str(not answer).lower(): wrong, str(answer).lower(): right}
    feedback = {k: v for k, v in feedback.items() if v}
    if feedback:
        q.data["feedback"] = feedback
    if len(comments) > 2:
        q.note("feedback after the second '#' was left out")


def _short_answer(q: QuestionImport, g: GiftQuestion) -> None:
    q.data.update({"type": "text", "compare": "lowercase"})
    entries: list[Any] = []
    for n, answer in enumerate(g.answers, start=1):
        text = unescape(answer.text).strip()
        if not text:
            q.note(f"answer {n} is empty and was left out")
            continue
        weight = 100.0 if answer.weight is None else answer.weight
        if 0 < weight < 100:
            _partial(q, answer, n, "wrong")
        if "*" in text:
            q.note(f"answer {n}: '*' is read as a star, not as Moodle's wildcard")
        entry: dict[str, Any] = {"text": text}
        if weight < 100:
            entry["correct"] = False
        entry |= _feedback(q, g, answer, f"answer {n}")
        entries.append(entry if len(entry) > 1 else text)
    q.data["answers"] = entries


def _numeric_entry(q: QuestionImport, part: str, n: int) -> dict[str, Any] | None:
    value = unescape(part).strip()
    ranged = re.fullmatch(f"({_NUMBER})\\.\\.({_NUMBER})", value)
    toleranced = re.fullmatch(f"({_NUMBER})(?::({_NUMBER}))?", value)
    if ranged:
        low, high = sorted(Decimal(x) for x in ranged.groups())
        # Moodle keeps a range as its middle and a margin: both ends are right. Decimal
        # arithmetic keeps 3.141..3.142 as 3.1415 and 0.0005.
        return {"value": float((low + high) / 2), "tolerance": float((high - low) / 2)}
    if toleranced:
        entry: dict[str, Any] = {"value": float(toleranced.group(1))}
        if toleranced.group(2) is not None and float(toleranced.group(2)):
            entry["tolerance"] = abs(float(toleranced.group(2)))
        return entry
    q.note(f"answer {n} ('{value}') is not a number, a number:margin or a low..high range")
    return None


def _numeric(q: QuestionImport, g: GiftQuestion) -> None:
    q.data["type"] = "numeric"
    body = (g.block or "").strip()[1:]
    if re.search(r"(?<!\\)[=~]", body):
        answers = split_answers(body)
    else:
        text, *feedback = split_unescaped(body, "#")
        answers = [GiftAnswer("=", text.strip(), None, "#".join(feedback).strip() or None)]
    entries = []
    for n, answer in enumerate(answers, start=1):
        if answer.marker == "~":
            if answer.feedback:
                fmt = answer.feedback_format or g.format
                q.data["default_feedback"] = _markdown(q, answer.feedback, fmt, "the feedback")
            continue
        entry = _numeric_entry(q, answer.text, n)
        if entry is None:
            continue
        weight = 100.0 if answer.weight is None else answer.weight
        if 0 < weight < 100:
            _partial(q, answer, n, "wrong")
        if weight < 100:
            entry["correct"] = False
        entries.append(entry | _feedback(q, g, answer, f"answer {n}"))
    if not any(e.get("correct", True) for e in entries):
        q.drop("it has no right number")
    q.data["answers"] = entries


def _matching(q: QuestionImport, g: GiftQuestion) -> None:
    q.data["type"] = "matching"
    pairs, distractors = [], []
    for n, answer in enumerate(g.answers, start=1):
        left, arrow, right = answer.text.partition("->")
        if not arrow:
            q.drop(f"answer {n} has no '->'")
            return
        right_md = _markdown(q, right, "plain", f"the right side of answer {n}")
        if not left.strip():
            distractors.append({"id": f"d{n}", "text": right_md})
            continue
        left_md = _markdown(q, left, answer.format or g.format, f"the left side of answer {n}")
        pairs.append({"id": f"p{n}", "left": left_md, "right": right_md})
    rights = [p["right"] for p in pairs]
    if len(set(rights)) < len(rights):
        q.note(
            "several items share one answer: lessonkit shows that answer once per item and "
            "counts only the item's own copy as right"
        )
    q.data["pairs"] = pairs
    if distractors:
        q.data["distractors"] = distractors


def _kind(g: GiftQuestion) -> str | None:
    body = (g.block or "").strip()
    if g.block is None:
        return None
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numeric"
    if split_unescaped(body, "#")[0].strip().lower() in _TRUE:
        return "true_false"
    if g.answers and all(a.marker == "=" for a in g.answers):
        return "matching" if all("->" in a.text for a in g.answers) else "short"
    return "choice" if g.answers else None


def _convert(q: QuestionImport, g: GiftQuestion) -> None:
    kind = _kind(g)
    if kind is None:
        q.drop("it has no answers (a description, which is not a question)")
        return
    prompt = _markdown(q, g.before, g.format, "the question")
    if g.after.strip():
        prompt = f"{prompt} \\_\\_\\_\\_\\_ {_markdown(q, g.after, g.format, 'the question')}"
    q.data["prompt"] = prompt.strip() or (g.title or "")
    if g.general_feedback:
        q.data["explanation"] = _markdown(q, g.general_feedback, g.format, "the general feedback")
    if kind == "essay":
        q.data["type"] = "open"
        return
    {
        "numeric": _numeric,
        "true_false": _true_false,
        "matching": _matching,
        "short": _short_answer,
        "choice": _choice,
    }[kind](q, g)


def _ids(questions: list[GiftQuestion]) -> list[str]:
    """Ids from the titles (unique), else q1, q2...; prefixed with the category when the
    bank has several."""
    categories = {g.category for g in questions}
    ids: list[str] = []
    for n, g in enumerate(questions, start=1):
        base = slug(unescape(g.title or ""), fallback=f"q{n}")[:40].strip("-") or f"q{n}"
        if len(categories) > 1:
            base = f"{slug((g.category or 'top').split('/')[-1], fallback='top')[:20]}-{base}"
        while base in ids:
            base = f"{base}-{n}"
        ids.append(base)
    return ids


def gift_to_dict(
    source: str | Path, *, quiz_id: str | None = None, title: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Convert a GIFT file; return (quiz data, notes): every question left out, with the
    reason, and what the others lost. Raises QuizFormatError when nothing can be read."""
    path = Path(source)
    text = read_bank(path, "GIFT", saved_as="UTF-8")
    questions = parse_gift(text)
    categories = sorted({g.category for g in questions if g.category})
    imports = []
    for g, qid in zip(questions, _ids(questions), strict=True):
        q = QuestionImport(qid, line=g.line, folder=path.parent)
        imports.append(q)
        _convert(q, g)
    notes_before = []
    if len(categories) > 1:
        notes_before.append(f"the bank has {len(categories)} categories: " + "; ".join(categories))
    default_title = categories[0].split("/")[-1] if len(categories) == 1 else path.stem
    data, notes = finish_import(
        imports,
        quiz_id or slug(path.stem, fallback="imported-quiz"),
        title or default_title.replace("_", " ").strip() or "Imported quiz",
        str(path),
    )
    return data, notes_before + notes
