"""The book's lessonkit settings, read from the Sphinx configuration (``_config.yml``).

=======================  ======================================================  ===============
Sphinx setting           meaning                                                 default
=======================  ======================================================  ===============
``lessonkit_teacher``    the teacher's edition: answer keys shown                ``LESSONKIT_TEACHER``
``lessonkit_language``   interface language of the quizzes                       the book's ``language``
``lessonkit_book_id``    the name under which browsers keep this book's answers  from the title
                         (letters, digits, ``-``, ``_``; at most 64)             and base URL
=======================  ======================================================  ===============

In ``_config.yml`` they go under ``sphinx: config:``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .._context import LANGUAGES, current, language_code

__all__ = ["BookSettings", "setup_settings"]


@dataclass(frozen=True)
class BookSettings:
    """How quizzes are rendered in this build."""

    teacher: bool = False
    language: str = "en"
    book_id: str = "page"

    @classmethod
    def from_config(cls, config: Any | None) -> BookSettings:
        """The settings of a Sphinx ``config`` (``None``: outside Sphinx, the defaults)."""
        if config is None:
            return cls(teacher=current().teacher)
        language = language_code(
            getattr(config, "lessonkit_language", "") or getattr(config, "language", "") or "en"
        )
        return cls(
            teacher=bool(getattr(config, "lessonkit_teacher", False)),
            language=language if language in LANGUAGES else "en",
            book_id=book_id(config),
        )


def book_id(config: Any) -> str:
    """The id under which browsers keep this book's answers: ``lessonkit_book_id``, else a
    hash of the book's title and base URL (stable from build to build, and different
    for two books on one web site)."""
    chosen = str(getattr(config, "lessonkit_book_id", "") or "")
    if re.fullmatch(r"[A-Za-z0-9_-]{1,64}", chosen):
        return chosen
    title = str(getattr(config, "project", "") or "")
    base = str(getattr(config, "html_baseurl", "") or "")
    return hashlib.sha256(f"{title}\n{base}".encode()).hexdigest()[:16]


def setup_settings(app: Any) -> None:
    """Register the settings (their defaults come from the context)."""
    app.add_config_value("lessonkit_teacher", current().teacher, "env", types=[bool])
    app.add_config_value("lessonkit_language", "", "html", types=[str])
    app.add_config_value("lessonkit_book_id", "", "html", types=[str])
