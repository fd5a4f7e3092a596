"""The quizzes in a real Jupyter Book page (tests/testbook, pydata-sphinx-theme): every quiz
renders and works, no console error, and axe finds nothing inside .lk-quiz in the
theme's light and dark modes. Violations of the theme itself are reported, not failed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import serve
from .test_axe import _describe, run_axe

PAGES = ["directive.html", "notebook.html", "math.html"]


@pytest.fixture(scope="module")
def book_url(built_testbook: Path) -> Iterator[str]:
    with serve(built_testbook) as url:
        yield url


def _open(page: Any, url: str, theme: str) -> int:
    """Open a book page in a theme mode; return how many questions its quizzes hold."""
    page.goto(url)
    page.evaluate(
        "mode => { document.documentElement.dataset.theme = mode;"
        " document.documentElement.dataset.mode = mode; }",
        theme,
    )
    payloads = [
        json.loads(t)
        for t in page.locator('.lk-quiz > script[type="application/json"]').all_text_contents()
    ]
    assert payloads, f"{url} has no quiz"
    page.wait_for_function(
        "n => document.querySelectorAll('.lk-quiz[data-lk-rendered]').length === n",
        arg=len(payloads),
    )
    return sum(len(p["questions"]) for p in payloads)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_book_page_quizzes_render_work_and_pass_axe(
    page: Any, book_url: str, name: str, theme: str
) -> None:
    questions = _open(page, f"{book_url}/{name}", theme)
    expect(page.locator(".lk-quiz .lk-q")).to_have_count(questions)
    expect(page.locator(".lk-quiz__error")).to_have_count(0)
    for quiz in page.locator(".lk-quiz").all():
        form = quiz.locator(".lk-q").first
        form.locator("button.lk-check").click()
        expect(form.locator(".lk-status")).to_contain_text("No answer yet.")
        expect(quiz.locator(".lk-quiz__score")).to_contain_text("Score: 0 of ")
    result = run_axe(page, f"book {name} {theme}")
    in_quiz = [r for r in result["violations"] if any(n["inQuiz"] for n in r["nodes"])]
    assert not in_quiz, "axe violations inside .lk-quiz:\n" + _describe(in_quiz)
    colour = page.locator(".lk-quiz").first.evaluate("q => getComputedStyle(q).backgroundColor")
    assert colour == ("rgb(24, 27, 32)" if theme == "dark" else "rgb(255, 255, 255)")
