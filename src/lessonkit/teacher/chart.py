"""The gradebook's difficulty chart: one bar per question, drawn as inline SVG.

The chart is markup, not a picture: a screen reader gets its title and description
(``role="img"``, ``aria-labelledby``), each bar carries its question and value as a
``<title>`` (a tooltip), and the item statistics table beside it holds the same values.
Every label is escaped, so any text is shown as it is. No plotting library is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

__all__ = ["difficulty_svg"]

_WIDTH = 640
_LABELS = 230  # right edge of the question labels
_BARS = 340  # width of a bar at difficulty 1
_ROW = 18
_TOP = 8
_AXIS = 44  # below the bars: ticks, their numbers and the axis label
_LONGEST_LABEL = 34
_BAR_COLOUR = "#3b6ea5"  # 5.3:1 against white
_GRID_COLOUR = "#767676"
_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def _shown(label: str) -> str:
    return label if len(label) <= _LONGEST_LABEL else label[: _LONGEST_LABEL - 1] + "…"


def _value(value: float) -> str:
    return "no answers" if math.isnan(value) else f"{value:.2f}"


def difficulty_svg(labels: Sequence[str], difficulty: Sequence[float]) -> str:
    """An SVG bar chart of the share of students correct (0 to 1) of each question."""
    bottom = _TOP + _ROW * len(labels)
    height = bottom + _AXIS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{_WIDTH}" '
        f'height="{height}" viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" '
        'font-size="12" aria-labelledby="difficulty-title difficulty-desc">',
        '<title id="difficulty-title">Share of students correct, per question</title>',
        f'<desc id="difficulty-desc">A horizontal bar for each of the {len(labels)} '
        "questions, from 0 (no one correct) to 1 (everyone correct), in the order of the "
        "item statistics table, which lists the same values.</desc>",
    ]
    for tick in _TICKS:
        x = _LABELS + tick * _BARS
        parts.append(
            f'<line x1="{x:g}" y1="{_TOP}" x2="{x:g}" y2="{bottom + 4}" '
            f'stroke="{_GRID_COLOUR}" stroke-width="1"/>'
            f'<text x="{x:g}" y="{bottom + 18}" text-anchor="middle">{tick:g}</text>'
        )
    for n, (label, value) in enumerate(zip(labels, difficulty, strict=True)):
        y = _TOP + n * _ROW
        width = 0.0 if math.isnan(value) else max(0.0, min(1.0, value)) * _BARS
        text = escape(label)
        parts.append(
            f'<text x="{_LABELS - 6}" y="{y + 13}" text-anchor="end">{escape(_shown(label))}</text>'
            f'<rect x="{_LABELS}" y="{y + 3}" width="{width:.1f}" height="{_ROW - 5}" '
            f'fill="{_BAR_COLOUR}"><title>{text}: {_value(value)}</title></rect>'
            f'<text x="{_LABELS + width + 4:.1f}" y="{y + 13}">{_value(value)}</text>'
        )
    parts.append(
        f'<text x="{_LABELS + _BARS / 2:g}" y="{bottom + 36}" text-anchor="middle">'
        "share correct (difficulty index)</text></svg>"
    )
    return "\n".join(parts)
