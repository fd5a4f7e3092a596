"""The progress store at 1,000, 100,000 and 1,000,000 answers (benchmarks/run.py rows).

- a checked answer in the live widget (grading, saving, the restore state): <= 10 ms at
  every size; compared with one plain sqlite3 INSERT into the same file;
- ``lessonkit progress``: <= 2x a plain SQL aggregate of the same file;
- ``lessonkit export-responses``: <= 2x plain sqlite3 + json writing the same answers
  (processor time), and a peak memory of <= 200 MB at 1,000,000 answers (the plain
  writer's peak beside).

The stores are made once per run (a temporary folder, removed at exit): answers to 200
quizzes of 10 questions each, one of them the first lesson's quiz.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import json
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIZ = sorted((ROOT / "lessons" / "quizzes").glob("01-*.yaml"))[0]
SIZES = {"1k": 1_000, "100k": 100_000, "1m": 1_000_000}
_FOLDER = Path(tempfile.mkdtemp(prefix="lessonkit-bench-store-"))
atexit.register(shutil.rmtree, _FOLDER, True)
_MADE: dict[int, Path] = {}


def _quiz() -> object:
    from lessonkit.quiz import Quiz

    return Quiz.from_yaml(QUIZ)


def store_of(size: int) -> Path:
    """A store of ``size`` answers (made once, then copied for each use)."""
    if size not in _MADE:
        from lessonkit.answers import ProgressStore

        path = _FOLDER / f"made-{size}.sqlite"
        with ProgressStore(path) as made:  # lessonkit's file: application id, layout, WAL
            made.set_setting("student", "Bench")
        quiz_id = str(_quiz().id)  # type: ignore[attr-defined]
        quizzes = [quiz_id] + [f"lesson-{n:03d}" for n in range(199)]
        conn = sqlite3.connect(path)
        with conn:
            conn.executemany(
                "INSERT INTO answers (recorded_at, quiz_id, quiz_version, quiz_title,"
                " question_id, answer, verdict, score) VALUES (?, ?, 1, ?, ?, ?, ?, ?)",
                (
                    (
                        f"2026-01-{1 + n % 28:02d}T10:{n % 60:02d}:00.000+00:00",
                        quizzes[n % 200],
                        f"Quiz {n % 200}",
                        f"q{(n // 200) % 10}",
                        json.dumps(["option", n % 4]),
                        "correct" if n % 3 else "incorrect",
                        1.0 if n % 3 else 0.0,
                    )
                    for n in range(size)
                ),
            )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _MADE[size] = path
    copy = _FOLDER / f"copy-{size}" / "progress.sqlite"
    shutil.rmtree(copy.parent, ignore_errors=True)
    copy.parent.mkdir()
    shutil.copy(_MADE[size], copy)
    return copy


def _median_ms(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# -- a checked answer ---------------------------------------------------------------------


def answer(size: int, runs: int) -> tuple[float, float, str]:
    from lessonkit.answers import ProgressStore
    from lessonkit.live.widget import QuizWidget

    quiz = _quiz()
    question = quiz.questions[0]  # type: ignore[attr-defined]
    path = store_of(size)
    widget = QuizWidget(quiz, store=ProgressStore(path))  # type: ignore[arg-type]
    choices = [o.id for o in question.options]
    count = iter(range(10**9))

    def check() -> None:
        n = next(count)
        widget.submission = {"question_id": question.id, "answer": choices[n % 4], "attempt": n}

    first = _median_ms(check, 1)  # the widget's first write to the file it opened
    ours = _median_ms(check, max(runs * 10, 30))
    assert getattr(widget, "unsaved", 0) == 0, widget.store_error
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=NORMAL")

    def plain() -> None:
        conn.execute(
            "INSERT INTO answers (recorded_at, quiz_id, quiz_version, quiz_title, question_id,"
            " answer, verdict, score) VALUES ('2026-01-01T10:00:00.000+00:00', 'x', 1, 'X',"
            " 'q', '\"a\"', 'correct', 1.0)"
        )

    comparison = _median_ms(plain, max(runs * 10, 30))
    conn.close()
    note = f"median of the checks, the first {first:.2f} ms; the widget opened the store once"
    return ours, comparison, note


# -- lessonkit progress -----------------------------------------------------------------------


def progress(size: int, runs: int) -> tuple[float, float, str]:
    from lessonkit.cli import main

    path = store_of(size)

    def ours() -> None:
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["progress", "--store", str(path)]) == 0

    def plain() -> None:
        conn = sqlite3.connect(path)
        conn.execute(
            "SELECT quiz_id, question_id, count(*), max(id) FROM answers"
            " GROUP BY quiz_id, question_id"
        ).fetchall()
        conn.close()

    ours()  # warm the file cache and the imports
    return _median_ms(ours, runs), _median_ms(plain, runs), "in process, a warm file cache"


# -- export-responses -------------------------------------------------------------------------

_PLAIN_EXPORT = """
import json, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write('{"responses": [')
    for n, r in enumerate(conn.execute(
        "SELECT recorded_at, quiz_id, quiz_version, quiz_title, question_id, answer, verdict,"
        " score FROM answers ORDER BY id")):
        out.write(("," if n else "") + json.dumps({
            "recorded_at": r[0], "quiz_id": r[1], "quiz_version": r[2], "quiz_title": r[3],
            "question_id": r[4], "answer": json.loads(r[5]), "verdict": r[6], "score": r[7]},
            ensure_ascii=False))
    out.write("]}")
