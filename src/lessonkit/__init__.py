"""lessonkit: sourced datasets, document cards and accessible quizzes for history lessons.

The lesson pack on queer emancipation in early Soviet Russia is built on this library.
Everything heavy (pandas, Sphinx, ipywidgets) is imported on first use.
"""

from .datasets import (
    describe,
    list_datasets,
    load,
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
from .documents import DocumentCard, show_document
from .errors import DatasetError, LessonkitError, ProgressFileError, QuizFormatError
from .references import cite


def __getattr__(name: str) -> str:
    # importlib.metadata costs ~30 ms to import: read the version only when asked.
    if name == "__version__":
        from ._version import package_version

        return package_version()
    raise AttributeError(f"module 'lessonkit' has no attribute {name!r}")


__all__ = [
    "DatasetError",
    "DocumentCard",
    "LessonkitError",
    "ProgressFileError",
    "QuizFormatError",
    "__version__",
    "cite",
    "describe",
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
    "show_document",
]
