"""The quiz: its metadata and questions (:mod:`.questions`), graded by :mod:`.grading`.

Every text field holds the author's Markdown, untouched; rendering happens in
:mod:`lessonkit.render`. Exporters, the gradebook and the renderers read these classes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .grading import QuizResult, grade_quiz
from .questions import (
    QUESTION_TYPES,
    Excerpt,
    Highlight,
    Item,
    Matching,
    MultipleChoice,
    Numeric,
    NumericAnswer,
    Open,
    Option,
    Ordering,
    Pair,
    Question,
    SingleChoice,
    Text,
    TextAnswer,
    TrueFalse,
)

__all__ = [
    "QUESTION_TYPES",
    "Excerpt",
    "Highlight",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "NumericAnswer",
    "Open",
    "Option",
    "Ordering",
    "Pair",
    "Question",
    "Quiz",
    "SingleChoice",
    "Text",
    "TextAnswer",
    "TrueFalse",
]


@dataclass(frozen=True)
class Quiz:
    """A quiz: metadata, questions, and the excerpts and citations they use.

    Build one with :meth:`from_yaml` or :meth:`from_dict`; both check the whole file and
    raise :class:`~lessonkit.errors.QuizFormatError` listing every problem.

    >>> quiz = Quiz.from_yaml("quizzes/three-voices.yaml")        # doctest: +SKIP
    >>> quiz.grade({"who-typed": "np"}).percent                    # doctest: +SKIP
    100.0
    """

    id: str
    title: str
    questions: tuple[Question, ...]
    version: int = 1
    shuffle: bool = False
    seed: int = 0
    #: Resolved excerpts by excerpt id, for every ``excerpt:`` used by a question.
    excerpts: Mapping[str, Excerpt] = field(default_factory=dict, compare=False)
    #: Plain-text citation of every ``source:`` used by a question.
    citations: Mapping[str, str] = field(default_factory=dict, compare=False)
    #: The image file of every image a text shows (its path as written -> the file).
    images: Mapping[str, Path] = field(default_factory=dict, compare=False)
    path: Path | None = field(default=None, compare=False)
    import_notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_yaml(
        cls, path: str | Path, *, datasets: str | Path | None = None, resolve: bool = True
    ) -> Quiz:
        """Read and check a quiz file; ``datasets`` is the tables' folder (default:
        lessonkit's). With ``resolve=False`` the excerpts and sources it refers to are
        neither looked up nor checked: enough to grade, without any dataset."""
        from .loader import load_quiz_file

        return cls(**load_quiz_file(path, datasets=datasets, resolve=resolve))

    @classmethod
    def from_dict(
        cls,
        data: Any,
        *,
        source: str = "<dict>",
        datasets: str | Path | None = None,
        resolve: bool = True,
        images: str | Path | None = None,
    ) -> Quiz:
        """Check and build a quiz from plain data; ``source`` names it in error messages
        (``datasets`` and ``resolve`` as for :meth:`from_yaml`); image paths are relative
        to the folder ``images`` (default: the current folder)."""
        from .loader import load_quiz_data

        fields = load_quiz_data(
            data, source=source, datasets=datasets, resolve=resolve, images=images
        )
        return cls(**fields)

    def question(self, question_id: str) -> Question:
        """The question whose id is ``question_id``."""
        for question in self.questions:
            if question.id == question_id:
                return question
        raise KeyError(question_id)

    def grade(self, answers: Mapping[str, Any]) -> QuizResult:
        """Grade ``answers`` (question id -> answer) by the rules of contract §2.

        Questions without an entry are unanswered; ids that are not questions are ignored.
        """
        return grade_quiz(self.questions, answers)

    def summary(self) -> str:
        """One line for plain-text displays."""
        scored = sum(q.points for q in self.questions if q.scored)
        count = len(self.questions)
        return (
            f"Quiz '{self.id}': {self.title} ({count} question{'s' * (count != 1)}, "
            f"{scored:g} point{'s' * (scored != 1)})"
        )

    def __str__(self) -> str:
        return self.summary()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """Plain-text display in IPython: the one-line summary. (In Jupyter, ``lessonkit``
        registers the rich display, :func:`lessonkit.live.display.quiz_bundle`.)"""
        printer.text(self.summary())

    @classmethod
    def from_gift(
        cls, source: str | Path, *, quiz_id: str | None = None, title: str | None = None
    ) -> Quiz:
        """Import a Moodle GIFT question bank (a text file).

        Multiple choice, true/false, short answer, numeric (values, margins and ranges),
        matching and essay questions are read with their feedback; what lessonkit cannot
        keep, and every question left out with the reason, is in ``quiz.import_notes``.
        """
        from .importers.gift import gift_to_dict

        data, notes = gift_to_dict(source, quiz_id=quiz_id, title=title)
        quiz = cls.from_dict(data, source=str(source), images=Path(source).parent)
        return replace(quiz, import_notes=tuple(notes))

    @classmethod
    def from_jupyterquiz(
        cls, source: str | Path | list[Any], *, quiz_id: str | None = None, title: str | None = None
    ) -> Quiz:
        """Import a jupyterquiz question file (or its list of questions).

        Its ``multiple_choice``, ``many_choice``, ``numeric`` and ``string`` questions are
        read with their feedback, precision and code; what lessonkit cannot keep, and every
        question left out with the reason, is in ``quiz.import_notes``.
        """
        from .importers.jupyterquiz import jupyterquiz_to_dict

        data, notes = jupyterquiz_to_dict(source, quiz_id=quiz_id, title=title)
        name = str(source) if isinstance(source, (str, Path)) else "<jupyterquiz>"
        folder = Path(source).parent if isinstance(source, (str, Path)) else None
        quiz = cls.from_dict(data, source=name, images=folder)
        return replace(quiz, import_notes=tuple(notes))
