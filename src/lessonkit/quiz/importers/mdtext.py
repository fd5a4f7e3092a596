"""Markdown text written by the importers: plain text escaped so that it reads as it did,
code in fences or backticks, math in lessonkit's delimiters."""

from __future__ import annotations

import re

__all__ = [
    "MATH_OR_LINK",
    "code_block",
    "code_fence",
    "escape_text",
    "inline_code",
    "markdown_math",
]

# Markdown's special characters, escaped in plain text (math and links are kept apart).
_SPECIAL = re.compile(r"\\\$|([\\`*_\[\]<&])")
_LINE_START = re.compile(r"^(\s*)(?:([-+=#>])|(\d+)([.)]))", re.MULTILINE)
# Math and links inside plain text: $$...$$ and \[...\] (display), \(...\) and, where
# dollars are math (jupyterquiz), $...$; and Markdown links [text](url), which
# jupyterquiz's text may hold (its jaxify turns them into links).
MATH_OR_LINK = re.compile(
    r"(?<!\\)(?P<display>\$\$.+?(?<!\\)\$\$)"
    r"|\\\[(?P<bracket>.+?)\\\]"
    r"|\\\((?P<paren>.+?)\\\)"
    r"|(?<!\\)(?P<inline>\$[^$]+?(?<!\\)\$)"
    r"|\[(?P<label>[^\[\]]+)\]\((?P<url>[^()\s]+)\)",
    re.S,
)


def escape_text(text: str) -> str:
    """Plain text as Markdown that shows exactly that text (``\\$``, a dollar that is not
    math, stays as it is)."""
    text = _SPECIAL.sub(lambda m: "\\" + m.group(1) if m.group(1) else m.group(0), text)

    def line_start(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}\\{m.group(2)}"
        return f"{m.group(1)}{m.group(3)}\\{m.group(4)}"

    return _LINE_START.sub(line_start, text)


def code_fence(code: str) -> str:
    """A fence of backticks longer than any run of them in ``code`` (at least three)."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def code_block(code: str) -> str:
    """``code`` as a fenced Markdown code block (a fence longer than any run of backticks)."""
    code = code.strip("\n")
    fence = code_fence(code)
    return f"{fence}\n{code}\n{fence}"


def inline_code(code: str) -> str:
    """``code`` on one line between enough backticks (spaced when it starts or ends with one)."""
    code = " ".join(code.split("\n"))
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def markdown_math(text: str, *, dollars: bool = False) -> str:
    """Markdown written for another tool, with its math in lessonkit's delimiters:
    ``\\(...\\)`` becomes ``$...$`` and ``\\[...\\]`` ``$$...$$``; a single dollar that is
    not math (``dollars=False``) is escaped."""
    out: list[str] = []
    last = 0
    for match in MATH_OR_LINK.finditer(text):
        if match.group("label") is not None or (match.group("inline") and not dollars):
            continue
        plain = text[last : match.start()]
        out.append(plain if dollars else re.sub(r"(?<!\\)\$", r"\\$", plain))
        if match.group("bracket") is not None:
            out.append(f"$${match.group('bracket')}$$")
        elif match.group("paren") is not None:
            out.append(f"${match.group('paren').strip()}$")
        else:
            out.append(match.group(0))
        last = match.end()
    rest = text[last:]
    out.append(rest if dollars else re.sub(r"(?<!\\)\$", r"\\$", rest))
    return "".join(out)
