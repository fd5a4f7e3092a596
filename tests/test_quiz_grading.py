"""The reference grader: the shared parity table, the quiz totals and the text rules."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from lessonkit.quiz import Quiz, QuizResult, Verdict, grade_question
from lessonkit.quiz.grading import answer_feedback, round_score
from lessonkit.quiz.model import QUESTION_TYPES, Item, MultipleChoice, Option, Ordering
from lessonkit.quiz.textnorm import levenshtein, normalize, similarity, trim, words

TESTS = Path(__file__).resolve().parent
PARITY = yaml.safe_load((TESTS / "parity_cases.yaml").read_text(encoding="utf-8"))
PARITY_QUIZ = Quiz.from_dict(
    PARITY["quiz"], source="parity_cases.yaml", datasets=TESTS / PARITY["datasets"]
)
DATASETS = TESTS / "quizzes" / "datasets"


def _case_id(case: dict[str, Any]) -> str:
    return f"{case['q']}: {case['why']}"


@pytest.mark.parametrize("case", PARITY["cases"], ids=_case_id)
def test_parity_case(case: dict[str, Any]) -> None:
    question = PARITY_QUIZ.question(case["q"])
    verdict = grade_question(question, case.get("answer"))
    assert verdict == Verdict(case["verdict"], case["score"])
    if case["score"] is not None:
        assert isinstance(verdict.score, float)
    assert answer_feedback(question, case.get("answer")) == case.get("feedback")


def test_parity_table_covers_every_type_and_verdict() -> None:
    cases = PARITY["cases"]
    assert len(cases) >= 60
    types = {PARITY_QUIZ.question(c["q"]).type for c in cases}
    assert types == set(QUESTION_TYPES)
    assert {c["verdict"] for c in cases} == {
        "correct",
        "partial",
        "incorrect",
        "unanswered",
        "submitted",
    }
    for qtype in QUESTION_TYPES:
        verdicts = {c["verdict"] for c in cases if PARITY_QUIZ.question(c["q"]).type == qtype}
        assert "unanswered" in verdicts, qtype
    assert any("answer" not in c for c in cases), "a case with no answer at all"


def test_rounding_is_half_up_like_javascript() -> None:
    assert round_score(1 / 32) == 0.0313  # round() would give 0.0312 (half to even)
    assert round_score(5 / 32) == 0.1563
    assert round_score(2 / 3) == 0.6667
    assert round_score(1 / 3) == 0.3333
    assert round_score(0.00004999) == 0.0
    assert round_score(1.0) == 1.0
    assert round_score(0.0) == 0.0


def _all_types() -> Quiz:
    return Quiz.from_yaml(TESTS / "quizzes" / "all-types.yaml", datasets=DATASETS)


PERFECT = {
    "which-typed": "a",
    "which-cities": ["testville", "sampleton"],
    "typed-true": True,
    "year": "1926,5",
    "surname": "fixtur",
    "order": ["first", "second", "third", "fourth"],
    "match": {"la": "la", "lb": "lb", "lc": "lc"},
    "evidence": [2, 3],
    "reflect": "It looked official and serious.",
}


def test_quiz_result_totals_weight_points_and_skip_open() -> None:
    result = _all_types().grade(PERFECT)
    assert isinstance(result, QuizResult)
    assert {k: v.verdict for k, v in result.verdicts.items()} == {
        **dict.fromkeys(PERFECT, "correct"),
        "reflect": "submitted",
    }
    assert (result.score, result.max_score, result.percent) == (9.0, 9.0, 100.0)


def test_quiz_result_partial_and_unanswered() -> None:
    answers = {
        "which-cities": ["testville"],
        "order": ["second", "third", "fourth", "first"],
        "year": "2000",
        "unknown-question": "ignored",
    }
    result = _all_types().grade(answers)
    assert result.verdicts["which-cities"] == Verdict("partial", 0.5)
    assert result.verdicts["order"] == Verdict("partial", 0.6667)
    assert result.verdicts["year"] == Verdict("incorrect", 0.0)
    assert result.verdicts["which-typed"] == Verdict("unanswered", 0.0)
    assert result.verdicts["reflect"] == Verdict("unanswered", None)
    assert "unknown-question" not in result.verdicts
    # 0.5 x 2 points + 0.6667 x 1 point, out of 9
    assert result.score == 1.6667
    assert result.max_score == 9.0
    assert result.percent == round_score(100 * 1.6667 / 9)


def test_a_quiz_of_open_questions_has_nothing_to_grade() -> None:
    quiz = Quiz.from_dict(
        {
            "id": "o",
            "title": "O",
            "questions": [
                {"id": "q", "type": "open", "prompt": "Why?", "model_answer": "M", "rubric": ["R"]}
            ],
        }
    )
    result = quiz.grade({"q": "Because."})
    assert (result.score, result.max_score, result.percent) == (0.0, 0.0, 0.0)
    assert result.verdicts["q"] == Verdict("submitted", None)


def test_verdict_to_dict() -> None:
    assert Verdict("partial", 0.5).to_dict() == {"verdict": "partial", "score": 0.5}


# --- text rules -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Dr. BEKHTEREV's  clinic!", "dr bekhterev s clinic"),
        ("Ｍａｇｎｕｓ", "magnus"),
        ("СТАТЬЯ 154-а", "статья 154 а"),
        ("a\u00a0b\u2003c", "a b c"),
        ("\ufeffa", "a"),
        ("a\u0085b", "a\u0085b"),  # not whitespace in JavaScript
        ("€100 + £5", "100 5"),  # symbols (Sc, Sm) become spaces
        ("«Голубая» луна…", "голубая луна"),
        ("", ""),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_trim_and_words_use_javascript_whitespace() -> None:
    assert trim("\ufeff x \u3000") == "x"
    assert trim("\x1cx\x1c") == "\x1cx\x1c"  # str.strip() would remove U+001C
    assert words(" one\ttwo\u00a0three\u200bfour ") == ["one", "two", "three\u200bfour"]
    assert words("") == []


def test_levenshtein_known_values() -> None:
    assert levenshtein("kitten", "sitting") == 3
    assert levenshtein("", "abc") == 3
    assert levenshtein("бехтерев", "бехтерев") == 0
    assert levenshtein("𐌰𐌱", "𐌰𐌲") == 1  # code points, not UTF-16 units
    assert similarity("", "") == 1.0
    assert similarity("hirschfeld", "hurschfild") == 0.8


@given(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
def test_levenshtein_is_a_metric(a: str, b: str, c: str) -> None:
    assert levenshtein(a, b) == levenshtein(b, a)
    assert (levenshtein(a, b) == 0) == (a == b)
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)
    assert abs(len(a) - len(b)) <= levenshtein(a, b) <= max(len(a), len(b))


@given(st.text(max_size=30))
def test_normalize_is_idempotent_and_trimmed(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once
    assert once == trim(once)
    assert "  " not in once


# --- properties of the scoring rules ----------------------------------------------------

_IDS = ["a", "b", "c", "d", "e"]


@given(
    st.sets(st.sampled_from(_IDS), min_size=1),
    st.lists(st.sampled_from([*_IDS, "zz", 1, True, None]), max_size=8),
)
def test_multiple_scores_stay_in_range(correct: set[str], chosen: list[Any]) -> None:
    question = MultipleChoice(
        id="m", prompt="?", options=tuple(Option(i, i.upper(), i in correct) for i in _IDS)
    )
    verdict = grade_question(question, chosen)
    if not chosen:
        assert verdict == Verdict("unanswered", 0.0)
        return
    assert verdict.score is not None and 0.0 <= verdict.score <= 1.0
    assert (verdict.verdict == "correct") == (set(chosen) == correct)
    assert (verdict.verdict == "partial") == (0 < verdict.score < 1)


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_ordering_scores_every_permutation(n: int) -> None:
    ids = _IDS[:n]
    question = Ordering(id="o", prompt="?", items=tuple(Item(i, i) for i in ids))
    for perm in itertools.permutations(ids):
        verdict = grade_question(question, list(perm))
        adjacent = sum(ids.index(y) == ids.index(x) + 1 for x, y in itertools.pairwise(perm))
        assert verdict.score == round_score(adjacent / (n - 1))
        assert (verdict.verdict == "correct") == (list(perm) == ids)


def test_every_type_is_graded_and_unknown_classes_are_refused() -> None:
    from lessonkit.quiz.model import Question

    class Strange(Question):
        type = "strange"

    with pytest.raises(TypeError, match="cannot grade a Strange"):
        grade_question(Strange(id="s", prompt="?"), "x")
