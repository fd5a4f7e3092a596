"""Front-end assets of the built book: one copy per site, no duplicated scripts, and
KaTeX (shipped in ``static/katex``) with quiz-math.js only on the pages whose quizzes
have math."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._resources import static_dir
from ..render.catalogue import messages
from ..render.markdown import MATH_MARK
from .settings import BookSettings

__all__ = ["MESSAGES_FILE", "message_catalogue", "setup_assets"]

MESSAGES_FILE = "lessonkit-messages.js"


def message_catalogue(language: str | None) -> dict[str, str]:
    """Interface strings for the book's ``language`` (English when unset or not shipped)."""
    return messages(language or "en")


def _add_static_path(app: Any, config: Any) -> None:
    path = str(static_dir())
    if path not in config.html_static_path:
        config.html_static_path.append(path)


def _write_messages(app: Any, exception: Exception | None) -> None:
    """Write the catalogue as a tiny data script (works from file:// too)."""
    if exception is not None or app.builder.format != "html":
        return
    catalogue = message_catalogue(BookSettings.from_config(app.config).language)
    text = json.dumps(catalogue, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    target = Path(app.outdir) / "_static" / MESSAGES_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"globalThis.LessonkitQuizMessages={text};\n", encoding="utf-8")


def _dedupe_scripts(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Keep the first of scripts that Sphinx registered twice ('' and None names)."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
    kept = []
    for script in scripts:
        attributes = tuple(
            sorted((k, str(v)) for k, v in getattr(script, "attributes", {}).items())
        )
        key = (str(getattr(script, "filename", script) or ""), attributes)
        if key in seen:
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept


def _book_id(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """``<meta name="lessonkit-book">``: the id under which browsers keep answers."""
    book = BookSettings.from_config(app.config).book_id
    tag = f'<meta name="lessonkit-book" content="{book}">\n'
    context["metatags"] = context.get("metatags", "") + tag


def _math_assets(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """KaTeX and quiz-math.js on a page whose quizzes have math, before quiz.js so that they
    are there when the quizzes are drawn; other pages get none of it."""
    if MATH_MARK not in str(context.get("body", "")):
        return
    app.add_css_file("katex/katex.min.css")
    app.add_js_file("katex/katex.min.js", loading_method="defer", priority=490)
    app.add_js_file("quiz-math.js", loading_method="defer", priority=491)


def setup_assets(app: Any) -> None:
    """Register the static folder, the scripts, the stylesheet and the page hook."""
    app.connect("config-inited", _add_static_path)
    app.add_css_file("quiz.css")
    app.add_css_file("document.css")
    app.add_css_file("book.css")
    app.add_js_file(MESSAGES_FILE, loading_method="defer")
    app.add_js_file("quiz.js", loading_method="defer")
    app.add_js_file("quiz-storage.js", loading_method="defer")
    app.add_js_file("quiz-handin.js", loading_method="defer")
    app.add_js_file("quiz-page.js", loading_method="defer")
    app.connect("html-page-context", _math_assets)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("html-page-context", _book_id)
    app.connect("build-finished", _write_messages)
