"""Markdown to HTML for quiz texts, with raw HTML disabled (it comes out escaped).

Block texts (prompt, explanation, feedback, hints, model answer, rubric) become
paragraphs and lists; short texts (options, items, pairs) are rendered inline.
quiz.js re-sanitises the result before inserting it.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["render_block", "render_inline"]


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "linkify": False})


def render_block(text: str) -> str:
    """Render block Markdown; the trailing newline is dropped to keep payloads small.

    >>> render_block("A **bold** <b>claim</b>")
    '<p>A <strong>bold</strong> &lt;b&gt;claim&lt;/b&gt;</p>'
    """
    return str(_parser().render(text)).rstrip("\n")


def render_inline(text: str) -> str:
    """Render inline Markdown (no paragraph around it).

    >>> render_inline("NP's letter from *Odessa*")
    "NP's letter from <em>Odessa</em>"
    """
    return str(_parser().renderInline(text))