"""
_OURS_EXPORT = """
import sys
from lessonkit.cli import main
sys.exit(main(["export-responses", "--store", sys.argv[1], "-o", sys.argv[2],
               "--student", "Bench"]))
"""
# The peak of this process only: VmHWM (ru_maxrss would include the parent's size at fork).
_PEAK = """
import sys
code = sys.argv[1]
sys.argv = sys.argv[1:]
try:
    exec(compile(code, "<export>", "exec"), {"__name__": "__main__"})
except SystemExit as done:
    if done.code:
        raise
with open("/proc/self/status", encoding="ascii") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(peak, file=sys.stderr)
"""


def _run_export(code: str, store: Path, output: Path) -> tuple[float, float]:
    """(processor seconds, peak resident MB) of ``code`` exporting ``store`` in a fresh
    process. Processor time (user + system), not wall time: on a machine that others
    share, waiting for a turn on a core is not the export's own cost."""
    output.unlink(missing_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, code, str(store), str(output)],
        capture_output=True,
        text=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"the export failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, int(done.stderr.strip().splitlines()[-1]) / 1024


def _exports(size: int, runs: int) -> dict[str, list[tuple[float, float]]]:
    path = store_of(size)
    output = path.parent / "out.json"
    found: dict[str, list[tuple[float, float]]] = {"ours": [], "plain": []}
    for _ in range(runs):
        found["ours"].append(_run_export(_OURS_EXPORT, path, output))
        found["plain"].append(_run_export(_PLAIN_EXPORT, path, output))
    return found


_EXPORT_CACHE: dict[tuple[int, int], dict[str, list[tuple[float, float]]]] = {}


def _export_runs(size: int, runs: int) -> dict[str, list[tuple[float, float]]]:
    if (size, runs) not in _EXPORT_CACHE:
        _EXPORT_CACHE[(size, runs)] = _exports(size, runs)
    return _EXPORT_CACHE[(size, runs)]


def export_time(size: int, runs: int) -> tuple[float, float, str]:
    found = _export_runs(size, min(runs, 3) if size >= 1_000_000 else runs)
    ours = statistics.median(s for s, _ in found["ours"])
    plain = statistics.median(s for s, _ in found["plain"])
    return ours, plain, "processor time of fresh processes, interpreter start included"


def export_memory(size: int, runs: int) -> tuple[float, float, str]:
    found = _export_runs(size, min(runs, 3) if size >= 1_000_000 else runs)
    ours = max(m for _, m in found["ours"])
    plain = max(m for _, m in found["plain"])
    return ours, plain, "peak resident memory; compared with the plain writer's"


def specs(spec: Callable[..., object]) -> list[object]:
    """The rows of benchmarks/run.py (``spec`` is figures.Spec)."""
    rows: list[object] = []
    for label, size in SIZES.items():
        shown = f"{size:,}"
        rows.append(
            spec(
                f"answer-{label}",
                f"a checked answer in the live widget, {shown} answers",
                "ms",
                "<= 10 ms",
                "at most",
                10.0,
                lambda runs, size=size: answer(size, runs),
            )
        )
    for label, size in SIZES.items():  # the targets are for 1,000,000 answers
        last = size == max(SIZES.values())
        rows.append(
            spec(
                f"progress-{label}",
                f"lessonkit progress, {size:,} answers",
                "ms",
                "<= 2x a plain SQL aggregate" if last else "(growth)",
                "ratio" if last else "info",
                2.0,
                lambda runs, size=size: progress(size, runs),
            )
        )
    for label, size in SIZES.items():
        last = size == max(SIZES.values())
        rows.append(
            spec(
                f"export-{label}",
                f"export-responses, {size:,} answers",
                "s",
                "<= 2x plain sqlite3 + json" if last else "(growth)",
                "ratio" if last else "info",
                2.0,
                lambda runs, size=size: export_time(size, runs),
            )
        )
    rows.append(
        spec(
            "export-memory-1m",
            "export-responses peak memory, 1,000,000 answers",
            "MB",
            "<= 200 MB",
            "at most",
            200.0,
            lambda runs: export_memory(1_000_000, runs),
        )
    )
    return rows
