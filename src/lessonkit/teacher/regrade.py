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
from operator import itemgetter
from typing import Any

from ..errors import Problem
from ..quiz.examids import answer_with_quiz_ids
from ..quiz.grading import grade_question
from .quizversions import QuestionEntry, QuizVersions
from .regrade_problems import capped, forged, unknown_question, unknown_versions

__all__ = ["SCORE_STEPS", "FileResult", "Regrader"]

#: Scores are kept as whole numbers of this fraction (the grader rounds to 4 decimals).
SCORE_STEPS = 10_000
_CACHE_LIMIT = 4096
#: Longest answer (as a text, or its ``repr``) kept in that cache
_KEY_CHARS = 1000
#: Distinct layouts (question columns; quizzes and versions) shared between files
_SHARED_LIMIT = 1024
#: the columns of a file's kept answers, its quizzes, the newest version of each
#: answered there, and its maximum
_Layout = tuple["array[int]", tuple[str, ...], tuple[int, ...], float]
_NO_CLAIM = ("submitted", None)
#: of a kept entry (index, question, regrade): its question and its regrade
_QUESTION, _GRADED = itemgetter(1), itemgetter(2)
#: of a regrade (verdict, score, score in steps, points earned): the steps and the points
_STEPS, _EARNED = itemgetter(2), itemgetter(3)
_FIELDS = itemgetter("quiz_id", "quiz_version", "question_id", "answer", "verdict", "score")


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
    """A question of one quiz version, ready to regrade answers: its column, its weight,
    and what recent answers regraded as (verdict, score, score in steps, points earned)."""

    __slots__ = (
        "back",
        "column",
        "others",
        "points",
        "question",
        "quiz_id",
        "scored",
        "texts",
        "version",
    )

    def __init__(self, entry: QuestionEntry, quiz_id: str, version: int, column: int) -> None:
        self.question = entry.question
        self.points = entry.points
        self.scored = entry.scored
        self.back = entry.back
        self.quiz_id = quiz_id
        self.version = version
        self.column = column
        #: answers that are texts, and the others by their ``repr`` (which tells ``True``
        #: from ``1`` and ``1`` from ``1.0``, as the grader does)
        self.texts: dict[str, _Graded] = {}
        self.others: dict[str, _Graded] = {}

    def grade(self, answer: Any) -> _Graded:
        """The regrade of ``answer``, from the cache when it was seen before."""
        cache, key = (self.texts, answer) if type(answer) is str else (self.others, _key(answer))
        found = cache.get(key) if key is not None else None
        if found is not None:
            return found
        given = answer_with_quiz_ids(self.question, answer, self.back) if self.back else answer
        verdict = grade_question(self.question, given)
        score = verdict.score or 0.0
        graded = (verdict.verdict, verdict.score, round(score * SCORE_STEPS), score * self.points)
        if key is not None and len(key) <= _KEY_CHARS and len(cache) < _CACHE_LIMIT:
            cache[key] = graded
        return graded


#: a regrade: verdict, score, score in :data:`SCORE_STEPS`, points earned
_Graded = tuple[str, "float | None", int, float]


def _key(answer: Any) -> str | None:
    """A key that only equal answers of the same JSON types share, or None (too large)."""
    if type(answer) in (list, dict) and len(answer) > 32:
        return None
    try:
        return repr(answer)
    except RecursionError:
        return None


