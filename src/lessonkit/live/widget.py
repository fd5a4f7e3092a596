"""QuizWidget: the quiz as a live ipywidgets/anywidget widget."""

from __future__ import annotations

import sqlite3
from typing import Any

import anywidget
import traitlets

from .._context import current
from .._resources import static_dir
from ..answers import ProgressStore
from ..errors import LessonkitError
from ..quiz import Quiz, grade_question
from ..render.catalogue import messages
from ..render.mathassets import katex_files
from ..render.payload import build_payload
from .handin import can_hand_in, hand_in_from_widget

__all__ = ["QuizWidget"]


def _front_end() -> str:
    """quiz.js (the renderer) followed by widget.js (the anywidget entry point)."""
    folder = static_dir()
    return (
        (folder / "quiz.js").read_text(encoding="utf-8")
        + "\n"
        + (folder / "widget.js").read_text(encoding="utf-8")
    )


class QuizWidget(anywidget.AnyWidget):
    """A quiz rendered live by quiz.js; answers graded in Python and saved."""

    _esm = _front_end()
    _css = static_dir() / "quiz.css"
    payload = traitlets.Dict().tag(sync=True)
    messages = traitlets.Dict().tag(sync=True)
    saved = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    submission = traitlets.Dict().tag(sync=True)
    results = traitlets.Dict().tag(sync=True)
    store_error = traitlets.Unicode("").tag(sync=True)
    handin_enabled = traitlets.Bool(False).tag(sync=True)  # a course exchange is configured
    handin_request = traitlets.Int(0).tag(sync=True)  # the front end counts its clicks
    handin_status = traitlets.Dict().tag(sync=True)  # {"request": n, "text": what happened}
    #: KaTeX, sent only with a quiz that has math (empty otherwise).
    katex_js = traitlets.Unicode("").tag(sync=True)
    katex_css = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self,
        quiz: Quiz,
        *,
        store: ProgressStore | None = None,
        teacher: bool = False,
        **kwargs: Any,
    ) -> None:
        language = current().language
        payload = build_payload(quiz, teacher=teacher, lang=language)
        katex_js, katex_css = katex_files() if payload.get("math") else ("", "")
        super().__init__(
            payload=payload,
            messages=messages(language),
            handin_enabled=can_hand_in(current()),
            katex_js=katex_js,
            katex_css=katex_css,
            **kwargs,
        )
        self.quiz = quiz
        self.store = store if store is not None else ProgressStore()
        self.saved = self._saved_answers()  # type: ignore[assignment]  # a traitlet, None allowed

    def _opened_store(self) -> ProgressStore:
        """A store of the same file, opened, used and closed by the calling thread.

        ipykernel 7 handles widget messages (the ``submission`` updates) in other threads
        than the one that ran the cell; a store used only for one operation and closed
        in the same thread works whatever the kernel's threading model is.
        """
        return type(self.store)(self.store.path)

    def _saved_answers(self) -> dict[str, Any] | None:
        """The last saved answer to each question of this quiz version, for quiz.js."""
        try:
            with self._opened_store() as store:
                records = store.records(self.quiz.id)
        except (LessonkitError, sqlite3.Error) as exc:
            self.store_error = str(exc)
            return None
        answers: dict[str, Any] = {}
        for r in records:
            if r.quiz_version == self.quiz.version:
                answers[r.question_id] = {
                    "answer": r.answer,
                    "verdict": r.verdict,
                    "attempt": r.attempt,
                }
        return {"version": self.quiz.version, "answers": answers}

    @traitlets.observe("submission")
    def _on_submission(self, change: dict[str, Any]) -> None:
        record = change["new"] or {}
        question_id = record.get("question_id")
        if not isinstance(question_id, str):
            return
        try:
            question = self.quiz.question(question_id)
        except KeyError:
            return
        verdict = grade_question(question, record.get("answer"))
        self.results = {
            **self.results,
            question_id: verdict.to_dict(),
        }
        try:
            with self._opened_store() as store:
                store.record(
                    quiz_id=self.quiz.id,
                    quiz_version=self.quiz.version,
                    question_id=question_id,
                    answer=record.get("answer"),
                    verdict=verdict.verdict,
                    score=verdict.score,
                    quiz_title=self.quiz.title,
                )
        except (LessonkitError, sqlite3.Error) as exc:
            self.store_error = str(exc)
            return
        # Keep `saved` in step with the store: a view drawn again from this model (the page
        # reloaded while the kernel runs) restores the answers checked since the cell ran.
        self.saved = self._saved_answers()  # type: ignore[assignment]  # a traitlet, None allowed

    @traitlets.observe("handin_request")
    def _on_handin_request(self, change: dict[str, Any]) -> None:
        text = hand_in_from_widget(self.store, current())
        self.handin_status = {"request": change["new"], "text": text}
