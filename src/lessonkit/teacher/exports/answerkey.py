"""Printable answer keys (Markdown or HTML) for teachers."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from .common import ExportResult, keyed_questions, plain_text

__all__ = ["answer_key"]


def _correct(question: dict[str, Any], key: dict[str, Any]) -> list[str]:
    """The right answer(s) as plain-text lines."""
    qtype = question["type"]
    options = {o["id"]: plain_text(o["html"]) for o in question.get("options", [])}
    if qtype == "single":
        return [options[key["correct"]]]
    if qtype == "multiple":
        return [options[c] for c in key["correct"]]
    if qtype == "true_false":
        return ["True" if key["answer"] else "False"]
    if qtype == "numeric":
        unit = f" {question['unit']}" if question.get("unit") else ""
        within = f" (accepted within ±{key['tolerance']:g})" if key["tolerance"] else ""
        return [f"{key['answer']:g}{unit}{within}"]
    if qtype == "text":
        return ["Accepted: " + "; ".join(key["answers"])]
    if qtype == "ordering":
        items = {i["id"]: plain_text(i["html"]) for i in question["items"]}
        return [f"{n}. {items[i]}" for n, i in enumerate(key["order"], start=1)]
    if qtype == "matching":
        rights = {c["id"]: plain_text(c["html"]) for c in question["choices"]}
        return [
            f"{plain_text(p['html'])} → {rights[key['pairs'][p['id']]]}" for p in question["pairs"]
        ]
    if qtype == "highlight":
        sentences = question["excerpt"]["sentences"]
        return [f"Sentence {n}: {sentences[n - 1]}" for n in key["evidence"]]
    return ["Model answer: " + plain_text(key.get("model_answer", ""))] + [
        "Rubric: " + plain_text(r) for r in key.get("rubric", [])
    ]


def answer_key(quizzes: Iterable[Any], *, fmt: str = "md") -> ExportResult:
    """An answer key for every question of ``quizzes`` as Markdown (``md``) or ``html``."""
    parts: list[str] = []
    count = 0
    for quiz in quizzes:
        payload, pairs = keyed_questions(quiz)
        if fmt == "html":
            parts.append(f"<h1>Answer key: {escape(payload['title'])}</h1>")
        else:
            parts.append(f"# Answer key: {payload['title']}\n")
        for n, (question, key) in enumerate(pairs, start=1):
            count += 1
            prompt = plain_text(question["prompt"])
            answers = _correct(question, key)
            explanation = plain_text(key.get("explanation", ""))
            source = key.get("source", "")
            if fmt == "html":
                items = "".join(f"<li>{escape(a)}</li>" for a in answers)
                extra = f"<p><em>Why:</em> {escape(explanation)}</p>" if explanation else ""
                extra += f"<p><em>Source:</em> {escape(source)}</p>" if source else ""
                parts.append(
                    f"<section><h2>{n}. {escape(prompt)}</h2><p>({question['type']}, "
                    f"{question['points']} point(s))</p><ul>{items}</ul>{extra}</section>"
                )
            else:
                lines = [
                    f"## {n}. {prompt}",
                    "",
                    f"*{question['type']}, {question['points']} point(s)*",
                    "",
                ]
                lines += [f"- {a}" for a in answers]
                if explanation:
                    lines += ["", f"Why: {explanation}"]
                if source:
                    lines += ["", f"Source: {source}"]
                parts.append("\n".join(lines) + "\n")
    if fmt == "html":
        body = "".join(parts)
        content = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Answer key</title>"
            f"<style>body{{font-family:serif;max-width:45rem;margin:2rem auto}}</style></head>"
            f"<body>{body}</body></html>"
        )
    else:
        content = "\n".join(parts)
    return ExportResult(content, exported=count)
