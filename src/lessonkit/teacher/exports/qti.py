"""QTI 1.2 assessments in the form Canvas reads, one document per quiz.

Each question becomes an ``item`` shaped like the ones Canvas writes itself: its
``question_type`` and ``points_possible`` in the item metadata, the question as HTML,
the scoring in ``resprocessing``, and feedback in ``itemfeedback`` elements: the
explanation, hints, source (and for an open question the model answer and rubric) as
``general_fb``, each option's feedback as ``<answer id>_fb``. Each question type has its
own function; notes on what a type loses go to the item's ``qticomment`` and to the
command's report. Ordering questions become matching questions (each position with its
item), as Canvas itself imports them; highlight questions become multiple-answer
questions over the numbered sentences.
"""

from __future__ import annotations

import hashlib
from html import escape
from pathlib import Path
from xml.etree import ElementTree as ET

from ...quiz.model import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)
from ...render.payload import quiz_images, shown_choices, shown_items
from .common import (
    ExportResult,
    Note,
    Skipped,
    general_feedback_html,
    image_notes,
    inline,
    safe_text,
    stem_html,
    text_notes,
)
from .exact import exact
from .qtiresponses import (
    Choice,
    ItemParts,
    choice_response,
    fill_in,
    markup_notes,
    matching_response,
    material,
    numeric_response,
    option_choices,
    respcondition,
    show,
    sub,
    text_response,
)

__all__ = ["IMAGE_FOLDER", "QTI_NAMESPACE", "assessment_xml", "image_name"]

#: The folder of the package that holds the quizzes' images; the HTML names each as
#: $IMS-CC-FILEBASE$/<folder>/<file>, as Canvas's own QTI packages do.
IMAGE_FOLDER = "lessonkit-images"

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{QTI_NAMESPACE} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd"


def image_name(file: Path) -> str:
    """The path of an image file inside the package (named by its content)."""
    digest = hashlib.sha256(file.read_bytes()).hexdigest()[:20]
    return f"{IMAGE_FOLDER}/{digest}{file.suffix.lower()}"


def _fill(
    quiz: Quiz, question: Question, presentation: ET.Element, processing: ET.Element
) -> ItemParts | None:
    """The response and scoring of ``question``; ``None`` when QTI cannot hold it."""
    points = question.points if question.scored else 0
    match question:
        case SingleChoice(options=options):
            item = ItemParts("multiple_choice_question", points)
            choice_response(presentation, processing, item, option_choices(options), multiple=False)
        case MultipleChoice(options=options):
            item = ItemParts("multiple_answers_question", points)
            item.notes.append("Canvas scores a partly right choice by its own rule")
            choice_response(presentation, processing, item, option_choices(options), multiple=True)
        case TrueFalse(answer=answer):
            item = ItemParts("true_false_question", points)
            choices = [
                Choice("1", "True", answer, question.feedback_true),
                Choice("2", "False", not answer, question.feedback_false),
            ]
            choice_response(presentation, processing, item, choices, multiple=False)
        case Numeric():
            item = ItemParts("numerical_question", points)
            numeric_response(presentation, processing, item, question)
        case Text():
            item = ItemParts("short_answer_question", points)
            text_response(presentation, processing, item, question)
        case Matching(pairs=pairs):
            item = ItemParts("matching_question", points)
            shown = shown_choices(quiz, question)
            ids = [choice_id for choice_id, text_response in shown]
            texts = [inline(text) for _id, text in shown]
            lefts = [inline(p.left) for p in pairs]
            matching_response(
                presentation, processing, lefts, texts, [ids.index(p.id) for p in pairs]
            )
            item.notes += markup_notes(texts)
        case Ordering(items=items):
            item = ItemParts("matching_question", points)
            shown_order = shown_items(quiz, question)
            texts = [inline(i.text) for i in shown_order]
            positions = [f"Position {n}" for n in range(1, len(items) + 1)]
            answers = [shown_order.index(i) for i in items]
            matching_response(presentation, processing, positions, texts, answers)
            item.notes.append(
                "exported as matching (each position with its item): Canvas gives credit "
                "for each item in its place, lessonkit for each neighbouring pair in order"
            )
            item.notes += markup_notes(texts)
        case Highlight(evidence=evidence):
            excerpt = quiz.excerpts.get(question.excerpt or "")
            if excerpt is None:
                return None
            item = ItemParts("multiple_answers_question", points)
            choices = [
                Choice(str(n), f"[{n}] {escape(safe_text(s))}", n in evidence)
                for n, s in enumerate(excerpt.sentences, start=1)
            ]
            item.notes.append(
                "exported as a multiple-answer question over the excerpt's numbered sentences"
            )
            choice_response(presentation, processing, item, choices, multiple=True)
        case Open():
            item = ItemParts("essay_question", points)
            fill_in(presentation, rows="15")
            sub(respcondition(processing)[1], "other")
            item.notes.append(
                "an essay worth 0 points (lessonkit does not score it)"
                + (
                    "; the model answer and rubric are in the general comments, which Canvas "
                    "shows after submission"
                    if question.model_answer is not None or question.rubric
                    else ""
                )
            )
        case _:
            return None
    return item


