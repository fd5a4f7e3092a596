"""Every question type answered with the mouse: feedback words, marks, hints, score line."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .driving import expect_score, order_texts, question, status
from .quizdata import all_types, scored_points

TOTAL = 9


def _check(form: Any) -> None:
    form.get_by_role("button", name="Check").click()


def test_points_of_the_example_quiz() -> None:
    assert scored_points() == TOTAL  # the expectations below assume this maximum


def test_single_choice_with_hints_feedback_and_explanation(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "which-typed")
    expect_score(page, 0, TOTAL)
    _check(form)
    expect(status(form)).to_have_text(
        "ℹ No answer yet. Choose or type an answer, then press Check."
    )
    form.get_by_label("Letter B").check()
    _check(form)
    expect(status(form)).to_have_text("✗ Not quite. Change your answer and check again.")
    expect(form.locator(".lk-option", has_text="Letter B")).to_contain_text(
        "Not a correct choice. No: B was handwritten."
    )
    expect(form.get_by_label("Letter B")).to_have_accessible_description(
        "Not a correct choice. No: B was handwritten."
    )
    hint = form.get_by_role("button", name="Hint")
    hint.click()
    expect(form.locator(".lk-hint")).to_have_count(1)
    expect(form.locator(".lk-hint").nth(0)).to_have_text("Hint 1 of 2Look at the medium column.")
    expect(hint).not_to_have_attribute("aria-disabled", "true")
    hint.click()
    expect(form.locator(".lk-hint").nth(1)).to_have_text("Hint 2 of 2It is not letter B.")
    expect(hint).to_have_attribute("aria-disabled", "true")
    hint.click(force=True)  # aria-disabled: still focusable, does nothing
    expect(form.locator(".lk-hint")).to_have_count(2)
    form.get_by_label("Letter A").check()
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect(form.locator(".lk-option", has_text="Letter A")).to_contain_text("Correct choice. Yes.")
    expect(form.locator(".lk-option", has_text="Letter B")).not_to_contain_text("choice")
    explanation = form.locator(".lk-explanation")
    expect(explanation).to_be_visible()
    expect(explanation).to_contain_text("Letter A is the only typed one.")
    expect(explanation).to_contain_text(
        "Source: claims dataset, row typewriter (Fixture 2018; Sample and Example 2001)"
    )
    expect_score(page, 1, TOTAL)


def test_excerpt_shows_text_and_provenance(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    figure = question(page, "which-typed").locator("figure.lk-excerpt")
    expect(figure.locator("blockquote")).to_have_text(
        "Only two sentences here. This is the second <b>one</b> & more."
    )
    caption = figure.locator("figcaption")
    for label, value in [
        ("Writer", "unsigned"),
        ("Document", "Fixture letter B"),
        ("Date", "1926-03-02"),
        ("Translator", "Other Translator"),
        ("Source", "Sample and Example 2001"),
    ]:
        expect(caption.locator("div", has=page.locator(f"dt:text-is('{label}')"))).to_have_text(
            f"{label}{value}"
        )


def test_multiple_choice_partial_then_correct_and_try_again(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "which-cities")
    form.get_by_label("Testville").check()
    _check(form)
    expect(status(form)).to_have_text(
        "◐ Partly correct (1 of 2). 1 of 2 correct choices selected. Change your answer and check again."
    )
    expect_score(page, 1, TOTAL)
    form.get_by_label("Nowhere").check()
    _check(form)
    expect(status(form)).to_have_text(
        "✗ Not quite. 1 of 2 correct choices selected. Wrong choices selected: 1. "
        "Change your answer and check again."
    )
    expect_score(page, 0, TOTAL)
    form.get_by_label("Nowhere").uncheck()
    form.get_by_label("Sampleton").check()
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 2, TOTAL)
    form.get_by_role("button", name="Try again").click()
    expect(status(form)).to_have_text("Answer cleared. You can start again.")
    for name in ("Testville", "Sampleton", "Nowhere"):
        expect(form.get_by_label(name)).not_to_be_checked()
    expect(form.get_by_label("Testville")).to_be_focused()
    expect_score(page, 0, TOTAL)


def test_true_false_with_feedback(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "typed-true")
    form.get_by_label("False").check()
    _check(form)
    expect(status(form)).to_have_text("✗ Not quite. Change your answer and check again.")
    expect(form.locator(".lk-option", has_text="False")).to_contain_text(
        "Not a correct choice. Look again at the claims table."
    )
    form.get_by_label("True").check()
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect(form.locator(".lk-option", has_text="True")).to_contain_text(
        "Correct choice. Right, the claims table says so."
    )
    expect(form.locator(".lk-explanation")).to_have_text("Source: Fixture 2018")
    expect_score(page, 1, TOTAL)


def test_numeric_with_unit_tolerance_and_decimal_comma(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "year")
    field = form.get_by_role("textbox", name="Your answer")
    expect(field).to_have_attribute("inputmode", "decimal")
    expect(field).to_have_accessible_description("year")
    field.fill("1930")
    _check(form)
    expect(status(form)).to_have_text("✗ Not quite. Change your answer and check again.")
    field.fill("1925,0")
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)


def test_text_answer_fuzzy_and_cyrillic(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "surname")
    field = form.get_by_role("textbox", name="Your answer")
    field.fill("Someone")
    _check(form)
    expect(status(form)).to_have_text("✗ Not quite. Change your answer and check again.")
    field.fill("ФИКСТУРА!")
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    field.fill("fixtur")
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)


def test_ordering_with_buttons(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "order")
    assert order_texts(form) == ["Fourth event", "Third event", "First event", "Second event"]
    expect(form.get_by_role("button", name="Move up: Fourth event")).to_have_attribute(
        "aria-disabled", "true"
    )
    form.get_by_role("button", name="Move up: Fourth event").click(force=True)
    expect(status(form)).to_have_text("“Fourth event” is already first.")
    for _ in range(3):
        form.get_by_role("button", name="Move down: Fourth event").click()
    expect(status(form)).to_have_text("“Fourth event” is now in position 4 of 4.")
    assert order_texts(form) == ["Third event", "First event", "Second event", "Fourth event"]
    _check(form)
    expect(status(form)).to_have_text(
        "◐ Partly correct (1 of 3). 1 of 3 neighbouring pairs are in the right order. "
        "Change your answer and check again."
    )
    expect_score(page, 0.33, TOTAL)
    form.get_by_role("button", name="Move down: Third event").click()
    form.get_by_role("button", name="Move down: Third event").click()
    expect(status(form)).to_have_text("“Third event” is now in position 3 of 4.")
    assert order_texts(form) == ["First event", "Second event", "Third event", "Fourth event"]
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)
    form.get_by_role("button", name="Try again").click()
    assert order_texts(form) == ["Fourth event", "Third event", "First event", "Second event"]


def test_matching_with_selects(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "match")
    expect(form.get_by_role("combobox")).to_have_count(3)
    form.get_by_label("Letter A").select_option(label="AB")
    form.get_by_label("Letter B").select_option(label="Nobody")
    form.get_by_label("Letter C").select_option(label="CD")
    _check(form)
    expect(status(form)).to_have_text(
        "◐ Partly correct (2 of 3). 2 of 3 pairs are matched correctly. "
        "Change your answer and check again."
    )
    expect(form.locator(".lk-match", has_text="Letter B")).to_contain_text("Not a correct choice.")
    expect(form.get_by_label("Letter A")).to_have_accessible_description("Correct choice.")
    form.get_by_label("Letter B").select_option(label="Unsigned")
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)


def test_highlight_sentences_in_the_excerpt(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "evidence")
    quote = form.locator("figure.lk-excerpt blockquote")
    expect(quote.get_by_role("checkbox")).to_have_count(5)
    expect(
        quote.get_by_role("checkbox", name="Sentence 2: The second one asks a question?")
    ).to_be_visible()
    quote.get_by_text("The second one asks a question?").click()
    quote.get_by_text("The fourth trails off…").click()
    _check(form)
    expect(status(form)).to_have_text(
        "✗ Not quite. 1 of 2 correct choices selected. Wrong choices selected: 1. "
        "Change your answer and check again."
    )
    expect(
        quote.get_by_role("checkbox", name="Sentence 4: The fourth trails off…")
    ).to_have_accessible_description("Not a correct choice.")
    quote.get_by_role("checkbox", name="Sentence 4: The fourth trails off…").uncheck()
    quote.get_by_role("checkbox", name="Sentence 3: The third one exclaims!").check()
    _check(form)
    expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, 1, TOTAL)


def test_open_question_model_answer_and_rubric(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    form = question(page, "reflect")
    show = form.get_by_role("button", name="Show model answer")
    expect(show).to_have_attribute("aria-disabled", "true")
    expect(show).to_have_accessible_description(
        "The model answer opens once you have submitted an answer."
    )
    show.click(force=True)
    expect(form.locator(".lk-model-box")).to_be_hidden()
    form.get_by_role("textbox", name="Your answer").fill("Too short")
    form.get_by_role("button", name="Submit").click()
    expect(status(form)).to_have_text("ℹ No answer yet. Write at least 5 words, then press Submit.")
    expect(show).to_have_attribute("aria-disabled", "true")
    form.get_by_role("textbox", name="Your answer").fill("Typing made the letter look official.")
    form.get_by_role("button", name="Submit").click()
    expect(status(form)).to_have_text(
        "✎ Answer submitted. Now open the model answer and tick the points your answer covers."
    )
    expect(show).to_have_attribute("aria-disabled", "false")
    show.click()
    box = form.locator(".lk-model-box")
    expect(box).to_be_visible()
    expect(box).to_be_focused()
    expect(box).to_contain_text("Model answerTyping could look official.")
    rubric = box.get_by_role("group", name="Tick each point your answer covers:")
    rubric.get_by_label("Gives a reason.").check()
    expect(rubric.get_by_label("Gives a reason.")).to_be_checked()
    expect(rubric.get_by_label("Refers to the document.")).not_to_be_checked()
    expect_score(page, 0, TOTAL)


def test_every_question_right_gives_full_score(open_quizzes: Any) -> None:
    page = open_quizzes(all_types())
    question(page, "which-typed").get_by_label("Letter A").check()
    question(page, "which-cities").get_by_label("Testville").check()
    question(page, "which-cities").get_by_label("Sampleton").check()
    question(page, "typed-true").get_by_label("True").check()
    question(page, "year").get_by_label("Your answer").fill("1926")
    question(page, "surname").get_by_label("Your answer").fill("Fixture")
    order = question(page, "order")
    for _ in range(2):
        order.get_by_role("button", name="Move up: First event").click()
        order.get_by_role("button", name="Move up: Second event").click()
    order.get_by_role("button", name="Move down: Fourth event").click()
    match = question(page, "match")
    for left, right in [("Letter A", "AB"), ("Letter B", "Unsigned"), ("Letter C", "CD")]:
        match.get_by_label(left).select_option(label=right)
    for n in (2, 3):
        question(page, "evidence").locator(f'input[value="{n}"]').check()
    for form in page.locator(".lk-q").all():
        if form.get_attribute("data-question") != "reflect":
            _check(form)
            expect(status(form)).to_have_text("✓ Correct.")
    expect_score(page, TOTAL, TOTAL)
