"""lessonkit: sourced datasets, document cards and accessible quizzes for history lessons.

The lesson pack on queer emancipation in early Soviet Russia is built on this library.
The parts (see ``docs/architecture.md``): ``data`` (tables, dictionaries, references,
document cards), ``quiz`` (the typed quiz model, its validation and grading), ``render``
(what browsers get), ``live`` (the Jupyter widget), ``book`` (the Sphinx extension),
``answers`` (progress store, hand-in file) and ``teacher`` (gradebook, exports).

This module is lessonkit's one lazy boundary: each public name below is imported from
its part the first time it is used, so ``import lessonkit`` stays light (pandas, Sphinx
and the widget libraries are imported by the parts that need them, when they need them).
"""

from __future__ import annotations

import importlib
import sys

from .errors import DatasetError, LessonkitError, ProgressFileError, QuizFormatError

TYPE_CHECKING = False  # not imported from typing: ``import lessonkit`` stays light

if TYPE_CHECKING:
    from typing import Any

    from .data.datasets import describe, list_datasets, load
    from .data.documents import DocumentCard, show_document
    from .data.loaders import (
        load_claims,
        load_convictions,
        load_corrections,
        load_excerpts,
        load_glossary,
        load_letters,
        load_people,
        load_places,
        load_timeline,
    )
    from .data.references import cite
    from .live.language import set_language
    from .teacher.gradebook import gradebook

#: Where each public name lives.
_PUBLIC = {
    "describe": "data.datasets",
    "list_datasets": "data.datasets",
    "load": "data.datasets",
    "DocumentCard": "data.documents",
    "show_document": "data.documents",
    "cite": "data.references",
    "load_claims": "data.loaders",
    "load_convictions": "data.loaders",
    "load_corrections": "data.loaders",
    "load_excerpts": "data.loaders",
    "load_glossary": "data.loaders",
    "load_letters": "data.loaders",
    "load_people": "data.loaders",
    "load_places": "data.loaders",
    "load_timeline": "data.loaders",
    "set_language": "live.language",
    "gradebook": "teacher.gradebook",
}


def __getattr__(name: str) -> Any:
    if name in _PUBLIC:
        value = getattr(importlib.import_module(f".{_PUBLIC[name]}", __name__), name)
        globals()[name] = value  # found once, then an ordinary attribute
        return value
    if name == "__version__":
        from ._version import package_version

        return package_version()
    raise AttributeError(f"module 'lessonkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _quiz_bundle(quiz: Any) -> Any:
    from .live.display import quiz_bundle

    return quiz_bundle(quiz)


def _register_quiz_display() -> None:
    """In IPython (a Jupyter kernel), quizzes display through :mod:`lessonkit.live`.

    The formatter is registered by the quiz class's name, so neither the quiz model nor
    the widget is imported before a quiz is shown.
    """
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None
    if shell is not None:
        formatter = shell.display_formatter.mimebundle_formatter
        formatter.for_type_by_name("lessonkit.quiz.model", "Quiz", _quiz_bundle)


_register_quiz_display()

__all__ = [
    "DatasetError",
    "DocumentCard",
    "LessonkitError",
    "ProgressFileError",
    "QuizFormatError",
    "__version__",
    "cite",
    "describe",
    "gradebook",
    "list_datasets",
    "load",
    "load_claims",
    "load_convictions",
    "load_corrections",
    "load_excerpts",
    "load_glossary",
    "load_letters",
    "load_people",
    "load_places",
    "load_timeline",
    "set_language",
    "show_document",
]
