"""myst-nb renders quiz outputs of notebook cells with this plugin (entry point
``myst_nb.mime_renderers``).

A cell that shows a quiz during a book build outputs
:data:`~lessonkit.render.html.QUIZ_MIME`: the quiz file (or the quiz itself). The plugin
reads it and writes the page's quiz element with the build's settings: the teacher's
edition shows the keys; the interface follows the book's language. The quiz file is a
dependency of the page, so editing it rebuilds the page without running the notebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes

from ..errors import QuizFormatError
from ..quiz import Quiz
from ..render.html import QUIZ_MIME, quiz_html
from .dependencies import note_data_dependencies
from .images import site_image_url
from .settings import BookSettings
from .warnings import warn, warn_problems

__all__ = ["QuizMimeRenderer"]

_HTML_BUILDERS = ("html", "dirhtml", "singlehtml", "readthedocs", "readthedocsdirhtml")


def _load(content: dict[str, Any], page: Path, env: Any) -> Quiz:
    if env is not None:
        note_data_dependencies(env)
    if "path" in content:
        path = page.parent / str(content["path"])
        if env is not None:
            env.note_dependency(str(path.resolve()))
        return Quiz.from_yaml(path)
    return Quiz.from_dict(
        content.get("quiz"), source=f"{page} (quiz {content.get('id')})", images=page.parent
    )


class QuizMimeRenderer:
    """Turns a quiz output into the book's quiz element."""

    mime_priority_overrides: ClassVar[list[tuple[str, str, int]]] = [
        (builder, QUIZ_MIME, 1) for builder in _HTML_BUILDERS
    ]

    @staticmethod
    def handle_mime(renderer: Any, data: Any, inline: bool) -> list[nodes.Element] | None:
        """myst-nb's plugin protocol: nodes for our mime type, ``None`` for any other."""
        if data.mime_type != QUIZ_MIME or not isinstance(data.content, dict):
            return None
        env = renderer.renderer.sphinx_env
        settings = BookSettings.from_config(env.config if env is not None else None)
        page = Path(renderer.source)
        try:
            quiz = _load(data.content, page, env)
        except QuizFormatError as error:
            warn_problems(error.problems, "quiz")
            return []
        except OSError as error:
            warn(f"the quiz output cannot be read ({error})", f"{page}:{data.line or 1}", "quiz")
            return []
        html = quiz_html(
            quiz,
            teacher=settings.teacher,
            lang=settings.language,
            mode=settings.mode,
            image_url=site_image_url(env),
        )
        return [nodes.raw("", html, format="html", classes=["output", "text_html"])]
