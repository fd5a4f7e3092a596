"""The gradebook's difficulty chart: inline SVG that a screen reader can name, with one
bar per question of the item statistics, each as long as its share correct."""

from __future__ import annotations

import math
from pathlib import Path

from bs4 import BeautifulSoup
from gradebook_class import document, honest, response, write, write_quizzes
from lxml import etree

from lessonkit.teacher.chart import difficulty_svg
from lessonkit.teacher.gradebook import gradebook

SVG = "{http://www.w3.org/2000/svg}"


def test_the_report_chart_has_a_bar_per_question_as_long_as_its_share_correct(
    tmp_path: Path,
) -> None:
    quizzes = write_quizzes(tmp_path / "quizzes")
    files = [
        write(tmp_path, "ann.json", document("Ann", honest(True, True))),
        write(tmp_path, "bob.json", document("Bob", honest(True, False))),
        write(tmp_path, "cy.json", document("Cy", honest(False, False))),
        write(
            tmp_path,
            "dee.json",
            document("Dee", [response("places", ["here"], "partial", 0.5)]),
        ),
    ]
    book = gradebook(files, quizzes)
    page = BeautifulSoup(book.to_html(), "lxml")
    chart = page.find("svg")
    assert chart["role"] == "img"
    names = chart["aria-labelledby"].split()
    assert [chart.find(id=n).name for n in names] == ["title", "desc"]
    assert "each of the 3 questions" in chart.desc.get_text()
    items = book.items
    bars = chart.find_all("rect")
    assert len(bars) == len(items) == 3
    full = float(etree.fromstring(difficulty_svg(["x"], [1.0])).find(f"{SVG}rect").get("width"))
    assert full > 100
    for bar, (quiz, question, share) in zip(
        bars, items[["quiz_id", "question_id", "difficulty"]].itertuples(index=False), strict=True
    ):
        assert bar.title.get_text() == f"{quiz}/{question}: {share:.2f}"
        assert math.isclose(float(bar["width"]), share * full, abs_tol=0.1)
    # the same values stay in the item statistics table
    table = page.find("caption", string="Item statistics (regraded scores)").parent
    assert len(table.tbody.find_all("tr")) == 3


def test_a_question_without_answers_and_a_long_label() -> None:
    long = "a-very-long-quiz-identifier/and-a-question-id-too"
    chart = etree.fromstring(difficulty_svg(["q/1", long], [math.nan, 0.25]))
    assert chart.get("role") == "img"
    bars = chart.findall(f"{SVG}rect")
    assert bars[0].get("width") == "0.0"
    assert [b.findtext(f"{SVG}title") for b in bars] == ["q/1: no answers", f"{long}: 0.25"]
    texts = [t.text for t in chart.iter(f"{SVG}text")]
    assert "no answers" in texts
    shown = [t for t in texts if t and t.endswith("…")]
    assert shown and long.startswith(shown[0][:-1]) and len(shown[0]) < len(long)


def test_an_empty_gradebook_has_no_chart(tmp_path: Path) -> None:
    page = BeautifulSoup(gradebook([]).to_html(), "lxml")
    assert page.find("svg") is None
    assert page.find("h2", string="Questions") is not None
