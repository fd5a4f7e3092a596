"""pandas tables rewritten for screen readers (lessonkit.book.tables), on real pandas HTML."""

from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup, Tag

from lessonkit.book.tables import (
    GENERATED_CAPTION_CLASS,
    accessible_tables,
    label_rows_under_empty_corners,
)


def _table(frame: pd.DataFrame, *captions: str) -> Tag:
    html = accessible_tables(frame._repr_html_(), captions)
    table = BeautifulSoup(html, "html.parser").find("table")
    assert isinstance(table, Tag)
    return table


def _rows(table: Tag, part: str) -> list[list[tuple[str, str, str]]]:
    """(tag, text, scope) of every cell, row by row, in thead or tbody."""
    section = table.find(part)
    assert isinstance(section, Tag)
    return [
        [
            (c.name, c.get_text(strip=True), str(c.get("scope", "")))
            for c in row.find_all(["th", "td"])
        ]
        for row in section.find_all("tr")
    ]


def _no_empty_header(table: Tag) -> None:
    assert all(th.get_text(strip=True) for th in table.find_all("th"))


def test_default_index_corner_becomes_a_data_cell_and_headers_get_scope() -> None:
    table = _table(pd.DataFrame({"writer": ["NP", "L.G."], "medium": ["typed", "unknown"]}))
    assert _rows(table, "thead") == [
        [("td", "", ""), ("th", "writer", "col"), ("th", "medium", "col")]
    ]
    assert [row[0] for row in _rows(table, "tbody")] == [("th", "0", "row"), ("th", "1", "row")]
    _no_empty_header(table)


def test_index_name_moves_into_the_corner() -> None:
    frame = pd.DataFrame({"letters": [3, 1]}, index=pd.Index(["Odessa", "Rostov"], name="place"))
    table = _table(frame, "Letters per place")
    assert _rows(table, "thead") == [[("th", "place", "col"), ("th", "letters", "col")]]
    caption = table.find("caption")
    assert isinstance(caption, Tag) and caption.get_text() == "Letters per place"
    assert caption.get("class") is None, "a caption given by the lesson is shown"
    assert table.contents[0] is caption, "the caption is the table's first child"


def test_named_column_level_heads_its_row_and_the_index_name_its_column() -> None:
    frame = pd.crosstab(
        pd.Series(["date", "number", "date"], name="kind"),
        pd.Series(["minor", "moderate", "minor"], name="severity"),
    )
    table = _table(frame)
    assert _rows(table, "thead") == [
        [("th", "severity", "row"), ("th", "minor", "col"), ("th", "moderate", "col")],
        [("th", "kind", "col"), ("td", "", ""), ("td", "", "")],
    ]
    _no_empty_header(table)


def test_multiindex_rows_and_columns() -> None:
    index = pd.MultiIndex.from_tuples([("x", "p"), ("x", "q"), ("y", "p")], names=["k1", "k2"])
    columns = pd.MultiIndex.from_tuples([("A", "m"), ("A", "n"), ("B", "m")])
    table = _table(pd.DataFrame([[1, 2, 3], [4, 5, 6], [7, 8, 9]], index=index, columns=columns))
    head = _rows(table, "thead")
    assert head[0][:3] == [("td", "", ""), ("td", "", ""), ("th", "A", "colgroup")]
    assert head[-1][:2] == [("th", "k1", "col"), ("th", "k2", "col")]
    body = _rows(table, "tbody")
    assert body[0][:2] == [("th", "x", "rowgroup"), ("th", "p", "row")]
    _no_empty_header(table)


def test_generated_caption_gives_the_size_for_screen_readers() -> None:
    table = _table(pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6]}))
    caption = table.find("caption")
    assert isinstance(caption, Tag)
    assert caption.get("class") == [GENERATED_CAPTION_CLASS]
    assert caption.get_text() == "Table from the code above: 3 rows, 2 columns."


def test_a_shortened_table_reports_its_full_size() -> None:
    with pd.option_context("display.max_rows", 4):
        table = _table(pd.DataFrame({"a": range(50)}))
    caption = table.find("caption")
    assert isinstance(caption, Tag)
    assert caption.get_text() == "Table from the code above: 50 rows, 1 column."


def test_captions_name_several_tables_in_order_and_other_html_is_left_alone() -> None:
    two = pd.DataFrame({"a": [1]})._repr_html_() * 2
    soup = BeautifulSoup(accessible_tables(two, ["First"]), "html.parser")
    assert [c.get_text() for c in soup.find_all("caption")] == [
        "First",
        "Table from the code above: 1 row, 1 column.",
    ]
    plain = "<table><tr><th></th><td>x</td></tr></table>"
    assert accessible_tables(plain) == plain
    assert accessible_tables("<p>dataframe, the word</p>") == "<p>dataframe, the word</p>"


def test_a_markdown_table_with_an_empty_corner_gets_row_headers() -> None:
    html = (
        '<table class="table"><thead><tr class="row-odd"><th class="head"><p></p></th>'
        '<th class="head"><p>(a) website</p></th><th class="head"><p>(b) Binder</p></th></tr>'
        '</thead><tbody><tr class="row-even"><td><p>students can run code</p></td>'
        "<td><p>no</p></td><td><p>yes</p></td></tr></tbody></table>"
    )
    table = BeautifulSoup(label_rows_under_empty_corners(html), "html.parser").find("table")
    assert isinstance(table, Tag)
    assert _rows(table, "thead") == [
        [("td", "", ""), ("th", "(a) website", "col"), ("th", "(b) Binder", "col")]
    ]
    assert _rows(table, "tbody") == [
        [("th", "students can run code", "row"), ("td", "no", ""), ("td", "yes", "")]
    ]
    full = html.replace("<p></p>", "<p>What</p>")
    assert label_rows_under_empty_corners(full) == full, "a named corner is left alone"
