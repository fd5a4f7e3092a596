"""Text normalisation and edit distance for ``text`` questions (contract §2).

Every rule here has a line-for-line twin in ``static/quiz.js``; change both or neither.
Whitespace means exactly the characters of JavaScript's ``\\s`` (not Python's
``str.isspace``, which differs on U+001C–U+001F, U+0085 and U+FEFF), and lengths are
counted in code points.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "COMPARISONS",
    "WHITESPACE",
    "comparable",
    "first_match",
    "levenshtein",
    "normalize",
    "similarity",
    "text_matches",
    "trim",
    "words",
]

#: The characters of ECMAScript's ``\s`` (WhiteSpace and LineTerminator).
WHITESPACE = "\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_RUN = re.compile(f"[{WHITESPACE}]+")
_EDGES = re.compile(f"^[{WHITESPACE}]+|[{WHITESPACE}]+$")


def trim(text: str) -> str:
    """Remove leading and trailing whitespace, like JavaScript's ``String.prototype.trim``."""
    return _EDGES.sub("", text)


def words(text: str) -> list[str]:
    """Split on runs of whitespace, dropping empty pieces (``s.split(/\\s+/).filter(Boolean)``)."""
    return [w for w in _RUN.split(text) if w]


def normalize(text: str) -> str:
    """NFKC, lower case, punctuation and symbols to spaces, whitespace runs to one space, trim.

    >>> normalize("  Dr. BEKHTEREV's  clinic!")
    'dr bekhterev s clinic'
    """
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(" " if unicodedata.category(c)[0] in "PS" else c for c in text)
    return trim(_RUN.sub(" ", text))


def levenshtein(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions) between two strings, by code point."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """``1 - levenshtein(a, b) / max(len(a), len(b))``; 1.0 for two empty strings."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    return 1 - levenshtein(a, b) / longest


#: How a ``text`` question compares answers: ``normalized`` (:func:`normalize`),
#: ``lowercase`` (trimmed, lower case) or ``exact`` (trimmed only).
COMPARISONS = ("normalized", "lowercase", "exact")


def comparable(text: str, compare: str = "normalized") -> str:
    """The form of ``text`` that a ``text`` question compares (see :data:`COMPARISONS`)."""
    if compare == "exact":
        return trim(text)
    if compare == "lowercase":
        return trim(text).lower()
    return normalize(text)


def first_match(
    answer: str,
    candidates: list[str] | tuple[str, ...],
    fuzzy: float | None,
    compare: str = "normalized",
) -> int | None:
    """The index of the first candidate that ``answer`` matches exactly, or closely enough
    with ``fuzzy`` (each candidate is tried both ways before the next); ``None`` if none."""
    given = comparable(answer, compare)
    for index, candidate in enumerate(candidates):
        target = comparable(candidate, compare)
        if given == target or (fuzzy is not None and similarity(given, target) >= fuzzy):
            return index
    return None


def text_matches(answer: str, accepted: list[str] | tuple[str, ...], fuzzy: float | None) -> bool:
    """True when ``answer`` matches an accepted answer exactly, or closely enough with ``fuzzy``."""
    return first_match(answer, accepted, fuzzy) is not None
