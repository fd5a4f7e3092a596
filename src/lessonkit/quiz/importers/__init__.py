"""Quizzes into lessonkit from other tools' formats: jupyterquiz JSON and Moodle GIFT.

Each importer turns a file into quiz-file data and a list of notes (every question left
out, with the reason, and what the others lost); ``markup`` turns their HTML texts into
safe Markdown; ``common`` checks each question on its own so that one bad question
leaves the others in.
"""

from .jupyterquiz import jupyterquiz_to_dict

__all__ = ["jupyterquiz_to_dict"]
