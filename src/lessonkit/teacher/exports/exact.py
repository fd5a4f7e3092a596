"""Numbers written exactly: the shortest text that reads back as the same float.

``1234567`` stays ``1234567`` (never ``1.23457e+06``) and ``3.14159265`` keeps every digit.
Bounds such as ``answer - tolerance`` are computed in decimal, so ``3.14159265 ± 5e-9``
gives ``3.141592645`` and ``3.141592655``, not a binary rounding of them.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

__all__ = ["bounds", "exact", "positional"]

_LARGEST_EXACT_INTEGER = 2**53
#: Enough digits for the exact sum of any two floats (exponents from -324 to 308).
_DIGITS = 800


def exact(value: float) -> str:
    """Integers as integers, any other number in Python's shortest round-trip form.

    >>> exact(1234567.0), exact(3.14159265), exact(5e-9), exact(1e300)
    ('1234567', '3.14159265', '5e-09', '1e+300')
    """
    if float(value).is_integer() and abs(value) < _LARGEST_EXACT_INTEGER:
        return str(int(value))
    return repr(float(value))


def positional(value: float | Decimal) -> str:
    """The same digits without an exponent (for readers that know no ``e`` notation).

    >>> positional(1e21), positional(-2.5e-7), positional(1234567.0)
    ('1000000000000000000000', '-0.00000025', '1234567')
    """
    number = value if isinstance(value, Decimal) else Decimal(exact(value))
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def bounds(answer: float, tolerance: float) -> tuple[Decimal, Decimal]:
    """``answer - tolerance`` and ``answer + tolerance``, computed in decimal."""
    middle, margin = Decimal(exact(answer)), Decimal(exact(tolerance))
    with localcontext() as context:
        context.prec = _DIGITS
        return middle - margin, middle + margin
