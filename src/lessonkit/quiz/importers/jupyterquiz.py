"""Read jupyterquiz question files (a JSON list of questions) as lessonkit quizzes.

Types: ``multiple_choice`` (exactly one correct answer) -> single; ``many_choice`` ->
multiple; ``numeric`` (a correct ``value`` or ``range``) -> numeric; ``string`` -> text.
jupyterquiz has no question ids, so questions become ``q1``, ``q2``, ... in file order.
Feedback for wrong numeric or string answers has no place in lessonkit's model and is
reported in ``notes``; everything else is kept.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..._validation import slug
from ...errors import Problem, QuizFormatError

__all__ = ["jupyterquiz_to_dict"]


def _choice(q: dict[str, Any], qid: str, where: str, problems: list[Problem]) -> dict[str, Any]:
    options = []
    for i, answer in enumerate(q.get("answers") or [], start=1):
        option = {
            "id": f"a{i}",
            "text": str(answer.get("answer", "")),
            "correct": bool(answer.get("correct")),
        }
        if answer.get("feedback"):
            option["feedback"] = str(answer["feedback"])
        options.append(option)
    correct = sum(1 for o in options if o["correct"])
    if q["type"] == "multiple_choice" and correct != 1:
        problems.append(
            Problem(
                where,
                None,
                f"question {qid} (multiple_choice) has {correct} correct answers",
                "mark exactly one answer correct, or change its type to many_choice",
            )
        )
    return {"type": "single" if q["type"] == "multiple_choice" else "multiple", "options": options}


def _note_dropped_feedback(q: dict[str, Any], qid: str, notes: list[str]) -> None:
    """lessonkit keeps feedback only for the right answer: say what was left out."""
    answers = q.get("answers") or []
    wrong = sum(
        1
        for a in answers
        if not a.get("correct") and a.get("feedback") and a.get("type") != "default"
    )
    default = any(a.get("type") == "default" for a in answers)
    if wrong or default:
        parts = [f"feedback for {wrong} wrong answer(s)"] if wrong else []
        parts += ["the default feedback"] if default else []
        notes.append(
            f"{qid}: {' and '.join(parts)} not imported (lessonkit has no per-answer "
            f"feedback for {q['type']} questions)"
        )


def _numeric(
    q: dict[str, Any], qid: str, where: str, problems: list[Problem], notes: list[str]
) -> dict[str, Any]:
    right = [a for a in q.get("answers") or [] if a.get("correct")]
    if len(right) != 1:
        problems.append(
            Problem(
                where,
                None,
                f"question {qid} (numeric) has {len(right)} correct answers",
                "keep one correct value or range",
            )
        )
        return {"type": "numeric", "answer": 0}
    answer = right[0]
    if "range" in answer:
        low, high = (float(v) for v in answer["range"])
        out = {"type": "numeric", "answer": (low + high) / 2, "tolerance": (high - low) / 2}
    else:
        out = {"type": "numeric", "answer": float(answer["value"]), "tolerance": 0}
    if answer.get("feedback"):
        out["explanation"] = str(answer["feedback"])
    _note_dropped_feedback(q, qid, notes)
    return out


def _string(
    q: dict[str, Any], qid: str, where: str, problems: list[Problem], notes: list[str]
) -> dict[str, Any]:
    right = [a for a in q.get("answers") or [] if a.get("correct") and "answer" in a]
    if not right:
        problems.append(
            Problem(
                where,
                None,
                f"question {qid} (string) has no correct answer",
                "mark at least one answer correct",
            )
        )
    out: dict[str, Any] = {"type": "text", "answers": [str(a["answer"]) for a in right] or ["?"]}
    fuzzy = [float(a["fuzzy_threshold"]) for a in right if "fuzzy_threshold" in a]
    if fuzzy:
        out["fuzzy"] = min(fuzzy)
    _note_dropped_feedback(q, qid, notes)
    if any(a.get("match_case") for a in right):
        notes.append(f"{qid}: match_case is ignored (lessonkit compares answers without case)")
    feedback = [a["feedback"] for a in right if a.get("feedback")]
    if feedback:
        out["explanation"] = str(feedback[0])
    return out


def jupyterquiz_to_dict(
    data: str | Path | list[Any], *, quiz_id: str | None = None, title: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Convert a jupyterquiz file (path) or question list; return (quiz dict, notes)."""
    where = "<jupyterquiz>"
    if isinstance(data, (str, Path)):
        path = Path(data)
        where = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise QuizFormatError(
                f"not valid JSON ({exc.msg})",
                path=where,
                line=exc.lineno,
                hint="check the file with a JSON validator",
            ) from None
        quiz_id = quiz_id or slug(path.stem, fallback="imported-quiz")
        title = title or path.stem.replace("_", " ").replace("-", " ").capitalize()
    if not isinstance(data, list) or not data:
        raise QuizFormatError(
            "a jupyterquiz file must be a non-empty JSON list of questions",
            path=where,
            hint="wrap the questions in [ ... ]",
        )
    problems: list[Problem] = []
    notes: list[str] = []
    questions = []
    for n, q in enumerate(data, start=1):
        qid = f"q{n}"
        if not isinstance(q, dict) or "question" not in q or "type" not in q:
            problems.append(
                Problem(
                    where,
                    None,
                    f"question {n} has no 'question' or 'type'",
                    "follow the jupyterquiz schema",
                )
            )
            continue
        kind = q["type"]
        if kind in ("multiple_choice", "many_choice"):
            body = _choice(q, qid, where, problems)
        elif kind == "numeric":
            body = _numeric(q, qid, where, problems, notes)
        elif kind == "string":
            body = _string(q, qid, where, problems, notes)
        else:
            problems.append(
                Problem(
                    where,
                    None,
                    f"question {n} has unknown type '{kind}'",
                    "use multiple_choice, many_choice, numeric or string",
                )
            )
            continue
        prompt = str(q["question"])
        if q.get("code"):
            prompt += f"\n\n```\n{q['code']}\n```"
        questions.append({"id": qid, "prompt": prompt, **body})
    if problems:
        raise QuizFormatError.from_problems(problems)
    return {
        "id": quiz_id or "imported-quiz",
        "title": title or "Imported quiz",
        "version": 1,
        "questions": questions,
    }, notes
