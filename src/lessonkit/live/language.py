"""The interface language of quizzes (English and Russian ship)."""

from __future__ import annotations

import functools
import json
import os

from .._resources import static_dir

__all__ = ["LANGUAGES", "get_language", "language_code", "messages", "set_language"]

LANGUAGES = ("en", "ru")
_current: str | None = None


def set_language(language: str) -> None:
    """Choose the quiz interface language for this session (``"en"`` or ``"ru"``).

    Quizzes displayed afterwards use it; in the book, ``_config.yml``'s ``language``
    chooses it instead.
    """
    global _current
    code = language_code(language)
    if code not in LANGUAGES:
        raise ValueError(
            f"lessonkit has no interface in '{language}'; choose one of: {', '.join(LANGUAGES)}"
        )
    _current = code


def get_language() -> str:
    """The current interface language (``set_language``, else ``$LESSONKIT_LANGUAGE``, else en)."""
    if _current:
        return _current
    env = language_code(os.environ.get("LESSONKIT_LANGUAGE", "en"))
    return env if env in LANGUAGES else "en"


def language_code(language: str) -> str:
    """The language part of a locale name: ``"ru_RU"`` and ``"ru-RU"`` give ``"ru"``."""
    return language.split("_")[0].split("-")[0].lower()


@functools.cache
def _catalogue(code: str) -> dict[str, str]:
    """The shipped catalogue ``static/messages/<code>.json``, read once per process."""
    path = static_dir() / "messages" / f"{code}.json"
    return dict(json.loads(path.read_text(encoding="utf-8")))


def messages(language: str | None = None) -> dict[str, str]:
    """The interface strings of ``language`` (default: the current language); English
    for a language that lessonkit does not ship."""
    code = language_code(language) if language else get_language()
    return dict(_catalogue(code if code in LANGUAGES else "en"))
