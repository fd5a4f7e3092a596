"""Real faults for the progress store tests: a file size limit (a full disk), a user
without the right to override file permissions, and folders that user cannot write.

``in_child(work)`` runs ``work()`` in a forked child of the test process, under the
limits asked for, and returns what it returned (JSON data) or fails with its traceback.
A fork needs no new interpreter: every module the child uses must be imported before.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import stat
import tempfile
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

NOBODY = 65534  # the uid and gid of the unprivileged user `nobody`


def in_child(
    work: Callable[[], Any], *, unprivileged: bool = False, file_size: int | None = None
) -> Any:
    """``work()`` in a forked child; ``unprivileged``: as `nobody` when the tests run as
    root (root writes read-only files anyway); ``file_size``: larger files cannot be
    written (RLIMIT_FSIZE: writes fail with EFBIG, as on a full disk)."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never return into pytest
        try:
            os.close(reader)
            if unprivileged and os.geteuid() == 0:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
            if file_size is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
                resource.setrlimit(resource.RLIMIT_FSIZE, (file_size, hard))
            outcome = {"result": work()}
        except BaseException:  # reported to the parent, which fails the test
            outcome = {"error": traceback.format_exc()}
        with os.fdopen(writer, "w") as out:
            json.dump(outcome, out, default=str)
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as incoming:
        text = incoming.read()
    os.waitpid(pid, 0)
    if not text:
        pytest.fail("the child process died without an answer", pytrace=False)
    outcome = json.loads(text)
    if "error" in outcome:
        pytest.fail(f"in the child process:\n{outcome['error']}", pytrace=False)
    return outcome["result"]


def lift_file_size_limit() -> None:
    """In a child of :func:`in_child`: files may grow again (the disk was freed)."""
    hard = resource.getrlimit(resource.RLIMIT_FSIZE)[1]
    resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))


@contextlib.contextmanager
def shared_folder() -> Iterator[Path]:
    """A fresh folder that `nobody` can reach (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="lessonkit-faults-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for folder, _dirs, _files in os.walk(root):
            Path(folder).chmod(0o755)
        shutil.rmtree(root)


def make_read_only(path: Path) -> None:
    """No one but root may write ``path`` (a file or a folder) any more."""
    mode = path.stat().st_mode
    path.chmod(stat.S_IMODE(mode) & ~0o222)


def open_to_all(path: Path) -> None:
    """Everyone may write in the folder ``path``."""
    path.chmod(0o777)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of ``folder`` by name, with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}
