"""The live quiz in Jupyter: an anywidget whose front end is the package's quiz.js.

``display(quiz)`` in JupyterLab 4, Notebook 7 or VS Code shows :class:`QuizWidget`;
each checked answer comes back to Python, is graded again by the reference grader and
is recorded in the progress store. On a hub with a course exchange, the quiz offers a
"Hand in my answers" button (``handin``).
"""

from .language import get_language, set_language

__all__ = ["get_language", "set_language"]
