"""The built book: every page offline, links resolve, generated pages complete."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from bs4 import BeautifulSoup
from lessonlist import ROOT, lessons, toc_files

import lessonkit
from lessonkit.data.references import keys as bib_keys

pytestmark = pytest.mark.book


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _pages(html: Path) -> list[Path]:
    """Every page of the book (not static files, not the root redirect to the first page)."""
    return sorted(
        p
        for p in html.rglob("*.html")
        if "_static" not in p.parts
        and "reports" not in p.parts
        and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:300]
    )


def test_every_toc_page_is_built(built_book: Path) -> None:
    for name in toc_files():
        assert (built_book / f"{name}.html").is_file(), name


def test_datasets_page_lists_every_table_and_column(built_book: Path) -> None:
    soup = _soup(built_book / "reference" / "datasets.html")
    for name in lessonkit.list_datasets():
        section = soup.find(id=f"dataset-{name}")
        assert section is not None, f"no section for {name}"
        text = section.get_text(" ")
        for column in lessonkit.describe(name)["column"]:
            assert column in text, f"{name}.{column} missing on the Datasets page"
        assert f"lessonkit.load_{name}()" in text


def test_pages_request_nothing_from_the_network(built_book: Path) -> None:
    for page in _pages(built_book):
        soup = _soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for node in soup.find_all(tag):
                url = node.get(attr) or ""
                if (
                    tag == "link"
                    and "stylesheet" not in (node.get("rel") or [])
                    and "preload" not in (node.get("rel") or [])
                ):
                    continue
                assert not urlparse(url).scheme.startswith("http"), f"{page.name}: {tag} {url}"
        body = page.read_text(encoding="utf-8")
        assert "widget-state+json" not in body and "require.min.js" not in body, page.name


def test_every_page_loads_the_quiz_assets_once(built_book: Path) -> None:
    for page in _pages(built_book):
        sources = [s.get("src", "") for s in _soup(page).find_all("script")]
        for asset in (
            "quiz.js",
            "quiz-storage.js",
            "quiz-handin.js",
            "quiz-page.js",
            "lessonkit-messages.js",
        ):
            assert sum(asset in s.split("/")[-1].split("?")[0] for s in sources) == 1, (
                page.name,
                asset,
            )
    assert (built_book / "_static" / "quiz.js").is_file()


def test_inline_scripts_are_not_duplicated(built_book: Path) -> None:
    for page in _pages(built_book):
        inline = [
            s.string
            for s in _soup(page).find_all("script")
            if not s.get("src") and s.string and s.get("type") not in ("application/json",)
        ]
        assert len(inline) == len(set(inline)), page.name


def test_internal_links_and_anchors_resolve(built_book: Path) -> None:
    ids: dict[Path, set[str]] = {}
    for page in _pages(built_book):
        for anchor in _soup(page).find_all("a", href=True):
            href = anchor["href"]
            parsed = urlparse(href)
            if parsed.scheme or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parsed.path)).resolve() if parsed.path else page
            assert target.exists(), f"{page.relative_to(built_book)}: broken link {href}"
            if parsed.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = {n.get("id") for n in _soup(target).find_all(id=True)}
                assert parsed.fragment in ids[target], f"{page.name}: missing anchor {href}"


def test_bibliography_lists_every_reference(built_book: Path) -> None:
    text = _soup(built_book / "reference" / "bibliography.html").get_text(" ")
    for key in sorted(bib_keys()):
        title = lessonkit.data.references.entries().entries[key].fields.get("title", "")
        first_words = re.sub(r"[{}]", "", title).split()[:3]
        assert " ".join(first_words) in re.sub(r"\s+", " ", text), key


def test_welcome_page_has_a_content_note(built_book: Path) -> None:
    soup = _soup(built_book / "welcome.html")
    assert soup.select_one(".admonition.warning") is not None
    assert "Content note" in soup.get_text()


LESSONS = lessons()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_page_has_quiz_figure_and_citations(built_book: Path, lesson: Path) -> None:
    page = built_book / "lessons" / f"{lesson.stem}.html"
    soup = _soup(page)
    quizzes = soup.select('.lk-quiz > script[type="application/json"]')
    assert len(quizzes) == 1, "one quiz per lesson"
    payload = json.loads(quizzes[0].string)
    assert len(payload["questions"]) >= 5
    assert {q["type"] for q in payload["questions"]} & {"ordering", "matching", "highlight", "open"}
    figures = [img for img in soup.select("main img") if "_images" in (img.get("src") or "")]
    assert figures, "the lesson has no figure"
    assert all(img.get("alt") for img in figures), "every figure needs alt text"
    assert soup.select('a[href*="bibliography.html#id"], a[href*="bibliography.html"]'), (
        "no citation"
    )
    assert soup.select_one(".admonition.tip") is not None, "no 'At a glance' box"
    assert "Central question" in soup.get_text()
    assert soup.select_one(".lk-document") is not None, "no document card"
    assert 'href="../reference/datasets.html' in str(soup), "no link to the Datasets page"


def _payloads(html: Path) -> dict[str, dict]:
    found = {}
    for page in sorted((html / "lessons").glob("*.html")):
        for node in _soup(page).select('.lk-quiz > script[type="application/json"]'):
            found[page.stem] = json.loads(node.string)
    return found


def test_student_build_does_not_show_answers_as_text(built_book: Path) -> None:
    from lessonkit.quiz import Quiz
    from lessonkit.teacher.exports.common import block, plain_text

    payloads = _payloads(built_book)
    assert len(payloads) == len(LESSONS)
    for stem, payload in payloads.items():
        assert "teacher" not in payload  # the student edition: left out, as defaults are
        page_text = (built_book / "lessons" / f"{stem}.html").read_text(encoding="utf-8")
        quiz = Quiz.from_yaml(ROOT / "lessons" / "quizzes" / f"{stem}.yaml")
        for question in quiz.questions:
            for field in ("explanation", "model_answer"):
                secret = plain_text(block(getattr(question, field, None) or ""))[:60]
                if len(secret) > 20:
                    assert secret not in page_text, f"{stem}: {field} readable in the student build"


def test_teacher_build_marks_every_quiz(built_teacher_book: Path) -> None:
    payloads = _payloads(built_teacher_book)
    assert len(payloads) == len(LESSONS)
    assert all(p.get("teacher") is True for p in payloads.values())


def test_glossary_is_alphabetical_ignoring_quotes(built_book: Path) -> None:
    soup = _soup(built_book / "reference" / "glossary.html")
    terms = [
        dt.get_text(" ", strip=True).rstrip("¶").strip() for dt in soup.select("dl.glossary dt")
    ]
    assert len(terms) == len(lessonkit.load_glossary())
    key = [t.strip("'\"“”‘’").lower() for t in terms]
    assert key == sorted(key), terms
