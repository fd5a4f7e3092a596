"""Regrading one handed-in file against the teacher's quiz files.

Every response is graded again by :func:`lessonkit.quiz.grade_question` on the quiz
version it names; what the file claims is only compared. A response is **not counted**,
and is reported (file, student, quiz, question), when its quiz version is not among the
teacher's files, when its question is not in that version, or when the verdict or score
it claims differs from the regrade. Answers saved on an exam page claim nothing
(``submitted``, no score) and are simply graded.

Of the counted responses, each question keeps the one of the newest quiz version, then
the latest. The result is small: a few numbers per question, so that a class of any size
fits in memory.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem
from ..quiz.examids import answer_with_quiz_ids
from ..quiz.grading import Verdict, grade_question
from .quizversions import QuestionEntry, QuizVersions

__all__ = ["SCORE_STEPS", "FileResult", "Regrader"]

#: Scores are kept as whole numbers of this fraction (the grader rounds to 4 decimals).
SCORE_STEPS = 10_000
#: Problems listed per file; the rest are counted in one last line.
MAX_PROBLEMS_PER_FILE = 50
_CACHE_LIMIT = 4096
#: Distinct layouts (question columns; quizzes and versions) shared between files
_SHARED_LIMIT = 1024
#: the quizzes of a file and the newest version of each answered there
_Shape = tuple[tuple[str, ...], tuple[int, ...]]
_NO_CLAIM = ("submitted", None)
_MISSING: Any = object()
_HINT_FORGED = "ask the student; the regraded answer is not counted until a genuine file is in"


@dataclass(slots=True)
class FileResult:
    """What one file contributes: the kept score of each question, and its problems."""

    path: str
    student: str
    #: column numbers (see :attr:`Regrader.columns`) and the scores kept there, in
    #: ten-thousandths (scores have four decimals): six bytes a question
    columns: array[int] = field(default_factory=lambda: array("I"))
    scores: array[int] = field(default_factory=lambda: array("H"))
    points: float = 0.0
    #: maximum of the quizzes answered here (their newest version answered)
    maximum: float = 0.0
    #: the quizzes answered here, and the newest version of each answered here
    quizzes: tuple[str, ...] = ()
    versions: tuple[int, ...] = ()
    open_answers: int = 0
    problems: list[Problem] = field(default_factory=list)


class _Question:
    """A question ready to regrade answers, with a cache of recent verdicts."""

    __slots__ = ("back", "cache", "entry", "points", "question", "scored")

    def __init__(self, entry: QuestionEntry) -> None:
        self.entry = entry
        self.question = entry.question
        self.points = entry.points
        self.scored = entry.scored
        self.back = entry.back
        self.cache: dict[Any, Verdict] = {}

    def grade(self, answer: Any) -> Verdict:
        key = _cache_key(answer)
        if key is not None:
            found = self.cache.get(key)
            if found is not None:
                return found
        given = answer_with_quiz_ids(self.question, answer, self.back) if self.back else answer
        verdict = grade_question(self.question, given)
        if key is not None and len(self.cache) < _CACHE_LIMIT:
            self.cache[key] = verdict
        return verdict


def _cache_key(answer: Any) -> Any:
    """A hashable key that only equal answers share (``True`` and ``1`` differ), or None."""
    kind = type(answer)
    if kind is str:
        return answer
    key: tuple[Any, ...]
    try:
        if kind is list and len(answer) <= 32:
            key = (tuple(answer), tuple(map(type, answer)))
        elif kind is dict and len(answer) <= 32:
            key = (tuple(answer.items()), tuple(map(type, answer.values())), dict)
        else:
            return (kind, answer) if kind is bool or kind is int else None
        hash(key)
    except TypeError:  # lists or objects inside
        return None
    return key


class Regrader:
    """Regrades files against one set of quiz versions; numbers the question columns."""

    def __init__(self, versions: QuizVersions) -> None:
        self.versions = versions
        self._quizzes: dict[tuple[str, int], dict[str, _Question] | None] = {}
        #: (quiz id, question id) -> column number, in order of first appearance
        self.columns: dict[tuple[str, str], int] = {}
        self._totals: dict[tuple[str, int], float] = {}
        # The files of a class mostly answer the same questions in the same order: their
        # column numbers, quizzes and versions are kept once, not once per file.
        self._layouts: dict[bytes, array[int]] = {}
        self._shapes: dict[_Shape, _Shape] = {}

    def quiz(self, quiz_id: str, version: int) -> dict[str, _Question] | None:
        """The questions of a quiz version, built once."""
        key = (quiz_id, version)
        if key not in self._quizzes:
            entries = self.versions.questions(quiz_id, version)
            self._quizzes[key] = (
                None if entries is None else {k: _Question(v) for k, v in entries.items()}
            )
        return self._quizzes[key]

    def maximum(self, quiz_id: str, version: int, answered: dict[str, float]) -> float:
        """Points available in a quiz version, plus those of questions answered in other
        versions (``answered``: question id -> its points as answered)."""
        questions = self.quiz(quiz_id, version) or {}
        total = sum(q.points for k, q in questions.items() if q.scored and k not in answered)
        return total + sum(answered.values())

    def regrade(self, document: dict[str, Any], path: str, student: str) -> FileResult:
        """Regrade every response of a checked hand-in ``document``."""
        result = FileResult(path, student)
        kept: dict[tuple[str, str], tuple[tuple[int, str, int], float, float]] = {}
        opened: set[tuple[str, str]] = set()
        unknown_versions: dict[tuple[str, int], list[str]] = {}
        problems: list[Problem] = []
        quizzes = self._quizzes
        for n, r in enumerate(document["responses"], start=1):
            quiz_key = (r["quiz_id"], r["quiz_version"])
            questions = quizzes.get(quiz_key, _MISSING)
            if questions is _MISSING:
                questions = self.quiz(*quiz_key)
            question_id = r["question_id"]
            if questions is None:
                unknown_versions.setdefault(quiz_key, []).append(question_id)
                continue
            question = questions.get(question_id)
            if question is None:
                problems.append(self._unknown_question(path, student, n, *quiz_key, r))
                continue
            answer = r["answer"]
            verdict = (question.cache.get(answer) if type(answer) is str else None) or (
                question.grade(answer)
            )
            score = verdict.score
            if (r["verdict"] != verdict.verdict or r["score"] != score) and not _claim_fits(
                (r["verdict"], r["score"]), verdict
            ):
                problems.append(_forged(path, student, n, quiz_key[0], r, verdict))
                continue
            if not question.scored:
                opened.add((quiz_key[0], question_id))
                continue
            stamp = (quiz_key[1], r["recorded_at"], r["attempt"])
            column = (quiz_key[0], question_id)
            old = kept.get(column)
            if old is None or stamp >= old[0]:
                kept[column] = (stamp, score or 0.0, question.points)
        problems += self._unknown_versions(path, student, unknown_versions)
        self._summarise(result, kept, opened)
        result.problems = _capped(problems, path)
        return result

    def _summarise(
        self,
        result: FileResult,
        kept: dict[tuple[str, str], tuple[tuple[int, str, int], float, float]],
        opened: set[tuple[str, str]],
    ) -> None:
        newest: dict[str, int] = {}
        oldest: dict[str, int] = {}
        columns = self.columns
        numbers = []
        scores = []
        points = 0.0
        for key, (stamp, score, weight) in kept.items():
            version = stamp[0]
            quiz_id = key[0]
            if version > newest.get(quiz_id, 0):
                newest[quiz_id] = version
            if version < oldest.get(quiz_id, version + 1):
                oldest[quiz_id] = version
            column = columns.get(key)
            if column is None:
                column = columns[key] = len(columns)
            numbers.append(column)
            scores.append(round(score * SCORE_STEPS))
            points += score * weight
        result.columns = self._shared_layout(array("I", numbers))
        result.scores = array("H", scores)
        result.points = points
        for quiz_id, version in newest.items():
            if oldest[quiz_id] == version:  # the usual case: one version per quiz
                result.maximum += self._total(quiz_id, version)
            else:
                answered = {k[1]: v[2] for k, v in kept.items() if k[0] == quiz_id}
                result.maximum += self.maximum(quiz_id, version, answered)
        quizzes = tuple(sorted(newest))
        result.quizzes, result.versions = self._shared_shape(
            (quizzes, tuple(newest[q] for q in quizzes))
        )
        result.open_answers = len(opened)

    def _shared_layout(self, columns: array[int]) -> array[int]:
        """``columns``, or the equal array of an earlier file (never changed after this)."""
        key = columns.tobytes()
        shared = self._layouts.get(key)
        if shared is None and len(self._layouts) < _SHARED_LIMIT:
            shared = self._layouts[key] = columns
        return columns if shared is None else shared

    def _shared_shape(self, shape: _Shape) -> _Shape:
        """``shape``, or the equal one of an earlier file."""
        shared = self._shapes.get(shape)
        if shared is None and len(self._shapes) < _SHARED_LIMIT:
            shared = self._shapes[shape] = shape
        return shape if shared is None else shared

    def _total(self, quiz_id: str, version: int) -> float:
        key = (quiz_id, version)
        total = self._totals.get(key)
        if total is None:
            total = self._totals[key] = self.maximum(quiz_id, version, {})
        return total

    def _unknown_question(
        self, path: str, student: str, n: int, quiz_id: str, version: int, r: dict[str, Any]
    ) -> Problem:
        return Problem(
            path,
            None,
            f"{_who(student)}, response {n}: quiz '{quiz_id}' version {version} has no "
            f"question '{r['question_id']}'; not counted",
            "check that the student used the book's quizzes",
        )

    def _unknown_versions(
        self, path: str, student: str, unknown: dict[tuple[str, int], list[str]]
    ) -> list[Problem]:
        problems = []
        for (quiz_id, version), questions in sorted(unknown.items()):
            have = self.versions.versions(quiz_id)
            known = (
                f"the quiz files hold version{'s' * (len(have) > 1)} {', '.join(map(str, have))}"
                if have
                else "no quiz file has this id"
            )
            shown = ", ".join(sorted(set(questions))[:5]) + (
                ", ..." if len(set(questions)) > 5 else ""
            )
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


def _claim_fits(claimed: tuple[Any, Any], verdict: Verdict) -> bool:
    """Whether a claim that is not exactly the regrade still agrees with it: no claim at
    all (an exam page), or the same verdict with a score equal to within rounding."""
    if claimed == _NO_CLAIM:
        return True
    score = claimed[1]
    if claimed[0] != verdict.verdict or (score is None) != (verdict.score is None):
        return False
    return score is None or abs(float(score) - float(verdict.score or 0.0)) <= 1e-9


def _who(student: str) -> str:
    return f"student '{student}'"


def _forged(
    path: str, student: str, n: int, quiz_id: str, r: dict[str, Any], verdict: Verdict
) -> Problem:
    claimed = f"{r['verdict']} ({_score(r['score'])})"
    regraded = f"{verdict.verdict} ({_score(verdict.score)})"
    return Problem(
        path,
        None,
        f"{_who(student)}, response {n} (quiz '{quiz_id}', question '{r['question_id']}', "
        f"attempt {r['attempt']}): the file claims {claimed}, the answer regrades as "
        f"{regraded}; not counted",
        _HINT_FORGED,
    )


def _score(score: Any) -> str:
    return "no score" if score is None else f"score {float(score):g}"


def _capped(problems: list[Problem], path: str) -> list[Problem]:
    if len(problems) <= MAX_PROBLEMS_PER_FILE:
        return problems
    rest = len(problems) - MAX_PROBLEMS_PER_FILE
    return [
        *problems[:MAX_PROBLEMS_PER_FILE],
        Problem(path, None, f"and {rest} more problems in this file", ""),
    ]
