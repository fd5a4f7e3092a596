"""Hostile quiz text stays text: no script runs, nothing loads, no unsafe link survives.

Each attack of ``payloads/xss.json`` is put in every field of two quizzes on one page:
a raw payload whose HTML fields carry the attack unescaped (so quiz.js's own sanitiser
is what stands in the way) and a quiz file run through the real pipeline (Markdown with
raw HTML disabled, then the JSON embedded in the page by ``lessonkit.render.html``). Both
are in the teacher edition, so the answer keys are rendered too. The test then uses
every control, and fails on any ``window.__xss`` probe, dialog, page error or request
that leaves 127.0.0.1 (the page guard), or on any dangerous node or attribute.
"""

from __future__ import annotations

from typing import Any

import pytest

from .quizdata import ATTACKS, pipeline_attack_payload, raw_attack_payload

INSPECT = """() => {
  const problems = [];
  const dangerous = "script:not(.lk-quiz > script[type='application/json']), img, svg, math, iframe, frame, object, embed, " +
    "style, link, meta, base, form form, video, audio, source, template, slot, details, " +
    "noscript, input:not([id^='lkq']), textarea:not([id^='lkq']), select:not([id^='lkq']), " +
    "button:not(.lk-btn), [contenteditable]";
  const forbidden = /^(on|style$|src$|srcdoc$|action$|formaction$|xlink:|poster$|target$|data$)/i;
  for (const quiz of document.querySelectorAll(".lk-quiz")) {
    quiz.querySelectorAll(dangerous).forEach(el => problems.push("element: " + el.outerHTML.slice(0, 120)));
    quiz.querySelectorAll("*").forEach(el => {
      for (const attr of Array.from(el.attributes)) {
        if (forbidden.test(attr.name)) problems.push(`attribute ${attr.name} on <${el.localName}>`);
      }
      if (el.hasAttribute("href")) {
        const url = new URL(el.getAttribute("href"), location.href);
        if (!["http:", "https:", "mailto:"].includes(url.protocol)) problems.push("href " + url.href);
        if (el.getAttribute("rel") !== "noopener") problems.push("link without rel=noopener");
      }
    });
  }
  return problems;
}"""


USE_EVERY_CONTROL = """() => {
  const byText = (form, text) => Array.from(form.querySelectorAll("button")).find(b => b.textContent === text);
  for (const form of document.querySelectorAll(".lk-q")) {
    const hint = byText(form, "Hint");
    for (let i = 0; hint && i < 5; i++) hint.click();
    form.querySelectorAll("input[type=text], textarea").forEach(field => { field.value = "one two three 1"; });
    const choice = form.querySelector(".lk-options input, .lk-sentence input");
    if (choice) choice.click();
    form.querySelectorAll("select").forEach(select => { select.selectedIndex = 1; });
    const move = form.querySelector(".lk-order button[aria-disabled=false]");
    if (move) move.click();
    form.querySelector("button.lk-check").click();
    const show = byText(form, "Show model answer");
    if (show) { show.click(); form.querySelector(".lk-rubric input").click(); }
  }
  document.querySelectorAll(".lk-quiz a").forEach(a => {
    if (!a.hasAttribute("href") || a.getAttribute("href").startsWith("#")) a.click();
  });
}"""


def _use_every_control_by_mouse(page: Any) -> None:
    """The same as USE_EVERY_CONTROL, with real mouse clicks (slower: used once)."""
    for form in page.locator(".lk-q").all():
        for hint in form.locator("button", has_text="Hint").all():
            while hint.get_attribute("aria-disabled") != "true":
                hint.click()
        for field in form.locator("input[type=text], textarea").all():
            field.fill("one two three 1")
        first = form.locator("input[type=radio]:visible, input[type=checkbox]:visible").first
        if first.count():
            first.check()
        for select in form.locator("select").all():
            select.select_option(index=1)
        for button in form.locator(".lk-order button[aria-disabled=false]").all()[:1]:
            button.click()
        form.locator("button.lk-check").click()
        show = form.locator("button", has_text="Show model answer")
        if show.count() and show.get_attribute("aria-disabled") == "false":
            show.click()
            form.locator(".lk-rubric input").first.check()
    for link in page.locator(".lk-quiz a:not([href]), .lk-quiz a[href^='#']").all():
        link.click()


def _assert_inert(page: Any) -> None:
    page.wait_for_timeout(100)  # let any (wrongly) scheduled handler run before probing
    assert page.evaluate("() => window.__xss") is None, "an injected script ran"
    problems = page.evaluate(INSPECT)
    assert not problems, "unsafe markup in the quiz:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("attack", ATTACKS, ids=[f"{i:02d}" for i in range(len(ATTACKS))])
def test_attack_stays_inert(open_quizzes: Any, page: Any, attack: str) -> None:
    open_quizzes(raw_attack_payload(attack), pipeline_attack_payload(attack))
    assert page.locator(".lk-quiz .lk-q").count() == 19, "every question must render"
    page.evaluate(USE_EVERY_CONTROL)
    assert page.locator(".lk-model-box:visible").count() == 2, "the model answers were opened"
    _assert_inert(page)

    raw = page.locator(".lk-quiz").first
    assert raw.locator(".lk-quiz__title").text_content() == attack
    facts = raw.locator('.lk-q[data-question="single"] .lk-excerpt__facts dd').all_text_contents()
    assert facts == [attack] * 5, "writer, document, date, translator and source as text"
    assert raw.locator('.lk-q[data-question="num"] .lk-unit').text_content() == attack
    sentence = raw.locator('.lk-q[data-question="hl"] .lk-sentence').first
    assert sentence.locator("label").text_content().endswith(attack)
    assert raw.locator('.lk-q[data-question="single"] .lk-source').text_content() == (
        "Source: " + attack
    )
    accepted = raw.locator('.lk-q[data-question="txt"] .lk-key li').first
    assert accepted.text_content() == attack


def test_there_are_at_least_twenty_attacks() -> None:
    assert len(ATTACKS) >= 20
    assert len(set(ATTACKS)) == len(ATTACKS)


def test_all_attacks_at_once_with_real_clicks(open_quizzes: Any, page: Any) -> None:
    everything = " ".join(ATTACKS)
    open_quizzes(raw_attack_payload(everything), pipeline_attack_payload(everything))
    _use_every_control_by_mouse(page)
    _assert_inert(page)
