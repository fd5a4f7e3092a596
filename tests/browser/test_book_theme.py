"""The real book in the theme's colour modes, by keyboard alone, and zoomed.

- Document cards and quizzes follow the book's colour mode: the theme's own switch and the
  system setting, in every combination (a light choice on a dark system included), and
  when the switch is pressed on an open page. No light frame around them in dark mode.
- Keyboard: the first Tab reaches a visible skip link that leads into the main content;
  every stop of the tab order shows a focus indicator (its outline or shadow, or else a
  visible change around it when focus leaves) and is not hidden under the sticky header;
  tabbing goes round the page and out (no trap).
- The article header's sidebar buttons open the contents and the page outline by
  keyboard, and give focus back when closed.
- Zoom: at 640 px (200 % of 1280) and at 320 px (400 %), no page scrolls sideways and no
  text is cut off; wide tables and code scroll inside their own box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lessonlist import toc_files
from playwright.sync_api import expect

from .conftest import serve

LESSON = "lessons/02-three-voices"
#: name: (system colour scheme, mode chosen with the book's switch or None, mode shown)
SCHEMES = {
    "light": ("light", None, "light"),
    "dark": ("light", "dark", "dark"),
    "system-dark": ("dark", None, "dark"),
    "light-on-dark": ("dark", "light", "light"),
}
#: (card background, card text, quiz background, quiz text) of each mode, from the CSS
COLOURS = {
    "light": ("rgb(255, 255, 255)", "rgb(27, 30, 35)", "rgb(255, 255, 255)", "rgb(27, 30, 35)"),
    "dark": ("rgb(24, 27, 32)", "rgb(232, 235, 239)", "rgb(24, 27, 32)", "rgb(232, 235, 239)"),
}
#: The theme switch's hidden text for each mode (_templates/theme-switcher.html)
MODE_NAMES = {"light": "Light", "dark": "Dark", "auto": "System Settings"}
KEYBOARD_PAGES = [
    LESSON,
    "welcome",
    "guide/running-a-class",
    "reference/glossary",
    "reference/bibliography",
    "search",
]

SETTLED = """async () => {
  if (![...document.querySelectorAll('.lk-quiz')].every(q => q.hasAttribute('data-lk-rendered')))
    return false;
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  return true;
}"""

COLOURS_SHOWN = """() => {
  const style = selector => getComputedStyle(document.querySelector(selector));
  const card = style('.lk-document'), quiz = style('.lk-quiz');
  const frames = [...document.querySelectorAll('.output.text_html')]
    .filter(box => box.querySelector(':scope > .lk-document, :scope > .lk-quiz'))
    .map(box => [getComputedStyle(box).backgroundColor, getComputedStyle(box).paddingTop]);
  return {card: [card.backgroundColor, card.color], quiz: [quiz.backgroundColor, quiz.color],
          label: getComputedStyle(document.querySelector('.lk-provenance dt')).color,
          frames};
}"""

#: The focused element, once transitions are over: where it is, whether something else
#: covers it, and its indicator.
FOCUSED = r"""async () => {
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const box = el.getBoundingClientRect(), style = getComputedStyle(el);
  const points = [[box.left + box.width / 2, box.top + box.height / 2],
                  [box.left + 2, box.top + 2], [box.right - 2, box.bottom - 2]];
  const seen = points.some(([x, y]) => {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) return false;
    const top = document.elementFromPoint(x, y);
    return top && (el === top || el.contains(top) || top.contains(el));
  });
  // a shadow counts when it has a colour and a blur or a spread (a ring round the element)
  const shadow = style.boxShadow.split(/,(?![^(]*\))/).some(part => {
    const m = part.trim().match(/^(rgba?\([^)]*\))\s+(-?[\d.]+)px\s+(-?[\d.]+)px\s+([\d.]+)px\s+(-?[\d.]+)px/);
    return m && !/,\s*0\)$/.test(m[1]) && (parseFloat(m[4]) > 0 || parseFloat(m[5]) > 0);
  });
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  return {name: (el.getAttribute('aria-label') || el.innerText || el.tagName).trim().slice(0, 50),
          tag: el.tagName, inMain: !!el.closest('main'), seen,
          indicator: outline || shadow, outline: style.outline, shadow: style.boxShadow};
}"""

#: Page wider than the window, and elements whose text is cut off by overflow: hidden.
OVERFLOW = """() => {
  const page = document.scrollingElement;
  const clipped = [...document.querySelectorAll('main *')].filter(el => {
    const style = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(style.overflowX) || el.clientWidth <= 1) return false;
    if (!el.textContent.trim() || el.closest('.visually-hidden, .lk-vh, [hidden]')) return false;
    return el.scrollWidth > el.clientWidth + 1 && el.getClientRects().length > 0;
  }).map(el => el.tagName + '.' + [...el.classList].join('.') + ': ' + el.textContent.trim().slice(0, 60));
  return {scrollWidth: page.scrollWidth, width: page.clientWidth, clipped};
}"""


@pytest.fixture(scope="module")
def book(built_book: Path) -> Iterator[str]:
    with serve(built_book) as url:
        yield url


def _page(browser: Any, url: str, *, system: str, chosen: str | None, width: int) -> Any:
    context = browser.new_context(color_scheme=system, viewport={"width": width, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
    )
    if chosen:
        context.add_init_script(
            f"localStorage.setItem('mode', '{chosen}'); localStorage.setItem('theme', '{chosen}');"
        )
    return context.new_page()


def _open(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_function(SETTLED, polling=100)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_cards_and_quizzes_follow_the_colour_mode(browser: Any, book: str, scheme: str) -> None:
    system, chosen, shown = SCHEMES[scheme]
    page = _page(browser, book, system=system, chosen=chosen, width=1280)
    try:
        _open(page, f"{book}/{LESSON}.html")
        assert page.evaluate("() => document.documentElement.dataset.theme") == shown
        colours = page.evaluate(COLOURS_SHOWN)
        card_bg, card_fg, quiz_bg, quiz_fg = COLOURS[shown]
        assert colours["card"] == [card_bg, card_fg]
        assert colours["quiz"] == [quiz_bg, quiz_fg]
        label = "rgb(61, 71, 82)" if shown == "light" else "rgb(201, 209, 217)"
        assert colours["label"] == label
        assert colours["frames"], "the cards and the quiz are cell outputs"
        if shown == "dark":  # the theme's light paper is taken away from them
            assert all(frame == ["rgba(0, 0, 0, 0)", "0px"] for frame in colours["frames"])
    finally:
        page.context.close()


def test_the_theme_switch_turns_cards_and_quizzes_dark_on_the_open_page(
    browser: Any, book: str
) -> None:
    page = _page(browser, book, system="light", chosen=None, width=1280)
    try:
        _open(page, f"{book}/{LESSON}.html")
        switch = page.locator("button.theme-switch-button:visible")
        expect(switch).to_have_accessible_name("Color mode: System Settings")
        names = []
        for _ in range(3):
            switch.focus()
            page.keyboard.press("Enter")
            page.wait_for_function(SETTLED, polling=100)
            mode = page.evaluate("() => document.documentElement.dataset.mode")
            expect(switch).to_have_accessible_name(f"Color mode: {MODE_NAMES[mode]}")
            names.append(mode)
            theme = page.evaluate("() => document.documentElement.dataset.theme")
            colours = page.evaluate(COLOURS_SHOWN)
            assert colours["card"] == list(COLOURS[theme][:2]), (mode, theme)
            assert colours["quiz"] == list(COLOURS[theme][2:]), (mode, theme)
        assert "dark" in names and "light" in names, names
    finally:
        page.context.close()


def _focus_changes_pixels(page: Any) -> bool:
    """Whether the focused element and its surroundings look different once it loses
    focus: an indicator drawn some other way than its own outline or shadow (a ring on
    its form, say). Focus is put back afterwards, so that Tab goes on from there."""
    element = page.evaluate_handle("() => document.activeElement")
    box = element.bounding_box()
    if not box:
        return False
    viewport = page.viewport_size
    left, top = max(box["x"] - 8, 0), max(box["y"] - 8, 0)
    clip = {
        "x": left,
        "y": top,
        "width": min(box["width"] + 16, viewport["width"] - left),
        "height": min(box["height"] + 16, viewport["height"] - top),
    }
    focused = page.screenshot(clip=clip)
    element.evaluate("el => el.blur()")
    page.wait_for_function(SETTLED, polling=50)
    blurred = page.screenshot(clip=clip)
    element.evaluate("el => el.focus()")
    return bool(focused != blurred)


def _tab_round(page: Any, where: str) -> list[str]:
    """Tab from the top of the page until focus leaves it; the problems met on the way."""
    problems = []
    stops: list[str] = []
    for _ in range(600):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            break
        stops.append(focused["name"])
        if not focused["indicator"] and not _focus_changes_pixels(page):
            problems.append(f"{where}: no focus indicator on {focused['tag']} {focused['name']!r}")
        if not focused["seen"]:
            problems.append(f"{where}: {focused['tag']} {focused['name']!r} is hidden when focused")
    else:
        problems.append(f"{where}: focus never left the page after 600 Tabs (a trap?)")
    if len(stops) < 5:
        problems.append(f"{where}: only {len(stops)} tab stops")
    return problems


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (1280, "dark"), (320, "light")])
def test_every_page_works_by_keyboard(browser: Any, book: str, width: int, scheme: str) -> None:
    system, chosen, _ = SCHEMES[scheme]
    page = _page(browser, book, system=system, chosen=chosen, width=width)
    problems: list[str] = []
    try:
        for name in KEYBOARD_PAGES:
            _open(page, f"{book}/{name}.html")
            page.keyboard.press("Tab")
            skip = page.evaluate(FOCUSED)
            assert skip and skip["name"] == "Skip to main content", (name, skip)
            assert skip["seen"] and skip["indicator"], (name, skip)
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            first = page.evaluate(FOCUSED)
            assert first and first["inMain"], f"{name}: the skip link leads to {first}"
            _open(page, f"{book}/{name}.html")
            problems += _tab_round(page, f"{name} {scheme} {width}px")
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("width", [900, 320])
def test_the_sidebars_open_and_close_by_keyboard(browser: Any, book: str, width: int) -> None:
    """Below 992 px the contents and the page outline open as dialogs from the article
    header's buttons: Enter opens one with focus inside, Escape closes it and gives focus
    back to its button. (The theme's scripts once listened to hidden twins of these
    buttons: _templates/sections/header.html.)"""
    page = _page(browser, book, system="light", chosen=None, width=width)
    try:
        _open(page, f"{book}/{LESSON}.html")
        for toggle, dialog, link in (
            (".primary-toggle", "#pst-primary-sidebar-modal", "Lesson 3: A life in documents"),
            (".secondary-toggle", "#pst-secondary-sidebar-modal", "Background"),
        ):
            button = page.locator(f"{toggle}:visible")
            expect(button).to_have_count(1)
            button.focus()
            page.keyboard.press("Enter")
            expect(page.locator(dialog)).to_have_js_property("open", True)
            assert page.evaluate(
                f"() => document.querySelector('{dialog}').contains(document.activeElement)"
            )
            expect(page.locator(dialog).get_by_role("link", name=link)).to_be_visible()
            page.keyboard.press("Escape")
            expect(page.locator(dialog)).to_have_js_property("open", False)
            expect(button).to_be_focused()
    finally:
        page.context.close()


def test_the_contents_sidebar_collapses_on_a_wide_window(browser: Any, book: str) -> None:
    page = _page(browser, book, system="light", chosen=None, width=1280)
    try:
        _open(page, f"{book}/{LESSON}.html")
        sidebar = page.locator("#pst-primary-sidebar")
        expect(sidebar).to_be_visible()
        page.locator(".primary-toggle:visible").press("Enter")
        expect(sidebar).to_be_hidden()
        page.locator(".primary-toggle:visible").press("Enter")
        expect(sidebar).to_be_visible()
    finally:
        page.context.close()


@pytest.mark.parametrize("width", [640, 320])
def test_pages_reflow_when_zoomed(browser: Any, book: str, width: int) -> None:
    """640 px is a 1280 px window at 200 %, 320 px the same at 400 % (WCAG 1.4.4, 1.4.10)."""
    page = _page(browser, book, system="light", chosen=None, width=width)
    problems = []
    try:
        for name in [*toc_files(), "genindex", "search"]:
            _open(page, f"{book}/{name}.html")
            found = page.evaluate(OVERFLOW)
            if found["scrollWidth"] > found["width"]:
                problems.append(f"{name}: the page is {found['scrollWidth']} px wide at {width}")
            problems += [f"{name}: text cut off: {c}" for c in found["clipped"]]
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)
