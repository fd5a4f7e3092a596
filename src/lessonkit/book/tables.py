"""Tables made accessible: real header cells, and a caption for tables from pandas.

pandas writes a DataFrame as HTML with an empty corner header cell, a second header row
that is empty but for the index names, no ``scope`` on its header cells and no caption.
Screen readers announce the empty headers and cannot tell what the table is.
:func:`accessible_tables` rewrites every ``table.dataframe`` of an HTML fragment:

- the index names move up into the empty corner when that leaves the second row empty;
- header cells get ``scope`` (``col``, ``colgroup``, ``row``, ``rowgroup``), and a header
  that names the column levels (``df.columns.names``) is a row header of its row;
- header cells with no text become data cells (``td``), which announce nothing;
- the table gets a caption: the one given, or one that says where the table comes from
  and its size, for screen readers only (the code above the table shows the rest).

:func:`label_rows_under_empty_corners` mends tables written in Markdown: a table whose
top-left header cell is empty has row labels in its first column; the corner becomes a
data cell and the labels become row headers (Markdown cannot mark a column as labels).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bs4 import BeautifulSoup, Tag

__all__ = ["GENERATED_CAPTION_CLASS", "accessible_tables", "label_rows_under_empty_corners"]

#: The class of a caption lessonkit wrote itself (book.css shows it to screen readers only).
GENERATED_CAPTION_CLASS = "lk-caption-generated"

_SHAPE = re.compile(r"^\s*([\d,]+) rows × ([\d,]+) columns\s*$")


def accessible_tables(html: str, captions: Sequence[str] = ()) -> str:
    """``html`` with every pandas table rewritten; ``captions`` name them in order."""
    if "dataframe" not in html:
        return html
    soup = BeautifulSoup(html, "html.parser")
    tables = [t for t in soup.find_all("table") if "dataframe" in (t.get("class") or [])]
    if not tables:
        return html
    for number, table in enumerate(tables):
        caption = captions[number] if number < len(captions) else ""
        _fix_headers(table)
        _add_caption(soup, table, caption.strip())
    return str(soup)


def _cells(row: Tag) -> list[Tag]:
    return [cell for cell in row.find_all(["th", "td"], recursive=False) if isinstance(cell, Tag)]


def _children(parent: object, name: str) -> list[Tag]:
    """The ``name`` elements right under ``parent`` (none when it is missing)."""
    if not isinstance(parent, Tag):
        return []
    return [child for child in parent.find_all(name, recursive=False) if isinstance(child, Tag)]


def _empty(cell: Tag) -> bool:
    return not cell.get_text(strip=True)


def _stub_width(table: Tag) -> int:
    """How many header columns lead each body row (the index levels)."""
    rows = _children(table.find("tbody"), "tr")
    if not rows:
        return 1
    width = 0
    for cell in _cells(rows[0]):
        if cell.name != "th":
            break
        width += 1
    return max(width, 1)


def _fix_headers(table: Tag) -> None:
    head = table.find("thead")
    rows = _children(head, "tr")
    stub = _stub_width(table)
    # ``names``: the row whose stub cells name the index levels (they head columns)
    names = rows[-1] if len(rows) >= 2 and _is_names_row(rows[-1], stub) else None
    if names is not None and len(rows) == 2 and all(_empty(c) for c in _cells(rows[0])[:stub]):
        # one level of column labels: the index names can stand in the corner
        for corner, name in zip(_cells(rows[0])[:stub], _cells(names)[:stub], strict=True):
            corner.clear()
            corner.extend(list(name.contents))
        names.decompose()
        rows, names = rows[:1], rows[0]
    for row in rows:
        for position, cell in enumerate(_cells(row)):
            if cell.name != "th":
                continue
            if _empty(cell):
                cell.name = "td"
                continue
            spans = int(str(cell.get("colspan", "1")) or 1) > 1
            if position < stub and row is not names:
                cell["scope"] = "row"  # the name of this row's column level
            else:
                cell["scope"] = "colgroup" if spans else "col"
    body = table.find("tbody")
    if isinstance(body, Tag):
        for cell in body.find_all("th"):
            spans = int(str(cell.get("rowspan", "1")) or 1) > 1
            cell["scope"] = "rowgroup" if spans else "row"


def _is_names_row(row: Tag, stub: int) -> bool:
    """pandas' row of index names: text in the stub only."""
    cells = _cells(row)
    return (
        len(cells) > stub
        and any(not _empty(c) for c in cells[:stub])
        and all(_empty(c) for c in cells[stub:])
    )


def _add_caption(soup: BeautifulSoup, table: Tag, text: str) -> None:
    if table.find("caption") is not None:
        return
    caption = soup.new_tag("caption")
    if text:
        caption.string = text
    else:
        caption["class"] = GENERATED_CAPTION_CLASS
        rows, columns = _shape(table)
        caption.string = (
            f"Table from the code above: {_count(rows, 'row')}, {_count(columns, 'column')}."
        )
    table.insert(0, caption)


def _count(number: str, noun: str) -> str:
    return f"{number} {noun}" if number == "1" else f"{number} {noun}s"


def _shape(table: Tag) -> tuple[str, str]:
    """Rows and columns of the frame: pandas' own note for a shortened table, or a count."""
    note = table.find_next_sibling("p")
    match = _SHAPE.match(note.get_text()) if isinstance(note, Tag) else None
    if match:
        return match.group(1), match.group(2)
    rows = _children(table.find("tbody"), "tr")
    columns = len([c for c in _cells(rows[0]) if c.name == "td"]) if rows else 0
    return str(len(rows)), str(columns)


def label_rows_under_empty_corners(html: str) -> str:
    """``html`` with every table whose top-left header cell is empty given row headers."""
    soup = BeautifulSoup(html, "html.parser")
    changed = False
    for table in soup.find_all("table"):
        head_rows = _children(table.find("thead"), "tr") if isinstance(table, Tag) else []
        cells = _cells(head_rows[0]) if head_rows else []
        if not cells or cells[0].name != "th" or not _empty(cells[0]):
            continue
        cells[0].name = "td"
        cells[0].clear()
        for header in cells[1:]:
            if header.name == "th":
                header["scope"] = "col"
        for row in _children(table.find("tbody"), "tr"):
            label = _cells(row)[:1]
            if label and label[0].name == "td" and not _empty(label[0]):
                label[0].name = "th"
                label[0]["scope"] = "row"
        changed = True
    return str(soup) if changed else html
