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


DOCUMENT_CSS = (STATIC / "document.css").read_text(encoding="utf-8")

# (text or mark, background, minimum ratio): WCAG 2.2 AA for text (1.4.3), 3:1 for
# borders and the focus ring (1.4.11).
QUIZ_PAIRS = [
    *[("fg", bg, 4.5) for bg in ("bg", "surface", "ok-bg", "bad-bg", "partial-bg")],
    *[("fg", bg, 4.5) for bg in ("key-bg", "select-bg")],
    ("muted", "bg", 4.5),
    ("muted", "surface", 4.5),
    ("accent", "bg", 4.5),
    ("accent", "surface", 4.5),
    ("accent-fg", "accent", 4.5),
    ("ok", "ok-bg", 4.5),
    ("bad", "bad-bg", 4.5),
    ("partial", "partial-bg", 4.5),
    ("key", "key-bg", 4.5),
    ("border", "bg", 3),
    ("focus", "bg", 3),
]
DOCUMENT_PAIRS = [
    ("fg", "bg", 4.5),
    ("fg", "quote-bg", 4.5),
    ("label", "bg", 4.5),
    ("muted", "bg", 4.5),
    ("border", "bg", 3),
    ("accent", "quote-bg", 3),
]


def _on_screen(css: str) -> str:
    """``css`` without its ``@media print`` blocks (paper has a palette of its own)."""
    while "@media print" in css:
        start = css.index("@media print")
        depth = 0
        for end in range(css.index("{", start), len(css)):
            depth += {"{": 1, "}": -1}.get(css[end], 0)
            if depth == 0:
                break
        css = css[:start] + css[end + 1 :]
    return css


def _palette(css: str, prefix: str) -> dict[str, tuple[str, str]]:
    """``--<prefix>name: light-dark(#light, #dark)`` declarations, by name."""
    found = re.findall(
        rf"--{prefix}([a-z-]+):\s*light-dark\((#[0-9a-f]{{6}}),\s*(#[0-9a-f]{{6}})\)", css
    )
    return {name: (light, dark) for name, light, dark in found}


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _ratio(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("css", "prefix", "pairs"),
    [(CSS, "lk-", QUIZ_PAIRS), (DOCUMENT_CSS, "lk-doc-", DOCUMENT_PAIRS)],
    ids=["quiz.css", "document.css"],
)
def test_each_colour_is_written_once_for_both_modes_with_enough_contrast(
    css: str, prefix: str, pairs: list[tuple[str, str, float]]
) -> None:
    css = _on_screen(css)
    palette = _palette(css, prefix)
    declared = set(re.findall(rf"(--{prefix}[a-z-]+):", css)) - {"--lk-radius"}
    assert declared == {f"--{prefix}{name}" for name in palette}, "every colour is light-dark()"
    assert len(re.findall(rf"--{prefix}fg:", css)) == 1, "the palette is written once"
    assert "prefers-color-scheme" not in css, "color-scheme follows the system, no media query"
    for mode, side in (("light", 0), ("dark", 1)):
        for text, background, minimum in pairs:
            ratio = _ratio(palette[text][side], palette[background][side])
            assert ratio >= minimum, f"{mode}: {text} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize("css", [CSS, DOCUMENT_CSS], ids=["quiz.css", "document.css"])
def test_borders_and_outlines_do_not_hang_on_a_colour_variable(css: str) -> None:
    """Without light-dark() (older browsers) a var() of the palette is invalid: a border
    or outline shorthand holding one would vanish, the focus ring with it."""
    colour = r"var\(--lk-(?!radius\))"
    shorthands = re.findall(
        rf"\b((?:border|outline)(?:-[a-z]+)?):\s*([^;{{}}]*{colour}[^;{{}}]*);", css
    )
    assert shorthands, "the pattern finds the colour declarations"
    assert not [(p, v) for p, v in shorthands if not p.endswith("-color")]
