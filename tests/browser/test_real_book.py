"""The real book, built by jupyter-book (tests/conftest.py: built_book, built_teacher_book)
and served on 127.0.0.1: every page of the table of contents loads with no request
leaving the machine and no script or console error; each lesson has one working quiz
drawn by quiz.js, and its figures load; axe finds nothing inside the quizzes and the
document cards; only the teacher edition shows the answer keys."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lessonlist import toc_files
from playwright.sync_api import expect

from .conftest import serve
from .test_axe import _describe, run_axe

PAGES = toc_files()
LESSONS = [name for name in PAGES if name.startswith("lessons/")]
AXE_LESSONS = [
    "lessons/02-three-voices",
    "lessons/06-article-121-to-today",  # a legal text: Russian beside English
    "lessons/07-fake-embellished-or-genuine",
]
IN_SCOPE = ".lk-quiz, .lk-document"


@pytest.fixture(scope="module")
def book_url(built_book: Path) -> Iterator[str]:
    with serve(built_book) as url:
        yield url


@pytest.fixture(scope="module")
def teacher_url(built_teacher_book: Path) -> Iterator[str]:
    with serve(built_teacher_book) as url:
        yield url


def open_book_page(page: Any, url: str) -> list[dict[str, Any]]:
    """Open a page and wait for its quizzes; return their payloads."""
    page.goto(url)
    payloads = [
        json.loads(t)
        for t in page.locator('.lk-quiz > script[type="application/json"]').all_text_contents()
    ]
    page.wait_for_function(
        "n => document.querySelectorAll('.lk-quiz[data-lk-rendered]').length === n",
        arg=len(payloads),
    )
    return payloads


def decode_key(payload: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(base64.b64decode(payload["key"]).decode("utf-8")))


def test_the_quiz_assets_are_all_there(built_book: Path) -> None:
    for name in (
        "quiz.js",
        "quiz-storage.js",
        "quiz-handin.js",
        "quiz-page.js",
        "quiz.css",
        "lessonkit-messages.js",
    ):
        assert (built_book / "_static" / name).is_file(), name
    text = (built_book / "lessons" / "01-writing-to-a-psychiatrist.html").read_text("utf-8")
    order = [
        text.index(f"_static/{name}")
        for name in (
            "lessonkit-messages.js",
            "quiz.js",
            "quiz-storage.js",
            "quiz-handin.js",
            "quiz-page.js",
        )
    ]
    assert order == sorted(order), "the scripts run in the order they need each other"


@pytest.mark.parametrize("name", PAGES)
def test_page_loads_offline_without_errors(page: Any, book_url: str, name: str) -> None:
    payloads = open_book_page(page, f"{book_url}/{name}.html")
    assert page.evaluate("() => typeof LessonkitQuizStorage") == "object"
    expect(page.locator(".lk-quiz__error")).to_have_count(0)
    quizzes = page.locator(".lk-quiz")
    if name in LESSONS:
        assert len(payloads) == 1, f"{name} should have exactly one quiz"
        assert len(payloads[0]["questions"]) >= 5
        expect(quizzes).to_have_count(1)
        expect(quizzes.locator(".lk-quiz__body")).to_have_count(1)
        expect(quizzes.locator(".lk-q")).to_have_count(len(payloads[0]["questions"]))
        expect(quizzes.locator("form.lk-handin")).to_have_count(1)
        assert "teacher" not in payloads[0]
    else:
        expect(quizzes.locator(".lk-quiz__body")).to_have_count(len(payloads))
    images = page.evaluate("""() => Array.from(document.images, img => ({
      src: img.getAttribute("src"), width: img.naturalWidth, done: img.complete}))""")
    broken = [i["src"] for i in images if not (i["done"] and i["width"] > 0)]
    assert not broken, f"images that did not load: {broken}"
    figures = [i for i in images if "_images/" in i["src"]]
    if name in LESSONS[:9]:
        assert figures, f"{name} has no figure"


def test_answer_a_question_in_a_lesson(page: Any, book_url: str) -> None:
    (payload,) = open_book_page(page, f"{book_url}/{LESSONS[0]}.html")
    key = decode_key(payload)
    q = next(q for q in payload["questions"] if q["type"] == "single")
    correct = [o["id"] for o in q["options"]].index(key[q["id"]]["correct"])
    form = page.locator(f'.lk-quiz .lk-q[data-question="{q["id"]}"]')
    wrong = form.locator(f'input[value="{(correct + 1) % len(q["options"])}"]')
    wrong.check()
    form.get_by_role("button", name="Check").click()
    expect(form.locator(".lk-status")).to_contain_text("✗ Not quite.")
    expect(form.locator(".lk-mark--bad")).to_have_count(1)
    form.get_by_role("button", name="Try again").click()
    form.locator(f'input[value="{correct}"]').check()
    form.get_by_role("button", name="Check").click()
    expect(form.locator(".lk-status")).to_have_text("✓ Correct.")
    expect(form.locator(".lk-mark--ok")).to_have_count(1)
    if key[q["id"]].get("explanation"):
        expect(form.locator(".lk-explanation")).to_be_visible()
    points = q.get("points", 1)
    total = sum(x.get("points", 1) for x in payload["questions"] if x["type"] != "open")
    expect(page.locator(".lk-quiz__score")).to_have_text(
        f"Score: {points:g} of {total:g} auto-graded points"
    )
    page.reload()
    page.wait_for_selector(".lk-quiz .lk-quiz__body")
    expect(form.locator(".lk-status")).to_have_text("✓ Correct.")
    expect(form.locator(f'input[value="{correct}"]')).to_be_checked()


def test_excerpt_layout_holds_up_in_the_book_theme(page: Any, book_url: str) -> None:
    """The theme styles dl[class], dd, figcaption and label; the quiz's excerpt must not
    inherit that: its facts form two columns with no gap below, and a sentence to
    highlight starts on the line of its checkbox."""
    open_book_page(page, f"{book_url}/lessons/02-three-voices.html")
    layout = page.locator(".lk-quiz .lk-excerpt").first.evaluate("""figure => {
      const box = el => el.getBoundingClientRect();
      const facts = figure.querySelector(".lk-excerpt__facts");
      const sentence = figure.querySelector(".lk-sentence");
      return {
        dt: Array.from(facts.querySelectorAll("dt"), el => Math.round(box(el).left)),
        dd: Array.from(facts.querySelectorAll("dd"), el => Math.round(box(el).left)),
        rows: Array.from(facts.querySelectorAll("dd"), el => Math.round(box(el).top)),
        gapBelow: box(figure).bottom - box(facts).bottom - parseFloat(getComputedStyle(figure).paddingBottom),
        checkbox: box(sentence.querySelector("input")).top,
        text: sentence.querySelector("label").getClientRects()[0].top,
      };
    }""")
    assert len(layout["dd"]) >= 3
    assert len(set(layout["dt"])) == 1 and len(set(layout["dd"])) == 1, layout
    assert layout["dd"][0] > layout["dt"][0] and layout["rows"] == sorted(set(layout["rows"]))
    assert abs(layout["gapBelow"]) <= 1, layout
    assert abs(layout["checkbox"] - layout["text"]) < 12, layout


def test_a_legal_text_stands_beside_its_translation(page: Any, book_url: str) -> None:
    """On a wide page the Russian original and the English translation share a row; on a
    narrow one they stack, the original first."""
    page.set_viewport_size({"width": 1400, "height": 900})
    open_book_page(page, f"{book_url}/lessons/05-recriminalisation.html")
    pair = page.locator("#excerpt-law-1934-154a .lk-excerpt-pair")
    russian, english = pair.locator('blockquote[lang="ru"]'), pair.locator('blockquote[lang="en"]')
    expect(russian).to_contain_text("Половое сношение мужчины с мужчиной")
    expect(english).to_contain_text("Sexual intercourse of a man with a man")
    ru, en = russian.bounding_box(), english.bounding_box()
    assert ru and en and abs(ru["y"] - en["y"]) < 30 and en["x"] > ru["x"] + ru["width"] / 2
    page.set_viewport_size({"width": 420, "height": 900})
    ru, en = russian.bounding_box(), english.bounding_box()
    assert ru and en and en["y"] > ru["y"] + ru["height"] / 2


@pytest.mark.parametrize("name", AXE_LESSONS)
def test_lesson_quiz_and_documents_pass_axe(page: Any, book_url: str, name: str) -> None:
    assert len(open_book_page(page, f"{book_url}/{name}.html")) == 1
    assert page.locator(".lk-document").count() >= 1
    first = page.locator(".lk-quiz .lk-q").first
    first.get_by_role("button", name="Check").click()
    expect(first.locator(".lk-status")).to_contain_text("No answer yet.")
    handin = page.locator(".lk-quiz form.lk-handin")
    handin.get_by_role("button", name="Download my answers").click()
    expect(page.locator(".lk-handin__status")).to_contain_text("Say who is answering first")
    handin.get_by_role("button", name="Forget my answers in this browser").click()
    expect(handin.get_by_role("button", name="Keep them")).to_be_focused()
    result = run_axe(page, f"real book {name}")
    scoped = page.evaluate(
        """([violations, scope]) => violations.map(rule => ({...rule,
      nodes: rule.nodes.map(node => {
        let el = null;
        try { el = document.querySelector(node.target); } catch (e) { /* an unusual target */ }
        const card = el ? el.closest(scope) : null;
        return {...node, where: !el ? "unknown" : !card ? "" : card.matches(".lk-quiz") ? "quiz" : "document"};
      }).filter(node => node.where)})).filter(rule => rule.nodes.length)""",
        [result["violations"], IN_SCOPE],
    )
    in_quiz = [dict(r, nodes=[n for n in r["nodes"] if n["where"] != "document"]) for r in scoped]
    in_quiz = [r for r in in_quiz if r["nodes"]]
    assert not in_quiz, "axe violations inside .lk-quiz:\n" + _describe(in_quiz)
    assert not scoped, "axe violations inside .lk-document:\n" + _describe(scoped)


def test_only_the_teacher_edition_shows_the_answer_keys(
    page: Any, book_url: str, teacher_url: str
) -> None:
    lesson = LESSONS[0]
    (payload,) = open_book_page(page, f"{teacher_url}/{lesson}.html")
    assert payload.get("teacher") is True
    key = decode_key(payload)
    boxes = page.get_by_role("note", name="Answer key")
    expect(boxes).to_have_count(len(payload["questions"]))
    for box in boxes.all():
        expect(box).to_be_visible()
    expect(page.locator(".lk-quiz__teacher")).to_have_text(
        "Teacher edition: every question shows its answer key."
    )
    q = next(q for q in payload["questions"] if q["type"] == "single")
    index = [o["id"] for o in q["options"]].index(key[q["id"]]["correct"])
    form = page.locator(f'.lk-quiz .lk-q[data-question="{q["id"]}"]')
    correct = form.locator(".lk-options label").nth(index).inner_text().strip()
    expect(form.get_by_role("note", name="Answer key")).to_contain_text(correct)

    (student,) = open_book_page(page, f"{book_url}/{lesson}.html")
    assert "teacher" not in student
    expect(page.locator(".lk-quiz .lk-q")).to_have_count(len(student["questions"]))
    expect(page.locator(".lk-key")).to_have_count(0)
    expect(page.get_by_role("note", name="Answer key")).to_have_count(0)
    expect(page.locator(".lk-quiz__teacher")).to_have_count(0)
    expect(page.locator(".lk-quiz")).not_to_contain_text("Answer key")
