"""Answers kept in the browser (quiz-storage.js, quiz-handin.js): they survive a reload,
another quiz version ignores them, a browser that refuses storage still gets a working
quiz, tampered or damaged saved data is set aside and counted (never used, never
silently dropped, never in the download), and "Download my answers" writes a file that
the teacher's tools (lessonkit.answers.handin.read_handin, gradebook) accept."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import STATIC, Site, load_messages
from .driving import expect_score, question, score_line, status
from .quizdata import all_types
from .storagepage import (
    NO_LOCAL_STORAGE,
    ROOT,
    THROWING_SET_ITEM,
    answer_two,
    download,
    give_name,
    handin_form,
    local,
    open_page,
    storage_page,
    student_key,
    wait_rendered,
    who_panel,
)
from .test_assets import test_scripts_are_classic_strict_and_offline as _check_offline_script
from .test_axe import _describe, run_axe

ANN = student_key("book-a", "Ann Example")

# --------------------------------------------------------------------- persistence


def test_answers_verdicts_and_score_survive_a_reload(page: Any, site: Site) -> None:
    url = storage_page(site, all_types())
    open_page(page, url)
    give_name(page, "Ann Example")
    answer_two(page)
    state = local(page, ANN + "answers:all-types")
    assert state["version"] == 2 and set(state["answers"]) == {"which-typed", "year"}
    assert state["answers"]["year"] == {"answer": "1950", "verdict": "incorrect", "attempt": 1}
    log = local(page, ANN + "log")
    assert [(r["question_id"], r["verdict"], r["attempt"]) for r in log] == [
        ("which-typed", "correct", 1),
        ("year", "incorrect", 1),
    ]
    assert all(r["quiz_title"] == "All nine question types" for r in log)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", log[0]["recorded_at"])
    assert local(page, f"{ROOT}book-a:name") == {"name": "Ann Example"}

    page.reload()
    wait_rendered(page)
    expect(who_panel(page)).to_contain_text("Answering as Ann Example.")
    typed, year = question(page, "which-typed"), question(page, "year")
    expect(typed.get_by_label("Letter A")).to_be_checked()
    expect(status(typed)).to_have_text("✓ Correct.")
    expect(typed.locator(".lk-explanation")).to_be_visible()
    expect(year.get_by_label("Your answer")).to_have_value("1950")
    expect(status(year)).to_contain_text("✗ Not quite.")
    expect_score(page, 1, 9)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(2)
    assert len(local(page, ANN + "log")) == 2, "putting answers back is not a new answer"

    # the attempt count goes on after the reload
    year.get_by_role("button", name="Try again").click()
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_have_text("✓ Correct.")
    expect_score(page, 2, 9)
    assert local(page, ANN + "log")[-1]["attempt"] == 2


def test_another_quiz_version_ignores_the_stored_answers(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    give_name(page, "Ann Example")
    answer_two(page)
    open_page(page, storage_page(site, dict(all_types(), version=3)))
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(question(page, "which-typed").get_by_label("Letter A")).not_to_be_checked()
    expect_score(page, 0, 9)
    assert local(page, ANN + "answers:all-types")["version"] == 2, "only answering replaces it"
    year = question(page, "year")
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    assert local(page, ANN + "answers:all-types") == {
        "version": 3,
        "answers": {"year": {"answer": "1926", "verdict": "correct", "attempt": 1}},
    }
    assert [r["quiz_version"] for r in local(page, ANN + "log")] == [2, 2, 3]


@pytest.mark.parametrize(
    "script", [THROWING_SET_ITEM, NO_LOCAL_STORAGE], ids=["setItem-throws", "no-storage"]
)
def test_quiz_works_without_storage(page: Any, site: Site, tmp_path: Path, script: str) -> None:
    page.add_init_script(script)
    open_page(page, storage_page(site, all_types()))
    form = handin_form(page)
    expect(form).to_contain_text("This browser does not let the book keep your answers")
    answer_two(page)
    give_name(page, "Private Window")  # the answers of this page go to the name
    cities = question(page, "which-cities")
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Check").click()
    expect(status(cities)).to_contain_text("Partly correct (1 of 2).")
    expect_score(page, 2, 9)
    from lessonkit.answers.handin import read_handin

    document = read_handin(download(page, tmp_path))
    assert document["student"] == "Private Window"
    assert [r["question_id"] for r in document["responses"]] == [
        "which-typed",
        "year",
        "which-cities",
    ]
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(who_panel(page).get_by_label("Your name or student id")).to_have_value("")


def test_saved_answers_that_no_longer_fit_are_dropped(page: Any, site: Site) -> None:
    """Saved answers that make the renderer throw: the quiz starts afresh instead."""
    open_page(page, storage_page(site, all_types()))
    give_name(page, "Ann Example")
    page.evaluate(
        """key => localStorage.setItem(key, JSON.stringify({version: 2, answers: {
      "which-typed": {answer: "a", verdict: "correct", attempt: 1}}}))""",
        ANN + "answers:all-types",
    )
    page.evaluate("""() => {
      const render = LessonkitQuiz.render;
      LessonkitQuiz.render = (el, payload, host) => {
        if (host && host.storage.load(payload.id)) throw new Error("these answers do not fit");
        return render(el, payload, host);
      };
      const el = document.createElement("div");
      el.className = "lk-quiz";
      el.append(document.querySelector('.lk-quiz > script[type="application/json"]').cloneNode(true));
      document.querySelector("main").append(el);
      LessonkitQuizPage.renderAll();
    }""")
    extra = page.locator(".lk-quiz").nth(1)
    expect(extra.locator(".lk-q")).to_have_count(9)
    expect(extra.locator(".lk-quiz__error")).to_have_count(0)
    expect(extra.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(extra.locator("form.lk-handin")).to_have_count(1)


# ----------------------------------------------------- tampered and damaged storage

TAMPERED = """([log, state]) => {
  const entries = JSON.parse(localStorage.getItem(log));
  const good = entries[0];
  const future = new Date(Date.now() + 3 * 24 * 3600 * 1000).toISOString();
  entries.push(
    {...good, attempt: "x"},
    {...good, attempt: -3},
    {...good, attempt: 1e308},
    {...good, answer: "b", verdict: "incorrect", score: 0, recorded_at: future},
    {...good, quiz_id: 5},
    {...good, verdict: "brilliant"},
    {...good, score: 2},
    {...good, quiz_version: 1.5},
    {...good, recorded_at: "yesterday"},
    (({answer, ...rest}) => rest)(good),
    7,
    null,
  );
  localStorage.setItem(log, JSON.stringify(entries));
  const saved = JSON.parse(localStorage.getItem(state));
  saved.answers.year.attempt = "x";
  localStorage.setItem(state, JSON.stringify(saved));
}"""


def test_tampered_entries_are_set_aside_counted_and_kept_out_of_the_download(
    page: Any, site: Site, tmp_path: Path
) -> None:
    from lessonkit.answers.handin import read_handin
    from lessonkit.teacher.gradebook import gradebook

    open_page(page, storage_page(site, all_types()))
    give_name(page, "Ann Example")
    answer_two(page)
    page.evaluate(TAMPERED, [ANN + "log", ANN + "answers:all-types"])
    page.reload()
    wait_rendered(page)

    note = handin_form(page).get_by_role("note")
    expect(note).to_have_text(
        "13 entries saved in this browser were damaged or changed by hand: they were set"
        " aside and are not in your download."
    )
    # the good saved answer is back; the tampered one is not, and its question starts afresh
    expect(status(question(page, "which-typed"))).to_have_text("✓ Correct.")
    year = question(page, "year")
    expect(year.get_by_label("Your answer")).to_have_value("")
    expect_score(page, 1, 9)
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_have_text("✓ Correct.")

    saved = download(page, tmp_path)
    expect(handin_form(page).get_by_role("status")).to_contain_text("3 answers are in the file")
    document = read_handin(saved)
    assert [(r["question_id"], r["answer"], r["attempt"]) for r in document["responses"]] == [
        ("which-typed", "a", 1),
        ("year", "1950", 1),
        ("year", "1926", 2),
    ]
    from .quizdata import DATASETS, QUIZZES

    book = gradebook([saved], QUIZZES / "all-types.yaml", datasets=DATASETS)  # regraded
    assert not book.problems
    assert book.scores.loc["Ann Example", ("all-types", "which-typed")] == 1.0
    assert book.scores.loc["Ann Example", ("all-types", "year")] == 1.0

    aside = local(page, ANN + "set-aside")
    assert len(aside) == 13
    reasons = [entry["reason"] for entry in aside]
    assert reasons.count("attempt") == 4 and reasons.count("time") == 2
    assert {"quiz or question id", "verdict", "score", "quiz version", "answer"} <= set(reasons)
    assert [e["entry"] for e in aside if e["reason"] == "not an answer"] == [7, None]
    assert all(re.fullmatch(r"\d{4}-.+Z", e["set_aside_at"]) for e in aside)

    page.reload()  # counted once, not again on every visit
    wait_rendered(page)
    expect(handin_form(page).get_by_role("note")).to_contain_text("13 entries")


def test_unreadable_saved_data_is_set_aside_whole(page: Any, site: Site, tmp_path: Path) -> None:
    from lessonkit.answers.handin import read_handin

    open_page(page, storage_page(site, all_types()))
    give_name(page, "Ann Example")
    page.evaluate(
        """([answers, log]) => {
      localStorage.setItem(answers, '{"version": 2, "answers": {"which-typed": ');
      localStorage.setItem(log, '[{"quiz_id": "all-types"');
    }""",
        [ANN + "answers:all-types", ANN + "log"],
    )
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect_score(page, 0, 9)
    expect(handin_form(page).get_by_role("note")).to_contain_text("2 entries saved in this")
    assert [e["text"] for e in local(page, ANN + "set-aside")] == [
        '{"version": 2, "answers": {"which-typed": ',
        '[{"quiz_id": "all-types"',
    ]
    answer_two(page)
    document = read_handin(download(page, tmp_path))
    assert [r["question_id"] for r in document["responses"]] == ["which-typed", "year"]

    # well-formed JSON of the wrong shape
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify({version: 2, answers: 'everything'}))",
        ANN + "answers:all-types",
    )
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(handin_form(page).get_by_role("note")).to_contain_text("3 entries saved in this")
    assert page.evaluate("() => LessonkitQuizStorage.responses().length") == 2


# ------------------------------------------------------------------------ hand-in


def test_download_my_answers_is_a_valid_handin_file(page: Any, site: Site, tmp_path: Path) -> None:
    from lessonkit.answers.handin import read_handin
    from lessonkit.teacher.gradebook import gradebook

    second = dict(all_types(), id="second-lesson", title="Second lesson")
    open_page(page, storage_page(site, all_types()))
    form = handin_form(page)
    assert form.evaluate("f => f.previousElementSibling.className") == "lk-quiz__score"
    # "Who is answering?" comes before the first question
    assert who_panel(page).evaluate("f => f.nextElementSibling.dataset.question") == "which-typed"

    # no name yet: the live region says so and the name field gets the focus
    form.get_by_role("button", name="Download my answers").click()
    note = form.get_by_role("status")
    expect(note).to_have_text(
        "✗ Say who is answering first (at the top of this quiz), then press “Download my answers”."
    )
    expect(who_panel(page).get_by_label("Your name or student id")).to_be_focused()
    who_panel(page).get_by_role("button", name="Use this name").click()
    expect(who_panel(page).get_by_label("Your name or student id")).to_have_attribute(
        "aria-invalid", "true"
    )
    give_name(page, "  Ann Example ")
    answer_two(page)
    reflect = question(page, "reflect")
    reflect.get_by_label("Your answer").fill("Typing looked official to the reader.")
    reflect.get_by_role("button", name="Submit").click()
    expect(status(reflect)).to_contain_text("Answer submitted.")

    open_page(page, storage_page(site, second))
    expect(who_panel(page)).to_contain_text("Answering as Ann Example.")
    cities = question(page, "which-cities")
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Check").click()
    expect(score_line(page)).to_have_text("Score: 1 of 9 auto-graded points")

    saved = download(page, tmp_path)
    assert saved.name == f"lessonkit-answers-ann-example-{date.today().isoformat()}.json"
    expect(handin_form(page).get_by_role("status")).to_have_text(
        f"✓ 4 answers are in the file {saved.name}. Hand this file in to your teacher."
    )
    document = read_handin(saved)
    assert document["format"] == "lessonkit-responses" and document["format_version"] == 1
    assert document["student"] == "Ann Example" and document["source"] == "book"
    assert document["lessonkit_version"] == page.evaluate("() => LessonkitQuiz.version")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", document["exported_at"])
    assert document["quizzes"] == [
        {"quiz_id": "all-types", "quiz_version": 2, "title": "All nine question types"},
        {"quiz_id": "second-lesson", "quiz_version": 2, "title": "Second lesson"},
    ]
    responses = document["responses"]
    assert [(r["quiz_id"], r["question_id"], r["verdict"], r["score"]) for r in responses] == [
        ("all-types", "which-typed", "correct", 1),
        ("all-types", "year", "incorrect", 0),
        ("all-types", "reflect", "submitted", None),
        ("second-lesson", "which-cities", "partial", 0.5),
    ]
    assert set(responses[0]) == {
        "recorded_at",
        "quiz_id",
        "quiz_version",
        "quiz_title",
        "question_id",
        "answer",
        "verdict",
        "score",
        "attempt",
    }
    assert responses[0]["answer"] == "a" and responses[3]["answer"] == ["testville"]
    assert saved.read_text(encoding="utf-8").endswith("}\n")

    # regraded against the quiz files: all-types.yaml, and the same quiz as "second-lesson"
    from .quizdata import DATASETS, QUIZZES, scored_points

    copy = (QUIZZES / "all-types.yaml").read_text(encoding="utf-8")
    copy = copy.replace("id: all-types", "id: second-lesson", 1)
    copy = copy.replace("title: All nine question types", "title: Second lesson", 1)
    (tmp_path / "second-lesson.yaml").write_text(copy, encoding="utf-8")
    quizzes = [QUIZZES / "all-types.yaml", tmp_path / "second-lesson.yaml"]
    book = gradebook([saved], quizzes, datasets=DATASETS)
    assert not book.problems
    row = book.students.set_index("student").loc["Ann Example"]
    # which-typed right (1 point), year wrong, which-cities half right (2 points)
    assert (row["scored"], row["points"], row["maximum"]) == (3, 2.0, 2 * scored_points())
    assert book.scores.loc["Ann Example", ("second-lesson", "which-cities")] == 0.5


def test_russian_hand_in(page: Any, site: Site, tmp_path: Path) -> None:
    from lessonkit.answers.handin import read_handin

    open_page(page, storage_page(site, all_types(lang="ru"), lang="ru"))
    panel, form = who_panel(page), handin_form(page)
    expect(panel).to_contain_text("Кто отвечает?")
    form.get_by_role("button", name="Скачать мои ответы").click()
    expect(form.get_by_role("status")).to_have_text(
        "✗ Сначала укажите, кто отвечает (в начале этого теста), затем нажмите «Скачать мои"
        " ответы»."
    )
    panel.get_by_label("Ваше имя или номер учащегося").fill("Иван Петров")
    panel.get_by_role("button", name="Использовать это имя").click()
    expect(who_panel(page).get_by_role("status")).to_have_text(
        "✓ Теперь отвечает: Иван Петров. Под этим именем пока ничего не хранится: вы"
        " начинаете заново."
    )
    for n, option in ((1, "Testville"), (2, "Sampleton")):
        cities = question(page, "which-cities")
        cities.get_by_label(option).check()
        cities.get_by_role("button", name="Проверить").click()
        expect(status(cities)).to_contain_text("Верно." if n == 2 else "Частично верно")
    with page.expect_download() as info:
        handin_form(page).get_by_role("button", name="Скачать мои ответы").click()
    name = info.value.suggested_filename
    assert name == f"lessonkit-answers-иван-петров-{date.today().isoformat()}.json"
    info.value.save_as(tmp_path / name)
    expect(handin_form(page).get_by_role("status")).to_have_text(
        f"✓ В файле {name} — 2 ответа. Сдайте этот файл учителю."
    )
    document = read_handin(tmp_path / name)
    assert document["student"] == "Иван Петров"
    assert [r["attempt"] for r in document["responses"]] == [1, 2]


def test_file_names(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    names = page.evaluate("""() => ["Ann", "  ../etc/passwd ", "O'Brien, Kate", "***", "ÉLODIE 7",
                                    "x".repeat(80)].map(n => LessonkitQuizHandIn.fileName(n, new Date(2025, 0, 9)))""")
    assert names == [
        "lessonkit-answers-ann-2025-01-09.json",
        "lessonkit-answers-etc-passwd-2025-01-09.json",
        "lessonkit-answers-o-brien-kate-2025-01-09.json",
        "lessonkit-answers-student-2025-01-09.json",
        "lessonkit-answers-élodie-7-2025-01-09.json",
        f"lessonkit-answers-{'x' * 40}-2025-01-09.json",
    ]


def test_hand_in_form_and_set_aside_note_pass_axe(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    give_name(page, "Ann Example")
    answer_two(page)
    page.evaluate("key => localStorage.setItem(key, '[7]')", ANN + "log")
    page.reload()
    wait_rendered(page)
    form = handin_form(page)
    expect(form.get_by_role("note")).to_be_visible()
    form.get_by_role("button", name="Download my answers").click()
    expect(form.get_by_role("status")).to_contain_text("There is nothing to download yet")
    result = run_axe(page, "hand-in form with a set-aside note")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])


# ------------------------------------------------------------------- static checks


@pytest.mark.parametrize("name", ["quiz-storage.js", "quiz-handin.js"])
def test_storage_scripts_are_classic_strict_and_offline(name: str) -> None:
    _check_offline_script(name)


def test_hand_in_messages_exist_in_both_catalogues() -> None:
    text = (STATIC / "quiz-handin.js").read_text(encoding="utf-8")
    literal = set(re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", text))
    plural = set(re.findall(r"plural\(\s*\"([a-z_]+)\"\s*,", text))
    assert {"who_title", "who_ask", "who_yes", "who_no", "handin_need_who"} <= literal
    assert plural == {"handin_done", "handin_set_aside", "who_restored"}
    for lang in ("en", "ru"):
        catalogue = load_messages(lang)
        for key in literal:
            assert isinstance(catalogue.get(key), str), f"{lang}.json lacks {key!r}"
        forms = ("one", "few", "many", "other") if lang == "ru" else ("one", "other")
        for key in plural:
            for form in forms:
                assert isinstance(catalogue.get(f"{key}_{form}"), str), (lang, key, form)
