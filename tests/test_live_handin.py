"""The live quiz's "Hand in" button, driven through the widget's model (traitlets)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lessonkit.answers import ProgressStore
from lessonkit.answers.handin import read_handin
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz

HERE = Path(__file__).resolve().parent


@pytest.fixture
def quiz() -> Quiz:
    return Quiz.from_yaml(
        HERE / "quizzes" / "all-types.yaml", datasets=HERE / "quizzes" / "datasets"
    )


def test_on_a_hub_with_an_exchange_the_widget_hands_in(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exchange = tmp_path / "course"
    (exchange / "inbound").mkdir(parents=True)
    monkeypatch.setenv("LESSONKIT_EXCHANGE", str(exchange))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    widget = QuizWidget(quiz, store=ProgressStore(tmp_path / "progress.sqlite"))
    assert widget.handin_enabled is True
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 1}
    widget.handin_request = 1
    assert widget.handin_status["request"] == 1
    assert widget.handin_status["text"].startswith("Handed in at ")
    assert "Answers in the file: 1." in widget.handin_status["text"]
    widget.submission = {"question_id": "year", "answer": "1926", "attempt": 2}
    widget.handin_request = 2
    first, second = sorted((exchange / "inbound").iterdir())
    assert [r["answer"] for r in read_handin(first)["responses"]] == ["1925"]
    assert [r["answer"] for r in read_handin(second)["responses"]] == ["1925", "1926"]
    assert read_handin(second)["student"] == "alice"


def test_a_failed_handin_is_said_in_the_interface_language(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_EXCHANGE", str(tmp_path / "not-mounted"))
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    monkeypatch.setenv("LESSONKIT_LANGUAGE", "ru")
    widget = QuizWidget(quiz, store=ProgressStore(tmp_path / "progress.sqlite"))
    widget.submission = {"question_id": "year", "answer": "1925", "attempt": 1}
    widget.handin_request = 1
    assert widget.handin_status["text"].startswith("Не сдано: ")
    assert "the exchange has no inbound folder" in widget.handin_status["text"]


def test_without_an_exchange_there_is_no_button(
    quiz: Quiz, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LESSONKIT_EXCHANGE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "alice")
    widget = QuizWidget(quiz, store=ProgressStore(tmp_path / "progress.sqlite"))
    assert widget.handin_enabled is False