class Regrader:
    """Regrades files against one set of quiz versions; numbers the question columns."""

    def __init__(self, versions: QuizVersions) -> None:
        self.versions = versions
        self._quizzes: dict[tuple[str, int], dict[str, _Question] | None] = {}
        #: (quiz id, version, question id) -> the question, for the quiz versions built
        self._questions: dict[tuple[str, int, str], _Question] = {}
        #: (quiz id, question id) -> column number
        self.columns: dict[tuple[str, str], int] = {}
        self._totals: dict[tuple[str, int], float] = {}
        # The files of a class mostly answer the same questions in the same order: their
        # column numbers, quizzes and versions are kept once, not once per file.
        self._layouts: dict[tuple[_Question, ...], _Layout] = {}

    def quiz(self, quiz_id: str, version: int) -> dict[str, _Question] | None:
        """The questions of a quiz version, built once."""
        key = (quiz_id, version)
        if key not in self._quizzes:
            entries = self.versions.questions(quiz_id, version)
            questions = None
            if entries is not None:
                questions = {}
                for question_id, entry in entries.items():
                    column = self.columns.setdefault((quiz_id, question_id), len(self.columns))
                    question = _Question(entry, quiz_id, version, column)
                    questions[question_id] = self._questions[(*key, question_id)] = question
            self._quizzes[key] = questions
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
        responses = document["responses"]
        #: column -> (index of the response kept, its question, its regrade)
        kept: dict[int, tuple[int, _Question, _Graded]] = {}
        opened: set[int] = set()
        unknown: dict[tuple[str, int], list[str]] = {}
        problems: list[Problem] = []
        known = self._questions
        for i, (quiz_id, version, question_id, answer, claimed, score) in enumerate(
            map(_FIELDS, responses)
        ):
            question = known.get((quiz_id, version, question_id))
            if question is None:
                questions = self.quiz(quiz_id, version)
                if questions is None:
                    unknown.setdefault((quiz_id, version), []).append(question_id)
                    continue
                question = questions.get(question_id)
                if question is None:
                    problems.append(unknown_question(path, student, i + 1, responses[i]))
                    continue
            # the cache at hand first (see _Question.grade; a checked file is shallow)
            if type(answer) is str:
                graded = question.texts.get(answer)
            else:
                graded = question.others.get(repr(answer))
            if graded is None:
                graded = question.grade(answer)
            if (claimed != graded[0] or score != graded[1]) and not _claim_fits(
                (claimed, score), graded
            ):
                problems.append(forged(path, student, i + 1, responses[i], graded[:2]))
                continue
            if not question.scored:
                opened.add(question.column)
                continue
            old = kept.get(question.column)
            if old is not None:
                new, earlier = responses[i], responses[old[0]]
                if (version, new["recorded_at"], new["attempt"]) < _stamp(earlier):
                    continue
            kept[question.column] = (i, question, graded)
        problems += unknown_versions(path, student, unknown, self.versions)
        self._summarise(result, kept, opened)
        result.problems = capped(problems, path)
        return result

    def _summarise(
        self,
        result: FileResult,
        kept: dict[int, tuple[int, _Question, _Graded]],
        opened: set[int],
    ) -> None:
        regrades = list(map(_GRADED, kept.values()))
        result.scores = array("H", map(_STEPS, regrades))
        result.points = sum(map(_EARNED, regrades), 0.0)
        result.open_answers = len(opened)
        questions = tuple(map(_QUESTION, kept.values()))
        layout = self._layouts.get(questions)
        if layout is None:
            layout = self._layout(questions)
            if len(self._layouts) < _SHARED_LIMIT:
                self._layouts[questions] = layout
        result.columns, result.quizzes, result.versions, result.maximum = layout

    def _layout(self, questions: tuple[_Question, ...]) -> _Layout:
        """The columns of the questions kept (in the order of the file), the quizzes
        answered and the newest version of each answered, and the maximum."""
        newest: dict[str, int] = {}
        oldest: dict[str, int] = {}
        for question in questions:
            version, quiz_id = question.version, question.quiz_id
            newest[quiz_id] = max(version, newest.get(quiz_id, version))
            oldest[quiz_id] = min(version, oldest.get(quiz_id, version))
        maximum = 0.0
        for quiz_id, version in newest.items():
            if oldest[quiz_id] == version:  # the usual case: one version per quiz
                maximum += self._total(quiz_id, version)
            else:
                answered = {q.question.id: q.points for q in questions if q.quiz_id == quiz_id}
                maximum += self.maximum(quiz_id, version, answered)
        quizzes = tuple(sorted(newest))
        columns = array("I", (q.column for q in questions))
        return columns, quizzes, tuple(newest[q] for q in quizzes), maximum

    def _total(self, quiz_id: str, version: int) -> float:
        key = (quiz_id, version)
        total = self._totals.get(key)
        if total is None:
            total = self._totals[key] = self.maximum(quiz_id, version, {})
        return total


def _stamp(response: dict[str, Any]) -> tuple[int, str, int]:
    """What orders two answers to one question: the newest quiz version, then the latest."""
    return (response["quiz_version"], response["recorded_at"], response["attempt"])


def _claim_fits(claimed: tuple[Any, Any], graded: _Graded) -> bool:
    """Whether a claim that is not exactly the regrade still agrees with it: no claim at
    all (an exam page), or the same verdict with a score equal to within rounding."""
    if claimed == _NO_CLAIM:
        return True
    score = claimed[1]
    if claimed[0] != graded[0] or (score is None) != (graded[1] is None):
        return False
    return score is None or abs(float(score) - float(graded[1] or 0.0)) <= 1e-9
