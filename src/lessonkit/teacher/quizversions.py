"""The teacher's quiz files, by id and version: what the gradebook regrades against.

A quiz file names its ``id`` and ``version``. The teacher passes quiz files or folders
(``--quizzes``, repeatable); inside a book, the default is the book's ``lessons/quizzes/``.
Several versions of one quiz can be given (keep the old file when you change a quiz and
raise its version): each answer is regraded against the version it was given to. Two
files that hold the same id and version with different questions are a mistake: that
version is not used, and the report says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import LessonkitError, Problem
from ..quiz.examids import quiz_ids_of
from ..quiz.model import Question, Quiz

__all__ = ["QuestionEntry", "QuizVersions", "book_quizzes_folder", "load_quiz_versions"]

_QUIZ_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class QuestionEntry:
    """One question of one quiz version, with what regrading needs at hand."""

    question: Question
    points: float
    scored: bool
    #: exam id -> quiz-file id, per part (empty for questions without ids)
    back: dict[str, dict[str, str]]


@dataclass
class QuizVersions:
    """Quizzes by (id, version), with the problems found while reading them."""

    quizzes: dict[tuple[str, int], Quiz] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    sources: dict[tuple[str, int], str] = field(default_factory=dict)

    def questions(self, quiz_id: str, version: int) -> dict[str, QuestionEntry] | None:
        """The questions of a quiz version by id, or None when the teacher lacks it."""
        quiz = self.quizzes.get((quiz_id, version))
        if quiz is None:
            return None
        return {
            q.id: QuestionEntry(q, float(q.points), q.scored, quiz_ids_of(quiz_id, q))
            for q in quiz.questions
        }

    def versions(self, quiz_id: str) -> list[int]:
        """The versions of ``quiz_id`` the teacher has, oldest first."""
        return sorted(v for q, v in self.quizzes if q == quiz_id)


def book_quizzes_folder(start: Path | None = None) -> Path | None:
    """``lessons/quizzes`` of the book holding ``start`` (default: the working folder)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_config.yml").is_file() and (folder / "lessons" / "quizzes").is_dir():
            return folder / "lessons" / "quizzes"
    return None


def _quiz_files(sources: Iterable[str | Path]) -> list[Path]:
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix.lower() in _QUIZ_SUFFIXES)
        else:
            files.append(path)
    return files


def load_quiz_versions(
    sources: Iterable[str | Path] | None = None, *, datasets: str | Path | None = None
) -> QuizVersions:
    """Read the quiz files of ``sources`` (files or folders; default: the book's).

    A file that cannot be read is a problem of the result; no quiz file at all is an
    error.
    """
    if sources is None:
        folder = book_quizzes_folder()
        if folder is None:
            raise LessonkitError(
                "no quiz files to regrade the answers with",
                path="--quizzes",
                hint="give the quiz files or their folder with --quizzes PATH, or run the "
                "command inside the book",
            )
        sources = [folder]
        book_datasets = folder.parent.parent / "datasets"
        if datasets is None and book_datasets.is_dir():
            datasets = book_datasets
    result = QuizVersions()
    clashes: set[tuple[str, int]] = set()
    files = _quiz_files(sources)
    for path in files:
        try:
            quiz = Quiz.from_yaml(path, datasets=datasets)
        except LessonkitError as error:
            result.problems += error.problems
            continue
        key = (quiz.id, quiz.version)
        known = result.quizzes.get(key)
        if known is None:
            result.quizzes[key] = quiz
            result.sources[key] = str(path)
        elif known != quiz:
            clashes.add(key)
            result.problems.append(
                Problem(
                    str(path),
                    None,
                    f"quiz '{quiz.id}' version {quiz.version} is also in "
                    f"{result.sources[key]}, with other questions; answers to this version "
                    "are not counted",
                    "raise the version of the changed quiz, or keep one of the two files",
                )
            )
    for key in clashes:
        del result.quizzes[key]
    if not result.quizzes and not result.problems:
        raise LessonkitError(
            "no quiz files found",
            path=", ".join(str(s) for s in sources) or "--quizzes",
            hint="give quiz YAML files or a folder that holds them with --quizzes",
        )
    return result
