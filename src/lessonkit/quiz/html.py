"""The data-only quiz element of the built book, and the Jupyter display bundle.

The element carries the payload as JSON in a ``<script type="application/json">``;
quiz.js (loaded once per page by ``lessonkit.sphinx``) finds every ``.lk-quiz`` and
renders it. No per-quiz script, no styles, no whitespace: a one-question quiz adds a
few hundred bytes.
"""

from __future__ import annotations

import json
import os
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .model import Quiz

__all__ = ["noscript_text", "quiz_element", "script_json", "static_bundle"]

_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_UNSAFE_TABLE = str.maketrans(_UNSAFE)


def script_json(data: Any) -> str:
    """Compact JSON that is safe inside a ``<script>`` element.

    ``<``, ``>``, ``&`` and the line separators U+2028/U+2029 can only occur inside JSON
    strings, where their ``\\uXXXX`` escapes mean the same thing.

    >>> script_json({"html": "</script><b>&"})
    '{"html":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_UNSAFE_TABLE)


def noscript_text(lang: str) -> str:
    """What a browser without JavaScript shows instead of the quiz, in ``lang``."""
    from ..live.language import messages

    return messages(lang)["noscript"]


def quiz_element(payload: dict[str, Any]) -> str:
    """The ``div.lk-quiz`` element holding ``payload``."""
    return (
        f'<div class="lk-quiz" data-lk-quiz="{escape(str(payload["id"]))}">'
        f'<script type="application/json" class="lk-quiz-data">{script_json(payload)}</script>'
        f"<noscript>{escape(noscript_text(str(payload.get('lang', 'en'))))}</noscript></div>"
    )


def teacher_mode() -> bool:
    """True in teacher builds (``lessonkit_teacher = True`` sets ``LESSONKIT_TEACHER=1``)."""
    return os.environ.get("LESSONKIT_TEACHER", "") == "1"


def static_bundle(quiz: Quiz) -> dict[str, str]:
    """The mime bundle of a quiz without a widget: a text summary and the data element."""
    return {"text/plain": quiz.summary(), "text/html": quiz.to_html(teacher=teacher_mode())}
