"""The processes a test started, found through /proc (Linux), for stopping servers cleanly.

A process is named by its id and its start time, so that an id the system has given to a
new process since is never taken for the old one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any


def process_table() -> dict[int, tuple[int, str]]:
    """pid -> (parent pid, start time) of every process."""
    found: dict[int, tuple[int, str]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[int(stat.parent.name)] = (int(fields[1]), fields[19])
    return found


def descendants(pid: int) -> dict[int, str]:
    """The processes started by ``pid``, at any depth: pid -> start time."""
    table, found, todo = process_table(), {}, [pid]
    while todo:
        parent = todo.pop()
        for child, (ppid, started) in table.items():
            if ppid == parent and child not in found:
                found[child] = started
                todo.append(child)
    return found


def kernels_started_by(pid: int) -> set[int]:
    """The Jupyter kernels among the processes ``pid`` started, at any depth: kernels
    started alone, and book builds' fork servers with the kernels forked from them."""
    found = set()
    for child in descendants(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:  # it ended meanwhile
            continue
        if b"ipykernel_launcher" in command or b"forkserver.py" in command:
            found.add(child)
    return found


def still_running(processes: dict[int, str]) -> list[int]:
    """The ones of ``processes`` (pid -> start time) that have not ended."""
    table = process_table()
    return [pid for pid, started in processes.items() if pid in table and table[pid][1] == started]


def stop_server(
    process: subprocess.Popen[Any],
    name: str,
    *,
    timeout: float,
    also: dict[int, str] | None = None,
    grace: float = 10,
) -> list[str]:
    """Stop ``process`` with SIGTERM (a server stops its own children first); return what
    went wrong.

    Its child processes (and ``also``, processes it started in sessions of their own) are
    noted first; any still running ``grace`` seconds after the server has gone are killed,
    by their ids, and reported. ``name`` names the server in those reports.
    """
    problems: list[str] = []
    children = descendants(process.pid) if process.poll() is None else {}
    children.update(also or {})
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            problems.append(f"{name} ignored SIGTERM for {timeout:g} s and was killed")
            process.kill()
            process.wait(timeout=10)
    deadline = time.monotonic() + grace
    while still_running(children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = still_running(children)
    if left:
        problems.append(f"processes of {name} outlived it and were killed: {left}")
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
    return problems
