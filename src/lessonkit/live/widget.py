"""QuizWidget: the quiz as a live ipywidgets/anywidget widget."""

from __future__ import annotations

import sqlite3
from typing import Any

import anywidget
import traitlets

from .._context import current
from .._resources import static_dir
from ..answers import ProgressStore
from ..answers.records import now
from ..answers.storeerrors import StoreMovedAside
from ..errors import LessonkitError
from ..quiz import Quiz, grade_question
from ..render.catalogue import messages
from ..render.mathassets import katex_files
from ..render.payload import build_payload
from .handin import can_hand_in, hand_in_from_widget

__all__ = ["QuizWidget"]

# Whatever saving or reading an answer can raise: the quiz goes on, and says so.
_STORE_ERRORS = (LessonkitError, sqlite3.Error, OSError, TypeError, ValueError)


def _front_end() -> str:
    """quiz.js (the renderer) followed by widget.js (the anywidget entry point)."""
    folder = static_dir()
    return (
        (folder / "quiz.js").read_text(encoding="utf-8")
        + "\n"
        + (folder / "widget.js").read_text(encoding="utf-8")
    )


class QuizWidget(anywidget.AnyWidget):
    """A quiz rendered live by quiz.js; answers graded in Python and saved.

    An answer that cannot be saved (a full disk, a read-only store) is kept in memory,
    shown as not saved (``store_error``, ``unsaved``), and written with the next answer
    or when the student presses "Try saving again".
    """

    _esm = _front_end()
    _css = static_dir() / "quiz.css"
    payload = traitlets.Dict().tag(sync=True)
    messages = traitlets.Dict().tag(sync=True)
    saved = traitlets.Dict(allow_none=True, default_value=None).tag(sync=True)
    submission = traitlets.Dict().tag(sync=True)
    results = traitlets.Dict().tag(sync=True)
    #: What went wrong with the progress store, in words ("" when nothing did).
    store_error = traitlets.Unicode("").tag(sync=True)
    #: How many checked answers are kept in memory because the store could not take them.
    unsaved = traitlets.Int(0).tag(sync=True)
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
        # One store for the widget's life: opened and checked on first use, its one
        # connection shared by the kernel's threads (they take turns).
        self.store = store if store is not None else ProgressStore()
        self._pending: list[dict[str, Any]] = []
        self._save_failed = False
        self._answers: dict[str, dict[str, Any]] = {}
        self.saved = self._saved_answers()  # type: ignore[assignment]  # a traitlet, None allowed
        self.store.start_log()  # the disk is waited for here, not behind the first answer
        self.on_msg(self._on_message)

    def _saved_answers(self) -> dict[str, Any] | None:
        """The last saved answer to each question of this quiz version, for quiz.js."""
        try:
            self._answers = self.store.latest_answers(self.quiz.id, self.quiz.version)
        except _STORE_ERRORS as exc:
            self.store_error = str(exc)
            return None
        return {"version": self.quiz.version, "answers": dict(self._answers)}

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
        self._pending.append(
            {
                "quiz_id": self.quiz.id,
                "quiz_version": self.quiz.version,
                "question_id": question_id,
                "answer": record.get("answer"),
                "verdict": verdict.verdict,
                "score": verdict.score,
                "quiz_title": self.quiz.title,
                "recorded_at": now(),
            }
        )
        # Keep `saved` in step: a view drawn again from this model (the page reloaded
        # while the kernel runs) restores the answers checked since the cell ran.
        attempt = int(self._answers.get(question_id, {}).get("attempt", 0)) + 1
        self._answers[question_id] = {
            "answer": record.get("answer"),
            "verdict": verdict.verdict,
            "attempt": attempt,
        }
        self.saved = {"version": self.quiz.version, "answers": dict(self._answers)}
        self._flush()

    def _flush(self) -> None:
        """Write the answers kept in memory, oldest first; stop at the first failure."""
        moved = False
        while self._pending:
            try:
                self.store.record(**self._pending[0])
            except StoreMovedAside as exc:
                self.store_error = str(exc)  # a new store starts: write there, once
                if moved:
                    break
                moved = True
                continue
            except _STORE_ERRORS as exc:
                self.store_error = str(exc)
                self._save_failed = True
                break
            self._pending.pop(0)
        if not self._pending and self._save_failed:
            self._save_failed = False
            self.store_error = ""
        self.unsaved = len(self._pending)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        """``{"type": "retry"}`` from the front end: try to save the kept answers now, and
        answer ``{"type": "retried", "unsaved": n}``."""
        if isinstance(content, dict) and content.get("type") == "retry":
            self._flush()
            self.send({"type": "retried", "unsaved": self.unsaved})

    @traitlets.observe("handin_request")
    def _on_handin_request(self, change: dict[str, Any]) -> None:
        self._flush()  # answers kept while the store could not take them go in too, if they can
        text = hand_in_from_widget(self.store, current())
        self.handin_status = {"request": change["new"], "text": text}
