"""The live widget's front end (quiz.js + widget.js, the module the kernel serves) with a
model that stands in for the kernel's: an answer the store could not take is shown in an
alert, "Try saving again" asks the kernel, and "saved now" stays whatever the order in
which the kernel's updates arrive."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from .conftest import STATIC, load_messages
from .quizdata import all_types
from .test_axe import _describe, run_axe

MODEL = """async ([esm, payload, messages]) => {
  const listeners = {};
  const state = {payload, messages, saved: null, submission: {}, store_error: "", unsaved: 0};
  const model = {
    sent: [],
    get: name => state[name],
    set: (name, value) => { state[name] = value; },
    save_changes: () => {},
    send: content => { model.sent.push(content); },
    on: (event, callback) => { (listeners[event] = listeners[event] || []).push(callback); },
    off: (event, callback) => {
      listeners[event] = (listeners[event] || []).filter(c => c !== callback);
    },
    // what the kernel does: change a trait, or send a message
    kernel: (name, value) => {
      if (name === "msg") { (listeners["msg:custom"] || []).forEach(c => c(value)); return; }
      state[name] = value;
      (listeners["change:" + name] || []).forEach(c => c());
    },
  };
  const url = "data:text/javascript;charset=utf-8," + encodeURIComponent(esm);
  const widget = (await import(url)).default;
  const el = document.createElement("div");
  document.querySelector("main").append(el);
  widget.render({model, el});
  globalThis.kernelModel = model;
}"""


def open_widget(page: Any, lang: str = "en") -> Any:
    from lessonkit.live.widget import QuizWidget

    page.set_content(
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Live quiz</title></head>'
        "<body><main><h1>Notebook</h1></main></body></html>"
    )
    page.add_style_tag(content=(STATIC / "quiz.css").read_text(encoding="utf-8"))
    page.evaluate(MODEL, [QuizWidget._esm, all_types(lang=lang), load_messages(lang)])
    expect(page.locator(".lk-q")).to_have_count(9)
    return page.locator(".lk-store-alert")


def kernel(page: Any, *updates: tuple[str, Any]) -> None:
    for name, value in updates:
        page.evaluate("([n, v]) => kernelModel.kernel(n, v)", [name, value])


ERROR = "/home/ann/progress.sqlite: the answer was not saved: the disk is full. Fix: free some space on the disk."


@pytest.mark.parametrize(
    "order",
    [
        [("store_error", ""), ("unsaved", 0), ("msg", {"type": "retried", "unsaved": 0})],
        [("msg", {"type": "retried", "unsaved": 0}), ("unsaved", 0), ("store_error", "")],
        [("unsaved", 0), ("msg", {"type": "retried", "unsaved": 0}), ("store_error", "")],
    ],
    ids=["error-first", "message-first", "count-first"],
)
def test_not_saved_then_saved(page: Any, order: list[tuple[str, Any]]) -> None:
    alert = open_widget(page)
    expect(alert).to_be_empty()
    kernel(page, ("store_error", ERROR), ("unsaved", 1))
    shown = page.get_by_role("alert")
    expect(shown).to_contain_text("✗ 1 answer was not saved.")
    expect(shown).to_contain_text(ERROR)
    expect(shown).to_contain_text("Do not close the notebook yet.")
    kernel(page, ("unsaved", 2))
    expect(shown).to_contain_text("2 answers were not saved.")
    shown.get_by_role("button", name="Try saving again").click()
    assert page.evaluate("() => kernelModel.sent") == [{"type": "retry"}]
    kernel(page, ("msg", {"type": "retried", "unsaved": 2}))
    expect(shown).to_contain_text("still not saved.")
    kernel(page, *order)
    expect(shown).to_have_text("✓ Your answers are saved now.")
    expect(shown.get_by_role("button")).to_have_count(0)


def test_a_store_problem_without_lost_answers_is_a_warning(page: Any) -> None:
    open_widget(page)
    moved = "/home/ann/progress.sqlite: the progress store is damaged; it was moved to x"
    kernel(page, ("store_error", moved))
    expect(page.get_by_role("alert")).to_have_text(
        f"! A problem with the file that keeps your answers:{moved}"
    )


def test_russian_alert_and_axe(page: Any) -> None:
    open_widget(page, "ru")
    kernel(page, ("store_error", ERROR), ("unsaved", 3))
    shown = page.get_by_role("alert")
    expect(shown).to_contain_text("3 ответа не сохранены.")
    expect(shown.get_by_role("button", name="Сохранить ещё раз")).to_be_visible()
    result = run_axe(page, "live widget: answers not saved")
    assert not result["violations"], "axe violations:\n" + _describe(result["violations"])


def test_store_messages_exist_in_both_catalogues() -> None:
    text = (STATIC / "widget.js").read_text(encoding="utf-8")
    literal = set(re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", text))
    plural = set(re.findall(r"plural\(\s*\"([a-z_]+)\"\s*,", text))
    assert literal == {
        "store_retry",
        "store_unsaved_kept",
        "store_problem",
        "store_saved_now",
        "store_still_unsaved",
    }
    assert plural == {"store_unsaved"}
    for lang, forms in (("en", ("one", "other")), ("ru", ("one", "few", "many", "other"))):
        catalogue = load_messages(lang)
        assert all(isinstance(catalogue.get(key), str) for key in literal), lang
        assert all(isinstance(catalogue.get(f"store_unsaved_{f}"), str) for f in forms), lang
