"""Interchange in Chromium: math drawn by KaTeX (with MathML for screen readers) on the book
page that needs it, images with their descriptions, feedback for numeric answers, single
questions with two right options, options of code, jupyterquiz's probe table through
quiz.js, and the live widget loading KaTeX from the kernel, all without network."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from test_jupyterquiz_import import expected_verdict, imported, probe_answer, probe_cases

from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz
from lessonkit.render.payload import build_payload, decode_key

from .conftest import Site, serve
from .driving import question, status

ROOT = Path(__file__).resolve().parents[2]
MATH_QUIZ = ROOT / "tests" / "testbook" / "quizzes" / "math-and-images.yaml"


@pytest.fixture(scope="module")
def book_url(built_testbook: Path) -> Iterator[str]:
    with serve(built_testbook) as url:
        yield url


def _check(form: Any) -> None:
    form.get_by_role("button", name="Check").click()


def test_math_and_images_on_the_book_page(page: Any, book_url: str) -> None:
    page.goto(f"{book_url}/math.html")
    page.wait_for_selector(".lk-quiz[data-lk-rendered]")
    span = question(page, "span")
    # the prompt's math: KaTeX's MathML (what screen readers read) with the TeX as annotation
    math = span.locator(".lk-q__prompt .katex .katex-mathml math")
    expect(math).to_have_count(1)
    expect(math.locator("annotation")).to_have_text("1933 - 1917")
    expect(span.locator(".lk-q__prompt .katex-html")).to_have_attribute("aria-hidden", "true")
    image = span.get_by_role("img", name="A bar from 1917 on the left to 1933 on the right")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.complete && img.naturalWidth") == 320
    # a wrong value with its own feedback, math in it, described for the field
    field = span.get_by_label("Your answer")
    field.fill("17")
    _check(span)
    feedback = span.locator(".lk-field-feedback")
    expect(feedback).to_be_visible()
    expect(feedback.locator(".katex-mathml annotation")).to_have_text("16 + 1")
    # the MathML is what the field's description reads (not the TeX, not the drawing twice)
    expect(field).to_have_accessible_description(
        re.compile(r"^That counts both ends: 16 \+ 1 ?\.$")
    )
    field.fill("16")
    _check(span)
    expect(status(span)).to_have_attribute("data-verdict", "correct")
    expect(span.locator(".lk-explanation .katex")).to_have_count(2)
    span.get_by_role("button", name="Hint").click()
    expect(span.locator(".lk-hint .katex-display")).to_have_count(1)
    half = question(page, "half")
    expect(half.locator("label .katex")).to_have_count(2)
    # a formula names its option with a linear reading of its MathML (quiz-math.js)
    expect(half.get_by_role("radio", name="√16", exact=True)).to_have_count(1)
    expect(half.get_by_role("radio", name="8", exact=True)).to_have_count(1)
    expect(half.get_by_role("group")).to_have_accessible_name(re.compile(r"half of 32/2"))
    expect(half.get_by_role("img", name="The bar again")).to_be_visible()
    half.locator("label", has_text="16").click()
    _check(half)
    expect(half.locator(".lk-option .lk-mark__text .katex-mathml annotation")).to_have_text(
        "\\sqrt{16} = 4"
    )


def test_a_page_without_katex_shows_the_tex(open_quizzes: Any) -> None:
    payload = build_payload(Quiz.from_yaml(MATH_QUIZ))
    assert payload["math"] is True
    page = open_quizzes(payload)
    prompt = question(page, "half").locator(".lk-q__prompt")
    expect(prompt).to_have_text("Which is half of $\\frac{32}{2}$?")
    expect(page.locator(".katex")).to_have_count(0)
    # images travel inside the payload when there is no site to copy them to
    assert "data:image/svg+xml;base64," in json.dumps(payload)
    expect(page.get_by_role("img", name="The bar again")).to_be_visible()


def _quiz(**question_data: Any) -> dict[str, Any]:
    data = {"id": "extras", "title": "Extras", "questions": [question_data]}
    return build_payload(Quiz.from_dict(data, resolve=False))


def test_two_right_options_and_options_of_code(open_quizzes: Any) -> None:
    page = open_quizzes(
        _quiz(
            id="either",
            type="single",
            prompt="Which appends 3 to `mylist`?",
            options=[
                {"id": "plus", "code": "mylist += [3]", "correct": True},
                {
                    "id": "append",
                    "text": "The method:",
                    "code": "mylist.append(3)",
                    "correct": True,
                },
                {"id": "set", "code": "mylist += {3}\n# a set", "feedback": "A set is added."},
            ],
        )
    )
    form = question(page, "either")
    expect(form.locator("label code")).to_have_count(3)
    expect(form.locator("label", has_text="The method:")).to_contain_text("mylist.append(3)")
    form.locator("label", has_text="mylist.append(3)").click()
    _check(form)
    expect(status(form)).to_have_attribute("data-verdict", "correct")
    form.locator("label", has_text="mylist += [3]").click()
    _check(form)
    expect(status(form)).to_have_attribute("data-verdict", "correct")
    form.locator("label", has_text="# a set").click()
    _check(form)
    expect(status(form)).to_have_attribute("data-verdict", "incorrect")
    expect(form.locator(".lk-option", has_text="# a set")).to_contain_text("A set is added.")


def test_jupyterquiz_probes_grade_the_same_in_quiz_js(page: Any, site: Site) -> None:
    """Every probe of tests/jupyterquiz/probes.yaml, graded by quiz.js."""
    cases = []
    for name, number, probe in probe_cases():
        quiz = imported(name)
        payload = build_payload(quiz)
        key = decode_key(payload["key"])
        qid = f"q{number}"
        (shown,) = [q for q in payload["questions"] if q["id"] == qid]
        answer = probe_answer(quiz.question(qid), probe)
        cases.append({"question": shown, "key": key[qid], "answer": answer, "probe": probe})
    page.goto(site.write_page("<p>Grading only.</p>"))
    page.wait_for_function("() => globalThis.LessonkitQuiz !== undefined")
    results = page.evaluate(
        "cases => cases.map(c => [LessonkitQuiz.grade(c.question, c.key, c.answer),"
        " LessonkitQuiz.feedback(c.question, c.key, c.answer)])",
        cases,
    )
    for case, (verdict, feedback) in zip(cases, results, strict=True):
        assert (verdict["verdict"], verdict["score"]) == expected_verdict(case["probe"]), case
        if "type" in case["probe"] and "lessonkit" not in case["probe"]:
            wanted = case["probe"].get("feedback")
            assert (feedback is None) == (wanted is None), case


def test_the_live_widget_loads_katex_from_the_kernel(page: Any, site: Site) -> None:
    """widget.js, as anywidget runs it, with a stand-in model holding the traits the kernel
    sends: the KaTeX script comes from the model (a blob module), its fonts from data URIs."""
    widget = QuizWidget(Quiz.from_yaml(MATH_QUIZ))
    assert widget.katex_js.startswith("!function") and "data:font/woff2;base64," in widget.katex_css
    plain = QuizWidget(Quiz.from_dict(json.loads(json.dumps(_plain_quiz()))))
    assert plain.katex_js == "" and plain.katex_css == ""
    (site.root / "widget-esm.js").write_text(widget._esm, encoding="utf-8")
    traits = {
        name: getattr(widget, name)
        for name in (
            "payload",
            "messages",
            "saved",
            "katex_js",
            "katex_css",
            "store_error",
            "unsaved",
            "handin_enabled",
            "handin_status",
            "handin_request",
        )
    }
    (site.root / "widget-traits.json").write_text(json.dumps(traits), encoding="utf-8")
    body = """<div id="w"></div>
<script type="module">
const esm = await (await fetch("widget-esm.js")).text();
const traits = await (await fetch("widget-traits.json")).json();
const module = await import(URL.createObjectURL(new Blob([esm], { type: "text/javascript" })));
const model = { get: (name) => traits[name], set() {}, save_changes() {}, on() {}, off() {}, send() {} };
await module.default.render({ model, el: document.getElementById("w") });
document.body.dataset.ready = "yes";
</script>"""
    page.goto(site.write_page(body))
    page.wait_for_selector("body[data-ready=yes]")
    expect(page.locator("#w .lk-q__prompt .katex-mathml math").first).to_be_attached()
    expect(page.locator("style#lk-katex-css")).to_have_count(1)
    font = page.evaluate("() => document.fonts.check('16px KaTeX_Main') && document.fonts.size > 0")
    assert font
    expect(
        page.get_by_role("img", name="A bar from 1917 on the left to 1933 on the right")
    ).to_be_visible()


def _plain_quiz() -> dict[str, Any]:
    return {
        "id": "plain",
        "title": "Plain",
        "questions": [{"id": "q", "type": "true_false", "prompt": "No math here.", "answer": True}],
    }
