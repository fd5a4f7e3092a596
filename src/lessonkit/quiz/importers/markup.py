"""Text of other quiz tools (HTML with ``$...$`` math) as safe Markdown for lessonkit.

jupyterquiz and Moodle show their texts as HTML. lessonkit's texts are Markdown whose raw
HTML is never rendered, so each element becomes its Markdown equivalent (emphasis,
code, links, lists, images, paragraphs), plain text is escaped so that it reads as it did,
math between dollars is kept as it is, and what has no equivalent (tables, colours,
scripts) becomes its plain text with a note saying so. Nothing is passed on as HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .mdtext import MATH_OR_LINK, code_fence, escape_text, inline_code

__all__ = ["Converted", "code_text", "html_to_markdown"]

#: Elements whose content is dropped entirely (with a note).
_DROPPED = {"script", "style", "iframe", "object", "embed", "template", "noscript", "head"}
#: Elements kept as their content, without a note: they carry no meaning of their own.
_TRANSPARENT = {"span", "div", "p", "body", "html", "section", "article", "label", "small"}
_VOID = {"br", "img", "hr", "wbr", "input", "meta", "link", "col", "area", "source"}
_BLOCKS = {"p", "div", "ul", "ol", "li", "pre", "blockquote", "table", "tr", "h1", "h2"}
_BLOCKS |= {"h3", "h4", "h5", "h6", "hr", "section", "article", "center"}
_SAFE_SCHEMES = {"http", "https", "mailto", ""}


@dataclass
class Converted:
    """The Markdown of a text, and what could not be carried over (for the notes)."""

    markdown: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    children: list[_Node | str] = field(default_factory=list)


class _Tree(HTMLParser):
    """A forgiving parse of an HTML fragment into nested nodes (entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def _safe_url(url: str) -> bool:
    try:
        return urlsplit(url.strip()).scheme.lower() in _SAFE_SCHEMES
    except ValueError:
        return False


def _text_of(node: _Node | str) -> str:
    if isinstance(node, str):
        return node
    if node.tag in _DROPPED:
        return ""
    if node.tag == "br":
        return "\n"
    return "".join(_text_of(child) for child in node.children)


class _Writer:
    """Writes the parsed nodes as Markdown and collects notes on what was lost."""

    def __init__(self, dollars: bool, folder: Path | None) -> None:
        self.notes: list[str] = []
        self.dollars = dollars
        self.folder = folder

    def note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)

    def plain(self, data: str) -> str:
        """Text that is neither math nor a link: escaped (a lone dollar, when dollars are
        not math, too)."""
        text = escape_text(data)
        return text if self.dollars else re.sub(r"(?<!\\)\$", r"\\$", text)

    def text(self, data: str) -> str:
        """Plain text with its math (as ``$...$`` and ``$$...$$``) and links kept."""
        out: list[str] = []
        last = 0
        for match in MATH_OR_LINK.finditer(data):
            if match.group("inline") and not self.dollars:
                continue
            out.append(self.plain(data[last : match.start()]))
            if match.group("display") or match.group("inline"):
                out.append(match.group(0))
            elif match.group("bracket") is not None:
                out.append(f"$${match.group('bracket')}$$")
            elif match.group("paren") is not None:
                out.append(f"${match.group('paren').strip()}$")
            else:
                out.append(self.link(self.plain(match.group("label")), match.group("url")))
            last = match.end()
        out.append(self.plain(data[last:]))
        return "".join(out)

    def link(self, label: str, url: str) -> str:
        if _safe_url(url) and url.strip():
            return f"[{label}](<{url.strip()}>)" if " " in url.strip() else f"[{label}]({url})"
        self.note(f"a link to '{url}' became plain text (only http, https and mailto links)")
        return label

    def children(self, node: _Node) -> str:
        return "".join(self.node(child) for child in node.children)

    def node(self, node: _Node | str) -> str:
        if isinstance(node, str):
            return self.text(node)
        tag = node.tag
        if tag in _DROPPED:
            self.note(f"the <{tag}> element was removed")
            return ""
        if tag == "br":
            return "\\\n"
        if tag == "hr":
            return "\n\n---\n\n"
        if tag in ("b", "strong"):
            inner = self.children(node).strip()
            return f"**{inner}**" if inner else ""
        if tag in ("i", "em"):
            inner = self.children(node).strip()
            return f"*{inner}*" if inner else ""
        if tag in ("code", "tt", "kbd", "samp"):
            return inline_code(_text_of(node))
        if tag == "pre":
            code = _text_of(node).strip("\n")
            fence = code_fence(code)
            return f"\n\n{fence}\n{code}\n{fence}\n\n"
        if tag == "a":
            return self.link(self.children(node), node.attrs.get("href", ""))
        if tag == "img":
            return self.image(node)
        if tag in ("sub", "sup"):
            return self.script(node)
        if tag in ("ul", "ol"):
            return self.listing(node)
        if tag == "li":
            return self.children(node)
        if re.fullmatch(r"h[1-6]", tag):
            inner = self.children(node).strip()
            return f"\n\n**{inner}**\n\n" if inner else ""
        if tag == "blockquote":
            inner = self.children(node).strip()
            return "\n\n" + "\n".join("> " + line for line in inner.split("\n")) + "\n\n"
        if tag in ("p", "div", "section", "article", "center"):
            return f"\n\n{self.children(node).strip()}\n\n"
        if tag == "table":
            self.note("a table became plain text, a line per row")
        if tag in ("table", "tr", "thead", "tbody", "tfoot"):
            return f"\n\n{self.children(node).strip()}\n\n"
        if tag in ("td", "th", "caption"):
            return self.children(node).strip() + " "
        if tag not in _TRANSPARENT:
            self.note(f"the formatting of <{tag}> was dropped (its text is kept)")
        elif node.attrs.get("style"):
            self.note(f"the style of a <{tag}> was dropped (its text is kept)")
        return self.children(node)

    def script(self, node: _Node) -> str:
        """``<sub>``/``<sup>`` as math, so that H<sub>2</sub>O still reads H₂O."""
        content = _text_of(node).strip()
        if re.fullmatch(r"[\w+\-−*=().,]+", content):
            mark = "_" if node.tag == "sub" else "^"
            return f"${mark}{{{content}}}$"
        self.note(f"<{node.tag}> became plain text")
        return self.text(content)

    def listing(self, node: _Node) -> str:
        items = [c for c in node.children if isinstance(c, _Node) and c.tag == "li"]
        lines = []
        for n, item in enumerate(items, start=1):
            marker = f"{n}." if node.tag == "ol" else "-"
            body = re.sub(r"\n{2,}", "\n", self.node(item).strip()).replace("\n", "\n   ")
            lines.append(f"{marker} {body}")
        return "\n\n" + "\n".join(lines) + "\n\n"

    def image(self, node: _Node) -> str:
        src = node.attrs.get("src", "").strip()
        alt = " ".join(node.attrs.get("alt", "").split())
        scheme = urlsplit(src).scheme.lower() if src else ""
        if not src or scheme not in ("", "file"):
            where = "an embedded image" if scheme == "data" else f"the image '{src[:80]}'"
            self.note(
                f"{where} was not imported: lessonkit shows only image files next to the "
                "quiz; save it there and write ![description](file name)"
            )
            return self.plain(f"[image: {alt}]") if alt else ""
        if self.folder is not None and not (self.folder / unquote(src)).is_file():
            self.note(f"the image '{src}' is not next to the file and was left out")
            return self.plain(f"[image: {alt}]") if alt else ""
        if not alt:
            self.note(f"the image '{src}' has no description: add one between the brackets")
        return f"![{escape_text(alt)}]({src})"


