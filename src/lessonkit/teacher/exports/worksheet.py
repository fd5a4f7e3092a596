"""Printable worksheets: one HTML page per quiz, and a PDF of it where Chromium is found.

The page is the quiz's static worksheet (:mod:`lessonkit.render.worksheet`) with the
quiz style sheet inside it, so the file prints the same anywhere, offline: its images are
inside it as data URIs and, when a text has math, KaTeX is too (drawn by sheet-math.js;
a page without math carries none). The PDF is Chromium's own print to PDF, driven by
Playwright, of that page.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from html import escape
from pathlib import Path

from ..._resources import static_dir
from ...quiz.model import Quiz
from ...render.markdown import has_math
from ...render.mathassets import katex_files
from ...render.payload import quiz_images
from ...render.worksheet import sheet_language, worksheet_html
from .common import unique_quizzes

__all__ = ["CHROMIUM_PATHS", "print_to_pdf", "worksheet_page", "worksheet_pages"]

#: Where a Chromium (or Chrome) is looked for, in this order.
CHROMIUM_PATHS = (
    Path("/usr/bin/chromium"),
    Path("/usr/bin/chromium-browser"),
    Path("/usr/bin/google-chrome"),
)
_MARGIN = "15mm"


def worksheet_page(quiz: Quiz, *, lang: str | None = None) -> str:
    """A self-contained HTML page with the worksheet of ``quiz``."""
    language = sheet_language(lang)
    with quiz_images(quiz):
        sheet = worksheet_html(quiz, lang=language, heading=True)
    style = (static_dir() / "quiz.css").read_text(encoding="utf-8")
    math_style = math_script = ""
    if has_math(sheet):
        script, css = katex_files()
        draw = (static_dir() / "sheet-math.js").read_text(encoding="utf-8")
        math_style = f"<style>\n{css}</style>"
        math_script = f"<script>\n{script}\n;\n{draw}</script>"
    return (
        f'<!doctype html>\n<html lang="{language}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(quiz.title)}</title><style>\n{style}</style>{math_style}</head>"
        f'<body><main class="lk-quiz lk-quiz--sheet">{sheet}</main>{math_script}</body></html>\n'
    )


def worksheet_pages(quizzes: Iterable[Quiz], *, lang: str | None = None) -> dict[str, str]:
    """File name (``<quiz id>.html``) and page of every quiz."""
    return {f"{quiz.id}.html": worksheet_page(quiz, lang=lang) for quiz in unique_quizzes(quizzes)}


def _chromium() -> Path | None:
    return next((path for path in CHROMIUM_PATHS if path.is_file()), None)


def _print(chromium: Path, pages: Sequence[Path]) -> list[Path] | str:
    from playwright.sync_api import Error, sync_playwright

    made: list[Path] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium))
            page = browser.new_page()
            for html in pages:
                target = html.with_suffix(".pdf")
                page.goto(html.resolve().as_uri())
                page.evaluate("() => document.fonts.ready.then(() => true)")
                page.pdf(
                    path=str(target),
                    format="A4",
                    margin={"top": _MARGIN, "bottom": _MARGIN, "left": _MARGIN, "right": _MARGIN},
                    print_background=True,
                )
                made.append(target)
            browser.close()
    except Error as error:
        return f"Chromium could not print ({str(error).splitlines()[0]})"
    return made


def print_to_pdf(pages: Sequence[Path]) -> list[Path] | str:
    """Print each HTML file of ``pages`` to a PDF beside it (A4) with Chromium.

    Returns the PDF files, or why none could be made (no Playwright, no Chromium).
    Playwright runs in a thread of its own, so this works where an event loop is
    already running (a Jupyter kernel).
    """
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed (pip install playwright)"
    chromium = _chromium()
    if chromium is None:
        where = ", ".join(str(p) for p in CHROMIUM_PATHS)
        return f"no Chromium was found (looked at {where})"
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_print, chromium, pages).result()
