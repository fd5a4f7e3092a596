"""The spellings of a text answer that a learning platform must accept to grade like lessonkit.

lessonkit compares answers after normalising them (NFKC, lower case, every punctuation
mark or symbol read as a space, runs of spaces as one: ``docs/quiz-format.md``). Moodle
and Canvas compare the whole answer and ignore only letter case and the spaces around
it. So each accepted answer goes out as the list of spellings a learner is likely to
type, every one of which lessonkit accepts:

- the answer as written, and its NFKC form;
- every run of punctuation between two words kept or read as one space, and punctuation
  at either end kept or dropped ("L. Samoilov" and "L Samoilov");
- the normalised form itself, and the answer with a full stop at the end;
- a straight apostrophe where the answer has a typographic one, and the reverse.

What lessonkit still accepts beyond the list: other punctuation in place of the
written one, more than one space between words, and with ``fuzzy``, near misses.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from ...quiz.textnorm import WHITESPACE, normalize, text_matches, words
from .common import safe_text

__all__ = ["spellings"]

#: More combinations than this and only "as written" and "all plain" are kept.
_MOST_COMBINATIONS = 64
_APOSTROPHES = str.maketrans({"'": "\u2019", "\u2019": "'"})
_SPACE = re.compile(f"[{WHITESPACE}]")


def _is_separator(char: str) -> bool:
    """True for what normalisation turns into a space."""
    return unicodedata.category(char)[0] in "PS" or bool(_SPACE.fullmatch(char))


def _segments(text: str) -> list[tuple[bool, str]]:
    """``text`` cut into runs of word characters and runs of separators (True)."""
    return [
        (separator, "".join(chars))
        for separator, chars in itertools.groupby(text, key=_is_separator)
    ]


def _variants(text: str) -> Iterable[str]:
    """Each run of punctuation between words as written or as one space; the punctuation
    at both ends kept or dropped together."""
    segments = _segments(text)
    ends = [i for i in (0, len(segments) - 1) if segments and segments[i][0]]
    inner = [
        (segment, " ") if separator and i not in ends and segment != " " else (segment,)
        for i, (separator, segment) in enumerate(segments)
    ]
    count = 1
    for options in inner:
        count *= len(options)
    combinations: Iterable[tuple[str, ...]] = (
        itertools.product(*inner)
        if count <= _MOST_COMBINATIONS
        else [tuple(o[0] for o in inner), tuple(o[-1] for o in inner)]
    )
    for combination in combinations:
        yield "".join(combination).strip()
        yield "".join(c for i, c in enumerate(combination) if i not in ends).strip()


def spellings(answers: Sequence[str]) -> list[str]:
    """The spellings to list for ``answers``, without repeats up to letter case.

    >>> spellings(["L. Samoilov"])
    ['L. Samoilov', 'L Samoilov', 'L. Samoilov.', 'l samoilov.']
    """
    found: dict[str, str] = {}
    for answer in answers:
        written = " ".join(words(safe_text(answer)))
        bases = dict.fromkeys((written, unicodedata.normalize("NFKC", written)))
        candidates: list[str] = []
        for base in bases:
            candidates += [*_variants(base), base.translate(_APOSTROPHES)]
        plain = normalize(written)
        candidates += [written + ".", plain, plain + "."]
        for candidate in candidates:
            key = candidate.lower()
            if candidate and key not in found and text_matches(candidate, [answer], None):
                found[key] = candidate
    return list(found.values())
