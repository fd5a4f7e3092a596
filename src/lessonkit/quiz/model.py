"""The quiz as plain, typed, immutable data: one dataclass per question type.

Every text field holds the author's Markdown, untouched; rendering happens in
``payload``. Exporters (GIFT, QTI) and the live widget read these classes directly::

    match question:
        case SingleChoice(options=options): ...
        case Numeric(answer=answer, tolerance=tolerance): ...
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .grading import QuizResult

__all__ = [
    "QUESTION_TYPES",
    "Excerpt",
    "Highlight",
    "Item",
    "Matching",
    "MultipleChoice",
    "Numeric",
    "Open",
    "Option",
    "Ordering",
    "Pair",
    "Question",
    "Quiz",
    "SingleChoice",
    "Text",
    "TrueFalse",
]


@dataclass(frozen=True)
class Option:
    """One choice of a ``single`` or ``multiple`` question."""

    id: str
    text: str
    correct: bool = False
    feedback: str | None = None


@dataclass(frozen=True)
class Item:
    """An ``ordering`` item, or a ``matching`` distractor (an extra right-hand choice)."""

    id: str
    text: str


@dataclass(frozen=True)
class Pair:
    """One ``matching`` pair: the left text and the right text that belongs to it."""

    id: str
    left: str
    right: str


@dataclass(frozen=True)
class Excerpt:
    """An excerpt from ``datasets/excerpts.csv``, resolved for display (contract §3)."""

    id: str
    writer: str
    document: str
    date: str
    translator: str
    source: str
    sentences: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Question:
    """Keys common to every question type; ``type`` names the subclass."""

    type: ClassVar[str] = ""
    #: True for the types whose score counts towards the quiz total.
    scored: ClassVar[bool] = True

    id: str
    prompt: str
    points: float = 1
    excerpt: str | None = None
    hints: tuple[str, ...] = ()
    explanation: str | None = None
    source: str | None = None
    line: int | None = field(default=None, compare=False)


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    """Pick one option; exactly one is correct."""

    type: ClassVar[str] = "single"
    options: tuple[Option, ...]
    shuffle: bool | None = None


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(Question):
    """Pick every correct option (at least one is correct)."""

    type: ClassVar[str] = "multiple"
    options: tuple[Option, ...]
    shuffle: bool | None = None


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    """Is the statement in the prompt true?"""

    type: ClassVar[str] = "true_false"
    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    """A number, right within ``tolerance``."""

    type: ClassVar[str] = "numeric"
    answer: float
    tolerance: float = 0
    unit: str | None = None


@dataclass(frozen=True, kw_only=True)
class Text(Question):
    """A short typed answer compared after normalisation, optionally fuzzily."""

    type: ClassVar[str] = "text"
    answers: tuple[str, ...]
    fuzzy: float | None = None


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Put the items in order; ``items`` holds them in the correct order."""

    type: ClassVar[str] = "ordering"
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Match every left-hand text to its right-hand text; distractors are extra choices."""

    type: ClassVar[str] = "matching"
    pairs: tuple[Pair, ...]
    distractors: tuple[Item, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Highlight(Question):
    """Select the sentences of the excerpt (1-based numbers) that support the prompt's claim."""

    type: ClassVar[str] = "highlight"
    evidence: tuple[int, ...]


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    """A written answer, never auto-graded: the learner compares it with a model and rubric."""

    type: ClassVar[str] = "open"
    scored: ClassVar[bool] = False
    model_answer: str
    rubric: tuple[str, ...]
    min_words: int = 1


QUESTION_TYPES: dict[str, type[Question]] = {
    cls.type: cls
    for cls in (
        SingleChoice,
        MultipleChoice,
        TrueFalse,
        Numeric,
        Text,
        Ordering,
        Matching,
        Highlight,
        Open,
    )
}


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
    path: Path | None = field(default=None, compare=False)
    import_notes: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_yaml(cls, path: str | Path, *, datasets: str | Path | None = None) -> Quiz:
        """Read and check a quiz file; ``datasets`` is the tables' folder (default: lessonkit's)."""
        from .loader import load_quiz_file

        return load_quiz_file(path, datasets=datasets)

    @classmethod
    def from_dict(
        cls, data: Any, *, source: str = "<dict>", datasets: str | Path | None = None
    ) -> Quiz:
        """Check and build a quiz from plain data; ``source`` names it in error messages."""
        from .loader import load_quiz_data

        return load_quiz_data(data, source=source, datasets=datasets)

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
        from .grading import grade_quiz

        return grade_quiz(self, answers)

    def to_payload(self, *, teacher: bool = False, lang: str = "en") -> dict[str, Any]:
        """The JSON-ready object that quiz.js receives (contract §3)."""
        from .payload import build_payload

        return build_payload(self, teacher=teacher, lang=lang)

    def to_html(self, *, teacher: bool = False, lang: str = "en") -> str:
        """The small data-only element that the built book's quiz.js turns into a quiz
        (``lang``: the interface language of the payload and of the ``<noscript>`` text)."""
        from .html import quiz_element

        return quiz_element(self.to_payload(teacher=teacher, lang=lang))

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

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> Any:
        """Jupyter display: data only during book builds, else the live display."""
        if os.environ.get("LESSONKIT_RENDER") == "data":
            from .html import static_bundle

            return static_bundle(self)
        return self._live_bundle()

    def widget(self, *, teacher: bool = False, store: Any = None) -> Any:
        """The live widget (JupyterLab, Notebook 7, VS Code): quiz.js drawn by anywidget,
        answers graded again in Python and recorded in the progress store."""
        from ..live.widget import QuizWidget

        return QuizWidget(self, store=store, teacher=teacher)

    def _live_bundle(self) -> Any:
        """Display in a live Jupyter kernel: the anywidget widget and a text summary."""
        from .html import teacher_mode

        shown = self.widget(teacher=teacher_mode())._repr_mimebundle_()
        data, metadata = shown if isinstance(shown, tuple) else (shown, {})
        data = {**data, "text/plain": self.summary()}
        return (data, metadata) if metadata else data

    @classmethod
    def from_jupyterquiz(
        cls, source: str | Path | list[Any], *, quiz_id: str | None = None, title: str | None = None
    ) -> Quiz:
        """Import a jupyterquiz question file (or its list of questions).

        Supports its ``multiple_choice``, ``many_choice``, ``numeric`` and ``string``
        types; what lessonkit cannot keep is listed in ``quiz.import_notes``.
        """
        from ..importers.jupyterquiz import jupyterquiz_to_dict

        data, notes = jupyterquiz_to_dict(source, quiz_id=quiz_id, title=title)
        name = str(source) if isinstance(source, (str, Path)) else "<jupyterquiz>"
        return replace(cls.from_dict(data, source=name), import_notes=tuple(notes))
