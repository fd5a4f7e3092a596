"""Images in quiz texts: ``![what it shows](figure.png)``, a file next to the quiz file.

Every image needs a description (its alt text, read by screen readers and shown where the
image cannot be). Its path is relative to the quiz file's folder and stays inside it; no
image comes from the network. :func:`image_problems` checks the form of every image of a
quiz file (always); :func:`find_images` finds the files (when the quiz is resolved).
How the files reach a page (copied into the built site, or inside the live widget's
payload) is :mod:`lessonkit.render`'s and :mod:`lessonkit.book`'s business.
"""

from __future__ import annotations

import base64
import functools
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from .._validation import Schema, label
from ..errors import Problem

__all__ = [
    "IMAGE_TYPES",
    "MAX_IMAGE_BYTES",
    "data_uri",
    "find_images",
    "image_problems",
    "markdown_images",
]

#: The image files a quiz may show, by suffix, with their media types.
IMAGE_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
#: The largest image file a quiz may show (it travels inside the live widget's data).
MAX_IMAGE_BYTES = 2_000_000
#: Keys whose values are Markdown (a text answer's ``text`` is an answer, not Markdown).
_MARKDOWN_KEYS = {"prompt", "hints", "explanation", "text", "feedback", "left", "right"}
_MARKDOWN_KEYS |= {"model_answer", "rubric", "default_feedback", "true", "false"}

Line = Callable[[tuple[Any, ...]], "int | None"]


@functools.lru_cache(maxsize=1)
def _parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def markdown_images(text: str) -> list[tuple[str, str]]:
    """The images of a Markdown text: ``(path as written, description)``.

    >>> markdown_images("See ![the 1922 code](code.png) and ![](x.svg).")
    [('code.png', 'the 1922 code'), ('x.svg', '')]
    """
    if "![" not in text:
        return []
    found = []
    parser = _parser()
    stack = list(parser.parseInline(text))
    while stack:
        token = stack.pop(0)
        stack[:0] = token.children or []
        if token.type == "image":
            alt = parser.renderer.renderInlineAsText(token.children or [], parser.options, {})
            found.append((str(token.attrGet("src") or ""), alt))
    return found


def _texts(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Every Markdown text of the quiz data, with its place."""

    def visit(node: Any, where: tuple[Any, ...], markdown: bool) -> Iterator[tuple[Any, ...]]:
        if isinstance(node, str) and markdown:
            yield where
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from visit(value, (*where, i), markdown)
        elif isinstance(node, dict):
            for key, value in node.items():
                text_answer = key == "text" and "answers" in where
                yield from visit(value, (*where, key), key in _MARKDOWN_KEYS and not text_answer)

    questions = data.get("questions")
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        for where in visit(q, ("questions", i), False):
            value: Any = data
            for step in where:
                value = value[step]
            yield where, value


def _relative(src: str) -> PurePosixPath | None:
    """The path of a local image inside the quiz folder, or None (a URL, an absolute path,
    a path that climbs out with '..')."""
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or parts.query or src.startswith(("/", "\\")):
        return None
    path = PurePosixPath(unquote(parts.path))
    if not path.parts or ".." in path.parts:
        return None
    return path


def image_problems(data: dict[str, Any], line: Line, path: str, schema: Schema) -> list[Problem]:
    """Images without a description, and images that are not files next to the quiz."""
    problems: list[Problem] = []
    for where, text in _texts(data):
        for src, alt in markdown_images(text):
            what = label(schema, where, data)
            if not alt.strip():
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"the image '{src}' in {what} has no description",
                        f"say what it shows between the brackets: ![what it shows]({src})",
                    )
                )
            if _relative(src) is None:
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"the image '{src}' in {what} is not a file next to the quiz",
                        "save the image in the quiz's folder and give its file name, "
                        "e.g. ![a map of the places](map.png)",
                    )
                )
            elif PurePosixPath(src).suffix.lower() not in IMAGE_TYPES:
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"'{src}' in {what} is not an image file lessonkit can show",
                        "use a .png, .jpg, .gif, .webp or .svg file",
                    )
                )
    return problems


def find_images(
    data: dict[str, Any], line: Line, path: str, folder: Path
) -> tuple[list[Problem], dict[str, Path]]:
    """The image files the quiz shows (path as written -> file), and the problems of those
    that are missing or too large. Images whose form is wrong are left to
    :func:`image_problems`."""
    problems: list[Problem] = []
    images: dict[str, Path] = {}
    for where, text in _texts(data):
        for src, _alt in markdown_images(text):
            relative = _relative(src)
            if relative is None or relative.suffix.lower() not in IMAGE_TYPES:
                continue
            file = folder.joinpath(*relative.parts).resolve()
            if not file.is_relative_to(folder.resolve()):
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"the image '{src}' leads out of the quiz's folder (to {file})",
                        "copy the image file itself into the quiz's folder",
                    )
                )
            elif not file.is_file():
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"there is no image file '{src}' (looked for {file})",
                        "save the image next to the quiz file, or correct its name",
                    )
                )
            elif file.stat().st_size > MAX_IMAGE_BYTES:
                problems.append(
                    Problem(
                        path,
                        line(where),
                        f"the image '{src}' has {file.stat().st_size:,} bytes, more than "
                        f"{MAX_IMAGE_BYTES:,}",
                        "save it smaller (fewer pixels, or a compressed format such as .webp)",
                    )
                )
            else:
                images[src] = file
    return problems, images


def data_uri(file: Path) -> str:
    """The image file as a ``data:`` URI (for the live widget, which has no file server)."""
    media = IMAGE_TYPES[file.suffix.lower()]
    return f"data:{media};base64,{base64.b64encode(file.read_bytes()).decode('ascii')}"
