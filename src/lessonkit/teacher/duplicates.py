"""Several files under one student's name: which one counts, if any.

Everything in a hand-in file can be typed by anyone, its name and times included, so
the gradebook never lets one file replace another because of what it claims (a file
dated in the year 9999 under a classmate's name must not win). Answers are only ever
added to a student's record, so a genuine later hand-in holds every answer of the
earlier one: when one file holds all the answers of the others, it counts, and the
others are noted. When the files disagree, none of them counts, the student stays in
the table with nothing scored, and the teacher is told which files to look at.

Names are compared without regard to case, Unicode form or repeated spaces.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import LessonkitError, Problem
from .regrade import FileResult

__all__ = ["Decision", "resolve", "student_key"]

Decision = tuple["FileResult | None", list[Problem], str]


def student_key(name: str) -> str:
    """The identity of a student name: NFKC, case-folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def _answers(path: str, read: Callable[[str], dict[str, Any]]) -> frozenset[str] | None:
    try:
        document = read(path)
    except LessonkitError:
        return None
    return frozenset(
        json.dumps(r, sort_keys=True, ensure_ascii=False) for r in document["responses"]
    )


def resolve(files: Sequence[FileResult], read: Callable[[str], dict[str, Any]]) -> Decision:
    """The file that counts for one student (or None), the problems, and a note."""
    if len(files) == 1:
        return files[0], [], ""
    ordered = sorted(files, key=lambda f: f.path)
    answers = [_answers(f.path, read) for f in ordered]
    names = [Path(f.path).name for f in ordered]
    student = ordered[0].student
    if all(a is not None for a in answers):
        sets = [a for a in answers if a is not None]
        everything = frozenset().union(*sets)
        for i, own in enumerate(sets):
            if own == everything:
                others = [n for j, n in enumerate(names) if j != i]
                note = (
                    f"student '{student}': {', '.join(others)} hold"
                    f"{'s' * (len(others) == 1)} only answers that are also in {names[i]}, "
                    f"an export made later; {names[i]} counts"
                )
                return (
                    ordered[i],
                    [
                        Problem(ordered[j].path, None, note, "keep only the newest file")
                        for j in range(len(ordered))
                        if j != i
                    ],
                    "",
                )
    problems = [
        Problem(
            f.path,
            None,
            f"student '{student}': {len(ordered)} files under this name hold different "
            f"answers ({', '.join(names)}), and none holds all the others' answers; none "
            "of them is counted",
            "ask the student which file is theirs and keep only that one (a file under "
            "another student's name is a reason to talk to both)",
        )
        for f in ordered
    ]
    return None, problems, f"{len(ordered)} files disagree"
