"""The live widget driven through its model (traitlets), in process."""

from __future__ import annotations

from pathlib import Path

import pytest

import lessonkit.live
from lessonkit.answers import ProgressStore
from lessonkit.live.display import quiz_bundle
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz
from lessonkit.render.payload import build_payload

HERE = Path(__file__).resolve().parent


@pytest.fixture
def quiz() -> Quiz:
    return Quiz.from_yaml(
        HERE / "quizzes" / "all-types.yaml", datasets=HERE / "quizzes" / "datasets"
    )


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    return ProgressStore(tmp_path / "progress.sqlite")


def test_widget_front_end_is_the_package_quiz_js(quiz: Quiz, store: ProgressStore) -> None:
    widget = QuizWidget(quiz, store=store)
    static = Path(lessonkit.__file__).parent / "render" / "static"
    assert widget._esm.startswith((static / "quiz.js").read_text(encoding="utf-8"))
    assert "export default { render }" in widget._esm
    assert widget.payload == build_payload(quiz)
    assert widget.messages["check"] == "Check"


def test_submissions_are_graded_in_python_and_recorded(quiz: Quiz, store: ProgressStore) -> None:
    widget = QuizWidget(quiz, store=store)
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 1}
    widget.submission = {
        "question_id": "order",
        "answer": ["first", "third", "second", "fourth"],
        "attempt": 1,
    }
    widget.submission = {"question_id": "no-such-question", "answer": 1, "attempt": 1}
    assert widget.results == {
        "year": {"verdict": "correct", "score": 1.0},
        "order": {"verdict": "incorrect", "score": 0.0},
    }
    records = store.records()
    assert [(r.question_id, r.verdict, r.attempt) for r in records] == [
        ("year", "correct", 1),
        ("order", "incorrect", 1),
    ]
    assert records[0].quiz_id == "all-types" and records[0].quiz_version == 2
    # a new widget for the same quiz starts from the saved answers
    again = QuizWidget(quiz, store=store)
    assert again.saved["answers"]["year"] == {"answer": "1925", "verdict": "correct", "attempt": 1}


def test_a_corrupt_store_does_not_break_the_quiz(quiz: Quiz, tmp_path: Path) -> None:
    path = tmp_path / "progress.sqlite"
    path.write_text("not a database", encoding="utf-8")
    widget = QuizWidget(quiz, store=ProgressStore(path))
    assert "moved to progress.sqlite.corrupt-" in widget.store_error
    widget.submission = {"question_id": "year", "answer": "1926", "attempt": 1}
    assert widget.results["year"]["verdict"] == "correct"
    assert len(ProgressStore(path).records()) == 1


def test_russian_interface(quiz: Quiz, store: ProgressStore) -> None:
    lessonkit.live.set_language("ru")
    try:
        widget = QuizWidget(quiz, store=store)
        assert widget.messages["check"] == "Проверить"
        assert widget.payload["lang"] == "ru"
    finally:
        from lessonkit import _context

        _context.reset()  # the environment decides again (not an English override)
    with pytest.raises(ValueError, match="choose one of: en, ru"):
        lessonkit.live.set_language("fr")


def test_display_in_a_live_kernel_is_the_widget(
    quiz: Quiz, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LESSONKIT_RENDER", raising=False)
    monkeypatch.setenv("LESSONKIT_HOME", str(Path(monkeypatch.__class__.__module__).parent))
    data = quiz_bundle(quiz)
    data = data[0] if isinstance(data, tuple) else data
    assert "application/vnd.jupyter.widget-view+json" in data
    monkeypatch.setenv("LESSONKIT_RENDER", "data")
    data = quiz_bundle(quiz)
    assert "application/vnd.jupyter.widget-view+json" not in data
    assert data["application/vnd.lessonkit.quiz+json"]["id"] == "all-types"


def test_answers_sent_from_another_thread_are_saved(quiz: Quiz, store: ProgressStore) -> None:
    """Kernels handle widget messages in other threads than the one that ran the cell."""
    import threading

    widget = QuizWidget(quiz, store=store)
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 1}
    worker = threading.Thread(
        target=setattr,
        args=(widget, "submission", {"question_id": "year", "answer": "1926", "attempt": 2}),
    )
    worker.start()
    worker.join()
    assert widget.store_error == ""
    assert [(r.answer, r.attempt) for r in store.records()] == [("1925", 1), ("1926", 2)]
    assert widget.saved["answers"]["year"]["answer"] == "1926"  # kept in step for a reload


def test_an_answer_that_cannot_be_saved_is_kept_and_saved_later(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the folder should be", encoding="utf-8")
    path = blocker / "progress.sqlite"
    widget = QuizWidget(quiz, store=ProgressStore(path))
    sent: list[object] = []
    monkeypatch.setattr(widget, "send", sent.append)
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 1}
    widget.submission = {"question_id": "year", "answer": "1926", "attempt": 2}
    assert widget.results["year"]["verdict"] == "correct"
    assert widget.unsaved == 2
    assert widget.store_error.startswith(f"{blocker}: the folder of the progress store is a file")
    assert widget.saved["answers"]["year"] == {"answer": "1926", "verdict": "correct", "attempt": 2}

    widget._on_message(widget, {"type": "retry"}, [])  # still blocked
    assert sent == [{"type": "retried", "unsaved": 2}]
    blocker.unlink()
    blocker.mkdir()
    widget._on_message(widget, {"type": "retry"}, [])
    assert sent[-1] == {"type": "retried", "unsaved": 0}
    assert (widget.unsaved, widget.store_error) == (0, "")
    assert [(r.answer, r.attempt) for r in ProgressStore(path).records()] == [
        ("1925", 1),
        ("1926", 2),
    ]
    widget._on_message(widget, {"type": "something else"}, [])
    assert len(sent) == 2
