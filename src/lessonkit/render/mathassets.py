"""KaTeX for HTML that travels as one piece (a live widget, a printable worksheet).

The book serves KaTeX as site files; a widget or a worksheet file has no folder to load
them from, so the script and the stylesheet go inside it, the fonts as data URIs.
"""

from __future__ import annotations

import base64
import functools
import re

from .._resources import static_dir

__all__ = ["katex_files"]


@functools.cache
def katex_files() -> tuple[str, str]:
    """KaTeX for a quiz with math: the script (KaTeX, then quiz-math.js), and the
    stylesheet with its fonts inside it as data URIs."""
    folder = static_dir() / "katex"

    def inline_font(match: re.Match[str]) -> str:
        data = (folder / "fonts" / match.group(1)).read_bytes()
        return f"url(data:font/woff2;base64,{base64.b64encode(data).decode('ascii')})"

    css = (folder / "katex.min.css").read_text(encoding="utf-8")
    css = re.sub(r"url\(fonts/([A-Za-z0-9_-]+\.woff2)\)", inline_font, css)
    script = (folder / "katex.min.js").read_text(encoding="utf-8")
    script += "\n;\n" + (static_dir() / "quiz-math.js").read_text(encoding="utf-8")
    return script, css
