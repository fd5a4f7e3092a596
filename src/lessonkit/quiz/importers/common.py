"""What every importer shares: a question being imported, its notes, and the last step
that checks each question on its own, so that one question lessonkit cannot hold leaves
the others in."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...errors import Problem, QuizFormatError

__all__ = ["QuestionImport", "finish_import", "read_bank"]


@dataclass
class QuestionImport:
    """One question on its way in: its quiz-file data, what it lost, why it was left out."""

    id: str
    data: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    dropped: str | None = None
    #: Where the question starts in its file (1-based line), when known.
    line: int | None = None
    #: The folder of the bank's file (its images are there), when it is a file.
    folder: Path | None = None

    def __post_init__(self) -> None:
        self.data.setdefault("id", self.id)

    def note(self, text: str) -> None:
        """Say what the question lost or what changed (said once)."""
        if text not in self.notes:
            self.notes.append(text)

    def drop(self, reason: str) -> None:
        """Leave the question out, for ``reason`` (the first reason given is kept)."""
        if self.dropped is None:
            self.dropped = reason

    @property
    def name(self) -> str:
        return f"{self.id} (line {self.line})" if self.line else self.id


def _problems(data: dict[str, Any], quiz_id: str, title: str) -> list[str]:
    """What lessonkit's checks find wrong in one converted question."""
    from ..loader import load_quiz_data

    try:
        load_quiz_data(
            {"id": quiz_id, "title": title, "questions": [data]}, source="import", resolve=False
        )
    except QuizFormatError as error:
        return [p.message for p in error.problems]
    return []


def finish_import(
    imports: list[QuestionImport], quiz_id: str, title: str, where: str
) -> tuple[dict[str, Any], list[str]]:
    """The quiz data of the questions that could be imported, and the notes: every
    question left out with its reason, then what the others lost.

    Raises :class:`~lessonkit.errors.QuizFormatError` when no question is left.
    """
    for q in imports:
        if q.dropped is None:
            found = _problems(q.data, quiz_id, title)
            if found:
                q.drop("; ".join(found))
    kept = [q for q in imports if q.dropped is None]
    if not kept:
        raise QuizFormatError.from_problems(
            [
                Problem(
                    where,
                    q.line,
                    f"question {q.id} cannot be imported: {q.dropped}",
                    "correct it in the file, or write it in a quiz file by hand",
                )
                for q in imports
            ]
            or [Problem(where, None, "there are no questions", "add questions to the file")]
        )
    notes = [f"{q.name}: not imported: {q.dropped}" for q in imports if q.dropped is not None]
    notes += [f"{q.name}: {note}" for q in kept for note in q.notes]
    data = {"id": quiz_id, "title": title, "questions": [q.data for q in kept]}
    return data, notes


def read_bank(path: Path, kind: str, *, saved_as: str) -> str:
    """The text of a bank file (``kind``: "GIFT", "jupyterquiz"), or a QuizFormatError that
    says what to do (``saved_as``: the format to save it in, e.g. "UTF-8 JSON")."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise QuizFormatError(
            f"there is no {kind} file here", path=str(path), hint="check the path"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise QuizFormatError(
            f"the file cannot be read as UTF-8 text ({exc})",
            path=str(path),
            hint=f"save it as {saved_as}",
        ) from None
