"""Every question type answered with the keyboard only: Tab, Shift+Tab, Space, Enter, arrows.

Focus moves only by Tab/Shift+Tab (``tab_to`` presses them until the target is focused),
so every control used here is proven reachable in the tab order.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .driving import (
    choose_by_arrows,
    expect_score,
    is_focused,
    order_texts,
    question,
    select_by_arrows,
    status,
    tab_to,
)
from .quizdata import all_types

TOTAL = 9


def _press_check(page: Any, form: Any, key: str = "Enter", name: str = "Check") -> None:
    tab_to(page, form.get_by_role("button", name=name))
    page.keyboard.press(key)


def test_focus_is_visible(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    for target in (
        question(page, "which-typed").get_by_role("button", name="Check"),
        question(page, "which-typed").get_by_label("Letter A"),
        question(page, "year").get_by_label("Your answer"),
        question(page, "match").get_by_label("Letter A"),
    ):
        tab_to(page, target)
        style = target.evaluate(
            "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style[0] == "solid" and float(style[1].rstrip("px")) >= 2, style


def test_choice_questions_by_keyboard(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    single = question(page, "which-typed")
    options = single.locator(".lk-options")
    tab_to(page, single.get_by_role("radio").first)
    page.keyboard.press("Space")
    choose_by_arrows(page, options, "Letter B")
    _press_check(page, single)
    expect(status(single)).to_have_text("✗ Not quite. Change your answer and check again.")
    hint = single.get_by_role("button", name="Hint")
    tab_to(page, hint)
    page.keyboard.press("Enter")
    expect(single.locator(".lk-hint").nth(0)).to_contain_text("Hint 1 of 2")
    page.keyboard.press("Space")
    expect(single.locator(".lk-hint").nth(1)).to_contain_text("Hint 2 of 2")
    expect(hint).to_have_attribute("aria-disabled", "true")
    assert is_focused(page, hint), "the Hint button keeps the focus after the last hint"
    tab_to(page, single.locator("input:checked"))
    choose_by_arrows(page, options, "Letter A", key="ArrowUp")
    _press_check(page, single, key="Space")
    expect(status(single)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)

    multiple = question(page, "which-cities")
    tab_to(page, multiple.get_by_label("Testville"))
    page.keyboard.press("Space")
    _press_check(page, multiple)
    expect(status(multiple)).to_contain_text("Partly correct (1 of 2).")
    expect_score(page, 2, TOTAL)
    tab_to(page, multiple.get_by_label("Sampleton"))
    page.keyboard.press("Space")
    _press_check(page, multiple)
    expect(status(multiple)).to_have_text("✓ Correct.")
    expect_score(page, 3, TOTAL)

    true_false = question(page, "typed-true")
    tab_to(page, true_false.get_by_label("True"))
    page.keyboard.press("ArrowDown")
    expect(true_false.get_by_label("False")).to_be_checked()
    page.keyboard.press("ArrowUp")
    expect(true_false.get_by_label("True")).to_be_checked()
    _press_check(page, true_false)
    expect(status(true_false)).to_have_text("✓ Correct.")
    expect_score(page, 4, TOTAL)

    tab_to(page, single.get_by_role("button", name="Try again"))
    page.keyboard.press("Enter")
    expect(status(single)).to_have_text("Answer cleared. You can start again.")
    expect(single.get_by_role("radio").first).to_be_focused()
    expect(single.locator("input:checked")).to_have_count(0)
    expect_score(page, 3, TOTAL)


def test_typed_answers_by_keyboard(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    numeric = question(page, "year")
    tab_to(page, numeric.get_by_label("Your answer"))
    page.keyboard.type("1925,0")
    page.keyboard.press("Enter")  # Enter in the field checks the answer
    expect(status(numeric)).to_have_text("✓ Correct.")
    text = question(page, "surname")
    tab_to(page, text.get_by_label("Your answer"))
    page.keyboard.type("Fixtur")
    page.keyboard.press("Enter")
    expect(status(text)).to_have_text("✓ Correct.")
    expect_score(page, 2, TOTAL)

    essay = question(page, "reflect")
    tab_to(page, essay.get_by_label("Your answer"))
    page.keyboard.type("A typed letter looks official and careful.")
    _press_check(page, essay, name="Submit")
    expect(status(essay)).to_contain_text("Answer submitted.")
    show = essay.get_by_role("button", name="Show model answer")
    tab_to(page, show)
    page.keyboard.press("Enter")
    box = essay.locator(".lk-model-box")
    expect(box).to_be_focused()
    expect(box).to_contain_text("Typing could look official.")
    tab_to(page, box.get_by_label("Refers to the document."))
    page.keyboard.press("Space")
    expect(box.get_by_label("Refers to the document.")).to_be_checked()
    expect_score(page, 2, TOTAL)


def test_ordering_by_keyboard_keeps_focus_and_announces(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "order")
    target = ["First event", "Second event", "Third event", "Fourth event"]
    for position, text in enumerate(target):
        current = order_texts(form).index(text)
        if current == position:
            continue
        button = form.get_by_role("button", name=f"Move up: {text}")
        tab_to(page, button)
        for step in range(current - position):
            page.keyboard.press("Enter")
            assert is_focused(page, button), "focus must stay on the moved item's button"
            expect(status(form)).to_have_text(f"“{text}” is now in position {current - step} of 4.")
    assert order_texts(form) == target
    tab_to(page, form.get_by_role("button", name="Move up: First event"))
    page.keyboard.press("Enter")
    expect(status(form)).to_have_text("“First event” is already first.")
    _press_check(page, form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)


def test_matching_and_highlight_by_keyboard(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    match = question(page, "match")
    for left, right in [("Letter A", "AB"), ("Letter B", "Unsigned"), ("Letter C", "Nobody")]:
        select = match.get_by_label(left)
        tab_to(page, select)
        select_by_arrows(page, select, right)
    _press_check(page, match)
    expect(status(match)).to_contain_text("Partly correct (2 of 3).")
    select = match.get_by_label("Letter C")
    tab_to(page, select)
    select_by_arrows(page, select, "CD")
    _press_check(page, match)
    expect(status(match)).to_have_text("✓ Correct.")

    highlight = question(page, "evidence")
    for n in (2, 3):
        tab_to(page, highlight.locator(f'input[value="{n}"]'))
        page.keyboard.press("Space")
    _press_check(page, highlight)
    expect(status(highlight)).to_have_text("✓ Correct.")
    expect_score(page, 2, TOTAL)
