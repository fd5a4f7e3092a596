"""Text from hand-in files, made safe for where the teacher reads it.

A student's name or an id can hold anything: escape sequences that clear the teacher's
terminal or print fake lines, direction marks that reverse what follows. Every text the
gradebook prints goes through :func:`visible`, which writes such characters as escapes
(``\\x1b``, ``\\u202e``) so that the teacher sees them. CSV cells go through
:func:`lessonkit.answers.csvcells.safe_cell`; HTML is escaped where it is written.
"""

from __future__ import annotations

import re

__all__ = ["visible"]

# C0 and C1 controls and DEL, and the bidirectional formatting characters.
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = False) -> str:
    r"""``text`` with control and direction characters written as escapes.

    >>> visible("Ann\x1b[2J")
    'Ann\\x1b[2J'
    """
    if keep_newlines:
        return "\n".join(_HIDDEN.sub(_escape, line) for line in text.split("\n"))
    return _HIDDEN.sub(_escape, text)
