"""The teacher's gradebook: handed-in files merged into one table, with item statistics.

Each student's **last attempt** at a question counts. Per question: *difficulty* is
the mean score (share correct), *discrimination* the upper-lower index (mean score of
the top 27 % of students by total minus the bottom 27 %) and the point-biserial
correlation between the question's score and the rest of the test.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..answers.handin import read_handin
from ..errors import LessonkitError, Problem

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Gradebook", "gradebook"]


@dataclass
class Gradebook:
    """Scores (student x question), item statistics, student totals and file problems."""

    scores: pd.DataFrame
    items: pd.DataFrame
    students: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)

    def report(self) -> str:
        """A plain-text summary for the terminal."""
        lines = [
            f"{len(self.students)} students, {self.scores.shape[1]} questions, "
            f"{len({p.path for p in self.problems})} problem file(s)"
        ]
        lines += [f"  {p}" for p in self.problems]
        if len(self.students):
            lines.append(self.students.to_string(index=False))
            lines.append("")
            lines.append(self.items.round(2).to_string(index=False))
        return "\n".join(lines)

    def to_html(self) -> str:
        """A self-contained HTML report with the tables and a difficulty plot."""
        import base64
        import io

        from .._extras import require

        require("teacher")
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7, 3.5))
        labels = self.items["quiz_id"] + "/" + self.items["question_id"]
        ax.barh(labels, self.items["difficulty"], color="#3b6ea5")
        ax.set_xlim(0, 1)
        ax.set_xlabel("share correct (difficulty index)")
        ax.invert_yaxis()
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        plt.close(fig)
        image = base64.b64encode(buffer.getvalue()).decode("ascii")
        problems = "".join(f"<li>{escape(str(p))}</li>" for p in self.problems) or "<li>none</li>"
        return (
            "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Gradebook</title>"
            "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2rem .5rem}</style>"
            f"</head><body><h1>Gradebook</h1><h2>Files with problems</h2><ul>{problems}</ul>"
            f"<h2>Students</h2>{self.students.to_html(index=False)}"
            f"<h2>Questions</h2><img alt='Share of students correct, per question' "
            f"src='data:image/png;base64,{image}'>{self.items.round(3).to_html(index=False)}"
            f"<h2>Scores</h2>{self.scores.to_html()}</body></html>"
        )


def _item_statistics(filled: Any, total: Any) -> tuple[Any, Any]:
    """Upper-lower index and point-biserial correlation of every question at once."""
    import numpy as np

    values = filled.to_numpy(dtype=float)
    totals = total.to_numpy(dtype=float)
    n = len(totals)
    if n < 2:
        nan = np.full(values.shape[1], np.nan)
        return nan, nan
    order = np.argsort(totals, kind="stable")
    k = max(1, round(0.27 * n))
    upper_lower = values[order[-k:]].mean(axis=0) - values[order[:k]].mean(axis=0)
    rest = totals[:, None] - values
    item_c = values - values.mean(axis=0)
    rest_c = rest - rest.mean(axis=0)
    denominator = np.sqrt((item_c**2).sum(axis=0) * (rest_c**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        pbis = np.where(denominator > 0, (item_c * rest_c).sum(axis=0) / denominator, np.nan)
    return upper_lower, pbis


def _older_versions(
    latest: dict[tuple[str, str, str], tuple[tuple[int, str, int], float]], files: dict[str, str]
) -> list[Problem]:
    """One note per student and quiz answered in an older version than the class's newest."""
    kept = {(student, quiz, stamp[0]) for (student, quiz, _), (stamp, _) in latest.items()}
    newest: dict[str, int] = {}
    for _, quiz, version in kept:
        newest[quiz] = max(version, newest.get(quiz, version))
    return [
        Problem(
            files[student],
            None,
            f"answers to quiz '{quiz}' version {version}, while the newest version handed in "
            f"is {newest[quiz]}; each answer keeps the score of the version it answered",
            "check that the student used the current book",
        )
        for student, quiz, version in sorted(kept)
        if version < newest[quiz]
    ]


def gradebook(paths: Iterable[str | Path]) -> Gradebook:
    """Merge handed-in files; report (never silently drop) duplicate and malformed ones.

    For each student and question the answer kept is the one of the newest quiz version,
    then the latest; answers from an older version than the class's newest are noted.
    """
    import pandas as pd

    problems: list[Problem] = []
    seen: dict[str, tuple[str, str]] = {}
    latest: dict[tuple[str, str, str], tuple[tuple[int, str, int], float]] = {}
    for path in sorted(Path(p) for p in paths):
        try:
            doc = read_handin(path)
        except LessonkitError as exc:
            problems.extend(exc.problems)
            continue
        student = doc["student"]
        if student in seen:
            kept, kept_time = seen[student]
            newer = doc["exported_at"] > kept_time
            dropped = kept if newer else str(path)
            problems.append(
                Problem(
                    dropped,
                    None,
                    f"a second file for student '{student}' "
                    f"(also in {Path(str(path) if newer else kept).name}); the newer "
                    "export is used",
                    "hand in one file per student",
                )
            )
            if not newer:
                continue
            for key in [k for k in latest if k[0] == student]:
                del latest[key]
        seen[student] = (str(path), doc["exported_at"])
        for r in doc["responses"]:
            if r["score"] is None:
                continue
            key = (student, r["quiz_id"], r["question_id"])
            stamp = (r["quiz_version"], r["recorded_at"], r["attempt"])
            if key not in latest or stamp >= latest[key][0]:
                latest[key] = (stamp, float(r["score"]))
    files = {student: path for student, (path, _) in seen.items()}
    problems += _older_versions(latest, files)
    if latest:
        index = pd.MultiIndex.from_tuples(list(latest), names=["student", "quiz_id", "question_id"])
        series = pd.Series([v[1] for v in latest.values()], index=index, dtype=float)
        scores = series.unstack(["quiz_id", "question_id"]).sort_index(axis=0).sort_index(axis=1)
    else:
        scores = pd.DataFrame(
            index=pd.Index([], name="student"),
            columns=pd.MultiIndex.from_tuples([], names=["quiz_id", "question_id"]),
            dtype=float,
        )
    filled = scores.fillna(0.0)
    total = filled.sum(axis=1)
    upper_lower, pbis = _item_statistics(filled, total)
    item_table = pd.DataFrame(
        {
            "quiz_id": [c[0] for c in scores.columns],
            "question_id": [c[1] for c in scores.columns],
            "answered": scores.notna().sum(axis=0).to_numpy(dtype=int),
            "difficulty": filled.mean(axis=0).to_numpy(dtype=float),
            "discrimination": upper_lower,
            "point_biserial": pbis,
        }
    )
    n_questions = max(1, scores.shape[1])
    students = pd.DataFrame(
        {
            "student": scores.index,
            "answered": scores.notna().sum(axis=1).to_numpy(),
            "score": total.to_numpy(),
            "percent": (100 * total / n_questions).round(1).to_numpy(),
        }
    )
    return Gradebook(scores, item_table, students.reset_index(drop=True), problems, files)
