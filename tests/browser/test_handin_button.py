"""The live quiz's "Hand in my answers" button, clicked in a real JupyterLab 4.

The server runs as a hub's would for the user "alice" with a course exchange
(``JUPYTERHUB_USER``, ``LESSONKIT_EXCHANGE``): the quiz must offer the button, and a click
must put one hand-in file with the checked answer into the exchange and say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from lessonkit.answers.handin import read_handin

from .conftest import load_messages
from .e2e import jupyter_app
from .e2e.jupyter_app import JupyterApp
from .e2e.notebook_ui import open_notebook, question, run_all, wait_for_answers, wait_for_quiz

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
QUIZ = ROOT / "tests" / "testbook" / "quizzes" / "second.yaml"
MESSAGES = load_messages("en")


@pytest.fixture(scope="module")
def hub_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[JupyterApp, Path]]:
    """``jupyter lab`` with a course exchange, as on a hub; stopped even after a failure."""
    base = tmp_path_factory.mktemp("jupyter-handin")
    exchange = base / "exchange"
    (exchange / "inbound").mkdir(parents=True)
    environment = {"LESSONKIT_EXCHANGE": str(exchange), "JUPYTERHUB_USER": "alice"}
    try:
        app = jupyter_app.start("lab", base, environment=environment)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        jupyter_app.write_quiz_notebook(app.root, QUIZ)
        yield app, exchange
    finally:
        problems = jupyter_app.stop(app)
        if problems:
            print(app.log_tail())
            pytest.fail("jupyter lab teardown: " + "; ".join(problems), pytrace=False)


def test_the_hand_in_button_puts_the_answers_into_the_exchange(
    hub_lab: tuple[JupyterApp, Path], page: Any
) -> None:
    app, exchange = hub_lab
    open_notebook(page, app)
    run_all(page)
    widget = wait_for_quiz(page)
    medium = question(widget, "medium")
    medium.locator("label", has_text="On a typewriter").click()
    medium.get_by_role("button", name=MESSAGES["check"], exact=True).click()
    wait_for_answers(page, app, "second", "medium", [("typed", "correct", 1)])

    button = widget.get_by_role("button", name=MESSAGES["hub_handin"], exact=True)
    button.click()
    said = widget.locator(".lk-quiz__handin [role=status]")
    expect(said).to_contain_text("Handed in at ")
    expect(said).to_contain_text("Answers in the file: 1.")
    expect(button).to_be_enabled()
    (handed,) = (exchange / "inbound").iterdir()
    assert handed.name.startswith("alice+")
    document = read_handin(handed)
    assert document["student"] == "alice"
    assert [(r["question_id"], r["answer"]) for r in document["responses"]] == [("medium", "typed")]
