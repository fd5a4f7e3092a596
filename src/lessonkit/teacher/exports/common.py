"""Shared pieces of the exporters: the payload with its key, and what was skipped."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

__all__ = ["ExportResult", "Skipped", "keyed_questions", "plain_text"]


@dataclass(frozen=True)
class Skipped:
    """A question left out of an export, and why."""

    quiz_id: str
    question_id: str
    qtype: str
    reason: str

    def __str__(self) -> str:
        return f"{self.quiz_id}/{self.question_id} ({self.qtype}) skipped: {self.reason}"


@dataclass
class ExportResult:
    """The exported text (or bytes) and the questions that could not be exported."""

    content: str | bytes
    exported: int = 0
    skipped: list[Skipped] = field(default_factory=list)


def keyed_questions(
    quiz: Any,
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], dict[str, Any]]]]:
    """The quiz payload and each question paired with its decoded answer-key entry."""
    from ...render.payload import build_payload, decode_key

    payload = build_payload(quiz)
    key = decode_key(payload["key"])
    return payload, [(q, key.get(q["id"], {})) for q in payload["questions"]]


def plain_text(html: str) -> str:
    """Text of a small HTML fragment (tags dropped, entities decoded, spaces folded)."""
    spaced = re.sub(r"</?(p|li|ul|ol|br|div|blockquote|pre|h[1-6])\b[^>]*>", " ", html or "")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", spaced))).strip()
