"""Driving a notebook in the JupyterLab 4 / Notebook 7 user interface, and reading the store."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .jupyter_app import NOTEBOOK, JupyterApp, wait_until

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def pause(page: Any) -> Any:
    """A pause for wait_until that keeps the page alive (see there)."""
    return lambda seconds: page.wait_for_timeout(seconds * 1000)


def wait_for_idle_kernel(page: Any, app: JupyterApp, *, timeout: float = 30) -> None:
    """Until the notebook's kernel (as the server sees it) is started and idle."""
    wait_until(
        lambda: app.kernel_state() == "idle",
        timeout=timeout,
        pause=pause(page),
        message=lambda: (
            f"the kernel of {NOTEBOOK} is not idle: {app.api('/api/sessions')}\n{app.log_tail()}"
        ),
    )


def open_notebook(page: Any, app: JupyterApp) -> None:
    """Open quiz.ipynb and wait until its cell is shown and its kernel is idle."""
    page.goto(app.notebook_url)
    wait_for_notebook(page, app)


def wait_for_notebook(page: Any, app: JupyterApp) -> None:
    expect(page.locator(".jp-NotebookPanel .jp-CodeCell").first).to_be_visible(timeout=30_000)
    wait_for_idle_kernel(page, app)


def menu(page: Any, name: str, command: str) -> None:
    """Choose the menu item of ``command`` in the main menu ``name`` (pitfall 10: by command id)."""
    page.get_by_role("menuitem", name=name, exact=True).click()
    page.locator(f"li[data-command='{command}']").click()


def run_all(page: Any) -> None:
    menu(page, "Run", "runmenu:run-all")


def save(page: Any, app: JupyterApp) -> None:
    """Save the notebook and wait until the file holds the widget output and the page knows."""
    menu(page, "File", "docmanager:save")

    def saved() -> bool:
        try:  # Jupyter rewrites the file in place: it may be read half-written
            notebook = json.loads((app.root / NOTEBOOK).read_text(encoding="utf-8"))
        except ValueError:
            return False
        return any(
            WIDGET_VIEW in output.get("data", {})
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
        )

    wait_until(
        saved,
        timeout=10,
        pause=pause(page),
        message=f"{NOTEBOOK} was not saved with the widget output",
    )
    expect(page.locator(".jp-mod-dirty")).to_have_count(0)


def quiz(page: Any) -> Any:
    """The live quiz widget in the notebook's output area."""
    return page.locator(".jp-OutputArea-output .lk-quiz")


def wait_for_quiz(page: Any, *, fresh: bool = False) -> Any:
    """The quiz widget once it has rendered; ``fresh``: a new one, not one marked by mark_old."""
    selector = ".jp-OutputArea-output .lk-quiz" + (":not([data-e2e-old])" if fresh else "")
    widget = page.locator(selector)
    try:
        expect(widget).to_have_count(1, timeout=30_000)
    except AssertionError:
        shown = page.locator(".jp-OutputArea").all_inner_texts()
        raise AssertionError(
            f"no quiz widget ({selector}); the output areas show: {shown}"
        ) from None
    expect(widget.locator(".lk-q[data-question]").first).to_be_visible()
    return widget


def mark_old(page: Any) -> None:
    """Mark the quiz now shown, so that wait_for_quiz(fresh=True) waits for its replacement."""
    quiz(page).evaluate("el => { el.dataset.e2eOld = '1'; }")


def question(widget: Any, question_id: str) -> Any:
    return widget.locator(f'.lk-q[data-question="{question_id}"]')


def status(form: Any) -> Any:
    return form.locator(".lk-status")


def store_is_complete(path: Path) -> bool:
    """Whether the kernel has created the store at ``path`` (with its tables); looks, read-only.

    The kernel creates the file on the first checked answer while the test polls; the poll
    opens the store with lessonkit's reader only once it is there, so that the reader never
    races the kernel's first write.
    """
    from lessonkit.answers.store import APPLICATION_ID

    if not path.exists():
        return False
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True, timeout=5)) as conn:
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                return False
            names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return False
    return {"answers", "answers_by_question", "settings"} <= names


def answers(app: JupyterApp, quiz_id: str, question_id: str) -> list[tuple[Any, str, int]]:
    """(answer, verdict, attempt) of each recorded answer to one question, oldest first,
    read through lessonkit's own reader (attempt numbers are derived when reading) once
    the kernel has finished creating the store (see store_is_complete)."""
    from lessonkit.answers import ProgressStore

    if not store_is_complete(app.store):
        return []
    with ProgressStore(app.store) as store:
        return [
            (r.answer, r.verdict, r.attempt)
            for r in store.records()
            if r.quiz_id == quiz_id and r.question_id == question_id
        ]


def wait_for_answers(
    page: Any,
    app: JupyterApp,
    quiz_id: str,
    question_id: str,
    expected: list[tuple[Any, str, int]],
    *,
    timeout: float = 10,
) -> None:
    """Until the store holds exactly ``expected`` for the question (the comm message is async)."""
    wait_until(
        lambda: answers(app, quiz_id, question_id) == expected,
        timeout=timeout,
        pause=pause(page),
        message=lambda: (
            f"{app.store} holds {answers(app, quiz_id, question_id)} for "
            f"{quiz_id}/{question_id}, not {expected}; moved aside: {app.moved_aside()}\n"
            f"{app.log_tail()}"
        ),
    )
