"""The page payload of contract §3: what quiz.js receives, and the excerpts it shows.

Everything here is deterministic: the same quiz and seed give byte-identical JSON, so
book builds are reproducible and the browser tests can predict the order of options.

Two modes: ``practice`` (the default) carries the answer key, so that students check
their answers in the page; ``exam`` is built without it. An exam payload holds no key,
explanation, feedback, hint, source or model answer, names options, items, pairs and
choices by exam ids that say nothing (:mod:`lessonkit.quiz.examids`), and shows
ordering items and matching choices in the order of those ids (the quiz file writes
items in the right order, and a seeded shuffle can be undone).
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
from collections.abc import Callable, Iterator, Sequence
from html import escape
from pathlib import Path
from typing import Any, TypeVar

from ..quiz.examids import exam_ids
from ..quiz.images import data_uri
from ..quiz.model import (
    Excerpt,
    Highlight,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    NumericAnswer,
    Open,
    Option,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)
from .markdown import has_math, image_urls, render_block, render_inline, render_text

__all__ = [
    "MODES",
    "build_payload",
    "decode_key",
    "encode_key",
    "option_html",
    "quiz_images",
    "shown_choices",
    "shown_items",
    "shown_options",
]

T = TypeVar("T")

#: The modes of a payload: answers checked in the page, or only saved for the teacher.
MODES = ("practice", "exam")


def encode_key(key: dict[str, Any]) -> str:
    """Base64 of the compact UTF-8 JSON of the answer key."""
    text = json.dumps(key, ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


def decode_key(encoded: str) -> dict[str, Any]:
    """Inverse of :func:`encode_key` (for tests and the teacher tools)."""
    return dict(json.loads(base64.b64decode(encoded).decode("utf-8")))


def _number(x: float) -> float | int:
    return int(x) if float(x).is_integer() and abs(x) < 2**53 else x


def _shuffled(values: Sequence[T], seed: int, question_id: str) -> list[T]:
    out = list(values)
    random.Random(f"{seed}:{question_id}").shuffle(out)
    return out


def _never_identity(shown: list[T], original: Sequence[T]) -> list[T]:
    """A rotation by one when a shuffle gave back the original order (n >= 2)."""
    return shown[1:] + shown[:1] if shown == list(original) else shown


def shown_options(quiz: Quiz, q: SingleChoice | MultipleChoice) -> list[Option]:
    """The options of ``q`` in the order the page shows them (shuffled by the quiz seed)."""
    shuffle = quiz.shuffle if q.shuffle is None else q.shuffle
    return _shuffled(q.options, quiz.seed, q.id) if shuffle else list(q.options)


def shown_items(quiz: Quiz, q: Ordering, mode: str = "practice") -> list[Item]:
    """The items of an ordering question in the order the page first shows them (in an
    exam, the order of their exam ids)."""
    if mode == "exam":
        names = exam_ids(quiz.id, q)["items"]
        return sorted(q.items, key=lambda item: names[item.id])
    return _never_identity(_shuffled(q.items, quiz.seed, q.id), q.items)


def shown_choices(quiz: Quiz, q: Matching, mode: str = "practice") -> list[tuple[str, str]]:
    """The right-hand choices of a matching question, ``(id, text)``, as the page shows
    them: each pair's right text (id of the pair) and the distractors, shuffled (in an
    exam, in the order of their exam ids)."""
    right = [(p.id, p.right) for p in q.pairs] + [(d.id, d.text) for d in q.distractors]
    if mode == "exam":
        names = exam_ids(quiz.id, q)["choices"]
        return sorted(right, key=lambda choice: names[choice[0]])
    return _never_identity(_shuffled(right, quiz.seed, q.id), right)


def _entries(values: Sequence[Any], attr: str = "text") -> list[dict[str, str]]:
    return [{"id": v.id, "html": render_inline(getattr(v, attr))} for v in values]


def option_html(option: Option) -> str:
    """An option's inline text, then its code as a code block (escaped)."""
    html = render_inline(option.text) if option.text else ""
    if option.code is not None:
        html += f"<pre><code>{escape(option.code)}</code></pre>"
    return html


def _excerpt(excerpt: Excerpt) -> dict[str, Any]:
    return {
        "id": excerpt.id,
        "writer": excerpt.writer,
        "document": excerpt.document,
        "date": excerpt.date,
        "translator": excerpt.translator,
        "source": excerpt.source,
        "sentences": list(excerpt.sentences),
    }


