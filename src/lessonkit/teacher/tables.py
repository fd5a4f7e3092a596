"""The gradebook's tables, built once from the regraded files.

- ``scores``: student x (quiz, question), the kept regraded score (0..1), empty when
  the student has no counted answer to that question;
- ``students``: points, maximum and ``percent`` (0-100, weighted by ``points``), how
  many questions were scored and how many open answers were handed in, and a note;
- ``items``: per question, item statistics on the regraded scores.

A student's maximum counts every quiz that someone in the class has a counted answer
to, in the newest version the student answered (the class's newest for a quiz the
student did not answer): an unanswered question scores 0, as in ``Quiz.grade``.

Item statistics are computed per quiz, among the students with a counted answer to it:
*difficulty* is the mean score, *discrimination* the upper-lower index (mean of the top
27 % of those students by points on the quiz minus the bottom 27 %), and the
point-biserial correlation of the question's score with the rest of the quiz.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .regrade import SCORE_STEPS, FileResult, Regrader

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["StudentRow", "build_tables"]


@dataclass(frozen=True)
class StudentRow:
    """One line of the students table: the name shown, the file that counts, a note."""

    name: str
    result: FileResult | None
    note: str = ""


def _class_versions(rows: Sequence[StudentRow]) -> dict[str, int]:
    # files answering alike share their tuples of quizzes and versions: each pair once
    shapes = {(r.result.quizzes, r.result.versions) for r in rows if r.result is not None}
    newest: dict[str, int] = {}
    for quizzes, versions in shapes:
        for quiz_id, version in zip(quizzes, versions, strict=True):
            newest[quiz_id] = max(version, newest.get(quiz_id, 0))
    return newest


def _students_table(
    rows: Sequence[StudentRow], regrader: Regrader, newest: dict[str, int]
) -> pd.DataFrame:
    import pandas as pd

    quiz_maximum = {q: regrader.maximum(q, v, {}) for q, v in newest.items()}
    everything = sum(quiz_maximum.values())
    #: the class's maximum of the quizzes a file answered, by its tuple of quizzes
    answered: dict[tuple[str, ...], float] = {}
    table: dict[str, list[Any]] = {
        k: [] for k in ("student", "scored", "open", "points", "maximum", "percent", "note")
    }
    for row in rows:
        result = row.result
        scored = len(result.columns) if result else 0
        opened = result.open_answers if result else 0
        points = result.points if result else 0.0
        maximum = everything
        if result is not None:
            theirs = answered.get(result.quizzes)
            if theirs is None:
                theirs = answered[result.quizzes] = sum(
                    quiz_maximum.get(q, 0.0) for q in result.quizzes
                )
            maximum += result.maximum - theirs
        note = row.note or ("" if scored else ("open answers only" if opened else "nothing scored"))
        table["student"].append(row.name)
        table["scored"].append(scored)
        table["open"].append(opened)
        table["points"].append(round(points, 4))
        table["maximum"].append(round(maximum, 4))
        table["percent"].append(round(100 * points / maximum, 1) if maximum else 0.0)
        table["note"].append(note)
    return pd.DataFrame(table)


def _matrix(rows: Sequence[StudentRow], position: Any, width: int) -> Any:
    """Student x question scores, NaN where nothing counts; ``position`` maps a column
    number of the regrader to its place in the table (-1: not shown)."""
    import numpy as np

    matrix = np.full((len(rows), width), np.nan)
    for start in range(0, len(rows), _BLOCK):  # a block of rows at a time, in one step
        columns, codes, counts = array("I"), array("H"), []
        for row in rows[start : start + _BLOCK]:
            result = row.result
            counts.append(0 if result is None else len(result.columns))
            if result is not None:
                columns.extend(result.columns)
                codes.extend(result.scores)
        if columns:
            lines = np.repeat(np.arange(start, start + len(counts)), counts)
            places = position[np.frombuffer(columns, dtype=np.uintc)]
            matrix[lines, places] = np.frombuffer(codes, dtype=np.ushort) / SCORE_STEPS
    return matrix


_BLOCK = 1000


def _item_statistics(sub: Any, weights: Any) -> tuple[Any, Any, Any]:
    """Difficulty, upper-lower index and point-biserial of every column of ``sub``."""
    import numpy as np

    values = np.nan_to_num(sub, nan=0.0)
    n = len(values)
    difficulty = values.mean(axis=0) if n else np.full(values.shape[1], np.nan)
    if n < 2:
        nan = np.full(values.shape[1], np.nan)
        return difficulty, nan, nan
    totals = values @ weights
    order = np.argsort(totals, kind="stable")
    k = max(1, round(0.27 * n))
    upper_lower = values[order[-k:]].mean(axis=0) - values[order[:k]].mean(axis=0)
    rest = totals[:, None] - values * weights
    item_c = values - values.mean(axis=0)
    rest_c = rest - rest.mean(axis=0)
    denominator = np.sqrt((item_c**2).sum(axis=0) * (rest_c**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        pbis = np.where(denominator > 0, (item_c * rest_c).sum(axis=0) / denominator, np.nan)
    return difficulty, upper_lower, pbis


def _items_table(
    matrix: Any, keys: list[tuple[str, str]], regrader: Regrader, newest: dict[str, int]
) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    width = len(keys)
    points = np.full(width, np.nan)
    difficulty = np.full(width, np.nan)
    upper_lower = np.full(width, np.nan)
    pbis = np.full(width, np.nan)
    answered = (~np.isnan(matrix)).sum(axis=0) if width else np.zeros(0, dtype=int)
    for quiz_id in sorted({q for q, _ in keys}):
        columns = [i for i, (q, _) in enumerate(keys) if q == quiz_id]
        questions = regrader.quiz(quiz_id, newest.get(quiz_id, 0)) or {}
        for i in columns:
            entry = questions.get(keys[i][1])
            points[i] = entry.points if entry is not None else np.nan
        weights = np.nan_to_num(points[columns], nan=1.0)
        sub = matrix[:, columns]
        took = ~np.isnan(sub).all(axis=1)
        stats = _item_statistics(sub[took], weights)
        difficulty[columns], upper_lower[columns], pbis[columns] = stats
    return pd.DataFrame(
        {
            "quiz_id": [q for q, _ in keys],
            "question_id": [k for _, k in keys],
            "points": points,
            "answered": answered.astype(int),
            "difficulty": difficulty,
            "discrimination": upper_lower,
            "point_biserial": pbis,
        }
    )


def build_tables(
    rows: Sequence[StudentRow], regrader: Regrader
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The scores, items and students tables of ``rows`` (in the order given)."""
    import numpy as np
    import pandas as pd

    newest = _class_versions(rows)
    used: set[int] = set()
    # files answering alike share one array of columns: each array once
    layouts = {id(r.result.columns): r.result.columns for r in rows if r.result is not None}
    for columns in layouts.values():
        used.update(columns)
    keys = sorted(k for k, n in regrader.columns.items() if n in used)
    position = np.full(max(len(regrader.columns), 1), -1, dtype=int)
    for place, key in enumerate(keys):
        position[regrader.columns[key]] = place
    matrix = _matrix(rows, position, len(keys))
    scores = pd.DataFrame(
        matrix,
        copy=False,
        index=pd.Index([r.name for r in rows], name="student"),
        columns=pd.MultiIndex.from_tuples(keys, names=["quiz_id", "question_id"]),
    )
    return (
        scores,
        _items_table(matrix, keys, regrader, newest),
        _students_table(rows, regrader, newest),
    )
