"""The processes a test started, found through /proc (Linux), for stopping servers cleanly.

A process is named by its id and its start time, so that an id the system has given to a
new process since is never taken for the old one.
"""

from __future__ import annotations

from pathlib import Path


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


def still_running(processes: dict[int, str]) -> list[int]:
    """The ones of ``processes`` (pid -> start time) that have not ended."""
    table = process_table()
    return [pid for pid, started in processes.items() if pid in table and table[pid][1] == started]
