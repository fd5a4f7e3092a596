"""The problems of regrading one file, worded for the teacher: answers to a quiz version
or a question the teacher's files lack, and claims the regrade does not confirm. Each
names the file, the student and the response; a file lists at most
:data:`MAX_PROBLEMS_PER_FILE`, and counts the rest in one last line."""

from __future__ import annotations

from typing import Any

from ..errors import Problem
from .quizversions import QuizVersions

__all__ = ["MAX_PROBLEMS_PER_FILE", "capped", "forged", "unknown_question", "unknown_versions"]

#: Problems listed per file; the rest are counted in one last line.
MAX_PROBLEMS_PER_FILE = 50
_HINT_FORGED = "ask the student; the regraded answer is not counted until a genuine file is in"


def _who(student: str) -> str:
    return f"student '{student}'"


def unknown_question(path: str, student: str, n: int, r: dict[str, Any]) -> Problem:
    """Response ``n`` (``r``) names a question its quiz version does not have."""
    quiz_id, version = r["quiz_id"], r["quiz_version"]
    return Problem(
        path,
        None,
        f"{_who(student)}, response {n}: quiz '{quiz_id}' version {version} has no "
        f"question '{r['question_id']}'; not counted",
        "check that the student used the book's quizzes",
    )


def unknown_versions(
    path: str, student: str, unknown: dict[tuple[str, int], list[str]], versions: QuizVersions
) -> list[Problem]:
    """One problem per quiz version the file answers and the teacher lacks (``unknown``:
    the questions answered in each)."""
    problems = []
    for (quiz_id, version), questions in sorted(unknown.items()):
        have = versions.versions(quiz_id)
        known = (
            f"the quiz files hold version{'s' * (len(have) > 1)} {', '.join(map(str, have))}"
            if have
            else "no quiz file has this id"
        )
        shown = ", ".join(sorted(set(questions))[:5]) + (", ..." if len(set(questions)) > 5 else "")
        problems.append(
            Problem(
                path,
                None,
                f"{_who(student)}: {len(questions)} answer{'s' * (len(questions) > 1)} to "
                f"quiz '{quiz_id}' version {version} ({shown}), which the teacher does not "
                f"have ({known}); not counted",
                "add that version's quiz file with --quizzes, or check the student's file",
            )
        )
    return problems


def forged(path: str, student: str, n: int, r: dict[str, Any], regrade: tuple[Any, Any]) -> Problem:
    """Response ``n`` (``r``) claims another verdict or score than its ``regrade``
    (verdict, score)."""
    claimed = f"{r['verdict']} ({_score(r['score'])})"
    regraded = f"{regrade[0]} ({_score(regrade[1])})"
    return Problem(
        path,
        None,
        f"{_who(student)}, response {n} (quiz '{r['quiz_id']}', question '{r['question_id']}', "
        f"attempt {r['attempt']}): the file claims {claimed}, the answer regrades as "
        f"{regraded}; not counted",
        _HINT_FORGED,
    )


def _score(score: Any) -> str:
    return "no score" if score is None else f"score {float(score):g}"


def capped(problems: list[Problem], path: str) -> list[Problem]:
    """``problems``, at most :data:`MAX_PROBLEMS_PER_FILE` of them and a count of the rest."""
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    rest = len(problems) - MAX_PROBLEMS_PER_FILE
    return [
        *problems[:MAX_PROBLEMS_PER_FILE],
        Problem(path, None, f"and {rest} more problems in this file", ""),
    ]
