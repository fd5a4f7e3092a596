"""The authors' tutorial runs clean (the Binder environment: test_binder.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lessonlist import dates_typed_in_code, run_in_fresh_kernel

ROOT = Path(__file__).resolve().parent.parent
TUTORIAL = ROOT / "guide" / "make-your-own-lesson.md"
WIDGET = "application/vnd.jupyter.widget-view+json"


def _text(output: dict) -> str:
    if output["output_type"] == "stream":
        return output["text"]
    return "\n".join(str(v) for v in output.get("data", {}).values())


@pytest.fixture(scope="module")
def executed() -> list:
    """The tutorial's code cells after a run in a fresh kernel (working folder: guide/)."""
    notebook = run_in_fresh_kernel(TUTORIAL)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_tutorial_has_the_lesson_header() -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    assert "format_name: myst" in text and "kernelspec:" in text


def test_no_dates_typed_into_code() -> None:
    assert dates_typed_in_code(TUTORIAL) == []


@pytest.mark.kernel
def test_tutorial_runs_clean(executed: list) -> None:
    for cell in executed:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", cell.source
            if output["output_type"] == "stream":
                assert output["name"] != "stderr", output["text"][:300]


@pytest.mark.kernel
def test_tutorial_displays_the_quiz(executed: list) -> None:
    cell = next(c for c in executed if "Quiz.from_yaml(quiz_file)" in c.source)
    shown = [
        o for o in cell.get("outputs", []) if o["output_type"] in ("execute_result", "display_data")
    ]
    assert shown, "the quiz cell displayed nothing"
    data = shown[-1]["data"]
    assert WIDGET in data or "lk-quiz" in data.get("text/html", "")


@pytest.mark.kernel
def test_tutorial_shows_a_broken_quiz_message(executed: list) -> None:
    cell = next(c for c in executed if "QuizFormatError" in c.source)
    printed = "".join(_text(o) for o in cell.get("outputs", []))
    assert "Fix:" in printed
    assert re.search(r"broken-quiz\.yaml:\d+: ", printed), printed
