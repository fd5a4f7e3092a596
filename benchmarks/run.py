"""lessonkit benchmarks: one table of figures, each against a comparison measured in the same run.

Usage: ``python benchmarks/run.py [--quick] [--only NAME ...] [--json FILE]``. Each
figure is the median of at least 5 runs (``--quick``: 3). Exit status 1 when a target is
missed. Targets are ratios, because absolute numbers vary between machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures
import gradebook_scale
import growth
import sphinx_growth
import store_scale

SPECS = figures.SPECS + store_scale.specs(figures.Spec) + sphinx_growth.specs(figures.Spec)

#: the key of the gradebook's growth curve (300, 3,000 and 30,000 handed-in files)
GROWTH = "gradebook-growth"


@dataclass
class Row:
    """One line of the table."""

    name: str
    figure: float
    comparison: float
    unit: str
    target: str
    ratio: float
    ok: bool
    # "ratio": figure / comparison <= limit; "plus": figure - comparison <= limit;
    # "at most": figure <= limit (the ratio is shown for reference); "info": no target
    # (a smaller size of a figure whose target is for the largest: how it grows)
    kind: str = "ratio"
    note: str = ""
    #: why the figure could not be measured (the row then misses its target)
    error: str = ""


def _row(
    name: str,
    unit: str,
    fig: float,
    comp: float,
    target: str,
    *,
    kind: str = "ratio",
    limit: float = 1.0,
    note: str = "",
) -> Row:
    # "plus": the figure may exceed the comparison by at most `limit` units
    ratio = fig - comp if kind == "plus" else (fig / comp if comp else float("inf"))
    ok = {"at most": fig <= limit, "info": True}.get(kind, ratio <= limit)
    return Row(name, fig, comp, unit, target, ratio, ok, kind, note)


def _failed(spec: figures.Spec, error: Exception) -> Row:
    """The row of a figure whose measurement stopped with ``error``."""
    lines = str(error).strip().splitlines() or [""]
    reason = f"{type(error).__name__}: {lines[0]}"[:200]
    nan = float("nan")
    return Row(spec.label, nan, nan, spec.unit, spec.target, nan, False, spec.kind, "", reason)


def run(runs: int, only: set[str] | None) -> list[Row]:
    """Measure every figure (or those in ``only``); a figure that fails is reported as
    failed and the others are still measured."""
    rows: list[Row] = []
    for spec in SPECS:
        if only and spec.key not in only:
            continue
        try:
            fig, comp, note = spec.measure(runs)
        except Exception as error:  # one broken figure must not lose the others
            rows.append(_failed(spec, error))
            print(f"  FAILED: {spec.label}: {error}", file=sys.stderr, flush=True)
            continue
        rows.append(
            _row(
                spec.label,
                spec.unit,
                fig,
                comp,
                spec.target,
                kind=spec.kind,
                limit=spec.limit,
                note=note,
            )
        )
        print(
            f"  measured: {spec.label}: {fig:.4g} {spec.unit} against {comp:.4g} {spec.unit}",
            file=sys.stderr,
            flush=True,
        )
    return rows


def table(rows: list[Row]) -> str:
    """The Markdown table."""
    head = (
        "| figure | value | compared with | ratio | target | result |\n|---|---:|---:|---:|---|---|"
    )
    lines = [head]
    for r in rows:
        if r.error:
            lines.append(f"| {r.name} | - | - | - | {r.target} | FAILED ({r.error}) |")
            continue
        ratio = f"{r.ratio:+.2f} {r.unit}" if r.kind == "plus" else f"{r.ratio:.3f}x"
        lines.append(
            f"| {r.name} | {r.figure:.4g} {r.unit} | {r.comparison:.4g} {r.unit} | {ratio} | "
            f"{r.target} | {'-' if r.kind == 'info' else 'pass' if r.ok else 'SHORT'}"
            f"{' (' + r.note + ')' if r.note else ''} |"
        )
    return "\n".join(lines)


def main() -> int:
    # Python as its users run it: modules compiled once into the bytecode cache, also where
    # the environment says otherwise (a fresh clone has no cache; every process would
    # compile lessonkit again).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    # lessonkit's cache folder (the quiz files it has checked) is the benchmark's own, for
    # every process it starts; gradebook_scale.py gives each class size a fresh one
    cache = tempfile.TemporaryDirectory(prefix="lessonkit-bench-cache-")
    os.environ["LESSONKIT_CACHE"] = cache.name
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 5")
    parser.add_argument(
        "--only",
        nargs="*",
        help="keys of the figures to run: " + ", ".join([*(s.key for s in SPECS), GROWTH]),
    )
    parser.add_argument("--json", help="also write the rows as JSON")
    args = parser.parse_args()
    runs = 3 if args.quick else 5
    only = set(args.only) - {GROWTH} if args.only else None
    rows = run(runs, only) if only is None or only else []
    extras = figures.extras() if not args.only else {}
    print(
        f"\nMachine: {platform.machine()}, {figures.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.platform()}; median of {runs} runs.\n"
    )
    print(table(rows))
    for name, value in extras.items():
        print(f"- {name}: {value}")
    grading: list[dict[str, object]] = []
    if not args.only or GROWTH in args.only:
        grading = gradebook_scale.rows([300, 3000, 30000], runs)
        growth.CURVES.append(gradebook_scale.curve(grading))
    for curve in growth.CURVES:
        print(f"\n{curve.table()}")
    if grading:
        print("\nThe gradebook as the class grows (benchmarks/gradebook_scale.py):\n")
        print(gradebook_scale.table(grading))
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(r) for r in rows] + [extras] + grading, indent=1)
        )
    missed = any(gradebook_scale.short_of(r) for r in grading)
    return 0 if all(r.ok for r in rows) and not missed else 1


if __name__ == "__main__":
    sys.exit(main())
