"""A long quiz: its questions are not forms (Chromium's autofill made a page of 1,000 forms
load in seconds), and every question, on screen or far below, is in Chromium's
accessibility tree and answers the keyboard as a form did (Enter checks)."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from lessonkit.render.payload import decode_key, encode_key

from .driving import question, status
from .quizdata import all_types

COPIES = 6  # 6 x 9 questions


def long_quiz() -> dict[str, Any]:
    """The nine-type fixture quiz repeated, each copy with its own question ids."""
    payload = all_types()
    key = decode_key(payload["key"])
    questions, long_key = [], {}
    for copy in range(COPIES):
        for q in payload["questions"]:
            questions.append(dict(q, id=f"{q['id']}-{copy}"))
            long_key[f"{q['id']}-{copy}"] = key[q["id"]]
    return dict(payload, id="long", questions=questions, key=encode_key(long_key))


def test_questions_are_not_forms(open_quizzes: Any) -> None:
    page = open_quizzes(long_quiz())
    expect(page.locator(".lk-quiz .lk-q")).to_have_count(9 * COPIES)
    expect(page.locator(".lk-quiz form")).to_have_count(0)
    expect(page.locator(".lk-quiz .lk-q > fieldset > legend")).to_have_count(9 * COPIES)


def test_questions_off_screen_are_in_the_accessibility_tree(open_quizzes: Any) -> None:
    page = open_quizzes(long_quiz())
    session = page.context.new_cdp_session(page)
    tree = session.send("Accessibility.getFullAXTree")["nodes"]

    def named(role: str, name: str) -> int:
        return sum(
            1
            for node in tree
            if not node.get("ignored")
            and node.get("role", {}).get("value") == role
            and node.get("name", {}).get("value") == name
        )

    assert named("button", "Check") == 8 * COPIES  # every question but the essay
    assert named("radio", "Letter B") == COPIES
    last = f"Question {9 * COPIES} of {9 * COPIES}"
    groups = [
        node["name"]["value"]
        for node in tree
        if node.get("role", {}).get("value") == "group" and "name" in node
    ]
    assert any(name.startswith(last) for name in groups), groups[-3:]


def test_enter_checks_a_typed_answer_far_down_the_page(open_quizzes: Any) -> None:
    page = open_quizzes(long_quiz())
    far = question(page, f"year-{COPIES - 1}")
    field = far.get_by_label("Your answer")
    field.focus()
    page.keyboard.type("1926")
    page.keyboard.press("Enter")
    expect(status(far)).to_have_text("✓ Correct.")
    radio = question(page, f"which-typed-{COPIES - 1}").get_by_label("Letter B")
    radio.focus()
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    expect(status(question(page, f"which-typed-{COPIES - 1}"))).to_contain_text("Not quite")
