"""The quiz model, its payload (contract §3) and the data-only HTML element."""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import bs4
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessonkit.errors import QuizFormatError
from lessonkit.live.display import quiz_bundle
from lessonkit.quiz import Question, Quiz
from lessonkit.quiz.loader import quiz_schema
from lessonkit.quiz.model import (
    Excerpt,
    Highlight,
    Matching,
    Option,
    SingleChoice,
    TrueFalse,
)
from lessonkit.quiz.resolve import date_text, split_sentences
from lessonkit.quiz.serialize import quiz_to_dict
from lessonkit.render.html import QUIZ_MIME, quiz_html, script_json
from lessonkit.render.payload import build_payload, decode_key

TESTS = Path(__file__).resolve().parent
ALL_TYPES = TESTS / "quizzes" / "all-types.yaml"
DATASETS = TESTS / "quizzes" / "datasets"


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return Quiz.from_yaml(ALL_TYPES, datasets=DATASETS)


def _one_question(**question: object) -> dict[str, object]:
    base = {
        "id": "q",
        "type": "single",
        "prompt": "Which?",
        "options": [{"id": "a", "text": "A", "correct": True}, {"id": "b", "text": "B"}],
    }
    return {"id": "tiny", "title": "Tiny", "questions": [{**base, **question}]}


def test_all_types_loads_into_typed_questions(quiz: Quiz) -> None:
    assert (quiz.id, quiz.title, quiz.version, quiz.shuffle, quiz.seed) == (
        "all-types",
        "All nine question types",
        2,
        True,
        7,
    )
    assert quiz.path == ALL_TYPES
    assert [q.type for q in quiz.questions] == [
        "single",
        "multiple",
        "true_false",
        "numeric",
        "text",
        "ordering",
        "matching",
        "highlight",
        "open",
    ]
    assert all(isinstance(q, Question) for q in quiz.questions)
    first = quiz.question("which-typed")
    assert isinstance(first, SingleChoice)
    assert first.options[0] == Option("a", "Letter *A*", True, "Yes.")
    assert first.hints == ("Look at the `medium` column.", "It is not letter B.")
    assert first.line == 10
    assert quiz.question("which-cities").points == 2
    assert quiz.question("which-cities").shuffle is False
    tf = quiz.question("typed-true")
    assert isinstance(tf, TrueFalse) and tf.answer is True
    match = quiz.question("match")
    assert isinstance(match, Matching) and [d.id for d in match.distractors] == ["xx"]
    assert isinstance(quiz.question("evidence"), Highlight)
    with pytest.raises(KeyError):
        quiz.question("nope")


def test_from_dict_builds_the_same_quiz(quiz: Quiz) -> None:
    import yaml

    data = yaml.safe_load(ALL_TYPES.read_text(encoding="utf-8"))
    again = Quiz.from_dict(data, datasets=DATASETS)
    assert again == quiz
    assert again.path is None
    assert build_payload(again) == build_payload(quiz)


def test_excerpts_and_citations_are_resolved_from_the_datasets(quiz: Quiz) -> None:
    assert quiz.excerpts["fixture-five"] == Excerpt(
        id="fixture-five",
        writer="AB (Anna Bee)",
        document="Fixture letter A, Testville",
        date="1924–1925",
        translator="Test Translator",
        source="Fixture 2018",
        sentences=(
            "The first sentence is short.",
            "The second one asks a question?",
            "The third one exclaims!",
            "The fourth trails off…",
            "The fifth closes the excerpt.",
        ),
    )
    two = quiz.excerpts["fixture-two"]
    assert (two.writer, two.date, two.source) == (
        "unsigned",
        "1926-03-02",
        "Sample and Example 2001",
    )
    assert quiz.citations == {
        "claims:typewriter": "claims dataset, row typewriter "
        "(Fixture 2018; Sample and Example 2001)",
        "FIX01": "Fixture 2018",
    }


@pytest.mark.parametrize(
    ("earliest", "latest", "text"),
    [
        ("1924-01-01", "1925-12-31", "1924–1925"),
        ("1924-01-01", "1924-12-31", "1924"),
        ("1926-03-02", "1926-03-02", "1926-03-02"),
        ("1926-03-02", "", "1926-03-02"),
        ("1926-03-01", "1926-03-31", "1926-03-01 – 1926-03-31"),
        ("", "", "undated"),
    ],
)
def test_date_text(earliest: str, latest: str, text: str) -> None:
    assert date_text(earliest, latest) == text