def _metadata(parent: ET.Element, item: ItemParts) -> None:
    meta = sub(sub(parent, "itemmetadata"), "qtimetadata")
    for label, entry in (("question_type", item.qtype), ("points_possible", exact(item.points))):
        entry_field = sub(meta, "qtimetadatafield")
        sub(entry_field, "fieldlabel", label)
        sub(entry_field, "fieldentry", entry)


def _question(quiz: Quiz, question: Question, section: ET.Element, result: ExportResult) -> None:
    node = ET.Element("item", ident=f"lk-{quiz.id}-{question.id}", title=question.id)
    presentation = ET.Element("presentation")
    material(presentation, stem_html(quiz, question))
    processing = ET.Element("resprocessing")
    sub(
        sub(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    general = general_feedback_html(quiz, question)
    if general:
        condition, var = respcondition(processing, "Yes")
        sub(var, "other")
        show(condition, "general_fb")
    item = _fill(quiz, question, presentation, processing)
    if item is None:
        reason = "QTI 1.2 as Canvas reads it has no form for this question type"
        if isinstance(question, Highlight):
            reason = f"its excerpt '{question.excerpt}' is not in the datasets"
        result.skipped.append(Skipped(quiz.id, question.id, question.type, reason))
        return
    notes = text_notes(question) + item.notes + image_notes(question, carried="in the package")
    if notes:
        sub(node, "qticomment", "; ".join(notes))
    _metadata(node, item)
    node.extend([presentation, processing])
    feedback = ({"general_fb": general} if general else {}) | item.feedback
    for ident, html in feedback.items():
        target = sub(node, "itemfeedback", ident=ident)
        material(sub(target, "flow_mat"), html)
    section.append(node)
    result.notes += [Note(quiz.id, question.id, question.type, n) for n in notes]
    result.exported += 1


def assessment_xml(quiz: Quiz) -> ExportResult:
    """The QTI 1.2 ``questestinterop`` document of one quiz (one ``assessment``)."""
    root = ET.Element(
        "questestinterop",
        {"xmlns": QTI_NAMESPACE, "xmlns:xsi": _XSI, "xsi:schemaLocation": _SCHEMA_LOCATION},
    )
    assessment = sub(root, "assessment", ident=f"lk-{quiz.id}", title=quiz.title)
    section = sub(assessment, "section", ident="root_section")
    result = ExportResult("")

    def packaged(file: Path) -> str:
        name = image_name(file)
        result.files[name] = file
        return f"$IMS-CC-FILEBASE$/{name}"

    with quiz_images(quiz, packaged):
        for question in quiz.questions:
            _question(quiz, question, section, result)
    ET.indent(root)
    result.content = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="unicode"
    )
    return result
