"""Browser fixtures: Debian Chromium driven by Playwright, a local web server, guarded pages.

Every page is guarded: the test fails if the page asks for anything that is not on
127.0.0.1/localhost (file: and data: are fine), throws an uncaught error, logs a console
error, or opens a dialog (alert/confirm/prompt: the XSS probes rely on this).
Chromium is Debian's /usr/bin/chromium; a missing browser fails loudly, never skips,
and nothing here downloads a browser.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "src" / "lessonkit" / "render" / "static"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
ASSETS = ("quiz.js", "quiz-page.js", "quiz.css")


#: axe-core results of this session, printed in the terminal summary (see test_axe.py).
AXE_RUNS: list[dict[str, Any]] = []


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not AXE_RUNS:
        return
    terminalreporter.section("axe-core")
    for run in AXE_RUNS:
        incomplete = ", ".join(run["incomplete"]) or "none"
        terminalreporter.write_line(
            f"{run['name']}: axe {run['version']} ran {run['rules']} rules, "
            f"{run['applicable']} applied ({run['passes']} passed), "
            f"violations: {', '.join(run['violations']) or 'none'}; needs review: {incomplete}"
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# ----------------------------------------------------------------------------- guards


@dataclass
class Guard:
    """What a page did that a test must not allow; ``expect_console`` permits known errors."""

    external: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)

    def expect_console(self, pattern: str) -> None:
        """Allow console errors matching ``pattern`` (a regular expression)."""
        self.allowed.append(re.compile(pattern))

    def problems(self) -> list[str]:
        errors = [e for e in self.errors if not any(p.search(e) for p in self.allowed)]
        return (
            [f"request to a non-local host: {u}" for u in self.external]
            + errors
            + [f"dialog opened: {d}" for d in self.dialogs]
        )


def _is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("file", "data", "blob", "about"):
        return True
    return parsed.hostname in LOCAL_HOSTS


@contextlib.contextmanager
def guarded_page(browser: Any, **context_options: Any) -> Iterator[tuple[Any, Guard]]:
    """A fresh context and page; fails (pytest.fail) if the guard caught anything."""
    guard = Guard()
    context = browser.new_context(**context_options)

    def on_request(request: Any) -> None:
        if not _is_local(request.url):
            guard.external.append(request.url)

    def route(route: Any) -> None:
        if _is_local(route.request.url):
            route.continue_()
        else:  # recorded by on_request; never let it leave the machine
            route.abort()

    context.on("request", on_request)
    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda error: guard.errors.append(f"uncaught page error: {error}"))
    page.on(
        "console",
        lambda msg: (
            guard.errors.append(f"console.error: {msg.text}") if msg.type == "error" else None
        ),
    )

    def on_dialog(dialog: Any) -> None:
        guard.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield page, guard
    finally:
        context.close()
    problems = guard.problems()
    if problems:
        pytest.fail("the page misbehaved:\n  " + "\n  ".join(problems), pytrace=False)


# ---------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, with the project's flags."""
    if not CHROMIUM.is_file():
        pytest.fail(
            f"{CHROMIUM} is missing. The browser tests use Debian's Chromium: run "
            "'bash tools/setup-browser.sh' (or as root: apt-get install chromium chromium-driver). "
            "Do not run 'playwright install'.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield instance
        instance.close()


@pytest.fixture
def guarded(browser: Any) -> Iterator[tuple[Any, Guard]]:
    """(page, guard) for one test."""
    with guarded_page(browser) as pair:
        yield pair


@pytest.fixture
def page(guarded: tuple[Any, Guard]) -> Any:
    return guarded[0]


@pytest.fixture
def guard(guarded: tuple[Any, Guard]) -> Guard:
    return guarded[1]


# ------------------------------------------------------------------------------- site


@dataclass
class Site:
    """A folder served on 127.0.0.1 that holds the quiz assets and the test pages."""

    root: Path
    url: str

    def write_page(
        self,
        body: str,
        *,
        theme: str = "light",
        lang: str = "en",
        messages: dict[str, str] | None = None,
    ) -> str:
        """Write a page (the quiz assets, the message catalogue, ``body``); return its URL."""
        catalogue = messages if messages is not None else load_messages(lang)
        text = json.dumps(catalogue, ensure_ascii=False).replace("<", "\\u003c")
        name = f"page-{uuid.uuid4().hex[:12]}.html"
        theme_attr = f' data-theme="{theme}"' if theme else ""
        (self.root / name).write_text(
            PAGE.format(theme=theme_attr, lang=lang, messages=text, body=body), encoding="utf-8"
        )
        return f"{self.url}/{name}"


PAGE = """<!DOCTYPE html>
<html lang="{lang}"{theme}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Quiz test page</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="quiz.css">
<style>body {{ margin: 0; padding: 0.5rem; font-family: sans-serif; }}
html[data-theme="dark"] body {{ background: #14181e; color: #ced6dd; }}
@media (prefers-color-scheme: dark) {{ html:not([data-theme]) body {{ background: #14181e; color: #ced6dd; }} }}</style>
<script>globalThis.LessonkitQuizMessages = {messages};</script>
<script defer src="quiz.js"></script>
<script defer src="quiz-page.js"></script>
</head>
<body>
<main>
<h1>Quiz test page</h1>
{body}
</main>
</body>
</html>
"""


def load_messages(lang: str = "en") -> dict[str, str]:
    path = STATIC / "messages" / f"{lang}.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(root: Path) -> Iterator[str]:
    """``python -m http.server`` on a free port of 127.0.0.1 serving ``root``; yields the URL."""
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(root),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 15
    while True:
        try:
            with urllib.request.urlopen(f"{url}/", timeout=1):
                break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"the test web server did not start on {url}", pytrace=False)
            time.sleep(0.1)
    try:
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A temporary folder with the quiz assets, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    for name in ASSETS:
        shutil.copy(STATIC / name, root / name)
    with serve(root) as url:
        yield Site(root, url)


def quiz_html(quiz: dict[str, Any] | str) -> str:
    """A payload as the book embeds it (lessonkit.render.html), or raw HTML as given."""
    if isinstance(quiz, str):
        return quiz
    from lessonkit.render.html import quiz_element

    return quiz_element(quiz)


def broken_quiz(data_text: str) -> str:
    """A quiz element whose data script holds ``data_text`` verbatim."""
    return (
        '<div class="lk-quiz"><script type="application/json">'
        f"{data_text}</script><noscript>{html.escape('needs JavaScript')}</noscript></div>"
    )


@pytest.fixture
def open_quizzes(page: Any, site: Site) -> Any:
    """open_quizzes(*payloads, theme=, lang=, messages=, between=) -> page, all rendered."""

    def _open(
        *quizzes: dict[str, Any] | str,
        theme: str = "light",
        lang: str = "en",
        messages: dict[str, str] | None = None,
    ) -> Any:
        body = "\n".join(
            f"<section><h2>Part {i + 1}</h2>\n{quiz_html(q)}</section>"
            for i, q in enumerate(quizzes)
        )
        page.goto(site.write_page(body, theme=theme, lang=lang, messages=messages))
        page.wait_for_function(
            "n => document.querySelectorAll('.lk-quiz[data-lk-rendered]').length === n",
            arg=len(quizzes),
        )
        return page

    return _open
