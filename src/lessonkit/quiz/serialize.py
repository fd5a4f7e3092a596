"""The typed quiz written back as quiz-file data (the inverse of validation), and as YAML.

``Quiz.from_dict(quiz_to_dict(quiz))`` gives an equal quiz. Optional keys are written only
when they differ from their defaults, so that a written file reads like one an author wrote;
each question type writes its own keys (:meth:`~lessonkit.quiz.questions.Question.to_data`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from .model import Quiz

__all__ = ["quiz_to_dict", "quiz_to_yaml"]


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


@functools.cache
def _dumper() -> Any:
    """A YAML dumper: block style, texts of several lines as ``|`` blocks, short lists of
    numbers (ranges) inline. (PyYAML is imported on first use.)"""
    import yaml

    class QuizDumper(yaml.SafeDumper):
        pass

    def text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
        block = "\n" in value and value == value.strip() and " \n" not in value
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if block else None)

    def sequence(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.Node:
        numbers = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in value)
        return dumper.represent_sequence(
            "tag:yaml.org,2002:seq", value, flow_style=bool(value) and numbers
        )

    QuizDumper.add_representer(str, text)
    QuizDumper.add_representer(list, sequence)
    return QuizDumper


def quiz_to_yaml(quiz: Quiz, *, comments: Iterable[str] = ()) -> str:
    """The quiz as the text of a quiz file; ``comments`` become ``#`` lines at its top."""
    head = "".join(f"# {line}\n" for text in comments for line in text.splitlines() or [""])
    import yaml

    body = yaml.dump(
        quiz_to_dict(quiz),
        Dumper=_dumper(),
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return head + body
