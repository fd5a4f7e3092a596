"""Sphinx time as the book grows: synthetic books of 40, 160 and 640 lessons (issue 19).

Each book is generated into a temporary folder: MyST Markdown lessons (headings, a
paragraph, a cross-reference to the previous lesson) in parts of 10 lessons, and the real
book's ``_config.yml`` (theme, templates, extensions) with execution off, so the clock
measures Sphinx alone. A build runs ``jupyter-book build`` in a fresh process; its peak
memory is the largest resident size of that process and its children.

Target: Sphinx time linear in lessons, T(640) <= 1.1 x 4 x T(160) (at most 10 % over
four times the 160-lesson time; a quadratic term shows as a ratio near 4 or more). The
fixed start-up (a few seconds) keeps the fitted exponent below 1, so the row also gives
the cost of each lesson added from one size to the next: equal when the growth is linear.
The theme draws the whole book's navigation on every page, so each page costs more as the
book grows; lessonkit draws the navigation once per build and marks each page's place in
it (``lessonkit.book.navigation``). ``--no-cache`` measures the theme's own behaviour
(``lessonkit_nav_cache: false``).

Usage: ``python benchmarks/sphinx_growth.py [--sizes 40 160 640] [--runs N] [--no-cache]``.
``make bench`` (``benchmarks/run.py``) runs it as ``sphinx-growth``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bookenv import book_bin

ROOT = Path(__file__).resolve().parent.parent
SIZES = (40, 160, 640)
PART = 10  # lessons per part of the table of contents
#: a single run of the largest book when one run of it takes longer than this
SINGLE_RUN_SECONDS = 120.0
#: T(640) / (4 x T(160)) at most
LIMIT = 1.1

LESSON = """\
# Lesson {n}: a synthetic lesson

(lesson-{n})=
## Reading

Lesson {n} reads a source closely. Who wrote it, when, and for whom? What does the
document say, and what does it leave out? {previous}

## Activity

Compare the document with the one before it: place, date, medium and length.

### Questions for discussion

1. What can be known about the writer?
2. Where does the evidence stop?
"""

# Runs the build in this process's child and prints its time and peak memory (children
# included: jupyter-book runs Sphinx in its own process).
MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
result = subprocess.run(sys.argv[1:], capture_output=True, text=True)
seconds = time.perf_counter() - start
if result.returncode:
    sys.exit(result.stdout[-3000:] + result.stderr[-3000:])
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps([seconds, peak]))
"""


def write_book(folder: Path, lessons: int, *, cache: bool = True) -> Path:
    """A book of ``lessons`` lessons in ``folder``, with the real book's settings."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lessons").mkdir(exist_ok=True)
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    config = config.replace("execute_notebooks: cache", "execute_notebooks: 'off'")
    config = config.replace(
        "- datasets/references.bib", f"- {(ROOT / 'datasets' / 'references.bib').as_posix()}"
    )
    config = config.replace("  config:\n", f"  config:\n    lessonkit_nav_cache: {cache}\n", 1)
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    for name in ("_templates", "_static"):
        shutil.copytree(ROOT / name, folder / name, dirs_exist_ok=True)
    (folder / "welcome.md").write_text("# A synthetic book\n\nWelcome.\n", encoding="utf-8")
    toc = ["format: jb-book", "root: welcome", "parts:"]
    for n in range(1, lessons + 1):
        previous = f"It follows [lesson {n - 1}](#lesson-{n - 1})." if n > 1 else ""
        text = LESSON.format(n=n, previous=previous)
        (folder / "lessons" / f"lesson-{n:04d}.md").write_text(text, encoding="utf-8")
        if (n - 1) % PART == 0:
            toc += [f'  - caption: "Part {(n - 1) // PART + 1}"', "    chapters:"]
        toc.append(f"      - file: lessons/lesson-{n:04d}")
    (folder / "_toc.yml").write_text("\n".join(toc) + "\n", encoding="utf-8")
    return folder


def build(book: Path) -> tuple[float, float]:
    """Seconds and peak MiB of a clean ``jupyter-book build`` of ``book``."""
    shutil.rmtree(book / "_build", ignore_errors=True)
    command = [str(book_bin() / "jupyter-book"), "build", str(book)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise RuntimeError(f"building {book} failed:\n{result.stderr}")
    seconds, peak = json.loads(result.stdout)
    return float(seconds), float(peak)


def measure(sizes: tuple[int, ...], runs: int, *, cache: bool = True) -> list[dict[str, float]]:
    """Median seconds and peak MiB per size (one run of a size whose build is slow)."""
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="lk-sphinx-") as tmp:
            book = write_book(Path(tmp), size, cache=cache)
            results = [build(book)]
            repeats = runs if results[0][0] <= SINGLE_RUN_SECONDS else 1
            results += [build(book) for _ in range(repeats - 1)]
        rows.append(
            {
                "lessons": size,
                "seconds": statistics.median(r[0] for r in results),
                "peak_mib": max(r[1] for r in results),
                "runs": len(results),
            }
        )
        print(f"  sphinx growth: {size} lessons measured", file=sys.stderr, flush=True)
    return rows


def measure_growth(runs: int) -> tuple[float, float, str]:
    """The row of benchmarks/run.py: T(640) against 4 x T(160); the curve is printed too."""
    import growth

    rows = measure(SIZES, runs)
    sizes = [int(row["lessons"]) for row in rows]
    seconds = [row["seconds"] for row in rows]
    growth.CURVES.append(
        growth.Curve(
            "Sphinx build of a synthetic book (execution off)",
            "lessons",
            sizes,
            seconds,
            [row["peak_mib"] for row in rows],
            "peak memory of the build",
        )
    )
    at = dict(zip(sizes, seconds, strict=True))
    slopes = [
        f"{1000 * (t2 - t1) / (n2 - n1):.0f} ms"
        for (n1, t1), (n2, t2) in zip(at.items(), list(at.items())[1:], strict=False)
    ]
    single = [f"{row['lessons']:.0f}" for row in rows if row["runs"] == 1 and runs > 1]
    note = (
        f"compared with 4x the 160-lesson time, linear; fitted growth "
        f"n^{growth.fitted_exponent(sizes, seconds):.2f} over {', '.join(map(str, sizes))} lessons; "
        f"each lesson added costs {' then '.join(slopes)}"
        + (
            f"; one run at {', '.join(single)} (slower than {SINGLE_RUN_SECONDS:.0f} s)"
            if single
            else ""
        )
    )
    return at[640], 4 * at[160], note


def specs(spec: Callable[..., object]) -> list[object]:
    """The row of benchmarks/run.py (``spec`` is figures.Spec)."""
    return [
        spec(
            "sphinx-growth",
            "Sphinx time, 640-lesson synthetic book (execution off)",
            "s",
            f"<= {LIMIT}x linear from 160 lessons",
            "ratio",
            LIMIT,
            measure_growth,
        )
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true", help="the theme's own navigation")
    args = parser.parse_args()
    rows = measure(tuple(args.sizes), args.runs, cache=not args.no_cache)
    print("| lessons | Sphinx time | peak memory | runs |\n|---:|---:|---:|---:|")
    for row in rows:
        print(
            f"| {row['lessons']:,} | {row['seconds']:.1f} s | {row['peak_mib']:.0f} MiB "
            f"| {row['runs']:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
