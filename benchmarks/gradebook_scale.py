"""The gradebook at class sizes of 300, 3,000 and 30,000 handed-in files (issue 19).

Targets: time <= 2x reading the same files with plain ``json``; the HTML report adds at
most 0.5x of that; peak memory <= 200 MB at any size. Each figure runs in a fresh
Python process that imports what the command would (its peak memory is that process's
maximum resident size); the imports are loaded before the clock starts (a fixed cost of
every run, not of the class size). Each file holds 10 quizzes x 7
questions with one or two attempts, claimed as the browser grades them, and is
regraded against 10 quiz files.

Usage: ``python benchmarks/gradebook_scale.py [--sizes 300 3000 30000] [--runs N]``; exit
status 1 when a target is missed. ``make bench`` (``benchmarks/run.py``) prints this table
too.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

QUESTIONS = """\
  - {{id: q0, type: single, prompt: P, points: 2, options: [{{id: a, text: A, correct: true}}, {{id: b, text: B}}, {{id: c, text: C}}]}}
  - {{id: q1, type: multiple, prompt: P, options: [{{id: a, text: A, correct: true}}, {{id: b, text: B, correct: true}}, {{id: c, text: C}}]}}
  - {{id: q2, type: true_false, prompt: P, answer: true}}
  - {{id: q3, type: numeric, prompt: P, answer: 19{lesson}0, tolerance: 1}}
  - {{id: q4, type: text, prompt: P, answers: [word, other]}}
  - {{id: q5, type: ordering, prompt: P, items: [{{id: a, text: A}}, {{id: b, text: B}}, {{id: c, text: C}}]}}
  - {{id: q6, type: matching, prompt: P, pairs: [{{id: a, left: A, right: X}}, {{id: b, left: B, right: Y}}]}}
"""
CHOICES: dict[str, list[Any]] = {
    "q0": ["a", "b", "c"],
    "q1": [["a", "b"], ["a"], ["a", "c"]],
    "q2": [True, False],
    "q3": None,  # filled per lesson
    "q4": ["word", "wrod", "nothing"],
    "q5": [["a", "b", "c"], ["b", "a", "c"], ["c", "b", "a"]],
    "q6": [{"a": "a", "b": "b"}, {"a": "b", "b": "a"}, {"a": "a"}],
}

MEASURE = """
import json, sys, time
from pathlib import Path
kind, folder, quizzes = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
if kind != "plain":  # what the command imports, before the clock
    import pandas, jsonschema_rs
    from lessonkit.teacher.gradebook import gradebook
    from lessonkit.teacher import quizversions, regrade, tables
    from lessonkit.answers import handin_reader
    import yaml, platformdirs  # and what reading the quiz files imports
    from lessonkit.quiz import loader, checked
if kind == "html":
    from lessonkit.teacher import chart, report
paths = sorted(folder.glob("*.json"))
start, cpu = time.perf_counter(), time.process_time()
if kind == "plain":
    for p in paths:
        with p.open(encoding="utf-8") as handle:
            json.load(handle)
else:
    book = gradebook(paths, quizzes)
    assert not book.problems, book.problems[:3]
    if kind == "html":
        book.write_html(folder.parent / "report.html")
seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
# the peak of this process only: VmHWM (ru_maxrss would include the parent's size at fork)
with open("/proc/self/status", encoding="ascii") as status:
    peak = int(next(line.split()[1] for line in status if line.startswith("VmHWM:"))) / 1024
