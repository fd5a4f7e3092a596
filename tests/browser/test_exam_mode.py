"""Exam mode (``lessonkit_mode: exam``): no correct answer can be recovered from an exam
page, and the answers handed in are marked by the regrading gradebook.

A copy of tests/testbook is built with ``lessonkit_mode: exam`` in its ``_config.yml``,
with tests/quizzes/exam-proof.yaml shown both by the ``quiz`` directive and by an
executed cell. That quiz keeps a distinctive word in every place a key can hide. The
proof searches every file of the built site, then, in Chromium, every response body of
every page, the page after answering every question, the browser storage and the
handed-in file: in plain text and inside every base64 run. The detector is shown to
find the key in a practice page, so that a search finding nothing means something.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from lessonkit.answers.handin import read_handin
from lessonkit.quiz import Quiz
from lessonkit.quiz.examids import answer_with_quiz_ids, quiz_ids_of
from lessonkit.quiz.questions import MultipleChoice, Open, SingleChoice, Text, TrueFalse
from lessonkit.render.html import quiz_html
from lessonkit.teacher.gradebook import gradebook

from .conftest import guarded_page, serve
from .storagepage import give_name

pytestmark = pytest.mark.book

TESTS = Path(__file__).resolve().parents[1]
DATASETS = TESTS / "quizzes" / "datasets"
PROOF = TESTS / "quizzes" / "exam-proof.yaml"
SECRET = re.compile(r"(?i)sentinel|-qx\b|48213|keyopt|keymulti|keyord|keypair|keydistract")
BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
FRAGMENT = re.compile(r"[A-Za-z][A-Za-z ,]{12,}[A-Za-z]")
PAGES = ["exam.html", "examcell.html", "directive.html", "notebook.html"]


def _key_texts(quiz: Quiz) -> list[str]:
    """Plain fragments of every text that only a key holds (feedback, explanations...)."""
    texts: list[str] = []
    for q in quiz.questions:
        texts += [*q.hints, q.explanation or ""]
        if isinstance(q, (SingleChoice, MultipleChoice)):
            texts += [o.feedback or "" for o in q.options]
        if isinstance(q, TrueFalse):
            texts += [q.feedback_true or "", q.feedback_false or ""]
        if isinstance(q, Open):
            texts += [q.model_answer, *q.rubric]
        if isinstance(q, Text):
            texts += [a.text for a in q.answers if len(a.text) > 8]
            texts += [a.feedback or "" for a in q.answers]
    return sorted({f for t in texts for f in FRAGMENT.findall(t)})


QUIZZES = [
    Quiz.from_yaml(PROOF, datasets=DATASETS),
    Quiz.from_yaml(TESTS / "quizzes" / "all-types.yaml", datasets=DATASETS),
    Quiz.from_yaml(TESTS / "testbook" / "quizzes" / "second.yaml", datasets=DATASETS),
]
KEY_TEXTS = [t for quiz in QUIZZES for t in _key_texts(quiz)]


def leaks(text: str) -> list[str]:
    """Every key word or key text found in ``text``, also inside base64 runs."""
    decoded = []
    for run in BASE64_RUN.findall(text):
        try:
            decoded.append(base64.b64decode(run + "=" * (-len(run) % 4)).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            continue
    found = []
    for part in [text, *decoded]:
        found += SECRET.findall(part)
        found += [t for t in KEY_TEXTS if t in part]
    return found


def test_the_search_finds_the_key_of_a_practice_page() -> None:
    found = {f.lower() for f in leaks(quiz_html(QUIZZES[0]))}
    assert {"sentinel", "keyopt", "48213", "explainsentinelqx ferns are plants"} <= found
    assert leaks(quiz_html(QUIZZES[1])) and leaks(quiz_html(QUIZZES[2]))
    assert leaks(quiz_html(QUIZZES[0], mode="exam")) == []


@pytest.fixture(scope="module")
def exam_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/testbook with the proof quiz on two pages, built with lessonkit_mode: exam."""
    from bookbuild import build_book

    root = tmp_path_factory.mktemp("exam")
    source = root / "book"
    shutil.copytree(TESTS / "testbook", source)
    shutil.copytree(TESTS / "quizzes", root / "quizzes", ignore=shutil.ignore_patterns("datasets"))
    shutil.copy(PROOF, source / "quizzes" / PROOF.name)
    (source / "exam.md").write_text(
        "# An exam from the directive\n\n```{quiz} quizzes/exam-proof.yaml\n```\n", "utf-8"
    )
    cell = (source / "notebook.md").read_text("utf-8").replace("second.yaml", "exam-proof.yaml")
    (source / "examcell.md").write_text(cell.replace("# A quiz displayed", "# An exam"), "utf-8")
    toc = (source / "_toc.yml").read_text("utf-8") + "  - file: exam\n  - file: examcell\n"
    (source / "_toc.yml").write_text(toc, "utf-8")
    config = (source / "_config.yml").read_text("utf-8")
    config = config.replace("  config:\n", "  config:\n    lessonkit_mode: exam\n")
    (source / "_config.yml").write_text(config, "utf-8")
    return build_book(source, root / "out", env={"LESSONKIT_DATASETS": str(DATASETS)})


@pytest.fixture(scope="module")
def exam_url(exam_site: Path) -> Iterator[str]:
    with serve(exam_site) as url:
        yield url


