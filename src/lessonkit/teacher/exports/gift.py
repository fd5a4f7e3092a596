"""Moodle GIFT export.

Supported: single, multiple, true_false, numeric, text, matching (without distractors),
highlight (as a multiple-answer question whose options are the excerpt's sentences) and
open (as an essay). Ordering is skipped: GIFT has no ordering question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .common import ExportResult, Skipped, keyed_questions

__all__ = ["to_gift"]

_SPECIAL = "\\~=#{}:"


def _esc(text: str) -> str:
    """Escape GIFT's special characters and fold newlines."""
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return " ".join(out.split())


def _weight(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return f"%{text}%"


def _feedback(key: dict[str, Any], option_id: str) -> str:
    text = (key.get("feedback") or {}).get(option_id)
    return f"#{_esc(text)}" if text else ""


def _excerpt_html(question: dict[str, Any]) -> str:
    excerpt = question.get("excerpt")
    if not excerpt:
        return ""
    from html import escape

    body = " ".join(escape(s) for s in excerpt["sentences"])
    return (
        f"<blockquote>{body}</blockquote><p>{escape(excerpt['writer'])}, "
        f"{escape(excerpt['document'])}; trans. {escape(excerpt.get('translator', ''))}</p>"
    )


def _answers(question: dict[str, Any], key: dict[str, Any]) -> str | None:
    qtype = question["type"]
    if qtype == "single":
        return " ".join(
            ("=" if o["id"] == key["correct"] else "~") + _esc(o["html"]) + _feedback(key, o["id"])
            for o in question["options"]
        )
    if qtype in ("multiple", "highlight"):
        if qtype == "multiple":
            options = [(o["id"], o["html"]) for o in question["options"]]
            correct = set(key["correct"])
        else:
            options = [(str(i), s) for i, s in enumerate(question["excerpt"]["sentences"], start=1)]
            correct = {str(n) for n in key["evidence"]}
        share = 100 / len(correct)
        return " ".join(
            "~" + _weight(share if oid in correct else -share) + _esc(text) + _feedback(key, oid)
            for oid, text in options
        )
    if qtype == "true_false":
        fb = key.get("feedback") or {}
        wrong, right = ("false", "true") if key["answer"] else ("true", "false")
        return ("T" if key["answer"] else "F") + (
            f"#{_esc(fb.get(wrong, ''))}#{_esc(fb.get(right, ''))}" if fb else ""
        )
    if qtype == "numeric":
        return f"#{key['answer']:g}:{key['tolerance']:g}"
    if qtype == "text":
        return " ".join("=" + _esc(a) for a in key["answers"])
    if qtype == "matching":
        rights = {c["id"]: c["html"] for c in question["choices"]}
        return " ".join(
            f"={_esc(p['html'])} -> {_esc(rights[key['pairs'][p['id']]])}"
            for p in question["pairs"]
        )
    if qtype == "open":
        return ""
    return None


_SKIP_REASONS = {
    "ordering": "GIFT has no ordering question; print the answer key (--format key) for it instead",
}


def to_gift(quizzes: Iterable[Any]) -> ExportResult:
    """One GIFT text for all ``quizzes`` (a category per quiz)."""
    blocks: list[str] = []
    result = ExportResult("")
    for quiz in quizzes:
        payload, pairs = keyed_questions(quiz)
        blocks.append(f"// {payload['title']} (quiz {payload['id']}, version {payload['version']})")
        blocks.append(f"$CATEGORY: lessonkit/{payload['id']}")
        for question, key in pairs:
            qtype = question["type"]
            if qtype == "matching" and len(question["choices"]) > len(question["pairs"]):
                result.skipped.append(
                    Skipped(
                        payload["id"],
                        question["id"],
                        qtype,
                        "GIFT matching cannot hold extra distractor choices",
                    )
                )
                continue
            answers = _answers(question, key)
            if answers is None:
                result.skipped.append(
                    Skipped(
                        payload["id"],
                        question["id"],
                        qtype,
                        _SKIP_REASONS.get(qtype, "not expressible in GIFT"),
                    )
                )
                continue
            prompt = _excerpt_html(question) + question["prompt"]
            if qtype == "highlight":
                prompt += "<p>(Choose the sentences of the excerpt that support the claim.)</p>"
            explanation = key.get("explanation")
            general = f"####{_esc(explanation)}" if explanation and qtype != "open" else ""
            blocks.append(
                f"::{payload['id']}/{question['id']}::[html]{_esc(prompt)}{{{answers}{general}}}"
            )
            result.exported += 1
    result.content = "\n\n".join(blocks) + "\n"
    return result
