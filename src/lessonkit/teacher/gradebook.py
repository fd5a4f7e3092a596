"""The teacher's gradebook: handed-in files regraded against the teacher's quiz files.

Nothing a student's file claims about its own marks is believed: each answer is graded
again with the quiz version it names (:mod:`.regrade`), scores are weighted by the
questions' ``points``, and whatever does not add up is listed as a problem naming the
file, the student and the question. A file that cannot be read, or breaks a limit, is
reported by name and skipped; it never stops the others. Every student of a readable
file has a line in the table, even with nothing scored.

Files are read one at a time and only a few numbers per question are kept, so a class
of any size fits in memory.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..answers.handin import read_handin
from ..errors import LessonkitError, Problem
from .duplicates import resolve, student_key
from .quizversions import QuizVersions, load_quiz_versions
from .regrade import FileResult, Regrader
from .tables import StudentRow, build_tables

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Gradebook", "gradebook"]


@dataclass
class Gradebook:
    """Scores (student x question), item statistics, student totals and problems."""

    scores: pd.DataFrame
    items: pd.DataFrame
    students: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    #: the file that counts for each student shown (none when their files disagree)
    files: dict[str, str] = field(default_factory=dict)

    def report(self) -> str:
        """A plain-text summary for the terminal (control characters made visible)."""
        from .report import text_report

        return text_report(self)

    def to_html(self) -> str:
        """A self-contained HTML report with the tables and a difficulty chart."""
        import io

        from .report import write_html

        buffer = io.StringIO()
        write_html(self, buffer)
        return buffer.getvalue()

    def write_html(self, path: str | Path) -> None:
        """Write the HTML report to ``path``."""
        from .report import write_html

        with Path(path).open("w", encoding="utf-8") as handle:
            write_html(self, handle)

    def write_csv(self, path: str | Path) -> None:
        """Write one line per student (totals, then every question's score) as CSV,
        with every text cell made safe for spreadsheets."""
        from .report import write_csv

        with Path(path).open("w", encoding="utf-8", newline="") as handle:
            write_csv(self, handle)


def _read_and_regrade(path: Path, regrader: Regrader) -> FileResult | Problem | list[Problem]:
    try:
        document = read_handin(path)
    except LessonkitError as error:
        return error.problems
    student = document["student"].strip()
    return regrader.regrade(document, str(path), student)


def gradebook(
    paths: Iterable[str | Path],
    quizzes: Iterable[str | Path] | str | Path | None = None,
    *,
    datasets: str | Path | None = None,
) -> Gradebook:
    """Regrade handed-in files and merge them into one gradebook.

    Parameters
    ----------
    paths
        The handed-in files (JSON or CSV).
    quizzes
        Quiz files or folders of quiz files, in every version the class answered
        (default: the ``lessons/quizzes`` folder of the book around the working folder).
    datasets
        The tables the quiz files refer to (default: the book's, else lessonkit's).
    """
    if isinstance(quizzes, (str, Path)):
        quizzes = [quizzes]
    paths = list(paths)
    # no file, no regrading: an empty gradebook needs no quiz files
    versions = load_quiz_versions(quizzes, datasets=datasets) if paths or quizzes else None
    versions = versions or QuizVersions()
    regrader = Regrader(versions)
    problems: list[Problem] = list(versions.problems)
    by_student: dict[str, list[FileResult]] = {}
    # The cyclic garbage collector is paused while the files are read: parsed files hold
    # no cycles (reference counting frees them), and its full passes over the growing
    # gradebook took a fifth of the time of a large class.
    collecting = gc.isenabled()
    gc.disable()
    try:
        # the caller's Path objects are used as they are: 30,000 copies would weigh 15 MB
        for path in sorted(p if isinstance(p, Path) else Path(p) for p in paths):
            outcome = _read_and_regrade(path, regrader)
            if isinstance(outcome, list):
                problems += outcome
                continue
            assert isinstance(outcome, FileResult)
            problems += outcome.problems
            outcome.problems = []
            by_student.setdefault(student_key(outcome.student), []).append(outcome)
    finally:
        if collecting:
            gc.enable()
    rows: list[StudentRow] = []
    files: dict[str, str] = {}
    for key in sorted(by_student):
        chosen, notes, note = resolve(by_student[key], read_handin)
        problems += notes
        shown = (
            chosen.student if chosen else sorted(by_student[key], key=lambda f: f.path)[0].student
        )
        rows.append(StudentRow(shown, chosen, note))
        if chosen is not None:
            files[shown] = chosen.path
    scores, items, students = build_tables(rows, regrader)
    return Gradebook(scores, items, students, problems, files)
