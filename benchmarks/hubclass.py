"""The class on a real JupyterHub (tests/hub): how fast a hub on this machine serves
students, and how much memory each student's server takes.

One hub serves ``runs`` classes of ``CLASS_SIZE`` students, each class doing what the
class test does (launch link, lesson 1 run, quiz answered, hand-in). The comparison,
measured on the same hub in the same run: one student alone (for the time per student)
and an idle student server whose kernel ran nothing (for the memory).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from hub import hubapp  # noqa: E402
from hub.classroom import (  # noqa: E402
    QUIZ,
    REPOSITORY,
    MemoryWatch,
    attend,
    plan,
    run_class,
    served_clone,
)
from hub.links import launch_link  # noqa: E402
from hub.student import Student, StudentError  # noqa: E402

from lessonkit.quiz import Quiz  # noqa: E402

CLASS_SIZE = 10
TARGET_CLASS = 300
_RESULTS: dict[str, list[float]] = {}


def _idle_server_peak(hub: hubapp.Hub, name: str) -> float:
    """Resident memory of a student server whose kernel ran nothing (the floor)."""
    student = Student(name, hub.url)
    student.open_link(
        launch_link(ROOT, hub.url, "lessons/01-writing-to-a-psychiatrist", REPOSITORY)
    )
    kernel = student.start_kernel("lessonkit/lessons/01-writing-to-a-psychiatrist.md")
    try:
        kernel.execute("pass")
        time.sleep(1)
        watch = MemoryWatch(hub)
        watch.sample()
        return float(watch.peaks[name])
    finally:
        kernel.close()


def _series(runs: int) -> dict[str, list[float]]:
    """Per run: the class's wall time per student, a lone student's time, the servers'
    median peak memory and an idle server's memory."""
    if _RESULTS:
        return _RESULTS
    quiz = Quiz.from_yaml(QUIZ)
    results: dict[str, list[float]] = {"class": [], "alone": [], "memory": [], "idle": []}
    with tempfile.TemporaryDirectory(prefix="lk-hub-bench-") as tmp:
        base = Path(tmp)
        served = served_clone(base)
        exchange = base / "exchange" / "bench"
        (exchange / "inbound").mkdir(parents=True)
        gitconfig = hubapp.git_rule(base, served, REPOSITORY)
        hub = hubapp.start(base, exchange=exchange, gitconfig=gitconfig)
        try:
            for r in range(runs):
                names = [f"r{r}-student{n:02d}" for n in range(CLASS_SIZE)]
                plans = {name: plan(quiz, n) for n, name in enumerate(names)}
                try:
                    run = run_class(hub, names, plans)
                except StudentError as error:
                    raise StudentError(f"{error}\nThe hub's log:\n{hub.log_tail(40)}") from None
                results["class"].append(run.seconds / CLASS_SIZE)
                results["memory"].append(statistics.median(run.peaks.values()) / 2**20)
                for name in names:
                    hub.stop_server(name)
                alone = f"r{r}-alone"
                started = time.monotonic()
                attend(hub.url, alone, plan(quiz, 0))
                results["alone"].append(time.monotonic() - started)
                hub.stop_server(alone)
                idle = f"r{r}-idle"
                results["idle"].append(_idle_server_peak(hub, idle) / 2**20)
                hub.stop_server(idle)
        finally:
            hubapp.stop(hub)
    _RESULTS.update(results)
    return _RESULTS


def extrapolation(seconds_per_student: float, mib_per_server: float, cores: int) -> str:
    """What the measured figures say about a class of ``TARGET_CLASS`` students."""
    per_minute = 60 / seconds_per_student
    minutes = TARGET_CLASS / per_minute
    return (
        f"{per_minute:.1f} students a minute on {cores} cores: {TARGET_CLASS} arriving at "
        f"once are all working after ~{minutes:.0f} min here, ~{minutes * cores / 16:.1f} min "
        f"on 16 cores; {TARGET_CLASS} servers at their peak need "
        f"~{TARGET_CLASS * mib_per_server / 1024:.0f} GiB"
    )


def measure_class(runs: int) -> tuple[float, float, str]:
    from figures import cpu_count

    series = _series(runs)
    per_student = statistics.median(series["class"])
    memory = statistics.median(series["memory"])
    note = f"{CLASS_SIZE} at once; " + extrapolation(per_student, memory, cpu_count())
    return per_student, statistics.median(series["alone"]), note


def measure_memory(runs: int) -> tuple[float, float, str]:
    series = _series(runs)
    return (
        statistics.median(series["memory"]),
        statistics.median(series["idle"]),
        "RSS of server + kernel after lesson 1, vs. a server whose kernel ran nothing",
    )
