"""The measurements behind benchmarks/run.py: each returns (figure, comparison, note).

Every figure and its comparison are measured in the same run, on the same machine, as
medians of ``runs`` repetitions.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import growth
import hubclass
import pageload
from bookenv import book_bin

from lessonkit.book.execute import book_notebooks

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.md"))
NOTEBOOKS = book_notebooks(ROOT)  # every page the build executes (lessons and the tutorial)


@dataclass(frozen=True)
class Spec:
    """One row of the table: how to measure it and its target."""

    key: str
    label: str
    unit: str
    target: str
    kind: str
    limit: float
    measure: Callable[[int], tuple[float, float, str]]


def cpu_count() -> int:
    return os.cpu_count() or 1


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _timed(command: list[str], **kwargs: object) -> float:
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        )
    return time.perf_counter() - start


# -- import -----------------------------------------------------------------------------


def _import_time(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout)


def measure_import(runs: int) -> tuple[float, float, str]:
    _import_time("lessonkit")  # untimed: a fresh clone has no bytecode cache yet
    ours = _median([_import_time("lessonkit") for _ in range(runs)])
    pandas = _median([_import_time("pandas") for _ in range(runs)])
    return ours * 1000, pandas * 1000, "in a fresh process, interpreter start excluded"


# -- progress store ---------------------------------------------------------------------


def measure_store(runs: int) -> tuple[float, float, str]:
    """1,000 answers written into a new store, each its own transaction, beside plain
    sqlite3 doing the same into a new file of the same schema. Both timings include
    making the file (for lessonkit: its checks too). Processor time, the two taken in
    turns: on a machine that others share, waiting for a core is neither's own cost."""
    import datetime as dt
    import sqlite3

    from lessonkit.answers import ProgressStore
    from lessonkit.answers.storefile import SCHEMA

    def ours(folder: Path) -> float:
        start = time.process_time()
        store = ProgressStore(folder / "p.sqlite")
        for i in range(1000):
            store.record(
                quiz_id="q",
                quiz_version=1,
                question_id=f"q{i % 7}",
                answer=["a", i],
                verdict="correct",
                score=1.0,
                quiz_title="Quiz",
            )
        store.close()
        return time.process_time() - start

    def plain(folder: Path) -> float:
        start = time.process_time()
        conn = sqlite3.connect(folder / "p.sqlite", isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.executescript(SCHEMA)
        for i in range(1000):
            now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
            conn.execute("BEGIN")
            conn.execute(
                "INSERT INTO answers (recorded_at, quiz_id, quiz_version, quiz_title,"
                " question_id, answer, verdict, score) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (now, "q", 1, "Quiz", f"q{i % 7}", json.dumps(["a", i]), "correct", 1.0),
            )
            conn.execute("COMMIT")
        conn.close()
        return time.process_time() - start

    found: dict[str, list[float]] = {"ours": [], "plain": []}
    for _ in range(max(runs, 5)):
        for name, write in (("ours", ours), ("plain", plain)):
            with tempfile.TemporaryDirectory() as tmp:
                found[name].append(write(Path(tmp)))
    return (
        _median(found["ours"]) * 1000,
        _median(found["plain"]) * 1000,
        "1,000 answers into a new file, one transaction each; processor time",
    )


# -- gradebook --------------------------------------------------------------------------


def measure_gradebook(runs: int) -> tuple[float, float, str]:
    from gradebook_scale import write_class, write_quizzes

    from lessonkit.teacher.gradebook import gradebook

    with tempfile.TemporaryDirectory() as tmp:
        quizzes = write_quizzes(Path(tmp) / "quizzes")
        write_class(Path(tmp) / "handins", 300, quizzes)
        paths = sorted((Path(tmp) / "handins").glob("*.json"))
        gradebook(paths[:5], quizzes)  # warm imports (pandas) outside the timing

        def ours() -> float:
            start = time.perf_counter()
            gradebook(paths, quizzes)
            return time.perf_counter() - start

        def plain() -> float:
            start = time.perf_counter()
            for p in paths:
                with p.open(encoding="utf-8") as handle:
                    json.load(handle)
            return time.perf_counter() - start

        return (
            _median([ours() for _ in range(runs)]) * 1000,
            _median([plain() for _ in range(runs)]) * 1000,
            "300 files x 10 quizzes x 7 questions, every answer regraded; "
            "sizes up to 30,000: benchmarks/gradebook_scale.py",
        )


# -- lesson execution -------------------------------------------------------------------


def _execute(path: Path | None, code: str = "", *, server: bool = False) -> float:
    """Seconds to execute a lesson (or, for None, a notebook of one cell: ``code``, by
    default ``1 + 1``) the way the book build does, in the book's environment: read by
    myst-nb, its kernel forked from the build's fork server (started before the clock),
    run by :func:`lessonkit.book.execute.execute_notebook` (``execute_one.py``). With
    ``server``: the seconds that starting the fork server takes (once per build)."""
    command = [str(book_bin() / "python"), str(Path(__file__).with_name("execute_one.py"))]
    if server:
        command.append("--server")
    else:
        command.append("--in-build")
        command += [str(path)] if path else (["-c", code] if code else [])
    out = subprocess.run(command, capture_output=True, text=True)  # the kernel: book mode
    if out.returncode != 0:
        raise RuntimeError(f"{path or code or 'empty notebook'}: {out.stderr[-2000:]}")
    return float(out.stdout)


#: What every lesson imports besides lessonkit: its tables and its figures.
_LESSON_IMPORTS = "import pandas\nimport matplotlib.pyplot"


def measure_lesson(runs: int) -> tuple[float, float, str]:
    """Each lesson executed right after an empty notebook, in turns (on a loaded machine,
    a lesson and its comparison then meet the same load), each kernel forked as in a
    build; and, for the note, a notebook that only imports what the lessons import
    besides lessonkit, and the fork server's start (once per build)."""
    _execute(LESSONS[0])  # warm-up, untimed: the first kernel after a build reads cold caches
    server = _median([_execute(None, server=True) for _ in range(3)])
    empty: list[float] = []
    imports: list[float] = []
    per_lesson: dict[str, list[float]] = {p.stem[:2]: [] for p in LESSONS}
    for _ in range(max(3, runs // 2)):
        imports.append(_execute(None, _LESSON_IMPORTS))
        for path in LESSONS:
            empty.append(_execute(None))
            per_lesson[path.stem[:2]].append(_execute(path))
    medians = {name: _median(times) for name, times in per_lesson.items()}
    worst = max(medians, key=medians.__getitem__)
    return (
        medians[worst],
        _median(empty),
        f"slowest lesson {worst}; median lesson {_median(list(medians.values())):.2f} s; "
        f"importing pandas and matplotlib.pyplot alone {_median(imports) - _median(empty):+.2f} s; "
        f"kernels forked from a server that starts once per build in {server:.2f} s",
    )


# -- page weight ------------------------------------------------------------------------

_PAGE = """---
jupytext:
  text_representation: {{extension: .md, format_name: myst, format_version: 0.13}}
kernelspec: {{display_name: Python 3, language: python, name: python3}}
---

# A page

```{{code-cell}} ipython3
{code}
```
"""
_QUIZ = """id: one
title: One question
questions:
  - id: q
    type: single
    prompt: Which letter was typewritten?
    options:
      - {id: np, text: "NP's letter", correct: true, feedback: "Yes: the only typed letter."}
      - {id: lg, text: "L.G.'s letter", feedback: "No: look at the medium column."}
"""
_JUPYTERQUIZ = (
    "from jupyterquiz import display_quiz\n"
    'display_quiz([{"question": "Which letter was typewritten?", "type": "multiple_choice",'
    ' "answers": [{"answer": "NP\'s letter", "correct": True, "feedback": "Yes: the only typed letter."},'
    ' {"answer": "L.G.\'s letter", "correct": False, "feedback": "No: look at the medium column."}]}])'
)


def _bench_deps() -> Path:
    target = ROOT / "_build" / "bench-deps"
    if not (target / "jupyterquiz").is_dir():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "-q",
                "--no-deps",
                "--target",
                str(target),
                "jupyterquiz",
            ],
            check=True,
        )
    return target


def _page_bytes(code: str, extension: bool) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp)
        (book / "_toc.yml").write_text("format: jb-book\nroot: page\n")
        extensions = "  extra_extensions: [lessonkit.book]\n" if extension else ""
        (book / "_config.yml").write_text(
            "title: bench\nexecute: {execute_notebooks: cache}\nlaunch_buttons: {thebe: false}\n"
            f"sphinx:\n{extensions}  config:\n    nb_mime_priority_overrides:\n"
            '      - ["html", "application/vnd.jupyter.widget-view+json", 35]\n'
        )
        (book / "quiz.yaml").write_text(_QUIZ)
        (book / "page.md").write_text(_PAGE.format(code=code))
        env = dict(os.environ, PYTHONPATH=str(_bench_deps()))
        subprocess.run(
            [str(book_bin() / "jupyter-book"), "build", str(book)],
            check=True,
            capture_output=True,
            env=env,
        )
        return (book / "_build" / "html" / "page.html").stat().st_size


