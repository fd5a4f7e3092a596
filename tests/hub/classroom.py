"""A class on a real hub: students open a lesson's launch link, run it, answer, hand in.

``run_class`` is shared by the class test (tests/hub/test_class_hub.py) and the
benchmark (benchmarks/hub.py). Every student runs in a thread of their own, all at once:

1. opens the lesson's JupyterHub launch link (made by the book's theme from `_config.yml`);
2. runs every code cell of the lesson in a kernel of their server;
3. answers the lesson's quiz through the widget's model, as the front end does, with a
   plan of right and wrong answers known in advance, and checks each verdict;
4. presses "Hand in my answers" (the widget's ``handin_request``).

The hub serves a temporary clone of the worktree's committed state at the address of
the book's repository (a git ``insteadOf`` rule, see ``hubapp``).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from lessonkit.quiz import Quiz
from lessonkit.quiz.questions import SingleChoice, TrueFalse

from . import hubapp
from .links import launch_link
from .student import Kernel, Student, StudentError

ROOT = hubapp.ROOT
LESSON = "lessons/01-writing-to-a-psychiatrist"
QUIZ = ROOT / "lessons" / "quizzes" / "01-writing-to-a-psychiatrist.yaml"
#: The teacher's fork, as `repository: url:` names it (served from a local folder).
REPOSITORY = "https://github.com/YOUR-ACCOUNT/lessonkit"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def served_clone(base: Path) -> Path:
    """A clone of the worktree's committed state, its branch named as in `_config.yml`."""
    served = base / "served" / "lessonkit"
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(ROOT), str(served)], check=True)
    subprocess.run(["git", "-C", str(served), "checkout", "-q", "-B", "main"], check=True)
    for key, value in (("user.name", "Teacher"), ("user.email", "teacher@localhost")):
        subprocess.run(["git", "-C", str(served), "config", key, value], check=True)
    return served


def plan(quiz: Quiz, student: int) -> dict[str, tuple[Any, float]]:
    """Student ``student``'s answer to each single-choice and true/false question, and its
    score by the quiz's key: every third answer (shifted per student) is wrong."""
    answers: dict[str, tuple[Any, float]] = {}
    for n, question in enumerate(quiz.questions):
        right = (student + n) % 3 != 0
        if isinstance(question, SingleChoice):
            options = [o.id for o in question.options if o.correct == right]
            answers[question.id] = (options[0], 1.0 if right else 0.0)
        elif isinstance(question, TrueFalse):
            answers[question.id] = (question.answer == right, 1.0 if right else 0.0)
    return answers


@dataclass
class Visit:
    """What one student did and saw."""

    name: str
    opened: float = 0.0  # seconds from the click to the lesson page
    executed: float = 0.0  # seconds to run the lesson's code cells
    verdicts: dict[str, str] = field(default_factory=dict)
    handed_in: list[str] = field(default_factory=list)  # the widget's status texts


def _quiz_model(outputs: list[dict[str, Any]]) -> str | None:
    for m in outputs:
        data = m.get("content", {}).get("data", {})
        if m["header"]["msg_type"] in ("display_data", "execute_result") and WIDGET_VIEW in data:
            return str(data[WIDGET_VIEW]["model_id"])
    return None


def answer(kernel: Kernel, model: str, answers: dict[str, tuple[Any, float]]) -> dict[str, str]:
    """Send each answer as the front end's ``submission``; the kernel's verdicts."""
    verdicts = {}
    for question_id, (given, _) in answers.items():
        submission = {"question_id": question_id, "answer": given, "attempt": 1}
        state = kernel.update_widget(model, {"submission": submission}, wait_for="results")
        verdicts[question_id] = state["results"][question_id]["verdict"]
    return verdicts


def hand_in(kernel: Kernel, model: str) -> str:
    """Press "Hand in my answers"; the sentence the widget then shows."""
    request = int(kernel.comms[model].get("handin_request", 0)) + 1
    state = kernel.update_widget(model, {"handin_request": request}, wait_for="handin_status")
    return str(state["handin_status"]["text"])


def attend(hub_url: str, name: str, answers: dict[str, tuple[Any, float]]) -> Visit:
    """One student's lesson: open the link, run the lesson, answer, hand in."""
    visit = Visit(name)
    student = Student(name, hub_url)
    started = time.monotonic()
    student.open_link(launch_link(ROOT, hub_url, LESSON, REPOSITORY))
    visit.opened = time.monotonic() - started
    notebook = student.api("GET", f"contents/lessonkit/{LESSON}.md", params={"type": "notebook"})
    kernel = student.start_kernel(f"lessonkit/{LESSON}.md")
    try:
        started = time.monotonic()
        model = None
        for cell in notebook["content"]["cells"]:
            if cell["cell_type"] == "code":
                model = _quiz_model(kernel.execute(cell["source"])) or model
        visit.executed = time.monotonic() - started
        if model is None:
            raise StudentError(f"{name}: the lesson showed no quiz widget")
        if not kernel.comms[model].get("handin_enabled"):
            raise StudentError(f"{name}: the quiz offers no 'Hand in' button on the hub")
        visit.verdicts = answer(kernel, model, answers)
        visit.handed_in.append(hand_in(kernel, model))
    finally:
        kernel.close()
    return visit


class MemoryWatch:
    """Peak resident memory of each student server's process tree, sampled twice a second."""

    def __init__(self, hub: hubapp.Hub) -> None:
        self.hub = hub
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemoryWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def sample(self) -> None:
        try:
            servers = psutil.Process(self.hub.process.pid).children()
        except psutil.Error:
            return
        for server in servers:
            try:
                user = server.environ().get("JUPYTERHUB_USER")
                if not user:
                    continue  # the proxy
                rss = server.memory_info().rss
                rss += sum(p.memory_info().rss for p in server.children(recursive=True))
            except psutil.Error:
                continue
            self.peaks[user] = max(rss, self.peaks.get(user, 0))

    def _run(self) -> None:
        while not self._stop.wait(0.5):
            self.sample()


@dataclass
class ClassRun:
    """A class's run: the visits, the wall time, the memory peaks."""

    visits: dict[str, Visit]
    seconds: float
    peaks: dict[str, int]

    @property
    def per_minute(self) -> float:
        return len(self.visits) * 60 / self.seconds


def run_class(
    hub: hubapp.Hub,
    names: list[str],
    plans: dict[str, dict[str, tuple[Any, float]]],
    *,
    attend_one: Callable[[str, str, dict[str, tuple[Any, float]]], Visit] = attend,
) -> ClassRun:
    """Every student in ``names`` attends at once; wall time from the first click."""
    with MemoryWatch(hub) as watch, ThreadPoolExecutor(max_workers=len(names)) as pool:
        started = time.monotonic()
        futures = {n: pool.submit(attend_one, hub.url, n, plans[n]) for n in names}
        visits = {n: f.result() for n, f in futures.items()}
        seconds = time.monotonic() - started
    return ClassRun(visits, seconds, dict(watch.peaks))
