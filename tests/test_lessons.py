"""Each lesson: the anatomy every lesson must have, and a clean run in a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from lessonlist import (
    dates_typed_in_code,
    legal_status_on,
    lessons,
    run_in_fresh_kernel,
    russian_law_line,
    years_without_published_counts,
)

from lessonkit.quiz import Quiz

LESSONS = lessons()
HISTORICAL_THINKING = {"ordering", "matching", "highlight", "open"}


def _cells(lesson: Path, kind: str) -> list[str]:
    return [c.source for c in jupytext.read(lesson).cells if c.cell_type == kind]


def test_the_book_has_ten_lessons() -> None:
    assert [p.stem[:2] for p in LESSONS] == [f"{n:02d}" for n in range(1, 11)]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_anatomy(lesson: Path) -> None:
    text = lesson.read_text(encoding="utf-8")
    assert "format_name: myst" in text and "kernelspec:" in text
    for needle in (
        "Central question",
        "Time:",
        "objectives",
        "Content note",
        "Further reading",
        "{cite",
        "../reference/datasets.md",
    ):
        assert needle.lower() in text.lower(), f"{lesson.name}: missing {needle!r}"
    quiz_path = lesson.parent / "quizzes" / f"{lesson.stem}.yaml"
    assert f"quizzes/{lesson.stem}.yaml" in text
    quiz = Quiz.from_yaml(quiz_path)
    assert len(quiz.questions) >= 5
    assert {q.type for q in quiz.questions} & HISTORICAL_THINKING
    assert len({q.type for q in quiz.questions}) >= 3, "mix at least three question types"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_no_dates_typed_into_code(lesson: Path) -> None:
    found = dates_typed_in_code(lesson)
    assert not found, f"{lesson.name}: a date typed into code ({found}); take it from a dataset"


@pytest.mark.kernel
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_lesson_runs_clean_in_a_fresh_kernel(lesson: Path) -> None:
    notebook = run_in_fresh_kernel(lesson)
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", cell.source
            if output["output_type"] == "stream":
                assert output["name"] != "stderr", f"{lesson.name}: {output['text'][:300]}"


def test_data_claims_in_lesson_prose_still_hold() -> None:
    """Sentences in lessons that describe the datasets must stay true when rows change."""
    import lessonkit

    timeline = lessonkit.load_timeline()
    decades = set((timeline["date"].dt.year // 10 * 10).astype(int))
    lesson10 = (LESSONS[0].parent / "10-truncated-modernity-and-memory.md").read_text(
        encoding="utf-8"
    )
    if "no events at all for the 1940s, 1950s or 1970s" in lesson10:
        assert not decades & {1940, 1950, 1970}
    claims = lessonkit.load_claims()["verdict"].value_counts()
    assert (claims["corroborated"], claims["consistent"], claims["tension"]) == (4, 10, 2), (
        "lesson 8's figure alt text and prose give these counts; update them with the data"
    )


def test_the_pen_name_question_accepts_spellings_not_near_misses() -> None:
    """Lev, not Leo: the pen name is graded against listed spellings, without fuzzy matching."""
    quiz = Quiz.from_yaml(LESSONS[0].parent / "quizzes" / "09-checking-the-historian.yaml")
    verdict = lambda answer: quiz.grade({"pen-name-text": answer}).verdicts["pen-name-text"]  # noqa: E731
    for right in ("Lev Samoilov", "L. Samoilov", "Лев Самойлов"):
        assert verdict(right).verdict == "correct", right
    for wrong in ("Leo Samoilov", "Lev Samoilova", "Vadim Samoilov"):
        assert verdict(wrong).verdict == "incorrect", wrong


def test_revised_lessons_state_their_data_truly() -> None:
    """Figures that Lessons 1, 4 and 10 and their quizzes give in words."""
    import lessonkit

    # Lesson 1: every letter to Bekhterev lies in the legal years, NP's about 8.0 years
    # before the TsIK resolution.
    letters = lessonkit.load_letters()
    to_bekhterev = letters[letters["recipient"].str.contains("Bekhterev")]
    assert len(to_bekhterev) == 3
    for day in list(to_bekhterev["date_earliest"]) + list(to_bekhterev["date_latest"]):
        assert legal_status_on(day) == "legal", day
    law = russian_law_line()
    timeline = lessonkit.load_timeline()
    tsik = timeline[timeline["event_id"].str.endswith("tsik")].iloc[0]["date"]
    np_end = to_bekhterev.set_index("letter_id").loc["np-letter", "date_latest"]
    assert round((tsik - np_end).days / 365.25, 1) == 8.0

    # Lesson 4: "from under 12 to over 16 years", three starts and two ends.
    starts = [
        law[law["event_id"].str.contains("decree-on-court")].iloc[0]["effective"],
        law[law["event_id"].str.contains("peoples-court")].iloc[0]["effective"],
        law[law["status_after"] == "legal"].iloc[0]["effective"],
    ]
    ends = [tsik, law[law["event_id"].str.contains("154a")].iloc[0]["effective"]]
    spans = [(e - s).days / 365.25 for s in starts for e in ends]
    assert min(spans) < 12 < 16 < max(spans)

    # Lesson 10: no count found for 1934-1945 and for 1993, thirteen years in all.
    missing = years_without_published_counts()
    assert missing == [*range(1934, 1946), 1993]