def measure_page_bytes(runs: int) -> tuple[float, float, str]:
    base_ours = _page_bytes("print('no quiz')", True)
    ours = (
        _page_bytes("from lessonkit.quiz import Quiz\nQuiz.from_yaml('quiz.yaml')", True)
        - base_ours
    )
    base_theirs = _page_bytes("print('no quiz')", False)
    theirs = _page_bytes(_JUPYTERQUIZ, False) - base_theirs
    return (
        float(ours),
        float(theirs),
        "one single-choice question; quiz.js/css are shared site files",
    )


# -- book builds ------------------------------------------------------------------------


def _build(source: Path, *args: str) -> float:
    """``make book`` in the copy; ``-o`` keeps make from reinstalling the book's environment."""
    return _timed(["make", "-C", str(source), "-o", ".venv/.installed", "book", *args])


def _copy_book() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="lk-bench-"))
    for name in (
        "_config.yml",
        "_toc.yml",
        "welcome.md",
        "Makefile",
        "pyproject.toml",
        "README.md",
    ):
        shutil.copy2(ROOT / name, tmp / name)
    for name in (
        "lessons",
        "reference",
        "guide",
        "datasets",
        "src",
        "tools",
        "_static",
        "_templates",
    ):
        if (ROOT / name).exists():
            shutil.copytree(
                ROOT / name, tmp / name, ignore=shutil.ignore_patterns("*.ipynb", "__pycache__")
            )
    (tmp / ".venv").symlink_to(book_bin().parent)
    return tmp


