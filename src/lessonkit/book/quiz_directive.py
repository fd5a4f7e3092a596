"""The ``quiz`` directive: a quiz from a YAML file, as a data-only element in the page.

In a MyST page::

    ```{quiz} quizzes/three-voices.yaml
    ```

The path is relative to the page, or to the source folder when it starts with ``/``.
Editing the YAML file rebuilds the page. A broken file gives one Sphinx warning per
problem, located at the YAML line (``type="lessonkit", subtype="quiz"``), and no quiz.
The book's settings (:mod:`lessonkit.book.settings`) choose the edition and language.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..errors import QuizFormatError
from ..quiz import Quiz
from ..render.html import quiz_html
from .dependencies import note_data_dependencies
from .images import site_image_url
from .settings import BookSettings
from .warnings import warn, warn_problems

__all__ = ["QuizDirective", "setup_quiz"]


class QuizDirective(SphinxDirective):
    """``{quiz} path/to/quiz.yaml``: embed a quiz file."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        relative, absolute = self.env.relfn2path(self.arguments[0].strip(), self.env.docname)
        self.env.note_dependency(relative)
        note_data_dependencies(self.env)
        here = f"{self.env.doc2path(self.env.docname)}:{self.lineno}"
        if not Path(absolute).is_file():
            warn(
                f"quiz file not found: {self.arguments[0]} (looked for {absolute}). Fix: give "
                "the path relative to this page, or to the book folder with a leading '/'.",
                here,
                "quiz",
            )
            return []
        try:
            quiz = Quiz.from_yaml(absolute)
        except QuizFormatError as error:
            warn_problems(error.problems, "quiz")
            return []
        settings = BookSettings.from_config(self.config)
        html = quiz_html(
            quiz,
            teacher=settings.teacher,
            lang=settings.language,
            mode=settings.mode,
            image_url=site_image_url(self.env),
        )
        return [nodes.raw("", html, format="html")]


def setup_quiz(app: Any) -> None:
    """Register the ``quiz`` directive."""
    app.add_directive("quiz", QuizDirective)
