"""Quiz payloads for the browser tests.

The regular quizzes go through the real pipeline (``build_payload(Quiz.from_yaml(...))``);
the XSS quizzes are built two ways: raw payloads whose HTML fields carry the attack
untouched (to test quiz.js's own sanitiser), and quiz data run through the pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lessonkit.render.payload import build_payload

ROOT = Path(__file__).resolve().parents[2]
QUIZZES = ROOT / "tests" / "quizzes"
DATASETS = QUIZZES / "datasets"
ATTACKS: list[str] = json.loads(
    (Path(__file__).parent / "payloads" / "xss.json").read_text("utf-8")
)


def all_types_quiz() -> Any:
    """The shared example quiz with one question of each of the nine types."""
    from lessonkit.quiz.model import Quiz

    return Quiz.from_yaml(QUIZZES / "all-types.yaml", datasets=DATASETS)


def all_types(*, teacher: bool = False, lang: str = "en") -> dict[str, Any]:
    return dict(build_payload(all_types_quiz(), teacher=teacher, lang=lang))


def scored_points() -> float:
    """The auto-graded maximum of the example quiz."""
    return float(sum(q.points for q in all_types_quiz().questions if q.scored))


def raw_attack_payload(attack: str, *, quiz_id: str = "raw") -> dict[str, Any]:
    """A payload (contract §3) with ``attack`` in every field, HTML fields unescaped."""
    from lessonkit.render.payload import encode_key

    a = attack
    excerpt = {
        "id": "x",
        "writer": a,
        "document": a,
        "date": a,
        "translator": a,
        "source": a,
        "sentences": [a, "A plain second sentence.", a],
    }
    questions = [
        {
            "id": "single",
            "type": "single",
            "points": 1,
            "prompt": a,
            "hints": [a, a],
            "excerpt": excerpt,
            "options": [{"id": a, "html": a}, {"id": "b", "html": a}],
        },
        {
            "id": "multiple",
            "type": "multiple",
            "points": 2,
            "prompt": a,
            "options": [{"id": "m1", "html": a}, {"id": "m2", "html": a}],
        },
        {"id": "tf", "type": "true_false", "points": 1, "prompt": a},
        {"id": "num", "type": "numeric", "points": 1, "prompt": a, "unit": a},
        {"id": "txt", "type": "text", "points": 1, "prompt": a},
        {
            "id": "ord",
            "type": "ordering",
            "points": 1,
            "prompt": a,
            "items": [{"id": "o2", "html": a}, {"id": "o1", "html": a + " (first)"}],
        },
        {
            "id": "mat",
            "type": "matching",
            "points": 1,
            "prompt": a,
            "pairs": [{"id": "p1", "html": a}, {"id": "p2", "html": a}],
            "choices": [{"id": "p2", "html": a}, {"id": "d", "html": a}, {"id": "p1", "html": a}],
        },
        {"id": "hl", "type": "highlight", "points": 1, "prompt": a, "excerpt": excerpt},
        {"id": "open", "type": "open", "points": 1, "prompt": a, "hints": [a], "min_words": 1},
        {
            "id": a,
            "type": "single",
            "points": 1,
            "prompt": "An id that is an attack.",
            "options": [{"id": "k", "html": "K"}, {"id": "l", "html": "L"}],
        },
    ]
    common = {"explanation": a, "source": a}
    key = {
        "single": {"correct": a, "feedback": {a: a, "b": a}, **common},
        "multiple": {"correct": ["m1"], "feedback": {"m1": a, "m2": a}, **common},
        "tf": {"answer": True, "feedback": {"true": a, "false": a}, **common},
        "num": {"answer": 1, "tolerance": 0, **common},
        "txt": {"answers": [a, "plain"], "fuzzy": 0.5, **common},
        "ord": {"order": ["o1", "o2"], **common},
        "mat": {"pairs": {"p1": "p1", "p2": "p2"}, **common},
        "hl": {"evidence": [1], **common},
        "open": {"model_answer": a, "rubric": [a, a], **common},
        a: {"correct": "k", "feedback": {"k": a}, **common},
    }
    return {
        "id": quiz_id,
        "version": 1,
        "title": a,
        "lang": "en",
        "teacher": True,
        "questions": questions,
        "key": encode_key(key),
    }


def pipeline_attack_payload(attack: str) -> dict[str, Any]:
    """``attack`` in every text field of a quiz file, through build_payload(Quiz.from_dict())."""
    from lessonkit.quiz.model import Quiz

    a = attack
    data = {
        "id": "pipeline",
        "title": a,
        "version": 1,
        "questions": [
            {
                "id": "single",
                "type": "single",
                "prompt": a,
                "hints": [a],
                "explanation": a,
                "options": [
                    {"id": "s1", "text": a, "correct": True, "feedback": a},
                    {"id": "s2", "text": "[link](javascript:alert(1)) " + a, "feedback": a},
                ],
            },
            {
                "id": "multiple",
                "type": "multiple",
                "prompt": a,
                "options": [{"id": "m1", "text": a, "correct": True}, {"id": "m2", "text": a}],
            },
            {
                "id": "tf",
                "type": "true_false",
                "prompt": a,
                "answer": False,
                "feedback": {"true": a, "false": a},
            },
            {"id": "num", "type": "numeric", "prompt": a, "answer": 3, "unit": a},
            {"id": "txt", "type": "text", "prompt": a, "answers": [a]},
            {
                "id": "ord",
                "type": "ordering",
                "prompt": a,
                "items": [{"id": "o1", "text": a}, {"id": "o2", "text": "second " + a}],
            },
            {
                "id": "mat",
                "type": "matching",
                "prompt": a,
                "pairs": [{"id": "p1", "left": a, "right": a}, {"id": "p2", "left": a, "right": a}],
                "distractors": [{"id": "d1", "text": a}],
            },
            {
                "id": "hl",
                "type": "highlight",
                "prompt": a,
                "excerpt": "fixture-five",
                "evidence": [2],
                "explanation": a,
            },
            {"id": "open", "type": "open", "prompt": a, "model_answer": a, "rubric": [a, a]},
        ],
    }
    quiz = Quiz.from_dict(data, source="xss", datasets=DATASETS)
    return dict(build_payload(quiz, teacher=True))