def _question(quiz: Quiz, q: Question, mode: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": q.id, "type": q.type}
    if q.points != 1:
        out["points"] = _number(q.points)
    out["prompt"] = render_text(q.prompt)
    if q.hints and mode != "exam":
        out["hints"] = [render_block(h) for h in q.hints]
    if q.excerpt is not None and q.excerpt in quiz.excerpts:
        out["excerpt"] = _excerpt(quiz.excerpts[q.excerpt])
    if isinstance(q, (SingleChoice, MultipleChoice)):
        out["options"] = [{"id": o.id, "html": option_html(o)} for o in shown_options(quiz, q)]
    elif isinstance(q, Numeric) and q.unit:
        out["unit"] = q.unit
    elif isinstance(q, Ordering):
        out["items"] = _entries(shown_items(quiz, q, mode))
    elif isinstance(q, Matching):
        out["pairs"] = _entries(q.pairs, "left")
        choices = shown_choices(quiz, q, mode)
        out["choices"] = [{"id": i, "html": render_inline(t)} for i, t in choices]
    elif isinstance(q, Open):
        out["min_words"] = q.min_words
    if mode == "exam":
        names = exam_ids(quiz.id, q)
        for part in ("options", "items", "pairs", "choices"):
            if part in names:
                out[part] = [dict(e, id=names[part][e["id"]]) for e in out[part]]
    return out


def _numeric_key(q: Numeric) -> tuple[dict[str, Any], dict[str, str]]:
    """One right value: ``answer`` and ``tolerance``; otherwise every entry in order."""
    key: dict[str, Any]
    if q.simple:
        only = q.answers[0]
        key = {"answer": _number(only.value or 0), "tolerance": _number(only.tolerance)}
    else:
        key = {"answers": [_numeric_entry(entry) for entry in q.answers]}
    if q.precision is not None:
        key["precision"] = q.precision
    feedback = {str(i): render_block(e.feedback) for i, e in enumerate(q.answers) if e.feedback}
    if q.default_feedback is not None:
        feedback["default"] = render_block(q.default_feedback)
    return key, feedback


def _numeric_entry(entry: NumericAnswer) -> dict[str, Any]:
    out: dict[str, Any]
    if entry.range is not None:
        out = {"range": [_number(entry.range[0]), _number(entry.range[1])]}
    else:
        out = {"value": _number(entry.value or 0), "tolerance": _number(entry.tolerance)}
    return out | {"correct": entry.correct}


def _text_key(q: Text) -> tuple[dict[str, Any], dict[str, str]]:
    """``answers`` holds the right ones; ``entries`` every one, in order, when some are
    wrong answers (the first that matches decides)."""
    key: dict[str, Any] = {"answers": list(q.accepted), "fuzzy": q.fuzzy}
    if any(not entry.correct for entry in q.answers):
        key["entries"] = [{"text": e.text, "correct": e.correct} for e in q.answers]
    if q.compare != "normalized":
        key["compare"] = q.compare
    feedback = {str(i): render_block(e.feedback) for i, e in enumerate(q.answers) if e.feedback}
    if q.default_feedback is not None:
        feedback["default"] = render_block(q.default_feedback)
    return key, feedback


def _key(quiz: Quiz, q: Question) -> dict[str, Any]:
    key: dict[str, Any]
    feedback: dict[str, str] = {}
    if isinstance(q, SingleChoice):
        right = [o.id for o in q.options if o.correct]
        key = {"correct": right[0] if len(right) == 1 else right}
    elif isinstance(q, MultipleChoice):
        key = {"correct": [o.id for o in q.options if o.correct]}
    elif isinstance(q, TrueFalse):
        key = {"answer": q.answer}
        for name, text in (("true", q.feedback_true), ("false", q.feedback_false)):
            if text is not None:
                feedback[name] = render_text(text)
    elif isinstance(q, Numeric):
        key, feedback = _numeric_key(q)
    elif isinstance(q, Text):
        key, feedback = _text_key(q)
    elif isinstance(q, Ordering):
        key = {"order": [item.id for item in q.items]}
    elif isinstance(q, Matching):
        key = {"pairs": {p.id: p.id for p in q.pairs}}
    elif isinstance(q, Highlight):
        key = {"evidence": list(q.evidence)}
    elif isinstance(q, Open):
        key = {}
        if q.model_answer is not None:
            key["model_answer"] = render_block(q.model_answer)
        if q.rubric:
            key["rubric"] = [render_block(r) for r in q.rubric]
    else:
        raise TypeError(f"no answer key for {type(q).__name__}")
    if isinstance(q, (SingleChoice, MultipleChoice)):
        feedback = {o.id: render_text(o.feedback) for o in q.options if o.feedback is not None}
    if feedback:
        key["feedback"] = feedback
    if q.explanation is not None:
        key["explanation"] = render_block(q.explanation)
    if q.source is not None and q.source in quiz.citations:
        key["source"] = quiz.citations[q.source]
    return key


@contextlib.contextmanager
def quiz_images(quiz: Quiz, image_url: Callable[[Path], str] | None = None) -> Iterator[None]:
    """Render the quiz's images, inside the block, with ``image_url(file)`` as their
    address (by default a ``data:`` URI, so that the HTML works wherever it goes)."""
    to_url = image_url or data_uri

    def url_of(src: str) -> str | None:
        file = quiz.images.get(src)
        return to_url(file) if file is not None else None

    with image_urls(url_of):
        yield


def build_payload(
    quiz: Quiz,
    *,
    teacher: bool = False,
    lang: str = "en",
    mode: str = "practice",
    image_url: Callable[[Path], str] | None = None,
) -> dict[str, Any]:
    """The payload object of contract §3 for ``quiz`` (``"math": true`` when a text has
    math: the page then needs KaTeX); images as :func:`quiz_images` gives them.

    ``teacher``: the teacher's edition (keys shown); ``mode``: ``"practice"`` or
    ``"exam"`` (no key in any form; ``teacher`` does not apply).
    """
    if mode not in MODES:
        raise ValueError(f"unknown quiz mode {mode!r}; use one of: {', '.join(MODES)}")
    exam = mode == "exam"
    with quiz_images(quiz, image_url):
        questions = [_question(quiz, q, mode) for q in quiz.questions]
        key = {} if exam else {q.id: _key(quiz, q) for q in quiz.questions}
    # Keys at their default (version 1, English, the student's edition) are left out.
    payload: dict[str, Any] = {"id": quiz.id}
    if quiz.version != 1:
        payload["version"] = quiz.version
    payload["title"] = quiz.title
    if lang != "en":
        payload["lang"] = lang
    if teacher and not exam:
        payload["teacher"] = True
    if exam:
        payload["mode"] = "exam"
    payload["questions"] = questions
    if not exam:
        payload["key"] = encode_key(key)
    if has_math(json.dumps([questions, key], ensure_ascii=False)):
        payload["math"] = True
    return payload
