"""Static checks of the front-end files: one classic script, no network, no HTML
injection sinks, every interface string in both catalogues, every CSS rule scoped."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import STATIC

QUIZ_JS = (STATIC / "quiz.js").read_text(encoding="utf-8")
PAGE_JS = (STATIC / "quiz-page.js").read_text(encoding="utf-8")
CSS = (STATIC / "quiz.css").read_text(encoding="utf-8")
CATALOGUES = {
    lang: json.loads((STATIC / "messages" / f"{lang}.json").read_text("utf-8"))
    for lang in ("en", "ru")
}
# keys built at run time: "verdict_" + verdict, "excerpt_" + field, plural variants, ...
COMPUTED = {
    "verdict_correct",
    "verdict_partial",
    "verdict_incorrect",
    "verdict_unanswered",
    "verdict_submitted",
    "excerpt_writer",
    "excerpt_document",
    "excerpt_date",
    "excerpt_translator",
    "excerpt_source",
    "move_up",
    "move_down",
    "already_first",
    "already_last",
    "choice_correct",
    "choice_wrong",
    "detail_ordering",
    "detail_matching",
    "detail_choices",
    "true",
    "false",
    "check",
    "submit",
}
PLURALS = {"points", "score_line", "detail_min_words"}


@pytest.mark.parametrize("name", ["quiz.js", "quiz-page.js", "quiz-math.js"])
def test_scripts_are_classic_strict_and_offline(name: str) -> None:
    text = (STATIC / name).read_text(encoding="utf-8")
    code = re.sub(r"/\*.*?\*/|//[^\n]*", "", text, flags=re.S)
    assert code.lstrip().startswith("(function () {") and '"use strict";' in code
    for forbidden in (
        r"^\s*(import|export)\b",
        r"\bimport\(",
        r"\bfetch\(",
        r"XMLHttpRequest",
        r"WebSocket",
        r"EventSource",
        r"sendBeacon",
        r"\beval\(",
        r"new Function",
        r"innerHTML",
        r"outerHTML",
        r"insertAdjacentHTML",
        r"document\.write",
        r"setAttribute\(\s*[\"']on",
        r"\.on[a-z]+\s*=",
        r"https?://(?!www\.w3\.org/1999/xhtml|relative\.invalid)",
    ):
        assert not re.search(forbidden, code, flags=re.M), f"{name}: {forbidden}"


def test_every_message_key_exists_in_both_catalogues() -> None:
    literal = set(re.findall(r"\bt\(\s*\"([a-z_]+)\"\s*[,)]", QUIZ_JS))
    plural = set(re.findall(r"plural\(\s*\"([a-z_]+)\"\s*,", QUIZ_JS))
    page = set(re.findall(r"message\(\s*\"([a-z_]+)\"\s*\)", PAGE_JS))
    assert len(literal) > 20 and page == {"load_error", "load_error_detail"}
    assert plural == PLURALS
    for lang, catalogue in CATALOGUES.items():
        for key in literal | COMPUTED | page:
            assert isinstance(catalogue.get(key), str), f"{lang}.json lacks {key!r}"
        for key in PLURALS:
            assert isinstance(catalogue.get(f"{key}_other"), str), f"{lang}.json lacks {key}_other"
    russian = CATALOGUES["ru"]
    for key in PLURALS:
        assert all(f"{key}_{form}" in russian for form in ("one", "few", "many", "other")), key


def test_catalogues_have_no_english_left_in_russian() -> None:
    names = {"JavaScript"}  # proper names stay in Latin letters
    for key, value in CATALOGUES["ru"].items():
        words = set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", "", value))) - names
        assert not words, f"ru.json {key}: {value}"


def test_every_css_selector_is_scoped_under_lk_quiz() -> None:
    body = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    selectors = re.findall(r"([^{}]+)\{", body)
    for group in selectors:
        group = group.strip()
        if group.startswith("@"):
            continue
        for selector in group.split(","):
            assert ".lk-quiz" in selector, f"unscoped selector: {selector.strip()!r}"


def test_dark_theme_blocks_define_the_same_properties_as_light() -> None:
    blocks = re.findall(r"\{([^{}]*--lk-fg:[^{}]*)\}", CSS)
    names = [set(re.findall(r"(--lk-[a-z-]+):", block)) for block in blocks]
    assert len(blocks) == 4  # light, dark (book theme), dark (system setting), print
    light = names[0] - {"--lk-radius"}
    assert all(n == light for n in names[1:]), "every theme block sets every colour"
