"""The regrader remembers what answers regraded as: answers equal in Python but not in
JSON (``true`` and ``1``, ``1`` and ``1.0``, a text and a list) never share a verdict,
and the kept answer of a question is the newest version's latest, in any order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gradebook_class import document, response, write_quizzes

from lessonkit.quiz.grading import grade_question
from lessonkit.teacher.quizversions import load_quiz_versions
from lessonkit.teacher.regrade import Regrader


@pytest.fixture
def regrader(tmp_path: Path) -> Regrader:
    return Regrader(load_quiz_versions([write_quizzes(tmp_path)]))


def _regrade(regrader: Regrader, question: str, answer: Any, version: int = 1) -> Any:
    """The verdict the regrader gives ``answer``: the claim it accepts (it claims each
    verdict in turn)."""
    questions = regrader.quiz("class-quiz", version)
    assert questions is not None
    for verdict in ("correct", "incorrect", "partial", "unanswered"):
        for score in (1.0, 0.0, 0.5):
            doc = document("Ann", [response(question, answer, verdict, score, version=version)])
            if not regrader.regrade(doc, "ann.json", "Ann").problems:
                return verdict, score
    return None


@pytest.mark.parametrize(
    ("question", "answers", "version"),
    [
        ("fact", [True, 1, 1.0, "true", "True", [True], None], 1),
        ("extra", [12, 12.0, "12", True, [12], {"12": 12}, "12.0"], 2),
        ("places", [["here", "there"], ("here", "there"), "['here', 'there']", ["there"]], 1),
        ("pairs", [{"la": "la", "lb": "lb"}, {"lb": "lb", "la": "la"}, {"la": "lb"}], 1),
    ],
)
def test_answers_alike_in_python_are_regraded_apart(
    regrader: Regrader, question: str, answers: list[Any], version: int
) -> None:
    questions = regrader.quiz("class-quiz", version)
    assert questions is not None
    reference = questions[question].question
    for _ in range(2):  # the second round comes from the cache
        for answer in answers:
            expected = grade_question(reference, answer)
            found = _regrade(regrader, question, answer, version)
            assert found == (expected.verdict, expected.score), answer


def test_the_newest_version_then_the_latest_answer_is_kept(regrader: Regrader) -> None:
    early, late = "2026-01-05T10:00:00+00:00", "2026-01-07T10:00:00+00:00"
    answers = [
        response("pick", "right-one", "correct", 1.0, when=late, attempt=1),
        response("pick", "wrong-one", "incorrect", 0.0, when=early, attempt=2),
        response("fact", False, "correct", 1.0, version=2, when=early),
        response("fact", True, "correct", 1.0, version=1, when=late),
        response("places", ["here"], "partial", 0.5, when=early, attempt=2),
        response("places", ["here", "there"], "correct", 1.0, when=early, attempt=1),
    ]
    for order in (answers, answers[::-1]):
        result = regrader.regrade(document("Ann", order), "ann.json", "Ann")
        assert result.problems == []
        kept = dict(zip(result.columns.tolist(), result.scores.tolist(), strict=True))
        number = {key[1]: n for key, n in regrader.columns.items()}
        assert kept == {number["pick"]: 10_000, number["fact"]: 10_000, number["places"]: 5_000}
        assert result.points == 3 * 1.0 + 1.0 + 2 * 0.5
        assert result.versions == (2,)


def test_the_score_table_of_a_large_class_holds_each_students_kept_scores(
    regrader: Regrader,
) -> None:
    from lessonkit.teacher.tables import StudentRow, build_tables

    choices = [
        ("pick", "right-one", "correct", 1.0),
        ("pick", "wrong-one", "incorrect", 0.0),
        ("fact", True, "correct", 1.0),
        ("places", ["here"], "partial", 0.5),
        ("places", ["here", "there"], "correct", 1.0),
    ]
    rows, expected = [], []
    for n in range(2500):  # more than one block of rows, some without a counted file
        if n % 7 == 3:
            rows.append(StudentRow(f"s{n:04d}", None, "2 files disagree"))
            expected.append({})
            continue
        picked = [choices[(n + k) % len(choices)] for k in range(n % 3 + 1)]
        answers = [response(q, a, v, s, attempt=k + 1) for k, (q, a, v, s) in enumerate(picked)]
        result = regrader.regrade(document(f"s{n:04d}", answers), f"{n}.json", f"s{n:04d}")
        rows.append(StudentRow(f"s{n:04d}", result))
        expected.append({q: s for q, _, _, s in picked})  # the latest attempt counts
    scores, _, students = build_tables(rows, regrader)
    table = scores.droplevel("quiz_id", axis=1)
    for n, kept in enumerate(expected):
        line = table.iloc[n]
        assert {q: line[q] for q in line.index if line[q] == line[q]} == kept, n
    assert students["student"].tolist() == [r.name for r in rows]
