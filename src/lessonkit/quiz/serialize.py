"""The typed quiz written back as quiz-file data (the inverse of validation).

``Quiz.from_dict(quiz_to_dict(quiz))`` gives an equal quiz. Optional keys are written only
when they differ from their defaults, so that a written file reads like one an author wrote.
"""

from __future__ import annotations

from typing import Any

from .model import (
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)

__all__ = ["question_to_dict", "quiz_to_dict"]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def _options(question: SingleChoice | MultipleChoice) -> list[dict[str, Any]]:
    options = []
    for option in question.options:
        entry: dict[str, Any] = {"id": option.id, "text": option.text}
        if option.correct:
            entry["correct"] = True
        if option.feedback is not None:
            entry["feedback"] = option.feedback
        options.append(entry)
    return options


def _type_keys(question: Question) -> dict[str, Any]:
    """The keys that belong to the question's type."""
    match question:
        case SingleChoice() | MultipleChoice():
            out: dict[str, Any] = {"options": _options(question)}
            if question.shuffle is not None:
                out["shuffle"] = question.shuffle
            return out
        case TrueFalse():
            out = {"answer": question.answer}
            feedback = {
                name: text
                for name, text in (
                    ("true", question.feedback_true),
                    ("false", question.feedback_false),
                )
                if text is not None
            }
            if feedback:
                out["feedback"] = feedback
            return out
        case Numeric():
            out = {"answer": _number(question.answer)}
            if question.tolerance:
                out["tolerance"] = _number(question.tolerance)
            if question.unit is not None:
                out["unit"] = question.unit
            return out
        case Text():
            out = {"answers": list(question.answers)}
            if question.fuzzy is not None:
                out["fuzzy"] = question.fuzzy
            return out
        case Ordering():
            return {"items": [{"id": i.id, "text": i.text} for i in question.items]}
        case Matching():
            out = {
                "pairs": [{"id": p.id, "left": p.left, "right": p.right} for p in question.pairs]
            }
            if question.distractors:
                out["distractors"] = [{"id": d.id, "text": d.text} for d in question.distractors]
            return out
        case Highlight():
            return {"evidence": list(question.evidence)}
        case Open():
            out = {"model_answer": question.model_answer, "rubric": list(question.rubric)}
            if question.min_words != 1:
                out["min_words"] = question.min_words
            return out
    raise TypeError(f"cannot write a {type(question).__name__}")


def question_to_dict(question: Question) -> dict[str, Any]:
    """One question as quiz-file data."""
    out: dict[str, Any] = {"id": question.id, "type": question.type, "prompt": question.prompt}
    if question.points != 1:
        out["points"] = _number(question.points)
    if question.excerpt is not None:
        out["excerpt"] = question.excerpt
    if question.hints:
        out["hints"] = list(question.hints)
    out.update(_type_keys(question))
    if question.explanation is not None:
        out["explanation"] = question.explanation
    if question.source is not None:
        out["source"] = question.source
    return out


def quiz_to_dict(quiz: Quiz) -> dict[str, Any]:
    """The whole quiz as quiz-file data, ready for YAML or JSON."""
    out: dict[str, Any] = {"id": quiz.id, "title": quiz.title}
    if quiz.version != 1:
        out["version"] = quiz.version
    if quiz.shuffle:
        out["shuffle"] = True
    if quiz.seed:
        out["seed"] = quiz.seed
    out["questions"] = [question_to_dict(q) for q in quiz.questions]
    return out