print(json.dumps([seconds, peak, cpu]))
"""


def write_quizzes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for lesson in range(10):
        text = f"id: lesson-{lesson}\ntitle: Lesson {lesson}\nversion: 1\nquestions:\n"
        (folder / f"lesson-{lesson}.yaml").write_text(text + QUESTIONS.format(lesson=lesson))
    return folder


def write_class(folder: Path, size: int, quizzes: Path) -> None:
    """``size`` hand-in files whose claims agree with the grader."""
    from lessonkit.answers.handin import build_handin
    from lessonkit.answers.store import AnswerRecord
    from lessonkit.quiz import Quiz, grade_question

    folder.mkdir(parents=True, exist_ok=True)
    if len(list(folder.glob("*.json"))) == size:  # kept from an earlier run (--keep)
        return
    lessons = [Quiz.from_yaml(quizzes / f"lesson-{n}.yaml") for n in range(10)]
    rng = random.Random(3)
    for s in range(size):
        records = []
        for n, quiz in enumerate(lessons):
            for q in quiz.questions:
                choices = CHOICES[q.id] or [f"19{n}0", f"19{n}5", "1800"]
                for attempt in range(1, rng.randint(1, 2) + 1):
                    answer = rng.choice(choices)
                    verdict = grade_question(q, answer)
                    records.append(
                        AnswerRecord(
                            f"2026-01-0{1 + n % 9}T10:{attempt:02d}:00+00:00",
                            quiz.id,
                            1,
                            q.id,
                            answer,
                            verdict.verdict,
                            verdict.score,
                            attempt,
                            quiz.title,
                        )
                    )
        document = build_handin(records, f"student-{s:05d}", version="bench")
        text = json.dumps(document, ensure_ascii=False, indent=1)
        (folder / f"student-{s:05d}.json").write_text(text, encoding="utf-8")


def _once(kind: str, folder: Path, quizzes: Path) -> tuple[float, float, float]:
    """Seconds, peak resident size (MiB) and CPU seconds of one process doing ``kind``.
    lessonkit's cache folder (the quiz files it has checked) is the benchmark's own,
    beside the quiz files."""
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, kind, str(folder), str(quizzes)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "LESSONKIT_CACHE": str(quizzes.parent / "cache")},
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    seconds, peak, cpu = json.loads(result.stdout.strip().splitlines()[-1])
    return float(seconds), float(peak), float(cpu)


def _summary(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Median seconds, the largest peak and the median CPU seconds of ``samples``."""
    return (
        statistics.median(s[0] for s in samples),
        max(s[1] for s in samples),
        statistics.median(s[2] for s in samples),
    )


def in_turns(
    kinds: tuple[str, ...], folder: Path, quizzes: Path, runs: int
) -> list[tuple[float, float, float]]:
    """Median seconds, the largest peak resident size (MiB) and the median CPU seconds of
    each of ``kinds``, one process of each in turn, ``runs`` times: on a loaded machine a
    figure and its comparison then meet the same load."""
    samples: dict[str, list[tuple[float, float, float]]] = {kind: [] for kind in kinds}
    for _ in range(runs):
        for kind in kinds:
            samples[kind].append(_once(kind, folder, quizzes))
    return [_summary(samples[kind]) for kind in kinds]


def rows(sizes: list[int], runs: int, keep: Path | None = None) -> list[dict[str, Any]]:
    """One row per size: gradebook, plain json, HTML report, and their peaks."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        base = keep or Path(tmp)
        quizzes = write_quizzes(base / "quizzes")
        for size in sizes:
            folder = base / f"class-{size}" / "handins"
            write_class(folder, size, quizzes)
            repeat = runs if size <= 3000 else min(runs, 3)  # each run takes seconds there
            _once("plain", folder, quizzes)  # the files in the page cache for everyone
            # the first run of a class: the quiz files are checked and kept (later runs,
            # and the teacher's next ones, take them from the cache folder)
            shutil_rmtree(quizzes.parent / "cache")
            first = _once("gradebook", folder, quizzes)[0]
            (plain, plain_peak, plain_cpu), (ours, peak, cpu), (html, html_peak, html_cpu) = (
                in_turns(("plain", "gradebook", "html"), folder, quizzes, repeat)
            )
            found.append(
                {
                    "files": size,
                    "gradebook_s": ours,
                    "plain_json_s": plain,
                    "ratio": ours / plain,
                    # the quiz files not yet checked (no target: once per edit of a quiz)
                    "first_run_s": first,
                    "first_run_ratio": first / plain,
                    "html_s": html,
                    "html_added": (html - ours) / plain,
                    "peak_mib": peak,
                    "html_peak_mib": html_peak,
                    "plain_peak_mib": plain_peak,
                    # CPU time, for a machine shared with other work (no target)
                    "cpu_ratio": cpu / plain_cpu,
                    "html_cpu_added": (html_cpu - cpu) / plain_cpu,
                }
            )
            if keep is None:
                shutil_rmtree(folder.parent)
            print(f"  measured: gradebook over {size:,} files", file=sys.stderr, flush=True)
    return found


def shutil_rmtree(path: Path) -> None:
    import shutil

    shutil.rmtree(path, ignore_errors=True)


def curve(found: list[dict[str, Any]]) -> Any:
    """The gradebook's growth curve (time and peak memory by class size), for run.py."""
    from growth import Curve

    return Curve(
        "gradebook (regrading every answer)",
        "files",
        [r["files"] for r in found],
        [r["gradebook_s"] for r in found],
        [r["peak_mib"] for r in found],
    )


