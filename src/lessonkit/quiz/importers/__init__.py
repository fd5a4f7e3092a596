"""Quizzes into lessonkit from other tools' formats (jupyterquiz JSON)."""

from .jupyterquiz import jupyterquiz_to_dict

__all__ = ["jupyterquiz_to_dict"]