def html_to_markdown(text: str, *, dollars: bool = True, folder: Path | None = None) -> Converted:
    """``text`` (HTML with math, as jupyterquiz and Moodle write it) as Markdown.

    Math between ``$$``, ``\\[ \\]`` and ``\\( \\)`` is kept (as ``$$...$$`` and
    ``$...$``); so is math between single dollars when ``dollars`` is true (jupyterquiz),
    while in Moodle's texts (``dollars=False``) a single dollar is only a dollar. An image
    file must be in ``folder`` (the bank's folder), else its description stands for it.

    >>> html_to_markdown("Is <b>2*3</b> &lt; 7?").markdown
    'Is **2\\\\*3** \\\\< 7?'
    """
    tree = _Tree()
    tree.feed(text)
    tree.close()
    writer = _Writer(dollars, folder)
    markdown = writer.children(tree.root)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    return Converted(markdown, writer.notes)


def code_text(text: str) -> Converted:
    """Code given as HTML (jupyterquiz puts it into ``<code>`` as HTML): its text."""
    if "<" not in text and "&" not in text:
        return Converted(text)
    tree = _Tree()
    tree.feed(text)
    tree.close()
    plain = _text_of(tree.root)
    notes = [] if re.search(r"<[a-zA-Z/]", text) is None else ["HTML tags in code were removed"]
    return Converted(plain, notes)
