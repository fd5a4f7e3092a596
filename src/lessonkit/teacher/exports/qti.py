"""QTI 1.2 export in the variant Canvas imports (a zip with imsmanifest.xml).

Supported: single, multiple, true_false, numeric, text, matching, highlight (as a
multiple-answer question over the excerpt's sentences) and open (as an essay). Ordering
is skipped: QTI 1.2 as Canvas reads it has no ordering question.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from .common import ExportResult, Skipped, keyed_questions
from .gift import _excerpt_html

__all__ = ["QTI_NAMESPACE", "assessment_xml", "to_qti_zip"]

QTI_NAMESPACE = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
_TYPES = {
    "single": "multiple_choice_question",
    "true_false": "true_false_question",
    "multiple": "multiple_answers_question",
    "highlight": "multiple_answers_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "matching": "matching_question",
    "open": "essay_question",
}


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        node.text = text
    return node


def _material(parent: ET.Element, html: str) -> None:
    _sub(_sub(parent, "material"), "mattext", html, texttype="text/html")


def _choices(
    question: dict[str, Any], key: dict[str, Any]
) -> tuple[list[tuple[str, str]], set[str]]:
    if question["type"] == "highlight":
        options = [(f"s{i}", s) for i, s in enumerate(question["excerpt"]["sentences"], start=1)]
        return options, {f"s{n}" for n in key["evidence"]}
    if question["type"] == "true_false":
        return [("true", "True"), ("false", "False")], {"true" if key["answer"] else "false"}
    options = [(o["id"], o["html"]) for o in question["options"]]
    correct = key["correct"]
    return options, set(correct) if isinstance(correct, list) else {correct}


def _score(parent: ET.Element, value: str, action: str = "Set") -> None:
    _sub(parent, "setvar", value, action=action, varname="SCORE")


def _item(section: ET.Element, quiz_id: str, question: dict[str, Any], key: dict[str, Any]) -> None:
    qtype = question["type"]
    item = _sub(section, "item", ident=f"{quiz_id}-{question['id']}", title=question["id"])
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in (
        ("question_type", _TYPES[qtype]),
        ("points_possible", str(question["points"])),
    ):
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)
    presentation = _sub(item, "presentation")
    prompt = _excerpt_html(question) + question["prompt"]
    _material(presentation, prompt)
    processing = _sub(item, "resprocessing")
    _sub(
        _sub(processing, "outcomes"),
        "decvar",
        maxvalue="100",
        minvalue="0",
        varname="SCORE",
        vartype="Decimal",
    )
    if qtype in ("single", "true_false", "multiple", "highlight"):
        options, correct = _choices(question, key)
        multiple = qtype in ("multiple", "highlight")
        lid = _sub(
            presentation,
            "response_lid",
            ident="response1",
            rcardinality="Multiple" if multiple else "Single",
        )
        render = _sub(lid, "render_choice")
        for oid, text in options:
            _material(_sub(render, "response_label", ident=oid), text)
        condition = _sub(processing, "respcondition", continue_="No")
        var = _sub(condition, "conditionvar")
        target = _sub(var, "and") if multiple else var
        for oid, _text in options:
            if oid in correct:
                _sub(target, "varequal", oid, respident="response1")
            elif multiple:
                _sub(_sub(target, "not"), "varequal", oid, respident="response1")
        _score(condition, "100")
    elif qtype in ("numeric", "text", "open"):
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(
            _sub(response, "render_fib", fibtype="Decimal" if qtype == "numeric" else "String"),
            "response_label",
            ident="answer1",
        )
        if qtype == "numeric":
            condition = _sub(processing, "respcondition", continue_="No")
            var = _sub(condition, "conditionvar")
            low, high = key["answer"] - key["tolerance"], key["answer"] + key["tolerance"]
            _sub(var, "vargte", f"{low:g}", respident="response1")
            _sub(var, "varlte", f"{high:g}", respident="response1")
            _score(condition, "100")
        elif qtype == "text":
            for answer in key["answers"]:
                condition = _sub(processing, "respcondition", continue_="No")
                _sub(_sub(condition, "conditionvar"), "varequal", answer, respident="response1")
                _score(condition, "100")
    elif qtype == "matching":
        share = f"{100 / len(question['pairs']):.4f}"
        for pair in question["pairs"]:
            lid = _sub(presentation, "response_lid", ident=f"response_{pair['id']}")
            _material(lid, pair["html"])
            render = _sub(lid, "render_choice")
            for choice in question["choices"]:
                _material(_sub(render, "response_label", ident=choice["id"]), choice["html"])
            condition = _sub(processing, "respcondition")
            _sub(
                _sub(condition, "conditionvar"),
                "varequal",
                key["pairs"][pair["id"]],
                respident=f"response_{pair['id']}",
            )
            _score(condition, share, action="Add")


def assessment_xml(quizzes: Iterable[Any]) -> ExportResult:
    """A QTI 1.2 ``questestinterop`` document with one assessment per quiz."""
    root = ET.Element("questestinterop", xmlns=QTI_NAMESPACE)
    result = ExportResult("")
    for quiz in quizzes:
        payload, pairs = keyed_questions(quiz)
        assessment = _sub(root, "assessment", ident=payload["id"], title=payload["title"])
        section = _sub(assessment, "section", ident="root_section")
        for question, key in pairs:
            if question["type"] not in _TYPES:
                result.skipped.append(
                    Skipped(
                        payload["id"],
                        question["id"],
                        question["type"],
                        "QTI 1.2 as Canvas imports it has no ordering question",
                    )
                )
                continue
            _item(section, payload["id"], question, key)
            result.exported += 1
    ET.indent(root)
    result.content = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(
        root, encoding="unicode"
    )
    return result


_MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="lessonkit-export" xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1">
  <metadata><schema>IMS Content</schema><schemaversion>1.1.3</schemaversion></metadata>
  <organizations/>
  <resources>
    <resource identifier="lessonkit-quizzes" type="imsqti_xmlv1p2"><file href="quizzes.xml"/></resource>
  </resources>
</manifest>
"""


def to_qti_zip(quizzes: Iterable[Any]) -> ExportResult:
    """A zip that Canvas imports: imsmanifest.xml plus quizzes.xml."""
    result = assessment_xml(quizzes)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", _MANIFEST)
        archive.writestr("quizzes.xml", result.content)
    result.content = buffer.getvalue()
    return result
