"""The former name of the Sphinx extension: ``lessonkit.sphinx`` is ``lessonkit.book``."""

from .book import setup

__all__ = ["setup"]
