"""Markdown to HTML for quiz texts, with raw HTML disabled (it comes out escaped).

Block texts (prompt, explanation, feedback, hints, model answer, rubric) become
paragraphs and lists; short texts (options, items, pairs) are rendered inline.
quiz.js re-sanitises the result before inserting it.

Math is TeX between dollars: ``$...$`` inline (no space just inside the dollars, no
digit just outside them, so "$5 and $6" stays money) and ``$$...$$`` displayed. It
becomes ``<span data-lk-math="inline">TeX</span>`` (or ``"display"``), the TeX escaped,
which quiz.js draws with KaTeX when the page has it (:func:`has_math`).

Images (``![what it shows](figure.png)``) get the address the host gives them: within
:func:`image_urls`, each path as written is mapped to a URL (a file copied into the
built site, or a ``data:`` URI); an image without one shows its description instead.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

__all__ = ["MATH_MARK", "has_math", "image_urls", "render_block", "render_inline"]

ImageUrl = Callable[[str], "str | None"]
_IMAGE_URL: contextvars.ContextVar[ImageUrl | None] = contextvars.ContextVar(
    "lessonkit_image_url", default=None
)


@contextlib.contextmanager
def image_urls(url_of: ImageUrl) -> Iterator[None]:
    """Render images with ``url_of(path as written)`` as their address, inside the block."""
    token = _IMAGE_URL.set(url_of)
    try:
        yield
    finally:
        _IMAGE_URL.reset(token)


def _image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    url_of = _IMAGE_URL.get()
    url = url_of(str(token.attrGet("src") or "")) if url_of is not None else None
    if url is None:
        return f"[{escape(alt)}]"
    return f'<img src="{escape(url)}" alt="{escape(alt)}">'


#: The attribute that marks math in rendered HTML (and pages that need KaTeX).
MATH_MARK = "data-lk-math"


def _math(kind: str) -> Any:
    def render(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        return f'<span {MATH_MARK}="{kind}">{escape(tokens[idx].content.strip())}</span>'

    return render


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.dollarmath import dollarmath_plugin

    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    md.use(
        dollarmath_plugin,
        allow_labels=False,
        allow_space=False,
        allow_digits=False,
        double_inline=True,
    )
    md.add_render_rule("math_inline", _math("inline"))
    md.add_render_rule("math_inline_double", _math("display"))
    md.add_render_rule("math_block", _math("display"))
    md.add_render_rule("image", _image)
    return md


def render_block(text: str) -> str:
    """Render block Markdown; the trailing newline is dropped to keep payloads small.

    >>> render_block("A **bold** <b>claim</b>")
    '<p>A <strong>bold</strong> &lt;b&gt;claim&lt;/b&gt;</p>'
    >>> render_block("Area $\\\\pi r^2$")
    '<p>Area <span data-lk-math="inline">\\\\pi r^2</span></p>'
    """
    return str(_parser().render(text)).rstrip("\n")


def render_text(text: str) -> str:
    """Render block Markdown for a place that shows it inline (a prompt, an option's
    feedback): one paragraph comes without its ``<p>``, longer texts as blocks.

    >>> render_text("One *short* paragraph.")
    'One <em>short</em> paragraph.'
    >>> render_text("Two\\n\\nparagraphs.")
    '<p>Two</p>\\n<p>paragraphs.</p>'
    """
    html = render_block(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def render_inline(text: str) -> str:
    """Render inline Markdown (no paragraph around it).

    >>> render_inline("NP's letter from *Odessa*")
    "NP's letter from <em>Odessa</em>"
    """
    return str(_parser().renderInline(text))


def has_math(html: str) -> bool:
    """Whether rendered HTML holds math (the page then needs KaTeX)."""
    return f"<span {MATH_MARK}=" in html