def test_split_sentences_keeps_the_contract_rule() -> None:
    assert split_sentences(" One. Two?  Three! Four… Five ") == (
        "One.",
        "Two?",
        "Three!",
        "Four…",
        "Five",
    )
    assert split_sentences("Dr. Who.") == ("Dr.", "Who.")  # the rule is simple on purpose


def test_payload_has_the_contract_fields(quiz: Quiz) -> None:
    payload = build_payload(quiz)
    # English, the student's edition: the keys at their default are left out
    assert list(payload) == ["id", "version", "title", "questions", "key"]
    assert (payload["id"], payload["version"]) == ("all-types", 2)
    by_id = {q["id"]: q for q in payload["questions"]}
    assert by_id["which-typed"] == {
        "id": "which-typed",
        "type": "single",
        "prompt": "Which letter was <strong>typewritten</strong>?",
        "hints": ["<p>Look at the <code>medium</code> column.</p>", "<p>It is not letter B.</p>"],
        "excerpt": {
            "id": "fixture-two",
            "writer": "unsigned",
            "document": "Fixture letter B",
            "date": "1926-03-02",
            "translator": "Other Translator",
            "source": "Sample and Example 2001",
            "sentences": ["Only two sentences here.", "This is the second <b>one</b> & more."],
        },
        "options": [
            {"id": "a", "html": "Letter <em>A</em>"},
            {"id": "c", "html": "Neither &lt;script&gt;alert(1)&lt;/script&gt;"},
            {"id": "b", "html": "Letter B"},
        ],
    }
    assert by_id["year"] == {
        "id": "year",
        "type": "numeric",
        "prompt": "In which year was letter B written?",
        "unit": "year",
    }
    assert by_id["reflect"]["min_words"] == 5
    assert set(by_id["match"]) == {"id", "type", "prompt", "pairs", "choices"}  # 1 point
    assert [p["id"] for p in by_id["match"]["pairs"]] == ["la", "lb", "lc"]
    assert sorted(c["id"] for c in by_id["match"]["choices"]) == ["la", "lb", "lc", "xx"]
    assert {c["id"]: c["html"] for c in by_id["match"]["choices"]}["xx"] == "Nobody"
    assert "options" not in by_id["typed-true"] and "hints" not in by_id["typed-true"]


def test_answer_key_is_base64_json_per_contract(quiz: Quiz) -> None:
    payload = build_payload(quiz)
    assert re.fullmatch(r"[A-Za-z0-9+/]+=*", payload["key"])
    assert "typewritten" not in payload["key"]
    assert decode_key(payload["key"]) == {
        "which-typed": {
            "correct": "a",
            "feedback": {"a": "Yes.", "b": "No: B was handwritten."},
            "explanation": "<p>Letter A is the only typed one.</p>",
            "source": "claims dataset, row typewriter (Fixture 2018; Sample and Example 2001)",
        },
        "which-cities": {"correct": ["testville", "sampleton"]},
        "typed-true": {
            "answer": True,
            "feedback": {
                "true": "Right, the claims table says so.",
                "false": "Look again at the claims table.",
            },
            "source": "Fixture 2018",
        },
        "year": {"answer": 1926, "tolerance": 1},
        "surname": {"answers": ["Fixture", "Фикстура"], "fuzzy": 0.8},
        "order": {"order": ["first", "second", "third", "fourth"]},
        "match": {"pairs": {"la": "la", "lb": "lb", "lc": "lc"}},
        "evidence": {"evidence": [2, 3]},
        "reflect": {
            "model_answer": "<p>Typing could look <em>official</em>.</p>",
            "rubric": ["<p>Gives a reason.</p>", "<p>Refers to the document.</p>"],
        },
    }


