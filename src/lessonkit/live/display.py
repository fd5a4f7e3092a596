"""How a :class:`~lessonkit.quiz.Quiz` shows itself in Jupyter (``import lessonkit``
registers :func:`quiz_bundle` with IPython's display formatter).

In a live notebook, the quiz is the anywidget :class:`~lessonkit.live.widget.QuizWidget`.
During a book build (context ``render == "data"``), no widget is made: the cell outputs
the quiz as data (:data:`~lessonkit.render.html.QUIZ_MIME`), which the book renders.
"""

from __future__ import annotations

from typing import Any

from .._context import current
from ..quiz.model import Quiz
from ..render.html import QUIZ_MIME, quiz_output

__all__ = ["quiz_bundle"]


def quiz_bundle(quiz: Quiz) -> Any:
    """The Jupyter mime bundle of ``quiz`` in the current context."""
    context = current()
    if context.render == "data":
        return {"text/plain": quiz.summary(), QUIZ_MIME: quiz_output(quiz)}
    from .widget import QuizWidget

    shown = QuizWidget(quiz, teacher=context.teacher)._repr_mimebundle_()
    data, metadata = shown if isinstance(shown, tuple) else (shown, {})
    data = {**(data or {}), "text/plain": quiz.summary()}
    return (data, metadata) if metadata else data
