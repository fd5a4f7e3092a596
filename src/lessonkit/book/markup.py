"""Accessible markup where docutils, MyST and pandas write HTML that is not.

These hooks mend, in the book, what other packages write (each says whose it is):

- pandas tables in cell outputs get header cells and a caption (:mod:`.tables`); a cell
  may give the caption in its metadata, ``caption`` (a text, or a list for several tables);
- the checkboxes of MyST task lists (``- [ ] ...``) get their item's text as their name;
- docutils marks bibliography entries with the deprecated ARIA role ``doc-biblioentry``
  inside a ``list``; they become ``listitem``, the role a list may contain;
- a Markdown table whose top-left header cell is empty (the corner above row labels)
  gets a data cell there, and row headers in its first column (:mod:`.tables`).
"""

from __future__ import annotations

import re
from html import escape
from typing import Any

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .tables import accessible_tables, label_rows_under_empty_corners

__all__ = ["setup_markup"]

_TASK_CHECKBOX = re.compile(r"<input (?=[^>]*\bclass=\"task-list-item-checkbox\")")
# docutils' header cell with nothing in it (an empty paragraph at most)
_EMPTY_HEADER = re.compile(r'<th class="head">\s*(?:<p>\s*</p>)?\s*</th>')


def _cell_captions(node: nodes.Node) -> list[str]:
    """The ``caption`` metadata of the notebook cell that holds ``node``."""
    parent = node.parent
    while parent is not None:
        metadata = parent.get("cell_metadata") if isinstance(parent, nodes.Element) else None
        if isinstance(metadata, dict):
            caption = metadata.get("caption")
            if isinstance(caption, str):
                return [caption]
            if isinstance(caption, list):
                return [str(text) for text in caption]
            return []
        parent = parent.parent
    return []


class AccessibleOutputs(SphinxPostTransform):
    """Rewrite pandas tables and task-list checkboxes in the raw HTML of a page."""

    default_priority = 900
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        captions_used: dict[int, int] = {}
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            text = raw.astext()
            changed = text
            if "dataframe" in text:
                captions = _cell_captions(raw)
                # several outputs of one cell share its captions, in order
                key = id(raw.parent.parent) if raw.parent is not None else 0
                start = captions_used.get(key, 0)
                changed = accessible_tables(changed, captions[start:])
                captions_used[key] = start + changed.count("<caption")
            if _TASK_CHECKBOX.match(text) and isinstance(raw.parent, nodes.paragraph):
                item = "".join(n.astext() for n in raw.parent.children if n is not raw)
                label = escape(" ".join(item.split()), quote=True)
                changed = _TASK_CHECKBOX.sub(f'<input aria-label="{label}" ', changed, count=1)
            if changed != text:
                raw.replace(raw[0], nodes.Text(changed))


def _mend_page_body(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """What docutils' HTML writer writes, mended in the page body: bibliography entries'
    ``role="doc-biblioentry"`` (deprecated in DPUB-ARIA 1.1) becomes ``listitem``; a table
    with an empty corner header gets row headers instead."""
    body = context.get("body")
    if not isinstance(body, str):
        return
    body = body.replace('role="doc-biblioentry"', 'role="listitem"')
    if _EMPTY_HEADER.search(body):
        body = label_rows_under_empty_corners(body)
    context["body"] = body


def setup_markup(app: Any) -> None:
    """Register the post-transform and the page hook."""
    app.add_post_transform(AccessibleOutputs)
    app.connect("html-page-context", _mend_page_body)
