"""Errors that tell the user which file, which line and how to fix it.

Every error lessonkit raises on bad input is a :class:`LessonkitError`. It prints as
``path:line: what is wrong. Fix: how`` so that editors and terminals can jump to the
place. One error may carry several :class:`Problem` records when a file has many.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not imported from typing: ``import lessonkit`` stays light
if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "DatasetError",
    "LessonkitError",
    "MissingExtraError",
    "Problem",
    "ProgressFileError",
    "QuizFormatError",
    "suggest",
]


def suggest(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """``did you mean 'x'?`` when a choice is close, else ``use one of: ...``."""
    from difflib import get_close_matches

    close = get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else "use one of: " + ", ".join(choices)


def _sentence(text: str) -> str:
    """End ``text`` with exactly one full stop (keep a final ? or !)."""
    text = text.strip()
    return text if text.endswith(("?", "!")) else text.rstrip(".") + "."


class Problem:
    """One problem in one file, at one place (a plain class: no import cost)."""

    __slots__ = ("column", "hint", "line", "message", "path")

    def __init__(
        self,
        path: str,
        line: int | None = None,
        message: str = "",
        hint: str = "",
        column: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.message = message
        self.hint = hint
        self.column = column

    def _key(self) -> tuple[str, int, str]:
        return (self.path, self.line or 0, self.message)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Problem) and self._key() == other._key() and self.hint == other.hint
        )

    def __lt__(self, other: Problem) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Problem({self.path!r}, {self.line!r}, {self.message!r}, {self.hint!r})"

    @property
    def where(self) -> str:
        """``path:line``, or the path alone when the line is not known."""
        return self.path if self.line is None else f"{self.path}:{self.line}"

    @property
    def statement(self) -> str:
        """What is wrong and the fix, without the place: ``what. Fix: how.``"""
        text = _sentence(self.message)
        return f"{text} Fix: {_sentence(self.hint)}" if self.hint else text

    def __str__(self) -> str:
        return f"{self.where}: {self.statement}"


class LessonkitError(Exception):
    """Base class of every error lessonkit raises about its input.

    Attributes
    ----------
    path, line, column, hint
        Where the (first) problem is and how to fix it.
    problems
        Every problem found, sorted by file and line.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        column: str | None = None,
        hint: str = "",
        problems: list[Problem] | None = None,
    ) -> None:
        if problems is None:
            problems = [Problem(str(path or "<input>"), line, message, hint, column)]
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0))
        first = self.problems[0]
        self.path = first.path
        self.line = first.line
        self.column = first.column
        self.hint = first.hint
        super().__init__(self._text())

    @classmethod
    def from_problems(cls, problems: list[Problem]) -> LessonkitError:
        """Build one error that reports every problem at once."""
        return cls(problems[0].message, problems=problems)

    def _text(self) -> str:
        lines = [str(p) for p in self.problems]
        if len(lines) > 1:
            lines.insert(0, f"{len(lines)} problems found:")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._text()


class DatasetError(LessonkitError, ValueError):
    """A dataset, its data dictionary or the bibliography is malformed."""


class QuizFormatError(LessonkitError, ValueError):
    """A quiz file does not follow the quiz format."""


class ProgressFileError(LessonkitError):
    """A saved-answers file (progress store or handed-in file) cannot be used."""


class MissingExtraError(LessonkitError):
    """An optional part of lessonkit is not installed: ``pip install "lessonkit[book]"``.

    It prints as one line, for example ``install lessonkit[book] to build the book``.
    """

    def __init__(self, extra: str, purpose: str, modules: list[str]) -> None:
        self.extra = extra
        self.modules = list(modules)
        self._line = (
            f'install lessonkit[{extra}] to {purpose}: pip install "lessonkit[{extra}]" '
            f"(not installed: {', '.join(self.modules)})"
        )
        super().__init__(self._line, hint=f'pip install "lessonkit[{extra}]"')

    def _text(self) -> str:
        return self._line
