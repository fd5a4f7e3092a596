"""Answers kept in the browser (quiz-storage.js): they survive a reload, another quiz
version ignores them, a browser that refuses localStorage or holds corrupt data still
gets a working quiz, and "Download my answers" writes a file that the teacher's tools
(lessonkit.answers.handin.read_handin, gradebook) accept."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import STATIC, Site, load_messages, quiz_html
from .driving import expect_score, question, score_line, status
from .quizdata import all_types
from .test_assets import test_scripts_are_classic_strict_and_offline as _check_offline_script
from .test_axe import _describe, run_axe

STORAGE_JS = "quiz-storage.js"
ANSWERS = "lessonkit:v1:answers:"
RESPONSES = "lessonkit:v1:responses"
STUDENT = "lessonkit:v1:student"
THROWING_SET_ITEM = (
    "Storage.prototype.setItem = function () {"
    " throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };"
)
NO_LOCAL_STORAGE = (
    "Object.defineProperty(window, 'localStorage', {configurable: true,"
    " get() { throw new DOMException('Access is denied.', 'SecurityError'); }});"
)


def storage_page(site: Site, *quizzes: dict[str, Any], lang: str = "en") -> str:
    """A test page (conftest.PAGE) that also loads quiz-storage.js, as the book does."""
    shutil.copy(STATIC / STORAGE_JS, site.root / STORAGE_JS)
    body = "\n".join(
        f"<section><h2>Part {i + 1}</h2>\n{quiz_html(q)}</section>" for i, q in enumerate(quizzes)
    )
    url = site.write_page(body, lang=lang, messages=load_messages(lang))
    path = site.root / url.rsplit("/", 1)[1]
    text = path.read_text(encoding="utf-8")
    tag = '<script defer src="quiz-page.js"></script>'
    assert tag in text
    path.write_text(
        text.replace(tag, f'<script defer src="{STORAGE_JS}"></script>\n{tag}'), encoding="utf-8"
    )
    return url


def wait_rendered(page: Any, count: int = 1) -> None:
    page.wait_for_function(
        "n => document.querySelectorAll('.lk-quiz[data-lk-rendered]').length === n", arg=count
    )


def open_page(page: Any, url: str, count: int = 1) -> None:
    page.goto(url)
    wait_rendered(page, count)


def stored(page: Any, key: str) -> Any:
    text = page.evaluate("key => localStorage.getItem(key)", key)
    return None if text is None else json.loads(text)


def answer_two(page: Any) -> None:
    """Letter A (correct, 1 point) and 1950 for the year (incorrect)."""
    typed = question(page, "which-typed")
    typed.get_by_label("Letter A").check()
    typed.get_by_role("button", name="Check").click()
    expect(status(typed)).to_have_text("✓ Correct.")
    year = question(page, "year")
    year.get_by_label("Your answer").fill("1950")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_contain_text("✗ Not quite.")
    expect_score(page, 1, 9)


def handin_form(page: Any, quiz: int = 0) -> Any:
    return page.locator(".lk-quiz").nth(quiz).locator("form.lk-handin")


def download(page: Any, folder: Path, quiz: int = 0) -> Path:
    form = handin_form(page, quiz)
    with page.expect_download() as info:
        form.get_by_role("button", name="Download my answers").click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


# --------------------------------------------------------------------- persistence


def test_answers_verdicts_and_score_survive_a_reload(page: Any, site: Site) -> None:
    url = storage_page(site, all_types())
    open_page(page, url)
    answer_two(page)
    state = stored(page, ANSWERS + "all-types")
    assert state["version"] == 2 and set(state["answers"]) == {"which-typed", "year"}
    assert state["answers"]["year"] == {"answer": "1950", "verdict": "incorrect", "attempt": 1}
    log = stored(page, RESPONSES)
    assert [(r["question_id"], r["verdict"], r["attempt"]) for r in log] == [
        ("which-typed", "correct", 1),
        ("year", "incorrect", 1),
    ]
    assert all(r["quiz_title"] == "All nine question types" for r in log)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", log[0]["recorded_at"])

    page.reload()
    wait_rendered(page)
    typed, year = question(page, "which-typed"), question(page, "year")
    expect(typed.get_by_label("Letter A")).to_be_checked()
    expect(status(typed)).to_have_text("✓ Correct.")
    expect(typed.locator(".lk-explanation")).to_be_visible()
    expect(year.get_by_label("Your answer")).to_have_value("1950")
    expect(status(year)).to_contain_text("✗ Not quite.")
    expect_score(page, 1, 9)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(2)
    assert len(stored(page, RESPONSES)) == 2, "putting answers back is not a new answer"

    # the attempt count goes on after the reload
    year.get_by_role("button", name="Try again").click()
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    expect(status(year)).to_have_text("✓ Correct.")
    expect_score(page, 2, 9)
    assert stored(page, RESPONSES)[-1]["attempt"] == 2


def test_another_quiz_version_ignores_the_stored_answers(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    answer_two(page)
    open_page(page, storage_page(site, dict(all_types(), version=3)))
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(question(page, "which-typed").get_by_label("Letter A")).not_to_be_checked()
    expect_score(page, 0, 9)
    assert stored(page, ANSWERS + "all-types")["version"] == 2, "only answering replaces it"
    year = question(page, "year")
    year.get_by_label("Your answer").fill("1926")
    year.get_by_role("button", name="Check").click()
    assert stored(page, ANSWERS + "all-types") == {
        "version": 3,
        "answers": {"year": {"answer": "1926", "verdict": "correct", "attempt": 1}},
    }
    assert [r["quiz_version"] for r in stored(page, RESPONSES)] == [2, 2, 3]


@pytest.mark.parametrize(
    "script", [THROWING_SET_ITEM, NO_LOCAL_STORAGE], ids=["setItem-throws", "no-localStorage"]
)
def test_quiz_works_without_storage(page: Any, site: Site, tmp_path: Path, script: str) -> None:
    page.add_init_script(script)
    url = storage_page(site, all_types())
    open_page(page, url)
    form = handin_form(page)
    expect(form).to_contain_text("This browser does not let the book keep your answers")
    answer_two(page)
    cities = question(page, "which-cities")
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Check").click()
    expect(status(cities)).to_contain_text("Partly correct (1 of 2).")
    expect_score(page, 2, 9)
    # the answers of this page can still be handed in
    form.get_by_label("Your name or student id").fill("Private Window")
    saved = download(page, tmp_path)
    from lessonkit.answers.handin import read_handin

    document = read_handin(saved)
    assert [r["question_id"] for r in document["responses"]] == [
        "which-typed",
        "year",
        "which-cities",
    ]
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(handin_form(page).get_by_label("Your name or student id")).to_have_value("")


def test_corrupt_stored_data_is_ignored(page: Any, site: Site) -> None:
    url = storage_page(site, all_types())
    open_page(page, url)
    page.evaluate(
        """([answers, responses, student]) => {
      localStorage.setItem(answers, '{"version": 2, "answers": {"which-typed": ');
      localStorage.setItem(responses, '[{"quiz_id": "all-types"');
      localStorage.setItem(student, "Kept Name");
    }""",
        [ANSWERS + "all-types", RESPONSES, STUDENT],
    )
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect_score(page, 0, 9)
    form = handin_form(page)
    expect(form.get_by_label("Your name or student id")).to_have_value("Kept Name")
    form.get_by_role("button", name="Download my answers").click()
    expect(form.get_by_role("status")).to_have_text(
        "ℹ There is nothing to download yet: check at least one answer first."
    )
    assert page.evaluate("k => localStorage.getItem(k)", RESPONSES) == '[{"quiz_id": "all-types"', (
        "unreadable data stays until the student answers again"
    )
    answer_two(page)
    assert set(stored(page, ANSWERS + "all-types")["answers"]) == {"which-typed", "year"}
    assert [r["question_id"] for r in stored(page, RESPONSES)] == ["which-typed", "year"]

    # well-formed JSON of the wrong shape, and a log with a malformed entry
    page.evaluate(
        """([answers, responses]) => {
      localStorage.setItem(answers, JSON.stringify({version: 2, answers: "everything"}));
      const log = JSON.parse(localStorage.getItem(responses));
      log.push({quiz_id: "all-types", verdict: "brilliant"}, 7, null);
      localStorage.setItem(responses, JSON.stringify(log));
    }""",
        [ANSWERS + "all-types", RESPONSES],
    )
    page.reload()
    wait_rendered(page)
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    assert page.evaluate("() => LessonkitQuizStorage.responses().length") == 2


def test_saved_answers_that_no_longer_fit_are_dropped(page: Any, site: Site) -> None:
    """Saved answers that make the renderer throw: the quiz starts afresh instead."""
    open_page(page, storage_page(site, all_types()))
    page.evaluate(
        """key => localStorage.setItem(key, JSON.stringify({version: 2, answers: {
      "which-typed": {answer: "a", verdict: "correct", attempt: 1}}}))""",
        ANSWERS + "all-types",
    )
    page.evaluate("""() => {
      const render = LessonkitQuiz.render;
      LessonkitQuiz.render = (el, payload, host) => {
        if (host && host.storage.load(payload.id)) throw new Error("these answers do not fit");
        return render(el, payload, host);
      };
      const el = document.createElement("div");
      el.className = "lk-quiz";
      el.append(document.querySelector("script.lk-quiz-data").cloneNode(true));
      document.querySelector("main").append(el);
      LessonkitQuizPage.renderAll();
    }""")
    extra = page.locator(".lk-quiz").nth(1)
    expect(extra.locator(".lk-q")).to_have_count(9)
    expect(extra.locator(".lk-quiz__error")).to_have_count(0)
    expect(extra.locator(".lk-status[data-verdict]")).to_have_count(0)
    expect(extra.locator("form.lk-handin")).to_have_count(1)


# ------------------------------------------------------------------------ hand-in


def test_download_my_answers_is_a_valid_handin_file(page: Any, site: Site, tmp_path: Path) -> None:
    from lessonkit.answers.handin import read_handin
    from lessonkit.teacher.gradebook import gradebook

    second = dict(all_types(), id="second-lesson", title="Second lesson")
    open_page(page, storage_page(site, all_types()))
    answer_two(page)
    reflect = question(page, "reflect")
    reflect.get_by_label("Your answer").fill("Typing looked official to the reader.")
    reflect.get_by_role("button", name="Submit").click()
    expect(status(reflect)).to_contain_text("Answer submitted.")

    open_page(page, storage_page(site, second))
    form = handin_form(page)
    expect(page.locator("form.lk-handin")).to_have_count(1)
    assert form.evaluate("f => f.previousElementSibling.className") == "lk-quiz__score"
    cities = question(page, "which-cities")
    cities.get_by_label("Testville").check()
    cities.get_by_role("button", name="Check").click()
    expect(score_line(page)).to_have_text("Score: 1 of 9 auto-graded points")

    # no name: the live region says so, the field is marked and focused, nothing downloads
    name = form.get_by_label("Your name or student id")
    expect(name).to_have_value("")
    form.get_by_role("button", name="Download my answers").click()
    note = form.get_by_role("status")
    expect(note).to_have_text(
        "✗ Type your name or student id first, then press “Download my answers”."
    )
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(name).to_be_focused()
    assert name.evaluate("n => n.getAttribute('aria-describedby')") == note.get_attribute("id")

    name.fill("  Ann Example ")
    expect(name).not_to_have_attribute("aria-invalid", "true")
    saved = download(page, tmp_path)
    assert saved.name == f"lessonkit-answers-ann-example-{date.today().isoformat()}.json"
    expect(note).to_have_text(
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
    assert book.scores.loc["Ann Example", ("all-types", "which-typed")] == 1.0

    # the name is remembered for the next page
    open_page(page, storage_page(site, all_types()))
    expect(handin_form(page).get_by_label("Your name or student id")).to_have_value("Ann Example")


def test_russian_hand_in(page: Any, site: Site, tmp_path: Path) -> None:
    from lessonkit.answers.handin import read_handin

    open_page(page, storage_page(site, all_types(lang="ru"), lang="ru"))
    form = handin_form(page)
    form.get_by_role("button", name="Скачать мои ответы").click()
    expect(form.get_by_role("status")).to_have_text(
        "✗ Сначала введите своё имя или номер учащегося, затем нажмите «Скачать мои ответы»."
    )
    for n, option in ((1, "Testville"), (2, "Sampleton")):
        cities = question(page, "which-cities")
        cities.get_by_label(option).check()
        cities.get_by_role("button", name="Проверить").click()
        expect(status(cities)).to_contain_text("Верно." if n == 2 else "Частично верно")
    form.get_by_label("Ваше имя или номер учащегося").fill("Иван Петров")
    with page.expect_download() as info:
        form.get_by_role("button", name="Скачать мои ответы").click()
    name = info.value.suggested_filename
    assert name == f"lessonkit-answers-иван-петров-{date.today().isoformat()}.json"
    info.value.save_as(tmp_path / name)
    expect(form.get_by_role("status")).to_have_text(
        f"✓ В файле {name} — 2 ответа. Сдайте этот файл учителю."
    )
    document = read_handin(tmp_path / name)
    assert document["student"] == "Иван Петров"
    assert [r["attempt"] for r in document["responses"]] == [1, 2]


def test_file_names(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    names = page.evaluate("""() => ["Ann", "  ../etc/passwd ", "O'Brien, Kate", "***", "ÉLODIE 7",
                                    "x".repeat(80)].map(n => LessonkitQuizStorage.fileName(n, new Date(2025, 0, 9)))""")
    assert names == [
        "lessonkit-answers-ann-2025-01-09.json",
        "lessonkit-answers-etc-passwd-2025-01-09.json",
        "lessonkit-answers-o-brien-kate-2025-01-09.json",
        "lessonkit-answers-student-2025-01-09.json",
        "lessonkit-answers-élodie-7-2025-01-09.json",
        f"lessonkit-answers-{'x' * 40}-2025-01-09.json",
    ]


def lessonkit_keys(page: Any) -> list[str]:
    return page.evaluate(
        "() => Object.keys(localStorage).filter(k => k.startsWith('lessonkit:')).sort()"
    )


def test_forget_my_answers_asks_first_then_removes_everything(
    page: Any, site: Site, tmp_path: Path
) -> None:
    open_page(page, storage_page(site, all_types(), dict(all_types(), id="second")), count=2)
    answer_two(page)
    form = handin_form(page)
    form.get_by_label("Your name or student id").fill("Ann Example")
    download(page, tmp_path)
    page.evaluate("() => localStorage.setItem('other-site-data', 'kept')")
    assert lessonkit_keys(page) == [ANSWERS + "all-types", RESPONSES, STUDENT]

    # the first press only asks; "Keep them" (focused, the safe choice) changes nothing
    forget = form.get_by_role("button", name="Forget my answers in this browser")
    expect(forget).to_have_attribute("aria-expanded", "false")
    forget.click()
    expect(forget).to_have_attribute("aria-expanded", "true")
    confirmation = form.get_by_role(
        "group", name=re.compile("^Remove every answer and the name that this browser keeps")
    )
    expect(confirmation).to_be_visible()
    keep = confirmation.get_by_role("button", name="Keep them")
    expect(keep).to_be_focused()
    keep.click()
    expect(confirmation).to_be_hidden()
    expect(forget).to_be_focused()
    assert len(lessonkit_keys(page)) == 3

    # Escape closes the question too
    forget.click()
    page.keyboard.press("Escape")
    expect(confirmation).to_be_hidden()
    expect(forget).to_be_focused()
    assert len(lessonkit_keys(page)) == 3

    # "Yes, forget them" removes answers, log and name, and only lessonkit's keys
    forget.click()
    confirmation.get_by_role("button", name="Yes, forget them").click()
    expect(form.get_by_role("status")).to_have_text(
        "✓ This browser no longer keeps your answers or your name."
        " Answers still shown on this page go when you reload it."
    )
    assert lessonkit_keys(page) == []
    assert page.evaluate("() => localStorage.getItem('other-site-data')") == "kept"
    for quiz in range(2):  # every name field of the page is emptied
        expect(handin_form(page, quiz).get_by_label("Your name or student id")).to_have_value("")

    page.reload()
    wait_rendered(page, 2)
    expect(question(page, "which-typed").get_by_label("Letter A")).not_to_be_checked()
    expect(page.locator(".lk-status[data-verdict]")).to_have_count(0)
    form = handin_form(page)
    form.get_by_label("Your name or student id").fill("Ann Example")
    form.get_by_role("button", name="Download my answers").click()
    expect(form.get_by_role("status")).to_have_text(
        "ℹ There is nothing to download yet: check at least one answer first."
    )


@pytest.mark.parametrize("script", [THROWING_SET_ITEM, NO_LOCAL_STORAGE])
def test_forget_without_storage_clears_the_answers_kept_in_memory(
    page: Any, site: Site, script: str
) -> None:
    page.add_init_script(script)
    open_page(page, storage_page(site, all_types()))
    answer_two(page)
    form = handin_form(page)
    form.get_by_role("button", name="Forget my answers in this browser").click()
    form.get_by_role("button", name="Yes, forget them").click()
    expect(form.get_by_role("status")).to_contain_text("no longer keeps your answers")
    form.get_by_label("Your name or student id").fill("Ann Example")
    form.get_by_role("button", name="Download my answers").click()
    expect(form.get_by_role("status")).to_contain_text("There is nothing to download yet")


def test_forget_question_passes_axe(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    handin_form(page).get_by_role("button", name="Forget my answers in this browser").click()
    result = run_axe(page, "forget question")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])


def test_hand_in_form_passes_axe(page: Any, site: Site) -> None:
    open_page(page, storage_page(site, all_types()))
    answer_two(page)
    form = handin_form(page)
    form.get_by_role("button", name="Download my answers").click()
    expect(form.get_by_role("status")).to_contain_text("Type your name")
    result = run_axe(page, "hand-in form")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])


# ------------------------------------------------------------------- static checks


def test_storage_script_is_classic_strict_and_offline() -> None:
    _check_offline_script(STORAGE_JS)


def test_storage_script_messages_exist_in_both_catalogues() -> None:
    text = (STATIC / STORAGE_JS).read_text(encoding="utf-8")
    literal = set(re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", text))
    plural = set(re.findall(r"plural\(\s*\"([a-z_]+)\"\s*,", text))
    assert literal == {
        "handin_intro",
        "handin_not_saved",
        "handin_name",
        "handin_download",
        "handin_need_name",
        "handin_nothing",
        "handin_failed",
        "handin_forget",
        "handin_forget_question",
        "handin_forget_yes",
        "handin_forget_no",
        "handin_forgotten",
        "handin_forget_failed",
    }
    assert plural == {"handin_done"}
    for lang in ("en", "ru"):
        catalogue = load_messages(lang)
        for key in literal:
            assert isinstance(catalogue.get(key), str), f"{lang}.json lacks {key!r}"
        forms = ("one", "few", "many", "other") if lang == "ru" else ("one", "other")
        for form in forms:
            assert isinstance(catalogue.get(f"handin_done_{form}"), str), (lang, form)
