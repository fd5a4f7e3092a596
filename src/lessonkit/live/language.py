"""The interface language of live quizzes (English and Russian ship)."""

from __future__ import annotations

from .._context import LANGUAGES, current, language_code, override

__all__ = ["LANGUAGES", "get_language", "set_language"]


def set_language(language: str) -> None:
    """Choose the quiz interface language for this session (``"en"`` or ``"ru"``).

    Quizzes displayed afterwards use it; in the book, ``_config.yml``'s ``language``
    chooses it instead.
    """
    code = language_code(language)
    if code not in LANGUAGES:
        raise ValueError(
            f"lessonkit has no interface in '{language}'; choose one of: {', '.join(LANGUAGES)}"
        )
    override(language=code)


def get_language() -> str:
    """The current interface language (``set_language``, else ``$LESSONKIT_LANGUAGE``, else en)."""
    return current().language
