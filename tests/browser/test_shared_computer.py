"""One browser, many students and many books: who is answering is asked in every new tab,
answers belong to the name they were given under, a new name starts empty, the previous
student's answers are kept apart and never go into another student's download, each
book on a web site keeps its own answers, and "Forget my answers" removes only this
student's answers in this book."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import Guard, Site
from .driving import expect_score, question, status
from .quizdata import DATASETS, QUIZZES, all_types
from .storagepage import (
    ROOT,
    another_tab,
    answer_two,
    download,
    give_name,
    handin_form,
    lessonkit_keys,
    local,
    open_page,
    storage_page,
    student_key,
    who_panel,
)
from .test_axe import _describe, run_axe

ANN = student_key("book-a", "Ann Example")
BEN = student_key("book-a", "Ben")


def read(path: Path) -> dict[str, Any]:
    from lessonkit.answers.handin import read_handin

    return read_handin(path)


def test_the_next_student_starts_empty_and_downloads_only_their_own_answers(
    page: Any, guard: Guard, site: Site, tmp_path: Path
) -> None:
    from lessonkit.teacher.gradebook import gradebook

    url = storage_page(site, all_types())
    open_page(page, url)
    give_name(page, "Ann Example")
    answer_two(page)
    ann_file = download(page, tmp_path / "ann")
    page.close()  # Ann leaves without pressing "Forget"

    tab = another_tab(page, guard)  # Ben opens the book on the same computer
    open_page(tab, url)
    panel = who_panel(tab)
    expect(panel).to_contain_text(
        "Answers in this book were last given in this browser as Ann Example. Is that you?"
    )
    expect(tab.locator(".lk-status[data-verdict]")).to_have_count(0)  # Ann's are not shown
    expect_score(tab, 0, 9)
    handin_form(tab).get_by_role("button", name="Download my answers").click()
    expect(handin_form(tab).get_by_role("status")).to_contain_text("Say who is answering first")
    expect(panel.get_by_role("button", name="Yes, I am Ann Example")).to_be_focused()

    panel.get_by_role("button", name="No, I am someone else").click()
    field = who_panel(tab).get_by_label("Your name or student id")
    expect(field).to_be_focused()
    give_name(tab, "Ben")
    expect(who_panel(tab).get_by_role("status")).to_have_text(
        "✓ Now answering as Ben. Nothing is kept under this name yet: you start afresh."
    )
    expect(tab.locator(".lk-status[data-verdict]")).to_have_count(0)
    year = question(tab, "year")
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_have_text("✓ Correct.")
    ben_file = download(tab, tmp_path / "ben")

    ben = read(ben_file)
    assert ben["student"] == "Ben"
    assert [(r["question_id"], r["answer"]) for r in ben["responses"]] == [("year", "1926")]
    ann = read(ann_file)
    assert [(r["question_id"], r["answer"]) for r in ann["responses"]] == [
        ("which-typed", "a"),
        ("year", "1950"),
    ]
    assert len(local(tab, ANN + "log")) == 2 and len(local(tab, BEN + "log")) == 1
    book = gradebook([ann_file, ben_file], QUIZZES / "all-types.yaml", datasets=DATASETS)
    assert not book.problems
    assert book.scores.loc["Ann Example", ("all-types", "year")] == 0.0
    assert book.scores.loc["Ben", ("all-types", "year")] == 1.0

    # Ann comes back in Ben's tab: "Not Ben? Change the name" brings her answers back
    who_panel(tab).get_by_role("button", name="Not Ben? Change the name").click()
    give_name(tab, "ann example")
    expect(who_panel(tab).get_by_role("status")).to_have_text(
        "✓ Now answering as ann example. 2 answers checked under this name are kept in this"
        " browser."
    )
    expect(status(question(tab, "year"))).to_contain_text("✗ Not quite.")
    again = read(download(tab, tmp_path / "ann-again"))
    assert [r["answer"] for r in again["responses"]] == ["a", "1950"], "none of Ben's"


def test_answers_given_before_a_name_go_to_the_name_given_in_that_tab_only(
    page: Any, guard: Guard, site: Site, tmp_path: Path
) -> None:
    url = storage_page(site, all_types())
    open_page(page, url)
    expect(who_panel(page)).to_contain_text("Who is answering?")
    answer_two(page)
    assert not [k for k in lessonkit_keys(page) if ":who:" in k], "not in localStorage yet"
    page.reload()  # the same tab keeps them
    expect(status(question(page, "year"))).to_contain_text("✗ Not quite.")

    other = another_tab(page, guard)  # another tab (another student) does not see them
    open_page(other, url)
    expect(other.locator(".lk-status[data-verdict]")).to_have_count(0)
    give_name(other, "Ben")
    expect(who_panel(other).get_by_role("status")).to_contain_text("Nothing is kept")
    handin_form(other).get_by_role("button", name="Download my answers").click()
    expect(handin_form(other).get_by_role("status")).to_have_text(
        "ℹ There is nothing to download yet for Ben: check at least one answer first."
    )

    give_name(page, "Ann Example")  # the first tab names itself: its answers are Ann's
    expect(who_panel(page).get_by_role("status")).to_contain_text(
        "2 answers checked under this name are kept"
    )
    expect(status(question(page, "year"))).to_contain_text("✗ Not quite.")
    assert [r["answer"] for r in read(download(page, tmp_path))["responses"]] == ["a", "1950"]
    assert lessonkit_keys(page, "sessionStorage") == [f"{ROOT}book-a:sitting"]


def test_yes_it_is_me_brings_the_answers_back_in_a_new_tab(
    page: Any, guard: Guard, site: Site
) -> None:
    url = storage_page(site, all_types(), dict(all_types(), id="second"))
    open_page(page, url, count=2)
    give_name(page, "Ann Example", quiz=1)
    expect(who_panel(page, 0)).to_contain_text("Answering as Ann Example.")  # every quiz
    answer_two(page)
    tab = another_tab(page, guard)
    open_page(tab, url, count=2)
    who_panel(tab, 1).get_by_role("button", name="Yes, I am Ann Example").click()
    message = who_panel(tab, 1).get_by_role("status")
    expect(message).to_have_text(
        "✓ Now answering as Ann Example. 2 answers checked under this name are kept in this"
        " browser."
    )
    expect(message).to_be_focused()
    expect(status(question(tab, "year"))).to_contain_text("✗ Not quite.")
    expect_score(tab, 1, 9)


def test_each_book_on_a_site_keeps_its_own_answers_and_forget(
    page: Any, site: Site, tmp_path: Path
) -> None:
    book_a = storage_page(site, all_types(), book="book-a")
    book_b = storage_page(site, all_types(), book="book-b")
    open_page(page, book_a)
    give_name(page, "Ann Example")
    answer_two(page)

    open_page(page, book_b)
    expect(who_panel(page)).to_contain_text("Who is answering?")  # no name from book A
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    give_name(page, "Ann Example")
    expect(who_panel(page).get_by_role("status")).to_contain_text("Nothing is kept")
    year = question(page, "year")
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    assert [r["answer"] for r in read(download(page, tmp_path / "b"))["responses"]] == ["1926"]

    form = handin_form(page)
    form.get_by_role("button", name="Forget my answers in this browser").click()
    form.get_by_role("button", name="Yes, forget them").click()
    assert not [k for k in lessonkit_keys(page) if k.startswith(f"{ROOT}book-b:")]

    open_page(page, book_a)
    expect(who_panel(page)).to_contain_text("Answering as Ann Example.")
    expect(status(question(page, "year"))).to_contain_text("✗ Not quite.")
    assert [r["answer"] for r in read(download(page, tmp_path / "a"))["responses"]] == [
        "a",
        "1950",
    ]


def test_forget_asks_first_then_removes_only_this_student_in_this_book(
    page: Any, guard: Guard, site: Site
) -> None:
    url = storage_page(site, all_types(), dict(all_types(), id="second"))
    open_page(page, url, count=2)
    give_name(page, "Ben")
    answer_two(page)
    ben_keys = lessonkit_keys(page)
    tab = another_tab(page, guard)
    open_page(tab, url, count=2)
    who_panel(tab).get_by_role("button", name="No, I am someone else").click()
    give_name(tab, "Ann Example")
    answer_two(tab)
    tab.evaluate("() => localStorage.setItem('other-site-data', 'kept')")
    other_book = f"{ROOT}book-b:who:ann%20example:log"
    tab.evaluate("key => localStorage.setItem(key, '[]')", other_book)
    form = handin_form(tab)

    # the first press only asks; "Keep them" (focused, the safe choice) changes nothing
    forget = form.get_by_role("button", name="Forget my answers in this browser")
    expect(forget).to_have_attribute("aria-expanded", "false")
    forget.click()
    expect(forget).to_have_attribute("aria-expanded", "true")
    confirmation = form.get_by_role(
        "group", name=re.compile("^Remove your answers and your name, as this browser keeps them")
    )
    expect(confirmation).to_be_visible()
    keep = confirmation.get_by_role("button", name="Keep them")
    expect(keep).to_be_focused()
    keep.click()
    expect(confirmation).to_be_hidden()
    expect(forget).to_be_focused()
    before = lessonkit_keys(tab)

    # Escape closes the question too
    forget.click()
    tab.keyboard.press("Escape")
    expect(confirmation).to_be_hidden()
    expect(forget).to_be_focused()
    assert lessonkit_keys(tab) == before

    # "Yes, forget them": Ann's answers, log and name go, at once from the page too
    forget.click()
    confirmation.get_by_role("button", name="Yes, forget them").click()
    message = handin_form(tab).get_by_role("status")
    expect(message).to_have_text(
        "✓ This browser no longer keeps your answers or your name for this book."
    )
    expect(message).to_be_focused()
    expect(tab.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(who_panel(tab)).to_contain_text("Who is answering?")
    left = lessonkit_keys(tab)
    assert not [k for k in left if k.startswith(ANN)]
    assert [k for k in left if k.startswith(BEN)] == [k for k in ben_keys if k.startswith(BEN)]
    assert other_book in left
    assert tab.evaluate("() => localStorage.getItem('other-site-data')") == "kept"
    assert lessonkit_keys(tab, "sessionStorage") == []


def test_who_is_answering_passes_axe_in_each_state(page: Any, guard: Guard, site: Site) -> None:
    url = storage_page(site, all_types())
    open_page(page, url)
    give_name(page, "Ann Example")
    who_panel(page).get_by_role("button", name="Not Ann Example? Change the name").click()
    expect(who_panel(page).get_by_role("button", name="Cancel")).to_be_visible()
    result = run_axe(page, "who is answering: named, changing")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])
    tab = another_tab(page, guard)
    open_page(tab, url)
    expect(who_panel(tab).get_by_role("button", name="Yes, I am Ann Example")).to_be_visible()
    result = run_axe(tab, "who is answering: is that you?")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])
    who_panel(tab).get_by_role("button", name="No, I am someone else").click()
    who_panel(tab).get_by_role("button", name="Use this name").click()
    expect(who_panel(tab).get_by_role("status")).to_contain_text("Type your name")
    result = run_axe(tab, "who is answering: a name is needed")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])