def test_options_follow_the_seed_only_when_shuffle_is_on(quiz: Quiz) -> None:
    by_id = {q["id"]: q for q in build_payload(quiz)["questions"]}
    expected = ["a", "b", "c"]
    random.Random("7:which-typed").shuffle(expected)
    assert [o["id"] for o in by_id["which-typed"]["options"]] == expected
    # per-question shuffle: false wins over the quiz-level shuffle: true
    assert [o["id"] for o in by_id["which-cities"]["options"]] == [
        "testville",
        "sampleton",
        "nowhere",
    ]
    plain = Quiz.from_dict(
        _one_question(options=[{"id": i, "text": i, "correct": i == "a"} for i in "abcdef"])
    )
    assert [o["id"] for o in build_payload(plain)["questions"][0]["options"]] == list("abcdef")


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(min_value=0, max_value=10**6),
    n=st.integers(min_value=2, max_value=7),
    qid=st.from_regex(r"[a-z][a-z0-9]{0,4}(-[a-z0-9]{1,4}){0,2}", fullmatch=True),
)
def test_ordering_items_are_never_shown_in_the_correct_order(seed: int, n: int, qid: str) -> None:
    items = [{"id": f"i{k}", "text": f"Item {k}"} for k in range(n)]
    data = {
        "id": "o",
        "title": "O",
        "seed": seed,
        "questions": [
            {"id": qid, "type": "ordering", "prompt": "Order.", "items": items},
            {
                "id": f"{qid}-m",
                "type": "matching",
                "prompt": "Match.",
                "pairs": [{"id": f"p{k}", "left": f"L{k}", "right": f"R{k}"} for k in range(n)],
            },
        ],
    }
    payload = build_payload(Quiz.from_dict(data))
    shown = [i["id"] for i in payload["questions"][0]["items"]]
    assert sorted(shown) == sorted(i["id"] for i in items)
    assert shown != [i["id"] for i in items]
    choices = [c["id"] for c in payload["questions"][1]["choices"]]
    assert sorted(choices) == [f"p{k}" for k in range(n)]
    assert choices != [f"p{k}" for k in range(n)]
    assert build_payload(Quiz.from_dict(data)) == payload  # deterministic


def test_teacher_and_lang_flags(quiz: Quiz) -> None:
    payload = build_payload(quiz, teacher=True, lang="ru")
    assert (payload["teacher"], payload["lang"]) == (True, "ru")
    assert payload["key"] == build_payload(quiz)["key"]


def test_markdown_never_passes_raw_html() -> None:
    quiz = Quiz.from_dict(
        _one_question(
            prompt="<img src=x onerror=alert(1)> [link](javascript:alert(1)) [ok](https://a.org)",
            options=[{"id": "a", "text": "<b>A</b>", "correct": True}, {"id": "b", "text": "*B*"}],
        )
    )
    question = build_payload(quiz)["questions"][0]
    assert question["prompt"] == (
        "&lt;img src=x onerror=alert(1)&gt; [link](javascript:alert(1)) "
        '<a href="https://a.org">ok</a>'
    )
    assert question["options"] == [
        {"id": "a", "html": "&lt;b&gt;A&lt;/b&gt;"},
        {"id": "b", "html": "<em>B</em>"},
    ]


def test_html_element_is_data_only_and_small() -> None:
    quiz = Quiz.from_dict(_one_question())
    html = quiz_html(quiz)
    match = re.fullmatch(
        r'<div class="lk-quiz" data-lk-quiz="tiny"><script type="application/json">'
        r"(.*)</script>"
        r'<noscript>(<div class="lk-sheet" lang="en">.*</div>)</noscript></div>',
        html,
    )
    assert match is not None
    assert json.loads(match.group(1)) == build_payload(quiz)
    assert "\n" not in html and ": " not in match.group(1)
    # the data, and the questions as a worksheet for browsers without JavaScript
    assert len(html.encode("utf-8")) < 1400, len(html.encode("utf-8"))


def test_noscript_text_follows_the_interface_language() -> None:
    quiz = Quiz.from_dict(_one_question())
    assert "Для этого теста нужен JavaScript. Ответьте на бумаге:" in quiz_html(quiz, lang="ru")
    assert "This quiz needs JavaScript. Answer it on paper:" in quiz_html(quiz, lang="xx")


def test_script_json_cannot_break_out_of_the_script_element() -> None:
    nasty = {"title": "</script><script>alert(1)</script> & \u2028\u2029 <!--"}
    text = script_json(nasty)
    assert "</" not in text and "<!" not in text and not set(text) & {"\u2028", "\u2029"}
    assert json.loads(text) == nasty
    quiz = Quiz.from_dict({**_one_question(), "title": nasty["title"]})
    html = quiz_html(quiz)
    # an HTML parser finds one script, holding the whole payload, and nothing after it
    (script,) = bs4.BeautifulSoup(html, "html.parser").select("script")
    assert json.loads(script.string)["title"] == nasty["title"]
    assert html.count("</script") == 1 and "<!--" not in html


