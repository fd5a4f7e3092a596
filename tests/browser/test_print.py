"""Quizzes on paper, in Chromium: the print style of a rendered quiz, the worksheet a
browser without JavaScript shows, and the PDF of `lessonkit export --format worksheet`
read back by pypdf."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from exportcheck import documented_args, documented_exports
from playwright.sync_api import expect
from pypdf import PdfReader

from lessonkit.cli import main
from lessonkit.quiz import Quiz
from lessonkit.render.html import quiz_html
from lessonkit.render.markdown import render_block
from lessonkit.teacher.exports.common import plain_text

from .conftest import ROOT, Site, guarded_page
from .quizdata import all_types, all_types_quiz

VISIBLE = "els => els.filter(e => e.getClientRects().length > 0).length"
SCREEN_ONLY = (
    ".lk-btn",
    ".lk-buttons",
    ".lk-status:not(:empty)",
    ".lk-hints",
    ".lk-quiz__score",
    ".lk-order__moves",
    ".lk-option__mark",
)


def _style(page: Any, selector: str, prop: str) -> list[str]:
    return list(
        page.eval_on_selector_all(
            selector, f"els => els.map(e => getComputedStyle(e).getPropertyValue('{prop}'))"
        )
    )


def test_a_printed_quiz_is_a_worksheet(open_quizzes: Any, page: Any) -> None:
    open_quizzes(all_types())
    expect(page.locator(".lk-print-only").first).to_be_hidden()  # on screen
    page.emulate_media(media="print")
    for selector in SCREEN_ONLY:
        assert page.eval_on_selector_all(selector, VISIBLE) == 0, selector
    questions = page.locator(".lk-q")
    expect(questions).to_have_count(9)
    assert set(_style(page, ".lk-q", "break-inside")) == {"avoid"}
    # options with boxes (square for several answers, round for one)
    assert set(_style(page, "input[type=checkbox], input[type=radio]", "appearance")) == {"none"}
    assert set(_style(page, "input[type=checkbox]", "border-top-style")) == {"solid"}
    assert set(_style(page, "input[type=radio]", "border-radius")) == {"50%"}
    # lines to write on
    assert set(_style(page, "input.lk-field", "border-bottom-style")) == {"solid"}
    assert set(_style(page, "input.lk-field", "border-top-style")) == {"none"}
    assert "repeating-linear-gradient" in _style(page, "textarea.lk-field", "background-image")[0]
    # matching: the choices as a lettered list; the drop-downs are blank lines
    letters = page.locator(".lk-match__choices li")
    expect(letters).to_have_count(4)
    expect(letters.first).to_be_visible()
    assert _style(page, ".lk-match__choices", "list-style-type") == ["upper-alpha"]
    assert set(_style(page, ".lk-select", "color")) == {"rgba(0, 0, 0, 0)"}
    expect(page.locator(".lk-q--ordering .lk-how")).to_have_text(
        "Number the items in order: write 1 in the box of the first."
    )
    assert _style(page, ".lk-order__text", "border-top-style") == ["none"] * 4
    assert (
        page.eval_on_selector_all(
            ".lk-order__text", "els => els.map(e => getComputedStyle(e, '::before').borderTopStyle)"
        )
        == ["solid"] * 4
    )


def test_without_javascript_the_page_shows_the_worksheet(browser: Any, site: Site) -> None:
    quiz = all_types_quiz()
    with guarded_page(browser, java_script_enabled=False) as (page, _guard):
        page.goto(site.write_page(quiz_html(quiz)))
        expect(page.locator(".lk-sheet > p")).to_have_text(
            f"{quiz.title}This quiz needs JavaScript. Answer it on paper:"
        )
        sheet = page.locator(".lk-sheet > ol > li")
        expect(sheet).to_have_count(len(quiz.questions))
        for question, node in zip(quiz.questions, sheet.all(), strict=True):
            prompt = plain_text(render_block(question.prompt))
            expect(node).to_contain_text(prompt)
        # the options of a choice question are a list of boxes to tick (drawn by quiz.css)
        boxes = sheet.first.locator("ul > li")
        expect(boxes).to_have_count(len(quiz.questions[0].options))  # type: ignore[attr-defined]
        assert (
            boxes.evaluate_all("els => els.map(e => getComputedStyle(e, '::before').content)")
            == ['"☐" / ""'] * boxes.count()
        )
        assert _style(page, ".lk-sheet > ol > li > ul:last-child", "list-style-type")[0] == "none"
        expect(page.locator(".lk-sheet__choices li")).to_have_text(
            ["Unsigned", "CD", "Nobody", "AB"]
        )
        page.emulate_media(media="print")
        expect(page.locator(".lk-sheet__rule").first).to_be_visible()


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_documented_worksheet_command_prints_pdfs_with_chromium(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    (command,) = [c for c in documented_exports() if "--format worksheet" in c]
    monkeypatch.chdir(tmp_path)
    assert main(documented_args(command)) == 0
    quizzes = [
        Quiz.from_yaml(path) for path in sorted((ROOT / "lessons" / "quizzes").glob("*.yaml"))
    ]
    assert f"and {len(quizzes)} PDF file(s) beside them" in capsys.readouterr().out
    for quiz in quizzes:
        reader = PdfReader(tmp_path / "worksheets" / f"{quiz.id}.pdf")
        assert len(reader.pages) >= 1
        text = _squeeze(" ".join(page.extract_text() for page in reader.pages))
        assert _squeeze(quiz.title) in text
        for question in quiz.questions:
            assert _squeeze(plain_text(render_block(question.prompt)))[:40] in text, question.id
        assert _squeeze("Try again") not in text and _squeeze("Show model answer") not in text


def test_a_worksheet_with_math_and_an_image_prints_them(
    browser: Any, tmp_path: Path, capsys: Any
) -> None:
    """The worksheet page of a quiz with math and an image draws the formulas with the
    KaTeX inside it and shows the image from inside it, offline; so does its PDF."""
    quiz_file = ROOT / "tests" / "quizzes" / "interchange.yaml"
    folder = tmp_path / "sheets"
    assert main(["export", "--format", "worksheet", str(quiz_file), "-o", str(folder)]) == 0
    assert "and 1 PDF file(s) beside them" in capsys.readouterr().out
    with guarded_page(browser) as (page, _guard):
        page.goto((folder / "interchange.html").as_uri())
        formulas = page.locator("span[data-lk-math]")
        expect(formulas).to_have_count(4)
        expect(page.locator("span[data-lk-math] .katex")).to_have_count(4)
        expect(page.locator("span[data-lk-math] math")).to_have_count(4)
        expect(page.locator(".lk-sheet__prompt").first).to_have_text(re.compile(r"^Give π"))
        image = page.get_by_role("img", name="A bar from 1917 on the left to 1933 on the right")
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0")
    text = " ".join(p.extract_text() for p in PdfReader(folder / "interchange.pdf").pages)
    assert "π" in text and "\\pi" not in text and "\\sqrt" not in text
    assert "1917" in text and "1933" in text  # the image's own text, drawn in the PDF
    assert "[A bar from 1917" not in text
