"""Quizzes on paper: the static worksheet (noscript fallback and `export --format worksheet`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from exportcheck import FIXTURE_DATA, LESSON_QUIZZES, fixture_quiz

from lessonkit.cli import main
from lessonkit.quiz import Quiz
from lessonkit.quiz.questions import (
    Highlight,
    Matching,
    MultipleChoice,
    Open,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from lessonkit.render.html import quiz_html
from lessonkit.render.markdown import render_block
from lessonkit.render.worksheet import worksheet_html
from lessonkit.teacher.exports.common import block, plain_text
from lessonkit.teacher.exports.worksheet import worksheet_page


def _sheet(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def _boxes_expected(quiz: Quiz) -> list[int]:
    counts = []
    for question in quiz.questions:
        match question:
            case SingleChoice(options=o) | MultipleChoice(options=o):
                counts.append(len(o))
            case TrueFalse():
                counts.append(2)
            case Ordering(items=items):
                counts.append(len(items))
            case Highlight():
                counts.append(len(quiz.excerpts[str(question.excerpt)].sentences))
            case _:
                counts.append(0)
    return counts


@pytest.mark.parametrize(
    "quiz",
    [Quiz.from_yaml(p) for p in LESSON_QUIZZES] + [fixture_quiz("all-types")],
    ids=lambda q: q.id,
)
def test_worksheet_has_every_question_and_no_answer(quiz: Quiz) -> None:
    soup = _sheet(worksheet_html(quiz, lang="en"))
    questions = soup.select("li.lk-sheet__q")
    assert len(questions) == len(quiz.questions)
    for question, node in zip(quiz.questions, questions, strict=True):
        prompt = _sheet(render_block(question.prompt)).get_text(" ", strip=True)
        assert node.select_one(".lk-sheet__prompt").get_text(" ", strip=True) == prompt
        assert f"lk-sheet__q--{question.type.replace('_', '-')}" in node["class"]
        if isinstance(question, Matching):
            letters = node.select("ol.lk-sheet__choices[type=A] > li")
            assert len(letters) == len(question.pairs) + len(question.distractors)
            assert len(node.select("ol.lk-sheet__pairs .lk-sheet__line")) == len(question.pairs)
        if isinstance(question, Open):
            assert len(node.select(".lk-sheet__rule")) == 6
    boxes = ".lk-sheet__options > li, .lk-sheet__sentence"
    assert [len(q.select(boxes)) for q in questions] == _boxes_expected(quiz)
    text = soup.get_text(" ", strip=True)
    for question in quiz.questions:
        for secret in (question.explanation, getattr(question, "model_answer", None)):
            if secret:
                assert _sheet(render_block(secret)).get_text(" ", strip=True)[:40] not in text


def test_worksheet_speaks_the_interface_language() -> None:
    quiz = fixture_quiz("all-types")
    soup = _sheet(worksheet_html(quiz, lang="ru"))
    assert soup.select_one(".lk-sheet")["lang"] == "ru"
    assert "Вопрос 1 из 9 · Баллы: 1" in soup.get_text()
    assert "Отметьте один вариант." in soup.get_text()


def test_noscript_shows_the_worksheet() -> None:
    quiz = fixture_quiz("all-types")
    soup = _sheet(quiz_html(quiz))
    noscript = soup.select_one("div.lk-quiz > noscript")
    assert noscript is not None
    inner = _sheet(noscript.decode_contents())
    # the title, the note, then each question's prompt and how to answer it (no points)
    assert inner.select_one(".lk-sheet > p").get_text() == (
        "All nine question typesThis quiz needs JavaScript. Answer it on paper:"
    )
    questions = inner.select(".lk-sheet > ol > li")
    assert len(questions) == len(quiz.questions) == 9
    for node, question in zip(questions, quiz.questions, strict=True):
        text = node.get_text()
        assert plain_text(block(question.prompt)) in text
        assert "Points" not in text
    single = questions[0]
    assert single.select_one("p > em").get_text() == "Tick one box."
    assert len(single.select("ul:last-child > li")) == len(quiz.questions[0].options)
    assert "</noscript" not in noscript.decode_contents()


def test_hostile_texts_stay_text_in_the_worksheet() -> None:
    page = worksheet_page(fixture_quiz("hostile"), lang="en")
    soup = _sheet(page)
    assert soup.select("script") == [] and soup.select("i") == []
    assert "<i>z</i>" in soup.get_text()
    assert soup.select_one("h1").get_text().startswith("Hostile \\ ~ = # { } : %50% ->")


def test_worksheet_command_writes_one_page_per_quiz(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(FIXTURE_DATA))
    quizzes = [str(FIXTURE_DATA.parent / f"{n}.yaml") for n in ("all-types", "hostile")]
    out = tmp_path / "sheets"
    assert main(["export", "--format", "worksheet", *quizzes, "-o", str(out), "--no-pdf"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["all-types.html", "hostile.html"]
    assert "Wrote 2 worksheet(s)" in capsys.readouterr().out
    page = (out / "all-types.html").read_text(encoding="utf-8")
    assert re.search(r"<style>\s*/\* lessonkit quiz styles", page)
    assert main(["export", "--format", "worksheet", *quizzes, "-o", str(out), "--no-pdf"]) == 1
    assert "already exists" in capsys.readouterr().err
    args = ["export", "--format", "worksheet", *quizzes, "-o", str(out), "--no-pdf", "--force"]
    assert main(args) == 0


def test_a_worksheet_page_carries_its_images_and_only_the_math_it_needs() -> None:
    """The page is one file: an image is inside it (data URI, its description as alt), and
    KaTeX with sheet-math.js comes only with a quiz whose texts have math."""
    page = worksheet_page(fixture_quiz("interchange"))
    sheet = _sheet(page)
    (image,) = sheet.find_all("img")
    assert image["src"].startswith("data:image/svg+xml;base64,")
    assert image["alt"] == "A bar from 1917 on the left to 1933 on the right"
    assert "[A bar from 1917" not in sheet.get_text()
    assert len(sheet.select("span[data-lk-math]")) == 4
    (script,) = sheet.find_all("script")
    assert "katex" in script.string and "LessonkitMath" in script.string
    assert "span[data-lk-math]" in script.string  # sheet-math.js draws them
    assert "url(data:font/woff2;base64," in page and "url(fonts/" not in page
    for path in LESSON_QUIZZES:
        plain = worksheet_page(Quiz.from_yaml(path))
        assert "<script" not in plain and "katex" not in plain.lower(), path.name
