"""The exchange's guarantees on a shared Unix filesystem, checked with real accounts.

The inbound folder is made as the guide tells administrators (owner root, group of the
teachers, mode 3773). Students and the teacher are separate uids (forked children that
drop root's rights, so this needs root, as the hub itself has).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from lessonkit.answers import ProgressStore
from lessonkit.cli import main

ALICE, BOB, TEACHER, TEACHERS = 42001, 42002, 42003, 42010

pytestmark = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="switching to other accounts needs root (the hub's own situation)",
)


@pytest.fixture
def world() -> Iterator[Path]:
    """A folder the test accounts may enter (pytest's own temp folders are private).

    Everything the children run is done once as root first, so that every module it
    needs is imported before a child loses the right to read the interpreter's files.
    """
    folder = Path(tempfile.mkdtemp(prefix="lk-exchange-"))
    folder.chmod(0o755)
    try:
        rehearsal = folder / "rehearsal"
        (rehearsal / "inbound").mkdir(parents=True)
        store = _home(folder, 0, "rehearsal") / "progress.sqlite"
        with contextlib.redirect_stdout(io.StringIO()):
            for arguments in (
                ["hand-in", "--to", str(rehearsal), "--student", "x", "--store", str(store)],
                ["collect", "--exchange", str(rehearsal)],
            ):
                assert main(arguments) == 0
        shutil.rmtree(rehearsal)
        shutil.rmtree(folder / "0")
        yield folder
    finally:
        shutil.rmtree(folder)


def _as_account(uid: int, action: Callable[[], str], groups: tuple[int, ...] = ()) -> str:
    """Run ``action`` in a forked child that has become ``uid``; return what it returned.

    lessonkit and its libraries are imported first (the interpreter's own folders may not
    be readable by the test accounts); an OSError becomes its class name.
    """
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, act, report, leave without cleanup
        os.close(reader)
        try:
            os.setgroups(list(groups))
            os.setgid(groups[0] if groups else uid)
            os.setuid(uid)
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
                result = action() or out.getvalue()
        except OSError as exc:
            result = type(exc).__name__
        except BaseException as exc:  # report anything else to the test
            result = f"{type(exc).__name__}: {exc}"
        os.write(writer, result.encode("utf-8"))
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader, "rb") as pipe:
        text = pipe.read().decode("utf-8")
    os.waitpid(pid, 0)
    return text


def _home(world: Path, uid: int, answer: str) -> Path:
    """A home folder owned by ``uid`` with a progress store of one answer."""
    home = world / str(uid)
    home.mkdir()
    store = ProgressStore(home / "progress.sqlite")
    store.record(
        quiz_id="q", quiz_version=1, question_id="a", answer=answer, verdict="correct", score=1.0
    )
    store.close()
    for path in [home, *home.iterdir()]:
        os.chown(path, uid, uid)
    return home


def _cli(arguments: list[str], environment: dict[str, str]) -> Callable[[], str]:
    def run() -> str:
        os.environ.update(environment)  # in the forked child only
        code = main(arguments)
        return "" if code == 0 else f"exit {code}"

    return run


def _hand_in(world: Path, exchange: Path, uid: int, user: str) -> str:
    home = world / str(uid)
    environment = {
        "LESSONKIT_EXCHANGE": str(exchange),
        "JUPYTERHUB_USER": user,
        "LESSONKIT_CACHE": str(home),
        "HOME": str(home),
    }
    return _as_account(
        uid, _cli(["hand-in", "--store", str(home / "progress.sqlite")], environment)
    )


def _attempt(uid: int, action: Callable[[], object]) -> str:
    """Run one file operation as ``uid``: "ok" or the error's class name."""

    def run() -> str:
        action()
        return "ok"

    return _as_account(uid, run)


def test_students_cannot_see_read_or_replace_each_others_handins(world: Path) -> None:
    exchange = world / "history-9b"
    inbound = exchange / "inbound"
    inbound.mkdir(parents=True)
    exchange.chmod(0o755)
    os.chown(inbound, 0, TEACHERS)
    inbound.chmod(0o3773)
    _home(world, ALICE, "mine")
    _home(world, BOB, "copied")
    teacher_home = world / str(TEACHER)
    teacher_home.mkdir()
    os.chown(teacher_home, TEACHER, TEACHERS)

    handed = _hand_in(world, exchange, ALICE, "alice")
    assert handed.startswith("Handed in 1 answers as alice"), handed
    (alice_file,) = inbound.iterdir()
    assert alice_file.stat().st_uid == ALICE
    assert alice_file.stat().st_gid == TEACHERS  # the folder's group, for the teacher

    own = inbound / "own.json"
    assert _attempt(BOB, lambda: list(inbound.iterdir())) == "PermissionError"
    assert _attempt(BOB, alice_file.read_bytes) == "PermissionError"
    assert _attempt(BOB, lambda: alice_file.write_text("x")) == "PermissionError"
    assert _attempt(BOB, alice_file.unlink) == "PermissionError"
    assert _attempt(BOB, lambda: alice_file.rename(inbound / "x.json")) == "PermissionError"
    assert _attempt(BOB, lambda: (own.touch(), own.replace(alice_file))) == "PermissionError"
    assert alice_file.read_text(encoding="utf-8").count('"mine"') == 1

    # Bob hands in under his own name, then pretends to be alice: both are kept, and the
    # teacher's collection shows that one account used two names.
    assert _hand_in(world, exchange, BOB, "bob").startswith("Handed in")
    assert _hand_in(world, exchange, BOB, "alice").startswith("Handed in")
    teacher = {"LESSONKIT_CACHE": str(teacher_home), "HOME": str(teacher_home)}
    collected = _as_account(
        TEACHER, _cli(["collect", "--exchange", str(exchange)], teacher), (TEACHERS,)
    )
    assert "2 handed in, 0 late, 0 missing, 1 handed in more than once" in collected
    assert f"the account with uid {BOB} handed in as alice, bob" in collected
    assert f"'alice' was handed in from 2 accounts (uids {ALICE}, {BOB})" in collected
    assert _attempt(ALICE, alice_file.read_bytes) == "ok"
    assert _attempt(BOB, lambda: list(inbound.iterdir())) == "PermissionError"
