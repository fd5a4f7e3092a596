"""The page script and the host interface: broken data, file://, narrow screens, reduced
motion, the Russian catalogue, the teacher edition, onAnswer records and saved answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .conftest import Site, broken_quiz, load_messages, quiz_html
from .driving import answer_with_every_verdict, expect_score, question, status
from .quizdata import all_types


def test_broken_quizzes_show_an_error_and_the_others_still_work(
    open_quizzes: Any, page: Any, guard: Any
) -> None:
    guard.expect_console("this quiz could not be displayed")
    payload = all_types()
    no_key = dict(payload, key="")
    open_quizzes(
        all_types(),
        broken_quiz("{not json"),
        broken_quiz('{"questions": 5}'),
        no_key,
        broken_quiz("</div>"),
        all_types(),
    )
    quizzes = page.locator(".lk-quiz")
    for index in (1, 2, 3, 4):
        box = quizzes.nth(index).get_by_role("alert")
        expect(box).to_be_visible()
        expect(box).to_contain_text("This quiz could not be displayed.")
        expect(box).to_contain_text("Details for the teacher:")
        expect(quizzes.nth(index).locator("noscript")).to_have_count(0)
    expect(quizzes.nth(3).get_by_role("alert")).to_contain_text(
        'the answer key has no entry for question "which-typed"'
    )
    for index in (0, 5):
        form = question(page, "which-typed", quiz=index)
        form.get_by_label("Letter A").check()
        form.get_by_role("button", name="Check").click()
        expect(status(form)).to_have_text("✓ Correct.")
        expect_score(page, 1, 9, quiz=index)
    errors = [e for e in guard.errors if "could not be displayed" in e]
    assert len(errors) == 4, errors


def test_rendering_twice_does_not_duplicate(open_quizzes: Any, page: Any) -> None:
    open_quizzes(all_types())
    page.evaluate("() => LessonkitQuizPage.renderAll()")
    expect(page.locator(".lk-q")).to_have_count(9)
    expect(page.locator('.lk-quiz > script[type="application/json"]')).to_have_count(1)


def test_works_from_a_file_url(page: Any, site: Site) -> None:
    url = site.write_page(quiz_html(all_types()))
    path = site.root / url.rsplit("/", 1)[1]
    page.goto(Path(path).as_uri())
    form = question(page, "year")
    form.get_by_label("Your answer").fill("1926")
    form.get_by_role("button", name="Check").click()
    expect(status(form)).to_have_text("✓ Correct.")


def test_fits_a_320px_screen(open_quizzes: Any, page: Any) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    open_quizzes(all_types(teacher=True))
    answer_with_every_verdict(page)
    overflow = page.evaluate("""() => {
      const wide = [];
      document.querySelectorAll(".lk-quiz *").forEach(el => {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > document.documentElement.clientWidth + 0.5) wide.push(el.outerHTML.slice(0, 80));
      });
      return {page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth, wide};
    }""")
    assert overflow["page"] <= overflow["view"], overflow
    assert not overflow["wide"], overflow["wide"]


def test_reduced_motion_turns_transitions_off(browser: Any, site: Site) -> None:
    from .conftest import guarded_page

    for motion, expected in (("reduce", "0s"), ("no-preference", "0.15s")):
        with guarded_page(browser, reduced_motion=motion) as (page, _guard):
            page.goto(site.write_page(quiz_html(all_types())))
            button = page.get_by_role("button", name="Check").first
            expect(button).to_be_visible()
            assert button.evaluate("b => getComputedStyle(b).transitionDuration") == expected


def test_russian_interface(open_quizzes: Any, page: Any) -> None:
    open_quizzes(all_types(lang="ru"), lang="ru", messages=load_messages("ru"))
    quiz = page.locator(".lk-quiz")
    expect(quiz.locator(".lk-quiz__score")).to_have_text(
        "Результат: 0 из 9 баллов за вопросы с автопроверкой"
    )
    first = question(page, "which-typed")
    expect(first.locator("legend")).to_contain_text("Вопрос 1 из 9")
    expect(first.locator(".lk-q__points")).to_have_text("1 балл")
    expect(question(page, "which-cities").locator(".lk-q__points")).to_have_text("2 балла")
    first.get_by_role("button", name="Проверить").click()
    expect(status(first)).to_have_text(
        "ℹ Ответа пока нет. Выберите или введите ответ и нажмите «Проверить»."
    )
    cities = question(page, "which-cities")
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Проверить").click()
    expect(status(cities)).to_contain_text("Частично верно (1 из 2).")
    expect(quiz.locator(".lk-quiz__score")).to_have_text(
        "Результат: 1 из 9 баллов за вопросы с автопроверкой"
    )
    expect(
        question(page, "order").get_by_role("button", name="Переместить выше: Third event")
    ).to_be_visible()


def test_catalogues_have_the_same_keys_and_no_gaps(open_quizzes: Any, page: Any) -> None:
    english, russian = load_messages("en"), load_messages("ru")
    base = {
        k.rsplit("_", 1)[0] if k.endswith(("_one", "_few", "_many", "_other")) else k
        for k in english
    }
    for key in base:
        assert key in russian or f"{key}_other" in russian, key
    # every key quiz.js asks for exists: a missing key would show up as the key itself
    open_quizzes(all_types(teacher=True))
    answer_with_every_verdict(page)
    text = page.locator(".lk-quiz").inner_text()
    assert not any(key in text for key in base if "_" in key), "a message key leaked into the page"


def test_teacher_edition_shows_every_answer_key(open_quizzes: Any, page: Any) -> None:
    open_quizzes(all_types(teacher=True))
    keys = page.locator(".lk-key")
    expect(keys).to_have_count(9)
    expect(page.locator(".lk-quiz__teacher")).to_have_text(
        "Teacher edition: every question shows its answer key."
    )
    expected = {
        "which-typed": "Letter A",
        "which-cities": "TestvilleSampleton",
        "typed-true": "True",
        "year": "1926 (± 1) year",
        "surname": "Fixture",
        "order": "First eventSecond event",
        "match": "Letter A → AB",
        "evidence": "Sentence 2: The second one asks a question?",
        "reflect": "Typing could look official.",
    }
    for qid, text in expected.items():
        box = question(page, qid).get_by_role("note", name="Answer key")
        expect(box).to_contain_text(text)


def test_host_receives_records_and_restores_saved_answers(page: Any, site: Site) -> None:
    page.goto(site.write_page('<div id="one"></div><div id="two"></div>'))
    page.wait_for_function("() => globalThis.LessonkitQuiz !== undefined")
    page.evaluate(
        """payload => {
      window.records = [];
      window.saved = {};
      window.host = {
        onAnswer: record => window.records.push(record),
        storage: {load: id => window.saved[id] ? JSON.parse(window.saved[id]) : null,
                  save: (id, state) => { window.saved[id] = JSON.stringify(state); }},
      };
      window.payload = payload;
      LessonkitQuiz.render(document.getElementById("one"), payload, window.host);
    }""",
        all_types(),
    )
    cities = page.locator("#one").locator('.lk-q[data-question="which-cities"]')
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Check").click()
    cities.get_by_label("Sampleton").check()
    cities.get_by_role("button", name="Check").click()
    order = page.locator("#one").locator('.lk-q[data-question="order"]')
    order.get_by_role("button", name="Move down: Fourth event").click()
    order.get_by_role("button", name="Check").click()
    records = page.evaluate("() => window.records")
    assert records[0] == {
        "quiz_id": "all-types",
        "quiz_version": 2,
        "question_id": "which-cities",
        "answer": ["testville"],
        "verdict": "partial",
        "score": 0.5,
        "attempt": 1,
    }
    assert records[1]["answer"] == ["testville", "sampleton"]
    assert (records[1]["verdict"], records[1]["score"], records[1]["attempt"]) == ("correct", 1, 2)
    assert records[2]["answer"] == ["third", "fourth", "first", "second"]
    assert (records[2]["verdict"], records[2]["score"]) == ("partial", 0.6667)
    saved = json.loads(page.evaluate("() => window.saved['all-types']"))
    assert saved["version"] == 2 and set(saved["answers"]) == {"which-cities", "order"}

    page.evaluate(
        "() => LessonkitQuiz.render(document.getElementById('two'), window.payload, window.host)"
    )
    again = page.locator("#two")
    expect(again.locator('.lk-q[data-question="which-cities"] .lk-status')).to_have_text(
        "✓ Correct."
    )
    expect(again.get_by_label("Sampleton")).to_be_checked()
    expect(again.locator(".lk-quiz__score")).to_have_text("Score: 2.67 of 9 auto-graded points")
    assert [t.strip() for t in again.locator(".lk-order__text").all_inner_texts()] == [
        "Third event",
        "Fourth event",
        "First event",
        "Second event",
    ]
    assert len(page.evaluate("() => window.records")) == 3, "restoring is not a new answer"

    page.evaluate(
        "() => { window.saved['all-types'] = JSON.stringify({version: 1, answers: {}}); }"
    )
    page.evaluate("""() => LessonkitQuiz.render(document.getElementById('two'), window.payload,
                                                 {storage: window.host.storage, messages: {check: "Vérifier"}})""")
    expect(page.locator("#two .lk-q")).to_have_count(9)
    expect(page.locator("#two .lk-status[data-verdict]")).to_have_count(0)
    expect(page.locator("#two").get_by_role("button", name="Vérifier")).to_have_count(8)


def test_quiz_heading_follows_the_page_outline(page: Any, site: Site) -> None:
    body = (
        "<section><h2>Lesson</h2><h3>Check your understanding</h3>"
        f"{quiz_html(all_types())}</section>{quiz_html(all_types())}"
    )
    page.goto(site.write_page(body))
    page.wait_for_function("() => document.querySelectorAll('[data-lk-rendered]').length === 2")
    expect(page.locator(".lk-quiz").nth(0).locator("h4.lk-quiz__title")).to_have_count(1)
    expect(page.locator(".lk-quiz").nth(1).locator("h4.lk-quiz__title")).to_have_count(1)


def test_element_ids_stay_unique_with_two_copies_of_the_script(
    open_quizzes: Any, page: Any
) -> None:
    from .conftest import STATIC

    open_quizzes(all_types(), all_types(teacher=True))
    page.add_script_tag(path=str(STATIC / "quiz.js"))  # a second copy, as each live widget has
    page.evaluate(
        """payload => {
      const el = document.createElement("div");
      document.querySelector("main").append(el);
      LessonkitQuiz.render(el, payload);
    }""",
        all_types(),
    )
    ids = page.evaluate("() => Array.from(document.querySelectorAll('[id]'), el => el.id)")
    assert len(ids) > 100 and len(ids) == len(set(ids))
    third = page.locator(".lk-quiz").nth(2)
    third.locator(
        '.lk-q[data-question="which-typed"] label', has_text="Letter A"
    ).click()  # a label toggles its own quiz's radio, not another's
    expect(third.get_by_role("radio", name="Letter A")).to_be_checked()
    expect(
        page.locator(".lk-quiz").nth(0).get_by_role("radio", name="Letter A")
    ).not_to_be_checked()
