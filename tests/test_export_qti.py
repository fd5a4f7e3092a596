"""QTI export validated by lxml against the IMS schemas and read back element by element.

The schemas are IMS Global's own (tests/schemas/ims): QTI 1.2 ASI for each assessment
file, Content Packaging 1.2 for the manifest. Every shipped quiz, the nine-type fixture
and the hostile quiz (also with control characters) must validate with 0 errors, and the
question text, choices, scoring, numbers and feedback must read back exactly.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from exportcheck import CONTROL, CP_XSD, QTI_XSD, QUIZ_NAMES, every_quiz
from lxml import etree

from lessonkit.cli import main
from lessonkit.errors import LessonkitError
from lessonkit.quiz import Quiz
from lessonkit.quiz.questions import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    SingleChoice,
    Text,
    TrueFalse,
)
from lessonkit.quiz.textnorm import normalize, text_matches
from lessonkit.render.payload import quiz_images
from lessonkit.teacher.exports.common import (
    block,
    general_feedback_html,
    inline,
    option_html,
    plain_text,
    safe_text,
    stem_html,
)
from lessonkit.teacher.exports.exact import exact, positional
from lessonkit.teacher.exports.qti import QTI_NAMESPACE, assessment_xml, image_name
from lessonkit.teacher.exports.qtipackage import CP_NAMESPACE, to_qti_zip
from lessonkit.teacher.exports.spans import spans

NS = {"q": QTI_NAMESPACE, "cp": CP_NAMESPACE}
TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "highlight": "multiple_answers_question",
    "true_false": "true_false_question",
    "numeric": "numerical_question",
    "text": "short_answer_question",
    "matching": "matching_question",
    "ordering": "matching_question",
    "open": "essay_question",
}


@pytest.fixture(scope="module")
def quizzes() -> dict[str, Quiz]:
    return every_quiz()


@pytest.fixture(scope="module")
def qti_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(QTI_XSD)))


@pytest.fixture(scope="module")
def cp_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(CP_XSD)))


def _one(node: Any, path: str) -> Any:
    found = node.xpath(path, namespaces=NS)
    assert len(found) == 1, (path, found)
    return found[0]


def _texts(node: Any, path: str) -> list[str]:
    return [str(t) for t in node.xpath(path, namespaces=NS)]


def _feedback(item: Any, ident: str) -> str:
    return str(
        _one(item, f"q:itemfeedback[@ident='{ident}']/q:flow_mat/q:material/q:mattext/text()")
    )


def _scoring(item: Any) -> Any:
    """The respcondition that sets the score to 100."""
    return _one(item, "q:resprocessing/q:respcondition[q:setvar='100']")


def _labels(lid: Any) -> dict[str, str]:
    return {
        str(label.get("ident")): str(_one(label, "q:material/q:mattext/text()"))
        for label in lid.xpath("q:render_choice/q:response_label", namespaces=NS)
    }


def _choices(item: Any, expected: list[tuple[str, bool, str | None]]) -> None:
    """Labels in order with their HTML, the right ones in the scoring, option feedback."""
    labels = _labels(_one(item, "q:presentation/q:response_lid"))
    assert list(labels.values()) == [html for html, _right, _fb in expected]
    scoring = _scoring(item)
    right = set(_texts(scoring, "q:conditionvar//q:varequal[not(parent::q:not)]/text()"))
    assert right == {i for i, (_h, ok, _f) in zip(labels, expected, strict=True) if ok}
    wrong = set(_texts(scoring, "q:conditionvar//q:not/q:varequal/text()"))
    if wrong:  # a multiple-answer question also requires the wrong ones left out
        assert wrong == set(labels) - right
    for ident, (_html, _ok, feedback) in zip(labels, expected, strict=True):
        if feedback:
            assert _feedback(item, f"{ident}_fb") == block(feedback)
            shows = item.xpath(
                f"q:resprocessing/q:respcondition[q:conditionvar/q:varequal='{ident}']"
                f"/q:displayfeedback/@linkrefid",
                namespaces=NS,
            )
            assert f"{ident}_fb" in shows


def _matches(item: Any, lefts: list[str], rights: list[str], extra: list[str]) -> None:
    lids = item.xpath("q:presentation/q:response_lid", namespaces=NS)
    assert [str(_one(lid, "q:material/q:mattext/text()")) for lid in lids] == lefts
    for lid, right in zip(lids, rights, strict=True):
        labels = _labels(lid)
        assert sorted(labels.values()) == sorted(plain_text(inline(t)) for t in rights + extra)
        ident = lid.get("ident")
        chosen = _texts(
            item,
            f"q:resprocessing/q:respcondition/q:conditionvar/q:varequal[@respident='{ident}']/text()",
        )
        assert [labels[c] for c in chosen] == [plain_text(inline(right))]


def _check(quiz: Quiz, question: Question, item: Any) -> None:
    """One item against the quiz model (images named as the package holds them)."""
    with quiz_images(quiz, lambda file: f"$IMS-CC-FILEBASE$/{image_name(file)}"):
        _check_item(quiz, question, item)


def _check_item(quiz: Quiz, question: Question, item: Any) -> None:
    fields = dict(
        zip(
            _texts(item, "q:itemmetadata/q:qtimetadata/q:qtimetadatafield/q:fieldlabel/text()"),
            _texts(item, "q:itemmetadata/q:qtimetadata/q:qtimetadatafield/q:fieldentry/text()"),
            strict=True,
        )
    )
    points = exact(question.points) if question.scored else "0"
    assert fields == {"question_type": TYPES[question.type], "points_possible": points}
    assert _one(item, "q:presentation/q:material/q:mattext/text()") == stem_html(quiz, question)
    general = general_feedback_html(quiz, question)
    if general:
        assert _feedback(item, "general_fb") == general
    match question:
        case SingleChoice(options=options) | MultipleChoice(options=options):
            _choices(item, [(option_html(o), o.correct, o.feedback) for o in options])
        case TrueFalse(answer=answer):
            expected = [
                ("True", answer, question.feedback_true),
                ("False", not answer, question.feedback_false),
            ]
            _choices(item, expected)
        case Numeric() if question.simple:
            answer = question.answers[0].value or 0.0
            tolerance = question.answers[0].tolerance
            scoring = _scoring(item)
            assert float(_one(scoring, "q:conditionvar/q:or/q:varequal/text()")) == answer
            low = Decimal(_one(scoring, "q:conditionvar/q:or/q:and/q:vargte/text()"))
            high = Decimal(_one(scoring, "q:conditionvar/q:or/q:and/q:varlte/text()"))
            middle, margin = Decimal(exact(answer)), Decimal(exact(tolerance))
            assert (low + margin, high - margin) == (middle, middle)
            assert float(low) <= answer <= float(high)
        case Numeric():
            # any right entry: a value (exact, or within its margin) or a range, ends in
            entries, _notes = spans(question)
            either = _one(_scoring(item), "q:conditionvar/q:or")
            expected: list[tuple[str, ...]] = []
            for span in entries:
                if span.correct and span.value is not None:
                    expected.append(("varequal", positional(span.value)))
                if span.correct:
                    expected.append(("and", positional(span.low), positional(span.high)))
            found = [
                ("varequal", str(child.text))
                if child.tag.endswith("varequal")
                else ("and", *(str(bound.text) for bound in child))
                for child in either
            ]
            assert found == expected
        case Text() if question.compare != "normalized":
            listed = _texts(_scoring(item), "q:conditionvar/q:varequal/text()")
            assert listed == [a.strip() for a in question.accepted]
        case Text():
            answers = list(question.accepted)
            listed = _texts(_scoring(item), "q:conditionvar/q:varequal/text()")
            assert all(text_matches(s, answers, None) for s in listed)
            assert {normalize(a) for a in answers} <= {s.lower() for s in listed}
        case Matching(pairs=pairs, distractors=distractors):
            rights = [p.right for p in pairs]
            _matches(item, [inline(p.left) for p in pairs], rights, [d.text for d in distractors])
        case Ordering(items=items):
            positions = [f"Position {n}" for n in range(1, len(items) + 1)]
            _matches(item, positions, [i.text for i in items], [])
        case Highlight(evidence=evidence):
            sentences = quiz.excerpts[str(question.excerpt)].sentences
            _choices(
                item,
                [
                    (f"[{n}] {_escape(s)}", n in evidence, None)
                    for n, s in enumerate(sentences, start=1)
                ],
            )
        case Open(model_answer=model_answer, rubric=rubric):
            _one(item, "q:presentation/q:response_str/q:render_fib")
            _one(item, "q:resprocessing/q:respcondition[@continue='No']/q:conditionvar/q:other")
            assert model_answer is None or block(model_answer) in general
            assert all(block(r) in general for r in rubric)
        case _:
            pytest.fail(f"no check for {question.type}")


def _escape(text: str) -> str:
    from html import escape

    return escape(safe_text(text))


@pytest.mark.parametrize("name", QUIZ_NAMES)
def test_qti_assessment_validates_and_reads_back(
    name: str, quizzes: dict[str, Quiz], qti_schema: etree.XMLSchema
) -> None:
    quiz = quizzes[name]
    result = assessment_xml(quiz)
    document = etree.fromstring(str(result.content).encode("utf-8"))
    assert qti_schema.validate(document), [str(e) for e in qti_schema.error_log]
    assessment = _one(document, "/q:questestinterop/q:assessment")
    assert assessment.get("title") == safe_text(quiz.title)
    items = document.xpath("//q:item", namespaces=NS)
    assert len(items) == len(quiz.questions) == result.exported and result.skipped == []
    for question, item in zip(quiz.questions, items, strict=True):
        _check(quiz, question, item)


def test_control_characters_are_replaced_not_written(quizzes: dict[str, Quiz]) -> None:
    text = str(assessment_xml(quizzes["control"]).content)
    assert not any(char in text for char in CONTROL)
    document = etree.fromstring(text.encode("utf-8"))
    assert "\ufffd" in _one(document, "//q:assessment/@title")


def test_the_schema_refuses_what_the_old_export_wrote(
    quizzes: dict[str, Quiz], qti_schema: etree.XMLSchema
) -> None:
    """Two assessments in one file, and an essay without a respcondition."""
    document = etree.fromstring(str(assessment_xml(quizzes["all-types"]).content).encode())
    document.append(etree.fromstring(etree.tostring(_one(document, "q:assessment"))))
    assert not qti_schema.validate(document)
    single = etree.fromstring(str(assessment_xml(quizzes["all-types"]).content).encode())
    essay = _one(single, "//q:item[@title='reflect']/q:resprocessing")
    for condition in essay.xpath("q:respcondition", namespaces=NS):
        essay.remove(condition)
    assert not qti_schema.validate(single)


def test_zip_lists_one_valid_assessment_per_quiz(
    quizzes: dict[str, Quiz], qti_schema: etree.XMLSchema, cp_schema: etree.XMLSchema
) -> None:
    chosen = [quizzes[name] for name in QUIZ_NAMES if name != "control"]
    archive = zipfile.ZipFile(io.BytesIO(bytes(to_qti_zip(chosen).content)))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert cp_schema.validate(manifest), [str(e) for e in cp_schema.error_log]
    resources = manifest.xpath("//cp:resource", namespaces=NS)
    # one assessment per quiz, then the images (of the interchange quiz) as web content
    assert [r.get("type") for r in resources] == ["imsqti_xmlv1p2"] * len(chosen) + ["webcontent"]
    every = [str(f) for f in manifest.xpath("//cp:resource/cp:file/@href", namespaces=NS)]
    assert sorted(archive.namelist()) == sorted(["imsmanifest.xml", *every])
    files = [f for f in every if f.endswith(".xml")]
    for quiz, name in zip(chosen, files, strict=True):
        document = etree.fromstring(archive.read(name))
        assert qti_schema.validate(document), name
        assert _one(document, "q:assessment/@ident") == f"lk-{quiz.id}"


def test_the_manifest_schema_refuses_the_old_manifest(cp_schema: etree.XMLSchema) -> None:
    old = (
        '<manifest identifier="lessonkit-export" '
        'xmlns="http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"><organizations/>'
        "<resources/></manifest>"
    )
    assert not cp_schema.validate(etree.fromstring(old))


def test_two_quizzes_with_one_id_are_refused(quizzes: dict[str, Quiz]) -> None:
    with pytest.raises(LessonkitError, match="the quiz id 'hostile' is also the id of"):
        to_qti_zip([quizzes["hostile"], quizzes["control"]])


def test_qti_command_writes_the_zip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(Path(__file__).parent / "quizzes" / "datasets"))
    quiz = str(Path(__file__).parent / "quizzes" / "all-types.yaml")
    out = tmp_path / "q.zip"
    assert main(["export", "--format", "qti", quiz, "-o", str(out)]) == 0
    assert zipfile.ZipFile(out).namelist() == ["imsmanifest.xml", "all-types.xml"]
    printed = capsys.readouterr().out
    assert "Exported 9 question(s)" in printed
    assert "note: all-types/order (ordering): exported as matching" in printed


def test_images_travel_in_the_package(quizzes: dict[str, Quiz], cp_schema: etree.XMLSchema) -> None:
    quiz = quizzes["interchange"]
    result = to_qti_zip([quiz])
    archive = zipfile.ZipFile(io.BytesIO(bytes(result.content)))
    (name,) = [n for n in archive.namelist() if n.startswith("lessonkit-images/")]
    assert archive.read(name) == quiz.images["bar.svg"].read_bytes()
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert cp_schema.validate(manifest), [str(e) for e in cp_schema.error_log]
    listed = manifest.xpath("//cp:resource[@type='webcontent']/cp:file/@href", namespaces=NS)
    assert listed == [name]
    assert f'src="$IMS-CC-FILEBASE$/{name}"' in archive.read("interchange.xml").decode()
    assert "interchange/span (numeric): the image 'bar.svg' is in the package" in map(
        str, result.notes
    )
