"""The built book's markup, as screen readers get it: tables with captions and real header
cells, figures with alt text, named checkboxes, a bibliography list of list items, an
index with headings (lessonkit.book.markup, lessonkit.book.tables, the glossary)."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from lessonlist import toc_files

pytestmark = pytest.mark.book

LESSON_PAGES = [name for name in toc_files() if name.startswith(("lessons/", "guide/"))]


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_table_has_a_caption_and_no_empty_header_cell(built_book: Path) -> None:
    frames = 0
    for name in toc_files():
        soup = _soup(built_book / f"{name}.html")
        for table in soup.select("article table"):
            where = f"{name}: {str(table)[:200]}"
            assert all(th.get_text(strip=True) for th in table.find_all("th")), where
            if "dataframe" in (table.get("class") or []):
                frames += 1
                caption = table.find("caption")
                assert isinstance(caption, Tag) and caption.get_text(strip=True), where
                assert all(th.get("scope") for th in table.find_all("th")), where
    assert frames >= 20, "the lessons show pandas tables"
    comparison = _soup(built_book / "guide" / "running-a-class.html").select_one("article table")
    assert isinstance(comparison, Tag)
    labels = [row.find(["th", "td"]) for row in comparison.select("tbody tr")]
    assert labels and all(c.name == "th" and c.get("scope") == "row" for c in labels)


@pytest.mark.parametrize("name", LESSON_PAGES)
def test_figures_of_cell_outputs_keep_their_alt_text(built_book: Path, name: str) -> None:
    for image in _soup(built_book / f"{name}.html").select(".cell_output img"):
        alt = str(image.get("alt", "")).strip()
        assert len(alt) > 40, f"{name}: {image.get('src')} has no real alt text: {alt!r}"
        assert not alt.endswith((".png", ".svg", ".jpg")), f"{name}: the alt text is a file name"


def test_task_list_checkboxes_are_named_by_their_item(built_book: Path) -> None:
    soup = _soup(built_book / "guide" / "running-a-class.html")
    boxes = soup.select("input.task-list-item-checkbox")
    assert boxes
    for box in boxes:
        item = box.find_parent("li")
        assert isinstance(item, Tag)
        assert box.get("aria-label") == " ".join(item.get_text().split())


def test_bibliography_entries_are_list_items(built_book: Path) -> None:
    html = (built_book / "reference" / "bibliography.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert "doc-biblioentry" not in html
    for listing in soup.select('[role="list"]'):
        children = listing.find_all(recursive=False)
        assert children and all(c.get("role") == "listitem" for c in children)


def test_index_groups_the_glossary_terms_by_letter(built_book: Path) -> None:
    soup = _soup(built_book / "genindex.html")
    headings = [h.get_text(strip=True) for h in soup.select("article h2")]
    assert headings and all(len(h) == 1 and h.isupper() for h in headings), headings
    jumps = [a.get_text(strip=True) for a in soup.select(".genindex-jumpbox a")]
    assert jumps == headings


def test_captions_from_cell_metadata_and_markdown_tables(built_testbook: Path) -> None:
    soup = _soup(built_testbook / "tables.html")
    captions = [(c.get_text(), c.get("class")) for c in soup.select("table.dataframe > caption")]
    assert captions == [
        ("Letters per place, from a made-up table", None),
        ("Table from the code above: 2 rows, 2 columns.", ["lk-caption-generated"]),
        ("First of two", None),
        ("Second of two", None),
    ]
    named = soup.select("table.dataframe")[0]
    assert [th.get_text() for th in named.select("thead th")] == ["place", "letters"]
    soup = _soup(built_testbook / "markup.html")
    markdown = soup.select_one("article table.table")
    assert isinstance(markdown, Tag)
    assert markdown.select_one("thead td") is not None, "the empty corner is a data cell"
    assert [th.get("scope") for th in markdown.select("tbody th")] == ["row"]
    boxes = soup.select("input.task-list-item-checkbox")
    assert [box.get("aria-label") for box in boxes] == [
        "Build the book with make book.",
        "Check the quizzes.",
    ]
