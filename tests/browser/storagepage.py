"""Pages with the book's storage scripts (quiz-storage.js, quiz-handin.js), and the moves
of a student on them: say who is answering, check answers, download the hand-in file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import STATIC, Guard, Site, load_messages, quiz_html
from .driving import expect_score, question, status

SCRIPTS = ("quiz-storage.js", "quiz-handin.js")
ROOT = "lessonkit:v2:"
THROWING_SET_ITEM = (
    "Storage.prototype.setItem = function () {"
    " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"
)
NO_LOCAL_STORAGE = (
    "for (const name of ['localStorage', 'sessionStorage']) {"
    " Object.defineProperty(window, name, {configurable: true,"
    " get() { throw new DOMException('Access is denied.', 'SecurityError'); }}); }"
)


def storage_page(
    site: Site, *quizzes: dict[str, Any], lang: str = "en", book: str = "book-a"
) -> str:
    """A test page (conftest.PAGE) of the book ``book`` that loads the storage scripts
    before quiz-page.js, as the built book does."""
    for name in SCRIPTS:
        shutil.copy(STATIC / name, site.root / name)
    body = "\n".join(
        f"<section><h2>Part {i + 1}</h2>\n{quiz_html(q)}</section>" for i, q in enumerate(quizzes)
    )
    url = site.write_page(body, lang=lang, messages=load_messages(lang))
    path = site.root / url.rsplit("/", 1)[1]
    text = path.read_text(encoding="utf-8")
    tag = '<script defer src="quiz-page.js"></script>'
    assert tag in text
    scripts = "".join(f'<script defer src="{name}"></script>\n' for name in SCRIPTS)
    meta = f'<meta name="lessonkit-book" content="{book}">\n' if book else ""
    text = text.replace(tag, scripts + tag).replace(
        '<meta charset="utf-8">\n', f'<meta charset="utf-8">\n{meta}'
    )
    path.write_text(text, encoding="utf-8")
    return url


def wait_rendered(page: Any, count: int = 1) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.lk-quiz[data-lk-rendered]').length === n", arg=count
    )


def open_page(page: Any, url: str, count: int = 1) -> None:
    page.goto(url)
    wait_rendered(page, count)


def another_tab(page: Any, guard: Guard) -> Any:
    """A new tab of the same browser: the same localStorage, a sessionStorage of its own."""
    tab = page.context.new_page()
    tab.on("pageerror", lambda error: guard.errors.append(f"uncaught page error: {error}"))
    tab.on(
        "console",
        lambda msg: (
            guard.errors.append(f"console.error: {msg.text}") if msg.type == "error" else None
        ),
    )
    return tab


def local(page: Any, key: str) -> Any:
    text = page.evaluate("key => localStorage.getItem(key)", key)
    return None if text is None else json.loads(text)


def student_key(book: str, name: str) -> str:
    """The prefix of a student's keys (quiz-storage.js KEYS.student)."""
    from urllib.parse import quote

    return f"{ROOT}{book}:who:{quote(name.lower(), safe='')}:"


def lessonkit_keys(page: Any, storage: str = "localStorage") -> list[str]:
    return page.evaluate(
        f"() => Object.keys({storage}).filter(k => k.startsWith('lessonkit:')).sort()"
    )


def who_panel(page: Any, quiz: int = 0) -> Any:
    return page.locator(".lk-quiz").nth(quiz).locator("form.lk-who")


def handin_form(page: Any, quiz: int = 0) -> Any:
    return page.locator(".lk-quiz").nth(quiz).locator("form.lk-handin")


def give_name(page: Any, name: str, quiz: int = 0) -> None:
    """Type ``name`` in the panel's field and press "Use this name"."""
    panel = who_panel(page, quiz)
    panel.get_by_label("Your name or student id").fill(name)
    panel.get_by_role("button", name="Use this name").click()
    expect(who_panel(page, quiz).get_by_role("status")).to_contain_text(
        f"Now answering as {name.strip()}."
    )


def answer_two(page: Any, quiz: int = 0, *, score: tuple[float, float] = (1, 9)) -> None:
    """Letter A (correct, 1 point) and 1950 for the year (incorrect)."""
    typed = question(page, "which-typed", quiz)
    typed.get_by_label("Letter A").check()
    typed.get_by_role("button", name="Check").click()
    expect(status(typed)).to_have_text("✓ Correct.")
    year = question(page, "year", quiz)
    year.get_by_label("Your answer").fill("1950")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_contain_text("✗ Not quite.")
    expect_score(page, *score, quiz=quiz)


def download(page: Any, folder: Path, quiz: int = 0) -> Path:
    with page.expect_download() as info:
        handin_form(page, quiz).get_by_role("button", name="Download my answers").click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target