_BUILDS: dict[str, list[float]] = {}


def _edited_build(book: Path, path: Path, edited: str) -> float:
    """``make book`` after one file was edited; the file is restored and built again after."""
    original = path.read_text(encoding="utf-8")
    path.write_text(edited, encoding="utf-8")
    try:
        return _build(book)
    finally:
        path.write_text(original, encoding="utf-8")
        _build(book)


def _with_dataset_note(path: Path, i: int) -> str:
    """The CSV with a word added to the first row's ``note`` (a teacher's small correction)."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames or [])
    rows[0]["note"] = f"{rows[0]['note']} Edited{i}.".strip()
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _execution_off(book: Path) -> Path:
    """``book`` with ``execute_notebooks: 'off'``: the floor's build."""
    config = (book / "_config.yml").read_text(encoding="utf-8")
    (book / "_config.yml").write_text(
        config.replace("execute_notebooks: cache", "execute_notebooks: 'off'"), encoding="utf-8"
    )
    return book


def _floor(book: Path) -> float:
    """A clean build of ``book`` with execution off (as ``make book`` runs it), plus the
    kernel starts a build needs: the fork server's, once (the kernel's imports), and one
    forked kernel (executing an empty notebook) per notebook."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    sphinx_only = _timed([str(book_bin() / "lessonkit"), "build-book", str(book)])
    return sphinx_only + _execute(None, server=True) + sum(_execute(None) for _ in NOTEBOOKS)


def _build_series(runs: int) -> dict[str, list[float]]:
    """Clean, no-change, one-lesson, one-quiz and one-dataset edit builds, ``runs`` times
    each, and the clean build's floor measured right after each clean build (on a loaded
    machine, a figure and its comparison then meet the same load)."""
    if _BUILDS:
        return _BUILDS
    book, unexecuted = _copy_book(), _execution_off(_copy_book())
    series: dict[str, list[float]] = {
        "clean": [],
        "floor": [],
        "again": [],
        "edit": [],
        "quiz": [],
        "data": [],
    }
    lesson = book / "lessons" / LESSONS[len(LESSONS) // 2].name
    quiz = sorted((book / "lessons" / "quizzes").glob("*.yaml"))[len(LESSONS) // 2]
    dataset = book / "datasets" / "convictions.csv"
    try:
        for i in range(runs):
            shutil.rmtree(book / "_build", ignore_errors=True)
            series["clean"].append(_build(book))
            series["floor"].append(_floor(unexecuted))
            series["again"].append(_build(book))
            code = "```{code-cell} ipython3\n"
            text = lesson.read_text(encoding="utf-8")
            edited = text.replace(code, f"{code}_edit = {i}\n", 1)
            series["edit"].append(_edited_build(book, lesson, edited))
            text = quiz.read_text(encoding="utf-8")
            series["quiz"].append(_edited_build(book, quiz, f"{text}# edited {i}\n"))
            series["data"].append(_edited_build(book, dataset, _with_dataset_note(dataset, i)))
    finally:
        shutil.rmtree(book, ignore_errors=True)
        shutil.rmtree(unexecuted, ignore_errors=True)
    _BUILDS.update(series)
    return _BUILDS


def measure_rebuild(runs: int) -> tuple[float, float, str]:
    series = _build_series(runs)
    return _median(series["again"]), _median(series["clean"]), "make book twice"


def measure_edit(runs: int) -> tuple[float, float, str]:
    series = _build_series(runs)
    return _median(series["edit"]), _median(series["clean"]), "one code cell of one lesson changed"


def measure_quiz_edit(runs: int) -> tuple[float, float, str]:
    series = _build_series(runs)
    return (
        _median(series["quiz"]),
        _median(series["edit"]),
        "one quiz file changed; compared with the one-lesson edit",
    )


def measure_dataset_edit(runs: int) -> tuple[float, float, str]:
    series = _build_series(runs)
    return (
        _median(series["data"]),
        _median(series["edit"]),
        "one row of convictions.csv changed; compared with the one-lesson edit",
    )


def measure_clean_build(runs: int) -> tuple[float, float, str]:
    series = _build_series(runs)
    return (
        _median(series["clean"]),
        _median(series["floor"]),
        "floor = execution off + the fork server's start + one forked kernel per notebook",
    )


# -- click to feedback ------------------------------------------------------------------


def measure_click(runs: int) -> tuple[float, float, str]:
    from playwright.sync_api import sync_playwright

    from lessonkit.quiz import Quiz
    from lessonkit.render.html import quiz_html

    static = ROOT / "src" / "lessonkit" / "render" / "static"
    with tempfile.TemporaryDirectory() as tmp:
        quiz_path = Path(tmp) / "quiz.yaml"
        quiz_path.write_text(_QUIZ, encoding="utf-8")
        element = quiz_html(Quiz.from_yaml(quiz_path))
        messages = (static / "messages" / "en.json").read_text(encoding="utf-8")
        page_html = (
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>bench</title>"
            f"<link rel='stylesheet' href='quiz.css'></head><body><main>{element}</main>"
            f"<script>globalThis.LessonkitQuizMessages={messages};</script>"
            f"<script src='quiz.js'></script><script src='quiz-page.js'></script></body></html>"
        )
        for name in ("quiz.js", "quiz-page.js", "quiz.css"):
            shutil.copy2(static / name, Path(tmp) / name)
        (Path(tmp) / "index.html").write_text(page_html, encoding="utf-8")
        flags = [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-dev-shm-usage",
        ]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=flags)
            page = browser.new_page()
            page.goto((Path(tmp) / "index.html").as_uri())
            page.wait_for_selector(".lk-quiz input[type=radio]")
            script = """() => {
              const quiz = document.querySelector('.lk-quiz');
              const radios = quiz.querySelectorAll('input[type=radio]');
              const buttons = () => [...quiz.querySelectorAll('button')];
              const status = quiz.querySelector('[role=status]');
              const times = [];
              for (let i = 0; i < 50; i++) {
                const again = buttons().find(b => b.textContent.trim() === 'Try again');
                if (again && !again.disabled && again.offsetParent) again.click();
                radios[i % 2].click();
                const check = buttons().find(b => b.textContent.trim() === 'Check');
                const before = status.textContent;
                const t0 = performance.now();
                check.click();
                status.getBoundingClientRect();  // include style and layout of the feedback
                times.push(performance.now() - t0);
                if (!status.textContent || status.textContent === before && i > 0 && i % 2 === 0) {
                  throw new Error('no feedback after click ' + i);
                }
              }
              times.sort((a, b) => a - b);
              return times[25];
            }"""
            median_ms = page.evaluate(script)
            browser.close()
    return float(median_ms), 1000 / 60, "median of 50 clicks, click handler + layout"


# -- long quiz pages --------------------------------------------------------------------


def measure_long_page(runs: int) -> tuple[float, float, str]:
    """Load time of a 1,000-question page, and the curve over 100 / 300 / 1,000 questions."""
    times = pageload.load_seconds(pageload.SIZES, runs)
    sizes = list(pageload.SIZES)
    medians = [_median(times[n]) for n in sizes]
    memory = [pageload.heap_mib(n) for n in sizes]
    growth.CURVES.append(
        growth.Curve(
            "quiz page load in headless Chromium",
            "questions",
            sizes,
            medians,
            memory,
            "JS heap after load",
        )
    )
    return medians[-1], pageload.TARGET_SECONDS, "1,000 questions of every type, one page"


SPECS = [
    Spec(
        "import",
        "`import lessonkit` (fresh process)",
        "ms",
        "<= 0.1x `import pandas`",
        "ratio",
        0.1,
        measure_import,
    ),
    Spec(
        "bytes",
        "bytes a quiz adds to a page",
        "B",
        "<= 0.02x jupyterquiz",
        "ratio",
        0.02,
        measure_page_bytes,
    ),
    Spec(
        "rebuild",
        "no-change rebuild (`make book` twice)",
        "s",
        "<= 0.1x clean build",
        "ratio",
        0.1,
        measure_rebuild,
    ),
    Spec(
        "edit",
        "rebuild after editing one lesson",
        "s",
        "<= 0.35x clean build",
        "ratio",
        0.35,
        measure_edit,
    ),
    Spec(
        "quiz-edit",
        "rebuild after editing one quiz file",
        "s",
        "<= 1.5x a one-lesson edit",
        "ratio",
        1.5,
        measure_quiz_edit,
    ),
    Spec(
        "data-edit",
        "rebuild after editing one dataset",
        "s",
        "<= 1.5x a one-lesson edit",
        "ratio",
        1.5,
        measure_dataset_edit,
    ),
    Spec(
        "clean",
        "clean build (all lessons executed)",
        "s",
        "<= 1.3x floor",
        "ratio",
        1.3,
        measure_clean_build,
    ),
    Spec(
        "lesson",
        "executing one lesson (slowest)",
        "s",
        "<= +0.6 s over an empty notebook",
        "plus",
        0.6,
        measure_lesson,
    ),
    Spec(
        "click",
        "click to feedback in Chromium",
        "ms",
        "<= 16 ms (one frame)",
        "ratio",
        16 / (1000 / 60),
        measure_click,
    ),
    Spec(
        "page",
        "loading a 1,000-question quiz page",
        "s",
        "<= 2 s in headless Chromium",
        "ratio",
        1.0,
        measure_long_page,
    ),
    Spec(
        "gradebook",
        "gradebook over 300 handed-in files",
        "ms",
        "<= 2x plain json",
        "ratio",
        2.0,
        measure_gradebook,
    ),
    Spec(
        "store",
        "progress store: 1,000 answers",
        "ms",
        "<= 1.3x plain sqlite3",
        "ratio",
        1.3,
        measure_store,
    ),
    Spec(
        "hub",
        f"class on a JupyterHub: wall time per student ({hubclass.CLASS_SIZE} at once)",
        "s",
        "<= 0.6x one student alone",
        "ratio",
        0.6,
        hubclass.measure_class,
    ),
    Spec(
        "hubmemory",
        "peak memory per student server (lesson 1 run)",
        "MiB",
        "<= 2x an idle server",
        "ratio",
        2.0,
        hubclass.measure_memory,
    ),
]


def extras() -> dict[str, str]:
    """Figures without a target: heaviest lesson page, site size, peak memory of make book."""
    html = ROOT / "_build" / "html"
    if not html.is_dir():
        return {"note": "run `make book` first for page and site sizes"}
    pages = {p: p.stat().st_size for p in (html / "lessons").glob("*.html")}
    heaviest = max(pages, key=pages.__getitem__)
    images = (
        sum(p.stat().st_size for p in (html / "_images").glob("*"))
        if (html / "_images").is_dir()
        else 0
    )
    site = sum(p.stat().st_size for p in html.rglob("*") if p.is_file())
    return {
        "heaviest lesson page (HTML only)": f"{heaviest.name}: {pages[heaviest]:,} B",
        "built site": f"{site / 1e6:.1f} MB ({images / 1e6:.2f} MB of figures)",
    }
