"""Collecting from the course exchange: who handed in what and when.

Each student's newest hand-in counts; earlier ones are counted as repeats. With a roster,
students without a hand-in are listed as missing; with a due time, hand-ins after it are
late. Hand-in files are untrusted: a file that cannot be read, or that names another
student than its file name, is reported and never stops the collection.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..answers.exchange import HandIn, latest_handins, list_handins
from ..answers.handin import read_handin
from ..errors import LessonkitError, Problem, ProgressFileError

__all__ = ["Collection", "StudentRow", "collect", "read_roster"]


@dataclass(frozen=True)
class StudentRow:
    """One student of the course: their hand-ins and the newest one's content."""

    user: str
    handins: int
    latest: HandIn | None
    status: str  # "handed in", "late" or "missing"
    answers: int = 0
    quizzes: tuple[str, ...] = ()


@dataclass
class Collection:
    """The students of one exchange, sorted by name, and the problems found."""

    exchange: Path
    rows: list[StudentRow]
    problems: list[Problem] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many students have ``status``."""
        return sum(r.status == status for r in self.rows)

    def report(self) -> str:
        """A plain-text table for the terminal."""
        lines = [
            f"{_shown(str(self.exchange))}: {self.count('handed in')} handed in, "
            f"{self.count('late')} late, {self.count('missing')} missing, "
            f"{sum(r.handins > 1 for r in self.rows)} handed in more than once",
            f"{'student':<24} {'hand-ins':>8}  {'last handed in':<25} {'status':<9} answers",
        ]
        for r in self.rows:
            when = _local(r.latest.handed_in_at) if r.latest else "-"
            quizzes = f" ({', '.join(_shown(q) for q in r.quizzes)})" if r.quizzes else ""
            lines.append(
                f"{_shown(r.user):<24} {r.handins:>8}  {when:<25} {r.status:<9} "
                f"{r.answers}{quizzes}"
            )
        if self.problems:
            lines.append(f"\n{len(self.problems)} problem(s):")
            lines += [f"  {_shown(str(p))}" for p in sorted(self.problems)]
        return "\n".join(lines)


def _shown(text: str) -> str:
    """Text safe for a terminal: control characters written as escapes."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)


def _local(when: dt.datetime) -> str:
    return when.astimezone().isoformat(timespec="seconds")


def read_roster(path: str | Path) -> list[str]:
    """The hub user names in a roster file: one a line, ``#`` starts a comment."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ProgressFileError(
            f"the roster cannot be read ({exc})", path=str(path), hint="one hub user name a line"
        ) from None
    names = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    return [n for n in names if n]


def _identity_problems(handins: list[HandIn]) -> list[Problem]:
    """Files whose owner or folder contradicts the user they are named for."""
    problems = [
        Problem(
            str(h.path),
            None,
            f"a file named for '{h.user}' in the folder of '{h.folder}'",
            "count it for the folder's student only after asking them",
        )
        for h in handins
        if h.folder is not None and h.folder != h.user
    ]
    flat = [h for h in handins if h.folder is None]
    if len({h.owner for h in flat}) < 2:
        return problems  # one account runs every server: the owner tells students not apart
    names: dict[int, set[str]] = defaultdict(set)
    owners: dict[str, set[int]] = defaultdict(set)
    for h in flat:
        names[h.owner].add(h.user)
        owners[h.user].add(h.owner)
    for h in flat:
        if len(owners[h.user]) > 1:
            uids = ", ".join(str(u) for u in sorted(owners[h.user]))
            problems.append(
                Problem(
                    str(h.path),
                    None,
                    f"'{h.user}' was handed in from {len(owners[h.user])} accounts "
                    f"(uids {uids}); this file is from uid {h.owner}",
                    "count only the file of the student's own account",
                )
            )
        elif len(names[h.owner]) > 1:
            problems.append(
                Problem(
                    str(h.path),
                    None,
                    f"the account with uid {h.owner} handed in as "
                    f"{', '.join(sorted(names[h.owner]))}",
                    "check with the students which file is whose",
                )
            )
    return problems


def collect(
    exchange: str | Path,
    *,
    roster: Iterable[str] | None = None,
    due: dt.datetime | None = None,
) -> Collection:
    """Who handed in what and when, from the exchange folder (see :mod:`answers.exchange`)."""
    exchange = Path(exchange)
    handins, problems = list_handins(exchange)
    problems += _identity_problems(handins)
    counts: dict[str, int] = defaultdict(int)
    for h in handins:
        counts[h.folder or h.user] += 1
    rows: dict[str, StudentRow] = {}
    for h in latest_handins(handins):
        user = h.folder or h.user
        late = due is not None and h.handed_in_at > due
        answers, quizzes = 0, ()
        try:
            document = read_handin(h.path)
        except LessonkitError as exc:
            problems.extend(exc.problems)
        else:
            answers = len(document["responses"])
            quizzes = tuple(sorted({r["quiz_id"] for r in document["responses"]}))
            if document["student"] != user:
                problems.append(
                    Problem(
                        str(h.path),
                        None,
                        f"the file of '{user}' says it holds the answers of "
                        f"'{document['student']}'",
                        "the gradebook lists it under the name inside the file",
                    )
                )
        rows[user] = StudentRow(
            user, counts[user], h, "late" if late else "handed in", answers, quizzes
        )
    listed = list(roster or ())
    for user in listed:
        rows.setdefault(user, StudentRow(user, 0, None, "missing"))
    if listed:
        for user in sorted(set(rows) - set(listed)):
            latest = rows[user].latest
            problems.append(
                Problem(
                    str(latest.path if latest else user),
                    None,
                    f"'{user}' handed in but is not on the roster",
                    "add them to the roster, or ignore the file",
                )
            )
    return Collection(exchange, [rows[u] for u in sorted(rows)], problems)