def test_display_in_book_builds_is_data(monkeypatch: pytest.MonkeyPatch, quiz: Quiz) -> None:
    monkeypatch.setenv("LESSONKIT_RENDER", "data")
    bundle = quiz_bundle(quiz)
    assert set(bundle) == {"text/plain", QUIZ_MIME}
    assert (
        bundle["text/plain"] == "Quiz 'all-types': All nine question types (9 questions, 9 points)"
    )
    assert bundle[QUIZ_MIME] == {"id": "all-types", "path": str(quiz.path)}
    inline = Quiz.from_dict(quiz_to_dict(quiz), datasets=DATASETS)
    assert quiz_bundle(inline)[QUIZ_MIME] == {"id": "all-types", "quiz": quiz_to_dict(quiz)}


def test_ipython_displays_a_quiz_through_lessonkit_live(
    monkeypatch: pytest.MonkeyPatch, quiz: Quiz
) -> None:
    """``import lessonkit`` in a kernel registers the display by the class's name."""
    from IPython.core.interactiveshell import InteractiveShell

    import lessonkit

    shell = InteractiveShell.instance()
    try:
        lessonkit._register_quiz_display()
        monkeypatch.setenv("LESSONKIT_RENDER", "data")
        data, _ = shell.display_formatter.format(quiz)
        assert data[QUIZ_MIME]["id"] == "all-types"
        assert data["text/plain"] == quiz.summary()
    finally:
        InteractiveShell.clear_instance()


def test_written_back_quiz_is_the_same_quiz(quiz: Quiz) -> None:
    again = Quiz.from_dict(quiz_to_dict(quiz), datasets=DATASETS)
    assert again == quiz
    assert build_payload(again) == build_payload(quiz)


def test_summary_counts_scored_points() -> None:
    quiz = Quiz.from_dict(_one_question(points=1.5))
    assert str(quiz) == "Quiz 'tiny': Tiny (1 question, 1.5 points)"


def test_schema_is_valid_draft_2020_12_and_accepts_all_types() -> None:
    import yaml
    from jsonschema import Draft202012Validator

    from lessonkit.quiz.loader import _string_keys

    schema = quiz_schema().document
    Draft202012Validator.check_schema(schema)
    # YAML reads the true/false keys of true_false feedback as booleans; JSON keys are text
    data = _string_keys(yaml.safe_load(ALL_TYPES.read_text(encoding="utf-8")))
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


def test_importing_the_quiz_package_stays_light() -> None:
    code = (
        "import sys, lessonkit, lessonkit.quiz; "
        "print(sorted(m for m in ('yaml', 'jsonschema', 'markdown_it', 'pandas') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_writer_does_not_repeat_a_name_already_in_the_signature() -> None:
    from lessonkit.quiz.resolve import make_excerpt

    row = {"excerpt_id": "e", "text": "One. Two.", "translator": "T", "sources": "K"}
    letter = {"signed_as": "Anna Bee (full name)", "identified_as": "Anna Bee", "title": "L"}
    excerpt = make_excerpt(row, letter, cite=lambda key: f"cite:{key}")
    assert (excerpt.writer, excerpt.source, excerpt.date) == (
        "Anna Bee (full name)",
        "cite:K",
        "undated",
    )
    bare = make_excerpt(row, None, cite=str)
    assert (bare.writer, bare.document, bare.sentences) == ("unsigned", "", ("One.", "Two."))


def test_every_excerpt_of_the_real_datasets_resolves() -> None:
    from lessonkit.quiz.resolve import Lookups

    look = Lookups()
    assert look.excerpts, "datasets/excerpts.csv has rows"
    for excerpt_id in look.excerpts:
        excerpt = look.excerpt(excerpt_id)
        assert excerpt.sentences and all(s.strip() for s in excerpt.sentences), excerpt_id
        assert excerpt.writer and excerpt.document and excerpt.source, excerpt_id


def test_a_quiz_builds_and_grades_without_any_dataset(tmp_path: Path) -> None:
    """References are resolved in a step of their own: grading needs no bibliography."""
    quiz = Quiz.from_yaml(ALL_TYPES, datasets=tmp_path / "nothing-here", resolve=False)
    assert quiz.excerpts == {} and quiz.citations == {}
    full = Quiz.from_yaml(ALL_TYPES, datasets=DATASETS)
    assert quiz == full  # the same questions, only the resolved references differ
    answers = {"which-typed": "np", "which-cities": ["odessa"]}
    assert quiz.grade(answers) == full.grade(answers)
    with pytest.raises(QuizFormatError, match=r"datapackage\.json"):
        Quiz.from_yaml(ALL_TYPES, datasets=tmp_path / "nothing-here")
