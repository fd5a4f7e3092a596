"""The live quiz with math and an image in a real JupyterLab 4: KaTeX comes from the kernel
(no request leaves 127.0.0.1: the page guard fails the test otherwise), the formulas are
drawn with their MathML, and the image travels inside the widget's data."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .e2e import jupyter_app
from .e2e.jupyter_app import JupyterApp, wait_until
from .e2e.notebook_ui import pause, run_all, wait_for_quiz

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
QUIZ = ROOT / "tests" / "testbook" / "quizzes" / "math-and-images.yaml"
NOTEBOOK = "math.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterApp]:
    if importlib.util.find_spec("jupyterlab") is None:
        pytest.fail("JupyterLab is missing: pip install -e '.[test]'", pytrace=False)
    try:
        app = jupyter_app.start("lab", tmp_path_factory.mktemp("jupyter-math"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        import nbformat

        notebook = nbformat.v4.new_notebook()
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3 (ipykernel)",
            "language": "python",
        }
        notebook.cells.append(
            nbformat.v4.new_code_cell(
                f"from lessonkit.quiz import Quiz; Quiz.from_yaml({json.dumps(str(QUIZ))})"
            )
        )
        nbformat.write(notebook, app.root / NOTEBOOK)
        yield app
    finally:
        problems = jupyter_app.stop(app)
        if problems:
            print(app.log_tail())
            pytest.fail("jupyter lab teardown: " + "; ".join(problems), pytrace=False)


def test_the_live_quiz_draws_math_and_images(lab: JupyterApp, page: Any) -> None:
    page.goto(f"{lab.url}/lab/tree/{NOTEBOOK}")
    expect(page.locator(".jp-NotebookPanel .jp-CodeCell").first).to_be_visible(timeout=30_000)
    wait_until(
        lambda: lab.kernel_state(NOTEBOOK) == "idle",
        timeout=30,
        pause=pause(page),
        message=lambda: f"the kernel of {NOTEBOOK} is not idle:\n{lab.log_tail()}",
    )
    run_all(page)
    widget = wait_for_quiz(page)
    span = widget.locator('.lk-q[data-question="span"]')
    expect(span.locator(".lk-q__prompt .katex .katex-mathml math")).to_have_count(1)
    expect(span.locator(".lk-q__prompt annotation")).to_have_text("1933 - 1917")
    image = span.get_by_role("img", name="A bar from 1917 on the left to 1933 on the right")
    expect(image).to_be_visible()
    assert image.evaluate("img => img.src.startsWith('data:image/svg+xml;base64,')")
    half = widget.locator('.lk-q[data-question="half"]')
    expect(half.get_by_role("radio", name="√16", exact=True)).to_have_count(1)
    # the stylesheet with its fonts came from the kernel too
    expect(page.locator("style#lk-katex-css")).to_have_count(1)
