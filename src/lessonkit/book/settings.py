"""The book's lessonkit settings, read from the Sphinx configuration (``_config.yml``).

=======================  ======================================================  ===============
Sphinx setting           meaning                                                 default
=======================  ======================================================  ===============
``lessonkit_teacher``    the teacher's edition: answer keys shown                ``LESSONKIT_TEACHER``
``lessonkit_language``   interface language of the quizzes                       the book's ``language``
=======================  ======================================================  ===============

In ``_config.yml`` they go under ``sphinx: config:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._context import LANGUAGES, current, language_code

__all__ = ["BookSettings", "setup_settings"]


@dataclass(frozen=True)
class BookSettings:
    """How quizzes are rendered in this build."""

    teacher: bool = False
    language: str = "en"

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
        )


def setup_settings(app: Any) -> None:
    """Register the settings (their defaults come from the context)."""
    app.add_config_value("lessonkit_teacher", current().teacher, "env", types=[bool])
    app.add_config_value("lessonkit_language", "", "html", types=[str])
