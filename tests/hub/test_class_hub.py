"""A class of students on a real JupyterHub, from the launch link to the gradebook.

Ten students at once open lesson 1's JupyterHub launch link, run the lesson in their own
server, answer its quiz through the live widget and press "Hand in my answers". One comes
back after the due time, improves an answer and hands in again; one on the roster never
comes. The teacher then runs ``lessonkit collect`` and ``lessonkit gradebook`` on the
exchange: every student's answers must be there with the scores the quiz's key gives.
Finally nbgitpuller's promises to students are checked: an edited lesson keeps the edit
when the link is clicked again (while the teacher's new change arrives too), and a
deleted lesson comes back fresh.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from lessonkit.quiz import Quiz

from . import hubapp
from .classroom import (
    LESSON,
    QUIZ,
    REPOSITORY,
    ClassRun,
    attend,
    plan,
    run_class,
    served_clone,
)
from .links import launch_link
from .student import Student

pytestmark = [pytest.mark.hub, pytest.mark.server]

CLASS_SIZE = 10
NAMES = [f"student{n:02d}" for n in range(1, CLASS_SIZE + 1)]
ABSENT = "student99"
LESSONKIT = Path(sys.executable).parent / "lessonkit"


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[hubapp.Hub]:
    """The hub, its course exchange (inbound mode 1733) and the served repository."""
    base = tmp_path_factory.mktemp("hub")
    served = served_clone(base)
    exchange = base / "exchange" / "history-9b"
    (exchange / "inbound").mkdir(parents=True)
    (exchange / "inbound").chmod(0o1733)
    gitconfig = hubapp.git_rule(base, served, REPOSITORY)
    try:
        running = hubapp.start(base, exchange=exchange, gitconfig=gitconfig)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield running
    finally:
        problems = hubapp.stop(running)
        if problems:
            print(running.log_tail())
            pytest.fail("hub teardown: " + "; ".join(problems), pytrace=False)


def _teacher(*arguments: str) -> str:
    """A ``lessonkit`` command in the teacher's terminal; its output."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LESSONKIT_")}
    result = subprocess.run(
        [str(LESSONKIT), *arguments], capture_output=True, text=True, env=environment, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_class_hands_in_and_the_teacher_grades(hub: hubapp.Hub, tmp_path: Path) -> None:
    quiz = Quiz.from_yaml(QUIZ)
    plans = {name: plan(quiz, n) for n, name in enumerate(NAMES)}
    run: ClassRun = run_class(hub, NAMES, plans)
    for name in NAMES:
        visit = run.visits[name]
        expected = {q: "correct" if s == 1.0 else "incorrect" for q, (_, s) in plans[name].items()}
        assert visit.verdicts == expected, name
        assert visit.handed_in[0].startswith("Handed in at "), visit.handed_in
        assert f"Answers in the file: {len(expected)}." in visit.handed_in[0]
    print(
        f"\n{CLASS_SIZE} students in {run.seconds:.1f} s ({run.per_minute:.1f} a minute); "
        f"peak memory per server {max(run.peaks.values()) / 2**20:.0f} MiB"
    )

    # After the due time, one student comes back, gets everything right, hands in again.
    due = dt.datetime.now(dt.timezone.utc)
    late = NAMES[0]
    improved = {q: _right_answer(quiz, q) for q in plans[late]}
    again = attend(hub.url, late, improved)
    assert set(again.verdicts.values()) == {"correct"}

    roster = tmp_path / "roster.txt"
    roster.write_text("\n".join([*NAMES, ABSENT]) + "\n", encoding="utf-8")
    exchange = str(hub.exchange)
    report = _teacher(
        "collect", "--exchange", exchange, "--roster", str(roster), "--due", due.isoformat()
    )
    assert f"{CLASS_SIZE - 1} handed in, 1 late, 1 missing, 1 handed in more than once" in report
    rows = {line.split()[0]: line.split() for line in report.splitlines()[2:] if line.strip()}
    assert rows[late][1:2] == ["2"] and "late" in rows[late]
    assert rows[ABSENT][1:3] == ["0", "-"] and "missing" in rows[ABSENT]

    scores = tmp_path / "scores.csv"
    graded = _teacher("gradebook", "--exchange", exchange, "--csv", str(scores))
    assert f"{CLASS_SIZE} students" in graded
    expected_scores = {name: {q: s for q, (_, s) in plans[name].items()} for name in NAMES}
    expected_scores[late] = dict.fromkeys(plans[late], 1.0)
    assert _read_scores(scores, NAMES) == expected_scores


def _right_answer(quiz: Quiz, question_id: str) -> tuple[object, float]:
    for n in range(3):
        answer = plan(quiz, n)[question_id]
        if answer[1] == 1.0:
            return answer
    raise AssertionError(question_id)


def _read_scores(path: Path, students: list[str]) -> dict[str, dict[str, float]]:
    """The gradebook's scores CSV as student -> question id -> score.

    The header may be one row or several (quiz id, question id): the last header row with
    names in it names the questions; a ``quiz/question`` name counts by its question.
    """
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    first = next(n for n, row in enumerate(rows) if row and row[0] in students)
    names = [row for row in rows[:first] if any(cell for cell in row[1:])][-1]
    questions = any("/" in name for name in names)  # totals come first, then quiz/question
    found: dict[str, dict[str, float]] = {}
    for row in rows[first:]:
        found[row[0]] = {
            column.rsplit("/", 1)[-1]: float(value)
            for column, value in zip(names[1:], row[1:], strict=True)
            if value != "" and ("/" in column or not questions)
        }
    return found


def test_an_edit_survives_the_link_and_a_deleted_lesson_comes_back(
    hub: hubapp.Hub, tmp_path: Path
) -> None:
    editor, deleter = Student("editor", hub.url), Student("deleter", hub.url)
    link = launch_link(hubapp.ROOT, hub.url, LESSON, REPOSITORY)
    path = f"lessonkit/{LESSON}.md"
    with ThreadPoolExecutor(max_workers=2) as pool:  # both click at once
        list(pool.map(lambda student: student.open_link(link), (editor, deleter)))
    original = editor.api("GET", f"contents/{path}", params={"type": "file", "format": "text"})
    mine = original["content"].replace(
        "# Lesson 1:", "My note: read the letters first.\n\n# Lesson 1:", 1
    )
    editor.api("PUT", f"contents/{path}", json={"type": "file", "format": "text", "content": mine})
    deleter.api("DELETE", f"contents/{path}")

    # The teacher changes the end of the lesson and publishes it.
    served = hub.base / "served" / "lessonkit"
    lesson = served / f"{LESSON}.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\nA closing thought from the teacher.\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "-C", str(served), "commit", "-qam", "A closing thought"], check=True)

    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(lambda student: student.open_link(link), (editor, deleter)))
    edited = editor.api("GET", f"contents/{path}", params={"type": "file", "format": "text"})
    assert edited["content"].startswith(mine.split("# Lesson 1:")[0])  # the student's edit
    assert edited["content"].rstrip().endswith("A closing thought from the teacher.")
    fresh = deleter.api("GET", f"contents/{path}", params={"type": "file", "format": "text"})
    assert fresh["content"] == lesson.read_text(encoding="utf-8")
