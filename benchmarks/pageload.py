"""Long quiz pages in headless Chromium: load time of a page of n questions.

The questions are the real lessons' questions (every type, excerpts and all) repeated with
new ids until there are n; the page loads quiz.js, quiz-storage.js, quiz-page.js and
quiz.css like a book page. Load time: from navigation until every question is rendered
and the next frame is drawn.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "src" / "lessonkit" / "render" / "static"
SIZES = (100, 300, 1000)
TARGET_SECONDS = 2.0
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def long_quiz(count: int) -> str:
    """The YAML of a quiz of ``count`` questions taken in turn from the lessons' quizzes."""
    pool = []
    for path in sorted((ROOT / "lessons" / "quizzes").glob("*.yaml")):
        pool.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["questions"])
    questions = [dict(pool[k % len(pool)], id=f"q{k}") for k in range(count)]
    quiz = {"id": "long", "title": "A long quiz", "version": 1, "questions": questions}
    return yaml.safe_dump(quiz, allow_unicode=True, sort_keys=False)


def write_page(folder: Path, count: int) -> Path:
    """A static page holding one quiz of ``count`` questions, with lessonkit's assets."""
    from lessonkit.quiz import Quiz
    from lessonkit.render.html import quiz_html

    source = folder / f"quiz-{count}.yaml"
    source.write_text(long_quiz(count), encoding="utf-8")
    element = quiz_html(Quiz.from_yaml(source))
    messages = (STATIC / "messages" / "en.json").read_text(encoding="utf-8")
    scripts = "".join(
        f"<script defer src='{name}'></script>"
        for name in ("quiz.js", "quiz-storage.js", "quiz-page.js")
    )
    page = folder / f"page-{count}.html"
    page.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>bench</title>"
        f"<link rel='stylesheet' href='quiz.css'>"
        f"<script>globalThis.LessonkitQuizMessages={messages};</script>{scripts}</head>"
        f"<body><main><h1>A long page</h1>{element}</main></body></html>",
        encoding="utf-8",
    )
    for name in ("quiz.js", "quiz-storage.js", "quiz-page.js", "quiz.css"):
        shutil.copy2(STATIC / name, folder / name)
    return page


def load_seconds(sizes: tuple[int, ...], runs: int) -> dict[int, list[float]]:
    """Seconds to load the page of each size, ``runs`` times each (a fresh tab each time)."""
    from playwright.sync_api import sync_playwright

    times: dict[int, list[float]] = {n: [] for n in sizes}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        pages = {n: write_page(Path(tmp), n).as_uri() for n in sizes}
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for _ in range(runs):
            for n in sizes:
                tab = browser.new_page()
                start = time.perf_counter()
                tab.goto(pages[n])
                tab.wait_for_function(
                    f"document.querySelectorAll('.lk-quiz .lk-q').length === {n}",
                    timeout=120_000,
                )
                tab.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")
                times[n].append(time.perf_counter() - start)
                tab.close()
        browser.close()
    return times


def heap_mib(count: int) -> float:
    """JavaScript heap in use (MiB) once the page of ``count`` questions is rendered."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page = write_page(Path(tmp), count).as_uri()
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        tab = browser.new_page()
        session = tab.context.new_cdp_session(tab)
        session.send("Performance.enable")
        tab.goto(page)
        tab.wait_for_function(
            f"document.querySelectorAll('.lk-quiz .lk-q').length === {count}", timeout=120_000
        )
        metrics = {m["name"]: m["value"] for m in session.send("Performance.getMetrics")["metrics"]}
        browser.close()
    return float(metrics["JSHeapUsedSize"]) / 2**20
