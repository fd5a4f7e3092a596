"""Grading parity: quiz.js in Chromium and the Python reference agree on every case.

Each case of ``tests/parity_cases.yaml`` is graded by ``LessonkitQuiz.grade`` (with the
payload question and its entry of the decoded key, exactly what the page has) and by
``lessonkit.quiz.grade_question``; both must equal the table's verdict and score, so the
test fails when either side diverges.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
import yaml

from lessonkit.render.payload import build_payload

from .conftest import Site, guarded_page

TABLE = Path(__file__).resolve().parents[1] / "parity_cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(TABLE.read_text(encoding="utf-8"))["cases"]


@functools.lru_cache(maxsize=1)
def _quiz() -> Any:
    from lessonkit.quiz.model import Quiz

    table = yaml.safe_load(TABLE.read_text(encoding="utf-8"))
    return Quiz.from_dict(
        table["quiz"], source=str(TABLE), datasets=TABLE.parent / table["datasets"]
    )


@pytest.fixture(scope="module")
def js_verdicts(browser: Any, site: Site) -> list[dict[str, Any]]:
    """Every case graded by quiz.js in one page."""
    from lessonkit.render.payload import decode_key

    payload = build_payload(_quiz())
    key = decode_key(payload["key"])
    questions = {q["id"]: q for q in payload["questions"]}
    args = [
        {
            "question": questions[c["q"]],
            "key": key[c["q"]],
            "given": "answer" in c,
            "answer": c.get("answer"),
        }
        for c in CASES
    ]
    with guarded_page(browser) as (page, _guard):
        page.goto(site.write_page("<p>Grading only.</p>"))
        page.wait_for_function("() => globalThis.LessonkitQuiz !== undefined")
        return list(
            page.evaluate(
                "cases => cases.map(c => Object.assign(LessonkitQuiz.grade(c.question, c.key,"
                " c.given ? c.answer : undefined), {feedback: LessonkitQuiz.feedback("
                "c.question, c.key, c.given ? c.answer : undefined)}))",
                args,
            )
        )


def test_the_table_is_substantial() -> None:
    assert len(CASES) >= 100
    types = {q["type"] for q in yaml.safe_load(TABLE.read_text("utf-8"))["quiz"]["questions"]}
    assert len(types) == 9, "the parity table must cover all nine question types"


@pytest.mark.parametrize(
    "index",
    range(len(CASES)),
    ids=[f"{i:03d}-{c['q']}-{c.get('why', '')}"[:80] for i, c in enumerate(CASES)],
)
def test_js_and_python_agree(index: int, js_verdicts: list[dict[str, Any]]) -> None:
    from lessonkit.quiz import grade_question
    from lessonkit.quiz.grading import answer_feedback
    from lessonkit.render.markdown import render_block

    case = CASES[index]
    expected = {"verdict": case["verdict"], "score": case["score"]}
    quiz = _quiz()
    question = quiz.question(case["q"])
    python = grade_question(question, case.get("answer")).to_dict()
    js = dict(js_verdicts[index])
    feedback = js.pop("feedback")
    assert python == expected, f"Python: {python}, table: {expected} ({case.get('why')})"
    assert js == expected, f"quiz.js: {js}, table: {expected} ({case.get('why')})"
    # the feedback shown for the answer: the deciding entry's, else the default one
    wanted = case.get("feedback")
    assert answer_feedback(question, case.get("answer")) == wanted
    assert feedback == (render_block(wanted) if wanted is not None else None)
