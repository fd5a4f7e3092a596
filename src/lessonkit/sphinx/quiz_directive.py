"""The ``quiz`` directive: a quiz from a YAML file, as a data-only element in the page.

In a MyST page::

    ```{quiz} quizzes/three-voices.yaml
    ```

The path is relative to the page, or to the source folder when it starts with ``/``.
Editing the YAML file rebuilds the page. A broken file gives one Sphinx warning per
problem, located at the YAML line (``type="lessonkit", subtype="quiz"``), and no quiz.
``lessonkit_teacher = True`` builds the teacher edition, with every answer key shown;
it also sets ``LESSONKIT_TEACHER=1`` so that quizzes displayed by executed notebook
cells follow suit.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..errors import QuizFormatError
from .warnings import warn, warn_problems

__all__ = ["QuizDirective", "setup_quiz"]


class QuizDirective(SphinxDirective):
    """``{quiz} path/to/quiz.yaml``: embed a quiz file."""

    required_arguments = 1
    optional_arguments = 0
    final_argument_whitespace = True
    has_content = False

    def run(self) -> list[nodes.Node]:
        from ..quiz import Quiz

        relative, absolute = self.env.relfn2path(self.arguments[0].strip(), self.env.docname)
        self.env.note_dependency(relative)
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
        html = quiz.to_html(teacher=bool(self.config.lessonkit_teacher))
        return [nodes.raw("", html, format="html")]


def _export_teacher_flag(app: Any, config: Any) -> None:
    # Kernels started by myst-nb inherit the environment: the config decides, both ways.
    os.environ["LESSONKIT_TEACHER"] = "1" if config.lessonkit_teacher else "0"


def setup_quiz(app: Any) -> None:
    """Register the ``quiz`` directive and the ``lessonkit_teacher`` option."""
    # Default from the environment, so that `LESSONKIT_TEACHER=1 jupyter-book build .`
    # (what `make book-teacher` runs) builds the teacher edition without a config change.
    teacher_default = os.environ.get("LESSONKIT_TEACHER", "") == "1"
    app.add_config_value("lessonkit_teacher", teacher_default, "env", types=[bool])
    app.add_directive("quiz", QuizDirective)
    app.connect("config-inited", _export_teacher_flag)
