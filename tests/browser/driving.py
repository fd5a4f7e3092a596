"""Small helpers to drive a rendered quiz by mouse or by keyboard."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def question(page: Any, question_id: str, quiz: int = 0) -> Any:
    """The form of one question (``quiz`` counts the quizzes on the page from 0)."""
    return page.locator(".lk-quiz").nth(quiz).locator(f'.lk-q[data-question="{question_id}"]')


def status(form: Any) -> Any:
    return form.locator(".lk-status")


def score_line(page: Any, quiz: int = 0) -> Any:
    return page.locator(".lk-quiz").nth(quiz).locator(".lk-quiz__score")


def expect_score(page: Any, score: float, total: float, quiz: int = 0) -> None:
    unit = "point" if total == 1 else "points"
    expect(score_line(page, quiz)).to_have_text(f"Score: {score:g} of {total:g} auto-graded {unit}")


def is_focused(page: Any, locator: Any) -> bool:
    return bool(page.evaluate("el => document.activeElement === el", locator.element_handle()))


def tab_to(page: Any, target: Any, *, limit: int = 400) -> None:
    """Press Tab (or Shift+Tab, towards the target) until ``target`` has the focus."""
    handle = target.element_handle()
    for _ in range(limit):
        where = page.evaluate(
            """el => {
                 const active = document.activeElement;
                 if (active === el) return "here";
                 if (!active || active === document.body) return "after";
                 return active.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING
                   ? "after" : "before";
               }""",
            handle,
        )
        if where == "here":
            return
        page.keyboard.press("Tab" if where == "after" else "Shift+Tab")
    raise AssertionError(f"the keyboard never reached {target}")


def choose_by_arrows(page: Any, group: Any, label: str, *, key: str = "ArrowDown") -> None:
    """With a radio of ``group`` focused, press arrow keys until ``label``'s radio is checked."""
    for _ in range(group.locator("input").count() + 1):
        checked = group.locator("input:checked")
        if (
            checked.count()
            and group.locator(f'label[for="{checked.get_attribute("id")}"]').inner_text() == label
        ):
            return
        page.keyboard.press(key)
    raise AssertionError(f"arrow keys never selected {label!r}")


def select_by_arrows(page: Any, select: Any, label: str) -> None:
    """With ``select`` focused, press ArrowDown (then ArrowUp) until ``label`` is selected."""
    count = select.locator("option").count()
    for key in ["ArrowDown"] * count + ["ArrowUp"] * count:
        if select.evaluate("s => s.options[s.selectedIndex].text") == label:
            return
        page.keyboard.press(key)
    raise AssertionError(f"arrow keys never selected {label!r}")


def order_texts(form: Any) -> list[str]:
    return [t.strip() for t in form.locator(".lk-order__text").all_inner_texts()]


def answer_with_every_verdict(page: Any, quiz: int = 0) -> None:
    """Answer the example quiz so that every kind of feedback is on screen at once."""
    single = question(page, "which-typed", quiz)
    single.get_by_label("Letter B").check()
    single.get_by_role("button", name="Hint").click()
    single.get_by_role("button", name="Hint").click()
    multiple = question(page, "which-cities", quiz)
    multiple.get_by_label("Testville").check()
    question(page, "typed-true", quiz).get_by_label("True").check()
    question(page, "year", quiz).get_by_label("Your answer").fill("1950")
    question(page, "surname", quiz).get_by_label("Your answer").fill("Fixture")
    question(page, "order", quiz).get_by_role("button", name="Move down: Fourth event").click()
    match = question(page, "match", quiz)
    match.get_by_label("Letter A").select_option(label="AB")
    match.get_by_label("Letter B").select_option(label="Nobody")
    for n in (1, 2):
        question(page, "evidence", quiz).locator(f'input[value="{n}"]').check()
    question(page, "reflect", quiz).get_by_label("Your answer").fill(
        "Typing looked official to the reader."
    )
    for form in page.locator(".lk-quiz").nth(quiz).locator(".lk-q").all():
        form.locator("button.lk-check").click()
    reflect = question(page, "reflect", quiz)
    reflect.get_by_role("button", name="Show model answer").click()
    reflect.locator(".lk-rubric input").first.check()
