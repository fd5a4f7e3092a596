"""The typed quiz written back as quiz-file data (the inverse of validation).

``Quiz.from_dict(quiz_to_dict(quiz))`` gives an equal quiz. Optional keys are written only
when they differ from their defaults, so that a written file reads like one an author wrote;
each question type writes its own keys (:meth:`~lessonkit.quiz.questions.Question.to_data`).
"""

from __future__ import annotations

from typing import Any

from .model import Quiz

__all__ = ["quiz_to_dict"]


def quiz_to_dict(quiz: Quiz) -> dict[str, Any]:
    """The whole quiz as quiz-file data, ready for YAML or JSON."""
    out: dict[str, Any] = {"id": quiz.id, "title": quiz.title}
    if quiz.version != 1:
        out["version"] = quiz.version
    if quiz.shuffle:
        out["shuffle"] = True
    if quiz.seed:
        out["seed"] = quiz.seed
    out["questions"] = [question.to_data() for question in quiz.questions]
    return out
