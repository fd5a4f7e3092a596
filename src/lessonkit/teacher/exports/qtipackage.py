"""The QTI zip: an IMS Content Packaging 1.2 manifest, one assessment file per quiz, and
the quizzes' images (``lessonkit-images/``, listed as one web content resource).

Canvas ("QTI .zip file" under Import course content) and Moodle read QTI 1.2 this way:
``imsmanifest.xml`` at the root lists one ``imsqti_xmlv1p2`` resource per assessment
file, and each file holds exactly one ``assessment`` (the QTI 1.2 schema allows no more).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.etree import ElementTree as ET

from ...quiz.model import Quiz
from .common import ExportResult, unique_quizzes
from .qti import assessment_xml

__all__ = ["CP_NAMESPACE", "manifest_xml", "to_qti_zip"]

#: IMS Content Packaging 1.2 kept the namespace of version 1.1.
CP_NAMESPACE = "http://www.imsglobal.org/xsd/imscp_v1p1"
_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = f"{CP_NAMESPACE} http://www.imsglobal.org/xsd/imscp_v1p2.xsd"


def assessment_file(quiz: Quiz) -> str:
    """The name of ``quiz``'s assessment file inside the zip."""
    return f"{quiz.id}.xml"


def manifest_xml(quizzes: Iterable[Quiz], files: Iterable[str] = ()) -> str:
    """``imsmanifest.xml`` listing one assessment resource per quiz, and the image files
    (one web content resource)."""
    root = ET.Element(
        "manifest",
        {
            "xmlns": CP_NAMESPACE,
            "xmlns:xsi": _XSI,
            "xsi:schemaLocation": _SCHEMA_LOCATION,
            "identifier": "lessonkit-quizzes",
        },
    )
    metadata = ET.SubElement(root, "metadata")
    ET.SubElement(metadata, "schema").text = "IMS Content"
    ET.SubElement(metadata, "schemaversion").text = "1.2"
    ET.SubElement(root, "organizations")
    resources = ET.SubElement(root, "resources")
    for quiz in quizzes:
        href = assessment_file(quiz)
        resource = ET.SubElement(
            resources,
            "resource",
            identifier=f"lk-{quiz.id}",
            type="imsqti_xmlv1p2",
            href=href,
        )
        ET.SubElement(resource, "file", href=href)
    images = sorted(files)
    if images:
        resource = ET.SubElement(
            resources, "resource", identifier="lk-images", type="webcontent", href=images[0]
        )
        for name in images:
            ET.SubElement(resource, "file", href=name)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def to_qti_zip(quizzes: Iterable[Quiz]) -> ExportResult:
    """The zip: ``imsmanifest.xml`` and one QTI 1.2 assessment file per quiz."""
    chosen = unique_quizzes(quizzes)
    result = ExportResult(b"")
    buffer = io.BytesIO()
    documents = {}
    for quiz in chosen:
        one = assessment_xml(quiz)
        documents[assessment_file(quiz)] = one.content
        result.exported += one.exported
        result.skipped += one.skipped
        result.notes += one.notes
        result.files |= one.files
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest_xml(chosen, result.files))
        for name, content in documents.items():
            archive.writestr(name, content)
        for name, file in sorted(result.files.items()):
            archive.writestr(name, file.read_bytes())
    result.content = buffer.getvalue()
    return result
