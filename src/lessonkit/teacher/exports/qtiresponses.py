"""The parts of a QTI 1.2 item: XML helpers, and the response and scoring of each kind of
question, in the shape Canvas writes them (answer ids are numbers, as in Canvas)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

from ...quiz.model import Numeric, Option, Text
from .common import block, option_html, plain_text, safe_text
from .exact import exact, positional
from .spans import spans
from .spellings import spellings

__all__ = [
    "RESPONSE",
    "Choice",
    "ItemParts",
    "choice_response",
    "fill_in",
    "markup_notes",
    "matching_response",
    "material",
    "numeric_response",
    "option_choices",
    "respcondition",
    "score",
    "show",
    "sub",
    "text_response",
]

RESPONSE = "response1"


@dataclass
class Choice:
    """A choice shown to the learner: its number (Canvas's answer ids are numbers), its
    HTML, whether it is right, and its feedback."""

    ident: str
    html: str
    correct: bool = False
    feedback: str | None = None


@dataclass
class ItemParts:
    """What one question type fills in."""

    qtype: str
    points: float
    notes: list[str] = field(default_factory=list)
    feedback: dict[str, str] = field(default_factory=dict)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_"): safe_text(v) for k, v in attrs.items()})
    if text is not None:
        node.text = safe_text(text)
    return node


def material(parent: ET.Element, html: str, *, plain: bool = False) -> None:
    kind = "text/plain" if plain else "text/html"
    sub(sub(parent, "material"), "mattext", html, texttype=kind)


def respcondition(processing: ET.Element, continue_: str = "No") -> tuple[ET.Element, ET.Element]:
    condition = sub(processing, "respcondition", continue_=continue_)
    return condition, sub(condition, "conditionvar")


def show(condition: ET.Element, ident: str) -> None:
    sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=ident)


def score(condition: ET.Element, value: str, action: str = "Set") -> None:
    sub(condition, "setvar", value, action=action, varname="SCORE")


def choice_response(
    presentation: ET.Element,
    processing: ET.Element,
    item: ItemParts,
    choices: Sequence[Choice],
    *,
    multiple: bool,
) -> None:
    lid = sub(
        presentation,
        "response_lid",
        ident=RESPONSE,
        rcardinality="Multiple" if multiple else "Single",
    )
    render = sub(lid, "render_choice")
    for choice in choices:
        material(sub(render, "response_label", ident=choice.ident), choice.html)
    for choice in choices:
        if choice.feedback:
            condition, var = respcondition(processing, "Yes")
            sub(var, "varequal", choice.ident, respident=RESPONSE)
            show(condition, f"{choice.ident}_fb")
            item.feedback[f"{choice.ident}_fb"] = block(choice.feedback)
    condition, var = respcondition(processing)
    if multiple:
        every = sub(var, "and")
        for choice in choices:
            target = every if choice.correct else sub(every, "not")
            sub(target, "varequal", choice.ident, respident=RESPONSE)
    else:
        right = [c for c in choices if c.correct]
        target = sub(var, "or") if len(right) > 1 else var
        for choice in right:
            sub(target, "varequal", choice.ident, respident=RESPONSE)
        if len(right) > 1:
            item.notes.append(
                "several options are right (any of them): Canvas scores each as right; its "
                "editor shows only the first as the answer"
            )
    score(condition, "100")


def option_choices(options: Sequence[Option]) -> list[Choice]:
    return [
        Choice(str(n), option_html(o), o.correct, o.feedback)
        for n, o in enumerate(options, start=1)
    ]


def fill_in(presentation: ET.Element, *, numeric: bool = False, rows: str | None = None) -> None:
    response = sub(presentation, "response_str", ident=RESPONSE, rcardinality="Single")
    attrs = {"fibtype": "Decimal"} if numeric else {}
    if rows:
        attrs["rows"] = rows
    sub(sub(response, "render_fib", **attrs), "response_label", ident="answer1")


def numeric_response(
    presentation: ET.Element, processing: ET.Element, item: ItemParts, question: Numeric
) -> None:
    """Right when the number lies in any right entry (Canvas's exact answers with a margin,
    and ranges); wrong entries and their feedback have no place in a Canvas answer."""
    fill_in(presentation, numeric=True)
    entries, notes = spans(question)
    condition, var = respcondition(processing)
    either = sub(var, "or")
    for span in entries:
        if not span.correct:
            continue
        if span.value is not None:
            sub(either, "varequal", positional(span.value), respident=RESPONSE)
        within = sub(either, "and")
        sub(within, "vargte", positional(span.low), respident=RESPONSE)
        sub(within, "varlte", positional(span.high), respident=RESPONSE)
    score(condition, "100")
    item.notes += notes
    if any(not span.correct for span in entries):
        item.notes.append(
            "the wrong values and ranges, and their feedback, are not kept: Canvas grades "
            "with the right ones only"
        )
    if any(span.feedback and span.correct for span in entries) or question.default_feedback:
        item.notes.append("the feedback of particular numbers is not kept")


def text_response(
    presentation: ET.Element, processing: ET.Element, item: ItemParts, question: Text
) -> None:
    fill_in(presentation)
    if question.compare == "normalized":
        listed = spellings(question.accepted)
    else:
        listed = [text.strip() for text in question.accepted]
        if question.compare == "exact":
            item.notes.append("Canvas ignores letter case")
    if any(not e.correct for e in question.answers) or question.default_feedback:
        item.notes.append("the feedback for particular wrong answers is not kept")
    condition, var = respcondition(processing)
    for spelling in listed:
        sub(var, "varequal", spelling, respident=RESPONSE)
    score(condition, "100")
    note = f"Canvas accepts the {len(listed)} spellings listed (in any letter case)"
    if question.compare == "normalized":
        note += "; lessonkit also accepts other punctuation between the words and extra spaces"
    if question.fuzzy is not None:
        note += f", and near misses (similarity at least {question.fuzzy:g})"
    item.notes.append(note)


def matching_response(
    presentation: ET.Element,
    processing: ET.Element,
    lefts: Sequence[str],
    choices: Sequence[str],
    answers: Sequence[int],
) -> None:
    """One drop-down per left text, each listing every choice; ``answers[i]`` is the
    index in ``choices`` of the right one for ``lefts[i]``."""
    first = len(lefts) + 1
    idents = [str(n) for n in range(first, first + len(choices))]
    share = exact(100 / len(lefts))
    for n, (left, answer) in enumerate(zip(lefts, answers, strict=True), start=1):
        lid = sub(presentation, "response_lid", ident=f"response_{n}")
        material(lid, left)
        render = sub(lid, "render_choice")
        for ident, text in zip(idents, choices, strict=True):
            material(sub(render, "response_label", ident=ident), plain_text(text), plain=True)
        condition, var = respcondition(processing, "Yes")
        sub(var, "varequal", idents[answer], respident=f"response_{n}")
        score(condition, share, action="Add")


def markup_notes(htmls: Sequence[str]) -> list[str]:
    if any("<" in html for html in htmls):
        return ["Canvas shows the answers to match as plain text: their formatting is dropped"]
    return []
