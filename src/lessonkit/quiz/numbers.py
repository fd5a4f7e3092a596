"""Numbers as learners type them, and the entries of a ``numeric`` question that hold them
(contract §2). Every rule has a twin in ``static/quiz.js``; change both or neither.

- :func:`parse_number`: a JSON number, or a string holding a decimal number (a decimal
  comma is read as a point when there is no point) or a fraction ``a/b`` of two of them;
- :func:`round_significant`: JavaScript's ``Number(x.toPrecision(digits))``, halves
  rounded away from zero on the exact binary value of ``x``;
- :func:`matching_entry`: the first entry of the question's ``answers`` that holds the
  number (a value within its tolerance, or a range ``[low, high)``).
"""

from __future__ import annotations

import decimal
import math
import re
from typing import Any

from .parts import NumericAnswer
from .textnorm import trim

__all__ = ["matching_entry", "parse_number", "round_significant"]

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_DECIMAL = re.compile(_NUMBER, re.ASCII)
_FRACTION = re.compile(f"({_NUMBER})/({_NUMBER})", re.ASCII)
_WIDE = decimal.Context(prec=400, rounding=decimal.ROUND_HALF_UP)


def _divide(top: float, bottom: float) -> float:
    """``top / bottom`` as JavaScript computes it (a zero divisor gives ±Infinity or NaN)."""
    if bottom != 0:
        return top / bottom
    if top == 0 or math.isnan(top):
        return math.nan
    return math.copysign(math.inf, top) * math.copysign(1.0, bottom)


def parse_number(answer: Any) -> float | None:
    """The number in ``answer``, or ``None`` when it holds none.

    >>> parse_number(" 3,14 "), parse_number("22/7") == 22 / 7, parse_number("3.1.4")
    (3.14, True, None)
    """
    if isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float)):
        try:
            return float(answer)
        except OverflowError:  # an int beyond the float range is Infinity in JavaScript
            return math.copysign(math.inf, answer)
    if not isinstance(answer, str):
        return None
    text = trim(answer)
    if "." not in text:
        text = text.replace(",", ".")
    if _DECIMAL.fullmatch(text):
        return float(text)
    fraction = _FRACTION.fullmatch(text)
    if fraction:
        return _divide(float(fraction.group(1)), float(fraction.group(2)))
    return None


def round_significant(x: float, digits: int) -> float:
    """``x`` rounded to ``digits`` significant digits as ``Number(x.toPrecision(digits))``.

    >>> round_significant(0.166, 2), round_significant(0.125, 2), round_significant(-2.5, 1)
    (0.17, 0.13, -3.0)
    """
    if not math.isfinite(x) or x == 0:
        return x
    exact = decimal.Decimal(x)
    quantum = decimal.Decimal(1).scaleb(exact.adjusted() - digits + 1)
    return float(exact.quantize(quantum, context=_WIDE))


def _holds(entry: NumericAnswer, x: float, precision: int | None) -> bool:
    if entry.range is not None:
        return entry.range[0] <= x < entry.range[1]
    value = entry.value if entry.value is not None else math.nan
    if precision is not None:
        value = round_significant(value, precision)
    return abs(x - value) <= entry.tolerance + 1e-9


def matching_entry(
    answers: tuple[NumericAnswer, ...], x: float, precision: int | None
) -> NumericAnswer | None:
    """The first entry that holds ``x`` (rounded first when ``precision`` is set)."""
    if precision is not None:
        x = round_significant(x, precision)
    return next((entry for entry in answers if _holds(entry, x, precision)), None)
