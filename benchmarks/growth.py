"""Growth curves: a cost measured at several sizes, its fitted growth, and its baseline.

The fitted growth is the exponent k of cost ~ size^k (least squares on the logarithms):
about 1 is linear, about 2 quadratic. The baseline of each size is the smallest size's
cost scaled linearly, so a curve that stays near its baseline grows linearly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

#: Curves measured during this run, printed after the table by run.py.
CURVES: list[Curve] = []


@dataclass
class Curve:
    """One cost at several sizes (``memory``: peak MiB at each size, when measured)."""

    name: str
    unit: str
    sizes: list[int]
    seconds: list[float]
    memory: list[float] = field(default_factory=list)
    memory_label: str = "peak memory"

    def exponent(self) -> float:
        return fitted_exponent(self.sizes, self.seconds)

    def table(self) -> str:
        """The curve as a Markdown table, one row per size."""
        first_size, first_time = self.sizes[0], self.seconds[0]
        mem_head = f" {self.memory_label} |" if self.memory else ""
        lines = [
            f"**{self.name}**: fitted growth n^{self.exponent():.2f}",
            "",
            f"| {self.unit} | time | linear from the smallest | ratio |{mem_head}",
            "|---:|---:|---:|---:|" + ("---:|" if self.memory else ""),
        ]
        for k, (size, seconds) in enumerate(zip(self.sizes, self.seconds, strict=True)):
            linear = first_time * size / first_size
            mem = f" {self.memory[k]:.0f} MiB |" if self.memory else ""
            lines.append(
                f"| {size:,} | {seconds:.3f} s | {linear:.3f} s | {seconds / linear:.2f}x |{mem}"
            )
        return "\n".join(lines)


def fitted_exponent(sizes: list[int], costs: list[float]) -> float:
    """The k of cost ~ size^k that fits best (least squares on log cost against log size).

    >>> round(fitted_exponent([10, 100], [1.0, 100.0]), 3)
    2.0
    """
    xs = [math.log(s) for s in sizes]
    ys = [math.log(c) for c in costs]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
