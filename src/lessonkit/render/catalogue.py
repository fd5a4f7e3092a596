"""The interface strings of quizzes, in every language lessonkit ships (``static/messages``)."""

from __future__ import annotations

import functools
import json

from .._context import LANGUAGES, current, language_code
from .._resources import static_dir

__all__ = ["messages"]


@functools.cache
def _catalogue(code: str) -> dict[str, str]:
    """The shipped catalogue ``static/messages/<code>.json``, read once per process."""
    path = static_dir() / "messages" / f"{code}.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def messages(language: str | None = None) -> dict[str, str]:
    """The interface strings of ``language`` (default: the context's language); English
    for a language that lessonkit does not ship."""
    code = language_code(language) if language else current().language
    return dict(_catalogue(code if code in LANGUAGES else "en"))
