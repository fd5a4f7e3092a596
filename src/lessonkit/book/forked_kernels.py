"""Kernels forked from a process that has already imported what they need.

A book's notebooks each run in a fresh kernel, and each fresh kernel spends much of its
life importing: the kernel itself, then matplotlib and numpy. :class:`ForkServer` starts
one process (:mod:`.forkserver`) that does those imports once; every kernel is then a
fork of it; :mod:`.kernels` gives nbclient a kernel manager whose kernels come from the
server.

What is imported beforehand: the kernel's modules, and those of :data:`FORK_SAFE` that
the notebooks import, unless a notebook's folder holds a module of the same name (that
notebook would import its own). The notebook still runs its own ``import`` lines; they
find the module loaded. A fork differs from a fresh process only in what those imports
did: the same module objects, in the state importing left them (numpy's global random
state is drawn again in each fork).
"""

from __future__ import annotations

import ast
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = [
    "ForkServer",
    "ForkedProcess",
    "forking_supported",
    "kernel_python",
    "notebook_imports",
]


def _cell_imports(source: str) -> set[str]:
    """The modules one code cell imports at its top level (magics and shell lines aside)."""
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
    return found


#: Libraries whose import does not depend on the process (its kernel, folder or
#: environment) beyond what the server shares with its kernels: the server imports them
#: for its notebooks. pandas asks only whether it runs in a kernel, and the server
#: answers as a kernel would (:mod:`.forkserver`); lessonkit is not one of them (it
#: registers its quiz display with the kernel's shell when imported).
FORK_SAFE = frozenset({"numpy", "matplotlib", "pandas"})


def notebook_imports(notebooks: Iterable[tuple[Path, Any]]) -> list[str]:
    """The modules of :data:`FORK_SAFE` that the ``(path, notebook)`` pairs import, but
    none whose top-level name is also a module or package in one of their folders (that
    notebook would import its own)."""
    wanted: set[str] = set()
    folders: set[Path] = set()
    for path, notebook in notebooks:
        folders.add(Path(path).parent)
        for cell in notebook.cells:
            if cell.cell_type == "code":
                wanted |= _cell_imports(cell.source)

    def shadowed(name: str) -> bool:
        top = name.split(".")[0]
        return any((f / f"{top}.py").exists() or (f / top).is_dir() for f in folders)

    safe = (name for name in wanted if name.split(".")[0] in FORK_SAFE)
    return sorted(name for name in safe if not shadowed(name))


class ForkedProcess:
    """A kernel forked by the server, handled like the ``subprocess.Popen`` that
    jupyter_client keeps for a kernel it started itself.

    The kernel is the server's child, not ours: its end is seen through a pidfd (which no
    later process can reuse), and its exit status is not known (0 once it has ended).
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._pidfd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # already ended
            self._pidfd, self.returncode = None, 0

    def poll(self) -> int | None:
        if self.returncode is None and self._pidfd is not None:
            ended = select.select([self._pidfd], [], [], 0)[0]
            if ended:
                os.close(self._pidfd)
                self._pidfd, self.returncode = None, 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.poll() is None and self._pidfd is not None:
            ended = select.select([self._pidfd], [], [], timeout)[0]
            if not ended:
                raise subprocess.TimeoutExpired(["kernel"], timeout or 0)
        return self.poll() or 0

    def send_signal(self, signum: int) -> None:
        if self._pidfd is not None and self.poll() is None:
            signal.pidfd_send_signal(self._pidfd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def forking_supported() -> bool:
    """Whether this system can fork kernels and follow forks that are not its children
    (Linux 5.3 or later: process file descriptors)."""
    needed = hasattr(os, "fork") and hasattr(os, "pidfd_open")
    if not needed or not hasattr(signal, "pidfd_send_signal"):
        return False
    try:
        os.close(os.pidfd_open(os.getpid()))
    except OSError:
        return False
    return True


#: How the server is started: its file run as a script, but with no folder of lessonkit's
#: in the import path (see :mod:`.forkserver`).
_BOOT = (
    f"import runpy; runpy.run_path({str(Path(__file__).with_name('forkserver.py'))!r}, "
    "run_name='__main__')"
)


class ForkServer:
    """One :mod:`.forkserver` process, started with ``python`` in ``env`` (the kernels'
    environment), having imported ``modules``; :meth:`close` ends it and its kernels.
    With ``wait=False`` it imports them while the caller goes on; the first kernel waits."""

    def __init__(
        self, python: str, env: dict[str, str], modules: list[str], *, wait: bool = True
    ) -> None:
        if not forking_supported():
            raise RuntimeError("this system cannot fork kernels and follow them (Linux only)")
        self.python = python
        self.modules = list(modules)
        self._lock = threading.Lock()
        self._folder = tempfile.TemporaryDirectory(prefix="lessonkit-forks-")
        try:
            self._process = subprocess.Popen(
                [python, "-c", _BOOT, *modules],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                cwd=self._folder.name,  # no module of any notebook's folder can be imported
                env=env,
                text=True,
            )
        except OSError as problem:
            self._folder.cleanup()
            raise RuntimeError(f"the fork server did not start: {problem}") from problem
        self.pid = self._process.pid
        self._hello: dict[str, Any] | None = None
        if wait:
            self.wait_ready()

    def wait_ready(self) -> None:
        """Wait until the server has imported its modules (at once after the first time);
        RuntimeError if it ended instead."""
        with self._lock:
            if self._hello is None:
                self._hello = self._read()
        if not self._hello.get("ready"):
            self.close()
            raise RuntimeError(f"the fork server did not start: {self._hello.get('error')}")

    @property
    def skipped(self) -> list[str]:
        """The modules that failed to import (the notebooks that import them meet the
        error in their own kernels)."""
        self.wait_ready()
        assert self._hello is not None
        return list(self._hello.get("failed", []))

    def _read(self) -> dict[str, Any]:
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:  # it closed its output: it has ended, or is ending
            try:
                status: int | None = self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                status = None
            return {"error": f"it ended (exit status {status})"}
        answer: dict[str, Any] = json.loads(line)
        return answer

    def spawn(self, args: list[str], cwd: str, env: dict[str, str]) -> ForkedProcess:
        """A kernel run as ``python -m ipykernel_launcher ARGS`` in ``cwd`` with ``env``."""
        request = json.dumps({"args": args, "cwd": cwd, "env": env}) + "\n"
        self.wait_ready()
        with self._lock:
            assert self._process.stdin is not None
            try:
                self._process.stdin.write(request)
                self._process.stdin.flush()
            except OSError as problem:
                raise RuntimeError(f"the fork server has ended: {problem}") from problem
            answer = self._read()
        if "pid" not in answer:
            raise RuntimeError(f"the fork server could not start a kernel: {answer.get('error')}")
        return ForkedProcess(int(answer["pid"]))

    def close(self) -> None:
        """End the server at once: it keeps nothing, and a kernel it forked that still
        runs ends when it sees its parent gone."""
        if self._process.stdin:
            self._process.stdin.close()
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        if self._process.stdout:
            self._process.stdout.close()
        self._folder.cleanup()

    def __enter__(self) -> ForkServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def kernel_python() -> str:
    """The Python that jupyter_client runs the ``python3`` kernel with."""
    from jupyter_client.kernelspec import KernelSpecManager

    python = str(KernelSpecManager().get_kernel_spec("python3").argv[0])
    version = sys.version_info
    plain = {"python", f"python{version[0]}", f"python{version[0]}.{version[1]}"}
    return sys.executable if python in plain else python
