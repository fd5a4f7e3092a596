"""The course exchange: the folder on a hub where students hand in and the teacher collects.

Layout, made once by the hub's administrator (see the guide "Running it for a class")::

    <exchange>/                 the course, e.g. /srv/lessonkit/history-9b
        inbound/                mode 1733 (or 3773 with a teachers group): students may
                                create files there but not list the folder, and the
                                sticky bit stops them renaming or deleting others' files
            alice+20260301T101500.123456Z+9f3c0a1b2c3d4e5f.json
            bob/                on Kubernetes: each student's own folder, the only part
                bob+...json     of the exchange mounted in the student's server

Each hand-in is a new file named by the hub user, the time and a random token, written
under a hidden name and renamed into place (atomic on one filesystem). Nothing is ever
overwritten: the newest file of a user is their hand-in, the earlier ones stay as a record.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import stat
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._context import Context, current
from .._version import package_version
from ..errors import Problem, ProgressFileError
from .handin import build_handin
from .store import ProgressStore

__all__ = [
    "INBOUND",
    "HandIn",
    "course_exchange",
    "hand_in",
    "hand_in_answers",
    "latest_handins",
    "list_handins",
]

INBOUND = "inbound"
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_NO_EXCHANGE_HINT = (
    "ask the hub administrator to set LESSONKIT_EXCHANGE, or pass the folder with --to"
)


@dataclass(frozen=True)
class HandIn:
    """One file in the exchange: whose it is, when it was handed in, who owns the file."""

    path: Path
    user: str
    handed_in_at: dt.datetime
    owner: int  # the file's owner (a Unix uid); on Kubernetes every student has the same
    folder: str | None = None  # the student's own folder (Kubernetes layout), else None


def course_exchange(
    course: str | None = None, exchange: str | Path | None = None, context: Context | None = None
) -> Path:
    """The exchange folder: ``exchange`` if given, else the context's; with ``course``,
    the folder of that name beside it (or in ``/srv/lessonkit`` when none is set)."""
    base = Path(exchange) if exchange else (context or current()).exchange
    if course:
        if "/" in course or course in ("", ".", ".."):
            raise ProgressFileError(
                f"{course!r} is not a course name",
                path="--course",
                hint="give the name of the course's folder",
            )
        return (base.parent if base else Path("/srv/lessonkit")) / course
    if base is None:
        raise ProgressFileError(
            "no exchange folder is configured", path="LESSONKIT_EXCHANGE", hint=_NO_EXCHANGE_HINT
        )
    return base


def _file_part(user: str) -> str:
    """The user name as a file-name part: '+', '/', a leading '.' and other specials
    percent-encoded (a name never makes a hidden file, which would look half-written)."""
    encoded = urllib.parse.quote(user, safe="@-_")
    return "%2E" + encoded[1:] if encoded.startswith(".") else encoded


def hand_in(document: dict[str, Any], exchange: str | Path, user: str) -> Path:
    """Write ``document`` into the exchange's inbound folder as ``user``; return the file.

    The file is created under a hidden name (exclusively), synced to disk and renamed to
    its final name, so the teacher never sees half a file. Its mode is 0640 when the
    inbound folder gives new files a teachers group (set-group-ID bit), else 0644 (the
    folder itself cannot be listed by students, and the name holds a random token).
    """
    if not user.strip():
        raise ProgressFileError(
            "no user name to hand in under", path=str(exchange), hint="hand in from your hub server"
        )
    inbound = Path(exchange) / INBOUND
    try:
        folder_mode = inbound.stat().st_mode
    except OSError:
        raise ProgressFileError(
            "the exchange has no inbound folder",
            path=str(inbound),
            hint="ask the hub administrator to create it (see the guide: Running it for a class)",
        ) from None
    mode = 0o640 if folder_mode & stat.S_ISGID else 0o644
    when = dt.datetime.now(dt.timezone.utc)
    name = f"{_file_part(user)}+{when.strftime(_STAMP)}+{secrets.token_hex(8)}.json"
    final = inbound / name
    partial = inbound / f".{name}.part"
    data = (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(descriptor, data)
            os.fchmod(descriptor, mode)
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        partial.rename(final)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ProgressFileError(
            f"the hand-in could not be written ({exc.strerror})",
            path=str(inbound),
            hint="check that the exchange is mounted and writable, or ask the hub administrator",
        ) from None
    return final


def hand_in_answers(store: ProgressStore, exchange: str | Path, user: str) -> tuple[Path, int]:
    """Hand in every answer of ``store`` as ``user``: the file written, and how many answers."""
    with ProgressStore(store.path) as opened:
        records = opened.records()
    if not records:
        raise ProgressFileError(
            "there is nothing to hand in yet",
            path=str(store.path),
            hint="check at least one answer in a lesson's quiz first",
        )
    document = build_handin(records, user, version=package_version())
    return hand_in(document, exchange, user), len(records)


def _parse(path: Path, folder: str | None) -> HandIn | None:
    parts = path.name[: -len(".json")].split("+")
    if len(parts) != 3 or not path.name.endswith(".json"):
        return None
    try:
        when = dt.datetime.strptime(parts[1], _STAMP).replace(tzinfo=dt.timezone.utc)
        owner = path.stat().st_uid
    except (ValueError, OSError):
        return None
    return HandIn(path, urllib.parse.unquote(parts[0]), when, owner, folder)


def list_handins(exchange: str | Path) -> tuple[list[HandIn], list[Problem]]:
    """Every hand-in in the exchange, oldest first, and the files that are not hand-ins."""
    inbound = Path(exchange) / INBOUND
    try:
        entries = sorted(inbound.iterdir())
    except OSError as exc:
        raise ProgressFileError(
            f"the exchange's inbound folder cannot be read ({exc.strerror})",
            path=str(inbound),
            hint="collect as the teacher (a member of the exchange's group) or as root",
        ) from None
    found: list[HandIn] = []
    problems: list[Problem] = []
    for entry in entries:
        files: list[tuple[Path, str | None]] = [(entry, None)]
        if entry.is_dir() and not entry.name.startswith("."):
            files = [(f, entry.name) for f in sorted(entry.iterdir())]
        for path, folder in files:
            if path.name.startswith("."):
                continue  # a hand-in still being written
            handin = _parse(path, folder) if path.is_file() else None
            if handin is None:
                problems.append(
                    Problem(
                        str(path), None, "not a lessonkit hand-in file", "leave it or move it away"
                    )
                )
            else:
                found.append(handin)
    found.sort(key=lambda h: (h.handed_in_at, h.path.name))
    return found, problems


def latest_handins(handins: Iterable[HandIn]) -> list[HandIn]:
    """Each user's newest hand-in (the one that counts), sorted by user."""
    newest: dict[str, HandIn] = {}
    for h in handins:
        key = h.folder or h.user
        if key not in newest or h.handed_in_at >= newest[key].handed_in_at:
            newest[key] = h
    return [newest[k] for k in sorted(newest)]
