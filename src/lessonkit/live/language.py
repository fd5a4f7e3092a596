"""The interface language of quizzes (English and Russian ship)."""

from __future__ import annotations

import json
import os

from .._resources import static_dir

__all__ = ["LANGUAGES", "get_language", "messages", "set_language"]

LANGUAGES = ("en", "ru")
_current: str | None = None


def set_language(language: str) -> None:
    """Choose the quiz interface language for this session (``"en"`` or ``"ru"``).

    Quizzes displayed afterwards use it; in the book, ``_config.yml``'s ``language``
    chooses it instead.
    """
    global _current
    code = language.split("_")[0].split("-")[0].lower()
    if code not in LANGUAGES:
        raise ValueError(
            f"lessonkit has no interface in '{language}'; choose one of: {', '.join(LANGUAGES)}"
        )
    _current = code


def get_language() -> str:
    """The current interface language (``set_language``, else ``$LESSONKIT_LANGUAGE``, else en)."""
    if _current:
        return _current
    env = os.environ.get("LESSONKIT_LANGUAGE", "en").split("_")[0].lower()
    return env if env in LANGUAGES else "en"


def messages(language: str | None = None) -> dict[str, str]:
    """The interface strings of ``language`` (default: the current language)."""
    code = language or get_language()
    path = static_dir() / "messages" / f"{code}.json"
    return json.loads(path.read_text(encoding="utf-8"))
