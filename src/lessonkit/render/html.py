"""The data-only quiz element of the built book, and the quiz as output data of a cell.

The element carries the payload as JSON in a ``<script type="application/json">``;
quiz.js (loaded once per page by ``lessonkit.book``) finds every ``.lk-quiz`` and renders
it. No per-quiz script, no styles, no whitespace: a one-question quiz adds a few hundred
bytes.

During a book build, a notebook cell that shows a quiz outputs :data:`QUIZ_MIME`: where
the quiz comes from, not how it looks. The book renders it with the edition's settings
(student, teacher, language), so one execution serves every edition, and an edited quiz
file needs no new execution.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

from ..quiz.model import Quiz
from ..quiz.serialize import quiz_to_dict
from .catalogue import messages
from .payload import build_payload, quiz_images
from .worksheet import noscript_sheet

__all__ = [
    "QUIZ_MIME",
    "noscript_text",
    "quiz_element",
    "quiz_html",
    "quiz_output",
    "script_json",
]

#: Mime type of a quiz shown by a notebook cell during a book build.
QUIZ_MIME = "application/vnd.lessonkit.quiz+json"

# Inside a <script> element only "</" (which could close it) and "<!" (which could open a
# comment that hides the closing tag) are dangerous; in JSON they can only occur inside
# strings, where "<\/" and "\u003c!" mean the same thing. The line separators are escaped
# for readers that take the JSON as JavaScript source.
_SCRIPT_UNSAFE = re.compile("<[/!]|[\u2028\u2029]")
_SCRIPT_SAFE = {"</": "<\\/", "<!": "\\u003c!", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(data: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element.

    >>> print(script_json({"html": "</script><!-- <b>&"}))
    {"html":"<\\/script>\\u003c!-- <b>&"}
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_UNSAFE.sub(lambda match: _SCRIPT_SAFE[match.group()], text)


def noscript_text(lang: str) -> str:
    """What a browser without JavaScript shows instead of the quiz, in ``lang``."""
    return messages(lang)["noscript"]


def quiz_element(payload: dict[str, Any], *, fallback: str | None = None) -> str:
    """The ``div.lk-quiz`` element holding ``payload``; ``fallback`` is the HTML a browser
    without JavaScript shows (by default, a sentence saying that the quiz needs it)."""
    shown = fallback or escape(noscript_text(str(payload.get("lang", "en"))))
    return (
        f'<div class="lk-quiz" data-lk-quiz="{escape(str(payload["id"]))}">'
        f'<script type="application/json">{script_json(payload)}</script>'
        f"<noscript>{shown}</noscript></div>"
    )


def quiz_html(
    quiz: Quiz,
    *,
    teacher: bool = False,
    lang: str = "en",
    mode: str = "practice",
    image_url: Callable[[Path], str] | None = None,
) -> str:
    """The data-only element of ``quiz`` for a static page (``teacher``: keys shown;
    ``mode="exam"``: no key in any form, answers only saved; ``image_url``: the address
    of each image file, by default a ``data:`` URI; quiz.js shows only ``data:`` images
    and the book's copies in ``_images/lessonkit/``).

    Without JavaScript, the page shows the questions as a worksheet to answer on paper.
    """
    with quiz_images(quiz, image_url):
        fallback = noscript_sheet(quiz, lang=lang, mode=mode)
    payload = build_payload(quiz, teacher=teacher, lang=lang, mode=mode, image_url=image_url)
    return quiz_element(payload, fallback=fallback)


def quiz_output(quiz: Quiz) -> dict[str, Any]:
    """The :data:`QUIZ_MIME` data of ``quiz``: its file, or its content when it has none."""
    if quiz.path is not None:
        return {"id": quiz.id, "path": str(quiz.path)}
    return {"id": quiz.id, "quiz": quiz_to_dict(quiz)}
