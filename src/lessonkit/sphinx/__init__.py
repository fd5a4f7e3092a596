"""Sphinx extension ``lessonkit.sphinx`` for Jupyter Book 1 and plain Sphinx.

Pipeline, in order:

1. ``setup`` sets ``LESSONKIT_RENDER=data`` so that quizzes displayed by executed
   notebook cells become small data-only elements (never widgets) in the book;
2. ``assets`` registers quiz.js, quiz-page.js and quiz.css once per site, writes the
   interface message catalogue for the book's language, and removes the duplicated
   inline scripts that Sphinx 7.4 emits with sphinx-thebe/togglebutton;
3. ``quiz_directive`` provides the ``quiz`` directive (a quiz from a YAML file);
4. ``reference`` provides ``lessonkit-datasets`` and ``lessonkit-glossary``, pages
   generated from the data dictionaries and the glossary table.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    """Register everything with Sphinx."""
    os.environ.setdefault("LESSONKIT_RENDER", "data")
    from .._version import package_version
    from . import assets, quiz_directive, reference

    assets.setup_assets(app)
    quiz_directive.setup_quiz(app)
    reference.setup_reference(app)
    return {"version": package_version(), "parallel_read_safe": True, "parallel_write_safe": True}
