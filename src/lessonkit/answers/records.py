"""What the progress store holds and where it lives: answers, quiz summaries, the path."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .._context import Context, current

__all__ = ["AnswerRecord", "QuizSummary", "default_store_path", "now"]


def default_store_path(context: Context | None = None) -> Path:
    """``progress.sqlite`` in the context's home (``$LESSONKIT_HOME``), else in the
    platform's user data directory."""
    home = (context or current()).home
    if home is not None:
        return home / "progress.sqlite"
    from platformdirs import user_data_path

    return user_data_path("lessonkit", appauthor=False) / "progress.sqlite"


@dataclass(frozen=True)
class AnswerRecord:
    """One checked answer."""

    recorded_at: str
    quiz_id: str
    quiz_version: int
    question_id: str
    answer: Any
    verdict: str
    score: float | None
    attempt: int
    quiz_title: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data."""
        return asdict(self)


@dataclass(frozen=True)
class QuizSummary:
    """One quiz in ``lessonkit progress``: its questions' last answers and all checks."""

    quiz_id: str
    title: str
    answered: int
    correct: int
    score: float
    graded: int
    checks: int


def now() -> str:
    """The time of an answer as the store keeps it (UTC, milliseconds)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")
