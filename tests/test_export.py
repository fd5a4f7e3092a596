"""GIFT export read back by a real GIFT parser; QTI 1.2 validated against an XML schema."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pygiftparser import parser as gift_parser

from lessonkit.cli import main
from lessonkit.quiz import Quiz
from lessonkit.teacher.exports.answerkey import answer_key
from lessonkit.teacher.exports.gift import to_gift
from lessonkit.teacher.exports.qti import assessment_xml, to_qti_zip

HERE = Path(__file__).resolve().parent
FIXTURE_DATA = HERE / "quizzes" / "datasets"
LESSON_QUIZZES = sorted((HERE.parent / "lessons" / "quizzes").glob("*.yaml"))


@pytest.fixture(scope="module")
def all_types() -> Quiz:
    return Quiz.from_yaml(HERE / "quizzes" / "all-types.yaml", datasets=FIXTURE_DATA)


GIFT_SETS = {
    "single": "SelectSet",
    "multiple": "MultipleChoicesSet",
    "highlight": "MultipleChoicesSet",
    "true_false": "TrueFalseSet",
    "numeric": "NumericAnswerSet",
    "text": "ShortSet",
    "open": "Essay",
    "matching": "MatchingSet",
}


def test_gift_parses_back_with_the_right_types(all_types: Quiz) -> None:
    result = to_gift([all_types])
    parsed = gift_parser.parseFile(io.StringIO(result.content))
    assert all(q.valid for q in parsed)
    exported = [q for q in all_types.questions if q.type not in ("ordering", "matching")]
    assert [type(q.answers).__name__ for q in parsed] == [GIFT_SETS[q.type] for q in exported]
    assert [str(s) for s in result.skipped] == [
        "all-types/order (ordering) skipped: GIFT has no ordering question; print the answer key "
        "(--format key) for it instead",
        "all-types/match (matching) skipped: GIFT matching cannot hold extra distractor choices",
    ]
    single = parsed[0]
    right = [a for a in single.answers.answers if a.fraction == 100]
    assert len(right) == 1 and "Letter" in right[0].answer
    numeric = next(q for q in parsed if type(q.answers).__name__ == "NumericAnswerSet")
    assert (
        numeric.answers.answers[0].value == 1926.0 and numeric.answers.answers[0].tolerance == 1.0
    )


def test_gift_escapes_special_characters() -> None:
    quiz = Quiz.from_dict(
        {
            "id": "esc",
            "title": "Escapes",
            "questions": [
                {
                    "id": "q",
                    "type": "single",
                    "prompt": "Is 1 = 1 {really}: #yes ~no?",
                    "options": [
                        {"id": "a", "text": "a = b", "correct": True},
                        {"id": "b", "text": "c ~ d"},
                    ],
                }
            ],
        }
    )
    text = to_gift([quiz]).content
    assert "1 \\= 1 \\{really\\}\\: \\#yes \\~no?" in text
    (parsed,) = gift_parser.parseFile(io.StringIO(text))
    assert parsed.valid and len(parsed.answers.answers) == 2


@pytest.fixture(scope="module")
def qti_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(HERE / "schemas" / "qti12-subset.xsd")))


def test_qti_validates_against_the_schema(all_types: Quiz, qti_schema: etree.XMLSchema) -> None:
    result = assessment_xml([all_types])
    document = etree.fromstring(result.content.encode("utf-8"))
    qti_schema.assertValid(document)
    ns = {"q": "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"}
    types = document.xpath(
        "//q:qtimetadatafield[q:fieldlabel='question_type']/q:fieldentry/text()", namespaces=ns
    )
    assert types == [
        "multiple_choice_question",
        "multiple_answers_question",
        "true_false_question",
        "numerical_question",
        "short_answer_question",
        "matching_question",
        "multiple_answers_question",
        "essay_question",
    ]
    assert [s.qtype for s in result.skipped] == ["ordering"]


def test_qti_schema_rejects_a_broken_document(all_types: Quiz, qti_schema: etree.XMLSchema) -> None:
    broken = assessment_xml([all_types]).content.replace("<presentation>", "<presentaton>", 1)
    broken = broken.replace("</presentation>", "</presentaton>", 1)
    assert not qti_schema.validate(etree.fromstring(broken.encode("utf-8")))


def test_qti_zip_has_a_manifest(all_types: Quiz, qti_schema: etree.XMLSchema) -> None:
    archive = zipfile.ZipFile(io.BytesIO(to_qti_zip([all_types]).content))
    assert sorted(archive.namelist()) == ["imsmanifest.xml", "quizzes.xml"]
    qti_schema.assertValid(etree.fromstring(archive.read("quizzes.xml")))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.xpath("//*[local-name()='resource']/@type") == ["imsqti_xmlv1p2"]


@pytest.mark.parametrize("path", LESSON_QUIZZES, ids=lambda p: p.stem)
def test_every_lesson_quiz_exports(path: Path, qti_schema: etree.XMLSchema) -> None:
    quiz = Quiz.from_yaml(path)
    gift = to_gift([quiz])
    assert all(q.valid for q in gift_parser.parseFile(io.StringIO(gift.content)))
    qti_schema.assertValid(etree.fromstring(assessment_xml([quiz]).content.encode("utf-8")))
    assert answer_key([quiz]).exported == len(quiz.questions)


def test_answer_key_lists_every_answer(all_types: Quiz) -> None:
    text = answer_key([all_types]).content
    assert "# Answer key: All nine question types" in text
    assert "1. First event\n- 2. Second event\n- 3. Third event\n- 4. Fourth event" in text
    assert "Letter A → AB" in text
    assert "Model answer: Typing could look official." in text
    html = answer_key([all_types], fmt="html").content
    assert (
        html.startswith("<!doctype html>")
        and "<h1>Answer key: All nine question types</h1>" in html
    )


def test_export_cli(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(FIXTURE_DATA))
    quiz = str(HERE / "quizzes" / "all-types.yaml")
    out = tmp_path / "out.gift"
    assert main(["export", "--format", "gift", quiz, "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Exported 7 question(s)" in printed and "(ordering) skipped" in printed
    assert main(["export", "--format", "gift", quiz, "-o", str(out)]) == 1  # never overwrites
    assert main(["export", "--format", "qti", quiz, "-o", str(tmp_path / "q.zip")]) == 0
    assert zipfile.is_zipfile(tmp_path / "q.zip")
