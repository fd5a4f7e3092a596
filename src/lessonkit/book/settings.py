"""The book's lessonkit settings, read from the Sphinx configuration (``_config.yml``).

=======================  ======================================================  ===============
Sphinx setting           meaning                                                 default
=======================  ======================================================  ===============
``lessonkit_teacher``    the teacher's edition: answer keys shown                ``LESSONKIT_TEACHER``
``lessonkit_mode``       ``practice`` (answers checked in the page) or ``exam``  ``LESSONKIT_MODE``
``lessonkit_language``   interface language of the quizzes                       the book's ``language``
``lessonkit_book_id``    the name under which browsers keep this book's answers  from the title
                         (letters, digits, ``-``, ``_``; at most 64)             and base URL
=======================  ======================================================  ===============

In ``_config.yml`` they go under ``sphinx: config:``, e.g. ``lessonkit_mode: exam``. An
exam book's quiz pages hold no answer key, explanation, feedback, hint or model answer
in any form: students save their answers and hand them in, and the gradebook marks
them (``lessonkit gradebook``). The teacher's edition does not apply to an exam book.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from .._context import LANGUAGES, current, language_code
from ..render.payload import MODES

__all__ = ["BookSettings", "setup_settings"]


@dataclass(frozen=True)
class BookSettings:
    """How quizzes are rendered in this build."""

    teacher: bool = False
    language: str = "en"
    mode: str = "practice"
    book_id: str = "page"

    @classmethod
    def from_config(cls, config: Any | None) -> BookSettings:
        """The settings of a Sphinx ``config`` (``None``: outside Sphinx, the defaults)."""
        if config is None:
            return cls(teacher=current().teacher, mode=current().mode)
        language = language_code(
            getattr(config, "lessonkit_language", "") or getattr(config, "language", "") or "en"
        )
        mode = _mode(config)
        if mode not in MODES:
            mode = "exam"  # never reached (the build stops first), and never shows a key
        return cls(
            teacher=bool(getattr(config, "lessonkit_teacher", False)) and mode != "exam",
            language=language if language in LANGUAGES else "en",
            mode=mode,
            book_id=book_id(config),
        )


def _mode(config: Any) -> str:
    return str(getattr(config, "lessonkit_mode", "") or "practice").strip().lower()


def _check_mode(app: Any, config: Any) -> None:
    """Stop the build on an unknown mode: a typo must not publish the keys."""
    if _mode(config) not in MODES:
        from sphinx.errors import ConfigError

        raise ConfigError(
            f"lessonkit_mode is {config.lessonkit_mode!r}. Fix: set it (under sphinx: config: "
            f"in _config.yml) to one of: {', '.join(MODES)}."
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
    app.add_config_value("lessonkit_mode", current().mode, "env", types=[str])
    app.connect("config-inited", _check_mode)
    app.add_config_value("lessonkit_language", "", "html", types=[str])
    app.add_config_value("lessonkit_book_id", "", "html", types=[str])
