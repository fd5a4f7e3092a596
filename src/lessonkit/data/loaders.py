"""One loader per table: ``lessonkit.load_letters()`` and the others.

Each returns the table as a pandas DataFrame typed from its data dictionary (see
:func:`lessonkit.load`); ``lessonkit.describe(name)`` lists its columns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .datasets import load

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "load_claims",
    "load_convictions",
    "load_corrections",
    "load_excerpts",
    "load_glossary",
    "load_letters",
    "load_people",
    "load_places",
    "load_timeline",
]


def load_claims() -> pd.DataFrame:
    """The *claims* table: NP's letter checked against the 1933 record.

    Its columns, types and sources: ``lessonkit.describe("claims")``.
    """
    return load("claims")


def load_convictions() -> pd.DataFrame:
    """The *convictions* table: convictions for sex between men: figures and estimates.

    Its columns, types and sources: ``lessonkit.describe("convictions")``.
    """
    return load("convictions")


def load_corrections() -> pd.DataFrame:
    """The *corrections* table: corrections and caveats to the seed article.

    Its columns, types and sources: ``lessonkit.describe("corrections")``.
    """
    return load("corrections")


def load_excerpts() -> pd.DataFrame:
    """The *excerpts* table: excerpts of the letters and of the 1933 record.

    Its columns, types and sources: ``lessonkit.describe("excerpts")``.
    """
    return load("excerpts")


def load_glossary() -> pd.DataFrame:
    """The *glossary* table: period terms, some of them slurs, and what they meant.

    Its columns, types and sources: ``lessonkit.describe("glossary")``.
    """
    return load("glossary")


def load_letters() -> pd.DataFrame:
    """The *letters* table: letters to Bekhterev and the 1933 interrogation record.

    Its columns, types and sources: ``lessonkit.describe("letters")``.
    """
    return load("letters")


def load_people() -> pd.DataFrame:
    """The *people* table: the people named in the documents and lessons.

    Its columns, types and sources: ``lessonkit.describe("people")``.
    """
    return load("people")


def load_places() -> pd.DataFrame:
    """The *places* table: the places named in the documents, with map pins.

    Its columns, types and sources: ``lessonkit.describe("places")``.
    """
    return load("places")


def load_timeline() -> pd.DataFrame:
    """The *timeline* table: dated events, from the 1716 military article to today.

    Its columns, types and sources: ``lessonkit.describe("timeline")``.
    """
    return load("timeline")
