"""The entries of a numeric question as the intervals a learning platform can hold.

Moodle and Canvas accept a number that equals a value within a margin, or lies between
two bounds, both ends included; they round nothing. So each entry goes out as an
interval: a value with its tolerance, widened by ``precision`` (a learner's number that
rounds to 3.14 at 3 significant digits lies within 3.14 ± 0.005); a range ``[low,
high)`` with its ends (the platform then also accepts ``high``). What shifts is noted.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...quiz.model import Numeric
from ...quiz.numbers import round_significant
from .exact import exact

__all__ = ["Span", "spans"]


@dataclass(frozen=True)
class Span:
    """One entry: a ``value`` within ``margin``, or a range ``low..high`` (value None)."""

    value: Decimal | None
    margin: Decimal
    low: Decimal
    high: Decimal
    correct: bool
    feedback: str | None


def _half_unit(value: float, digits: int) -> Decimal:
    """Half a unit of the last of ``digits`` significant digits of ``value``."""
    if value == 0:
        return Decimal(0)
    return Decimal(1).scaleb(Decimal(exact(value)).adjusted() - digits + 1) / 2


def spans(question: Numeric) -> tuple[list[Span], list[str]]:
    """The entries of ``question`` as intervals, and notes on what changed."""
    out: list[Span] = []
    notes: list[str] = []
    digits = question.precision
    for entry in question.answers:
        if entry.range is not None:
            low, high = (Decimal(exact(bound)) for bound in entry.range)
            out.append(Span(None, Decimal(0), low, high, entry.correct, entry.feedback))
            notes.append(
                f"the range from {exact(entry.range[0])} up to {exact(entry.range[1])} "
                f"(not included) goes out with both ends, so {exact(entry.range[1])} is "
                "accepted there too"
                + (" (and the number is not rounded before it is compared)" if digits else "")
            )
            continue
        value = entry.value if entry.value is not None else 0.0
        margin = Decimal(exact(entry.tolerance))
        if digits is not None:
            value = round_significant(value, digits)
            margin += _half_unit(value, digits)
        middle = Decimal(exact(value))
        out.append(
            Span(middle, margin, middle - margin, middle + margin, entry.correct, entry.feedback)
        )
    if digits is not None and any(s.value is not None for s in out):
        notes.append(
            f"rounding to {digits} significant digits goes out as a margin around each value"
        )
    return out, notes