def test_no_file_of_the_exam_site_holds_a_key(exam_site: Path) -> None:
    checked = 0
    for path in sorted(exam_site.rglob("*")):
        if path.is_file() and path.suffix not in (".png", ".woff", ".woff2", ".ico", ".svg"):
            text = path.read_bytes().decode("utf-8", "replace")
            assert not leaks(text), f"{path.relative_to(exam_site)}: {leaks(text)[:5]}"
            checked += 1
    assert checked > 20
    page = (exam_site / "exam.html").read_text("utf-8")
    payload = json.loads(
        re.search(r'<script type="application/json">(.*?)</script>', page).group(1)
    )  # type: ignore[union-attr]
    assert payload["mode"] == "exam" and "key" not in payload
    matching = next(q for q in payload["questions"] if q["type"] == "matching")
    assert not {p["id"] for p in matching["pairs"]} & {c["id"] for c in matching["choices"]}
    assert [c["id"] for c in matching["choices"]] == sorted(c["id"] for c in matching["choices"])


def _answer_everything(page: Any) -> None:
    """Answer every question of the proof quiz through the page, and save each answer.
    Typed answers are wrong on purpose: what a student types is not a leak."""

    def question(qid: str) -> Any:
        return page.locator(f"div.lk-q[data-question='{qid}']")

    question("s-single").get_by_label("A fern").check()
    question("s-multiple").get_by_label("A crow").check()
    question("s-truefalse").get_by_label("True").check()
    question("s-numeric").get_by_label("Your answer").fill("7")
    question("s-text").get_by_label("Your answer").fill("wrongword")
    question("s-matching").get_by_label("Cat").select_option(label="Meow")
    question("s-highlight").get_by_label("Sentence 2").check()
    question("s-open").get_by_label("Your answer").fill("Because it is so.")
    for form in page.locator("div.lk-q").all():
        expect(form.get_by_role("button", name="Check")).to_have_count(0)
        form.get_by_role("button", name="Save answer").click()
        expect(form.locator(".lk-status")).to_have_text(
            "✎ Answer saved. Your teacher will mark it."
        )


def test_exam_pages_in_chromium_hold_no_key_and_hand_in_answers(
    browser: Any, exam_url: str, tmp_path: Path
) -> None:
    with guarded_page(browser, accept_downloads=True) as (page, _guard):
        bodies: list[tuple[str, str]] = []
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))

        def read_bodies() -> None:  # before the next navigation, which drops them
            for response in responses:
                if response.status == 200:
                    bodies.append((response.url, response.body().decode("utf-8", "replace")))
            responses.clear()

        for name in PAGES:
            page.goto(f"{exam_url}/{name}")
            page.wait_for_function(
                "() => [...document.querySelectorAll('.lk-quiz')].every(q => q.hasAttribute('data-lk-rendered'))"
            )
            page.wait_for_load_state("networkidle")
            read_bodies()
        page.goto(f"{exam_url}/exam.html")
        page.wait_for_selector(".lk-quiz[data-lk-rendered] div.lk-q")
        give_name(page, "Exam Student")  # answers are kept under the student answering
        _answer_everything(page)
        quiz = page.locator(".lk-quiz")
        expect(quiz.locator(".lk-quiz__score")).to_have_text("Answers saved: 9 of 9")
        expect(
            quiz.locator(".lk-key, .lk-explanation, .lk-model-box, .lk-hints .lk-hint")
        ).to_have_count(0)
        expect(quiz.locator(".lk-mark")).to_have_count(0)
        form = quiz.locator("form.lk-handin")
        with page.expect_download() as info:
            form.get_by_role("button", name="Download my answers").click()
        handed_in = tmp_path / info.value.suggested_filename
        info.value.save_as(handed_in)
        dom = page.content()
        storage = page.evaluate("() => JSON.stringify(Object.assign({}, localStorage))")
        globals_ = page.evaluate(
            "() => JSON.stringify([...document.querySelectorAll('.lk-quiz > script[type=\"application/json\"]')]"
            ".map(s => LessonkitQuiz.decodeKey(JSON.parse(s.textContent).key)))"
        )
        page.wait_for_load_state("networkidle")
        read_bodies()
    assert len(bodies) >= len(PAGES) + 3
    for where, text in [*bodies, ("page after answering", dom), ("localStorage", storage)]:
        assert not leaks(text), f"{where}: {leaks(text)[:5]}"
    assert globals_ == "[{}]"
    saved = handed_in.read_text("utf-8")
    assert not leaks(saved)
    document = read_handin(handed_in)
    assert {(r["verdict"], r["score"]) for r in document["responses"]} == {("submitted", None)}

    book = gradebook([handed_in], PROOF, datasets=DATASETS)
    assert book.problems == []
    proof = QUIZZES[0]
    answers = {
        r["question_id"]: answer_with_quiz_ids(
            proof.question(r["question_id"]),
            r["answer"],
            quiz_ids_of(proof.id, proof.question(r["question_id"])),
        )
        for r in document["responses"]
    }
    expected = proof.grade(answers)
    student = book.students.iloc[0]
    assert (student["student"], student["points"], student["maximum"]) == (
        "Exam Student",
        expected.score,
        expected.max_score,
    )
    assert expected.verdicts["s-single"].verdict == "correct"
    assert expected.verdicts["s-matching"].score == 0.5
