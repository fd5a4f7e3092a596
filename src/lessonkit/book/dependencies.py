"""What a page built from lessonkit's data depends on, for Sphinx's incremental builds."""

from __future__ import annotations

from typing import Any

from ..data.datasets import datasets_dir
from ..data.package import PACKAGE_FILE, read_package
from ..data.references import bib_path
from ..errors import LessonkitError

__all__ = ["note_data_dependencies"]


def note_data_dependencies(env: Any) -> None:
    """Make the page being read depend on every file of the datasets (a quiz shows
    excerpts, documents and citations): editing one of them rebuilds the page."""
    folder = datasets_dir()
    env.note_dependency(str(folder / PACKAGE_FILE))
    env.note_dependency(str(bib_path(folder)))
    try:
        resources = read_package(folder).resources
    except LessonkitError:
        return  # lessonkit check reports the package; the page still depends on its file
    for resource in resources:
        env.note_dependency(str(resource.path))
        env.note_dependency(str(resource.schema))