def short_of(row: dict[str, Any]) -> list[str]:
    """The targets a row misses: time (<= 2x plain json), html (adds <= 0.5x), memory
    (<= 200 MB, with or without the HTML report)."""
    peak = max(row["peak_mib"], row["html_peak_mib"]) * 1.048576
    checks = {"time": row["ratio"] <= 2.0, "html": row["html_added"] <= 0.5, "memory": peak <= 200}
    return [name for name, ok in checks.items() if not ok]


def table(found: list[dict[str, Any]]) -> str:
    """The Markdown table, with the targets and pass/short for each figure."""
    lines = [
        "| files | gradebook | plain json | ratio (<= 2x) | with --html | HTML adds (<= 0.5x) "
        "| peak memory (<= 200 MB) | with --html | result | CPU time: ratio, HTML adds |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for r in found:
        missed = short_of(r)
        verdict = f"SHORT ({', '.join(missed)})" if missed else "pass"
        lines.append(
            f"| {r['files']:,} | {r['gradebook_s']:.2f} s | {r['plain_json_s']:.2f} s | "
            f"{r['ratio']:.2f}x | {r['html_s']:.2f} s | {r['html_added']:.2f}x | "
            f"{r['peak_mib'] * 1.048576:.0f} MB ({r['plain_peak_mib'] * 1.048576:.0f} MB plain) | "
            f"{r['html_peak_mib'] * 1.048576:.0f} MB | "
            f"{verdict} | {r['cpu_ratio']:.2f}x, {r['html_cpu_added']:.2f}x |"
        )
    lines.append(
        "\nThe first run, before lessonkit had checked the quiz files (kept from then on): "
        + ", ".join(f"{r['first_run_ratio']:.2f}x plain json at {r['files']:,}" for r in found)
        + "."
    )
    if len(found) > 1:
        first, last = found[0], found[-1]
        growth = (last["gradebook_s"] / first["gradebook_s"]) / (last["files"] / first["files"])
        memory = last["peak_mib"] / first["peak_mib"]
        lines.append(
            f"\nGrowth from {first['files']:,} to {last['files']:,} files: time x"
            f"{last['gradebook_s'] / first['gradebook_s']:.1f} ({growth:.2f} of linear), "
            f"peak memory x{memory:.2f}."
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 3000, 30000])
    parser.add_argument(
        "--runs", type=int, default=3, help="runs per figure (at most 3 above 3,000 files)"
    )
    parser.add_argument("--json", help="also write the rows as JSON")
    parser.add_argument("--keep", help="write the files to this folder and keep them")
    args = parser.parse_args()
    found = rows(args.sizes, args.runs, Path(args.keep) if args.keep else None)
    print(table(found))
    if args.json:
        Path(args.json).write_text(json.dumps(found, indent=1))
    return 1 if any(short_of(r) for r in found) else 0


if __name__ == "__main__":
    sys.exit(main())
