"""axe-core over every page of the real book, both editions, light and dark, 1280 and 320 px.

WCAG 2.0/2.1 A and AA, WCAG 2.2 AA and axe's best practices, with no rule turned off:
the theme, the lesson outputs (tables, figures, document cards), the quizzes, the
glossary and the bibliography alike. Each page is loaded once per width (a light system,
no mode chosen in the book) and checked in three colour schemes, switched in place:

- ``light``: every rule;
- ``system-dark``: the system turns dark with no mode chosen, and the theme follows it
  (its own listener sets ``html[data-theme]``); the colour rules, as only colours change
  from ``dark`` (tests/browser/test_book_theme.py checks the components' colours in
  every combination of system and switch, the light switch on a dark system included);
- ``dark``: the system light again, dark chosen with the book's switch (what
  pydata-sphinx-theme's switch does: ``html[data-mode]`` and ``html[data-theme]``),
  every rule.

A page of the teacher edition that is byte for byte the student edition's page is checked
once, in the student edition. The test fails on any violation and lists rule, page and
elements.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lessonlist import toc_files

from .conftest import AXE, serve

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
WIDTHS = [1280, 320]
#: Every page a reader can reach: the table of contents, the index and the search page.
PAGES = [*toc_files(), "genindex", "search"]

SETTLED = """async () => {
  const quizzes = [...document.querySelectorAll('.lk-quiz')];
  if (!quizzes.every(q => q.hasAttribute('data-lk-rendered'))) return false;
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  return true;
}"""

CHOOSE_MODE = """mode => {
  const html = document.documentElement;
  html.dataset.mode = mode;
  html.dataset.theme = mode;
}"""

RUN_AXE = """async ([tags, colourOnly]) => {
  // the rules a run by these tags would apply (axe leaves its experimental rules out)
  const rules = axe.getRules(tags)
    .filter(rule => !rule.tags.includes("experimental"))
    .filter(rule => !colourOnly || rule.tags.includes("cat.color"))
    .map(rule => rule.ruleId);
  const result = await axe.run(document, {runOnly: {type: "rule", values: rules},
                                          resultTypes: ["violations"]});
  return {rules: rules.length, violations: result.violations.map(rule => ({
    id: rule.id, help: rule.help,
    nodes: rule.nodes.map(node => ({target: node.target.join(" "),
      html: node.html.slice(0, 160), summary: (node.failureSummary || "").slice(0, 300)}))}))};
}"""


@pytest.fixture(scope="module")
def editions(built_book: Path, built_teacher_book: Path) -> Iterator[dict[str, Any]]:
    with serve(built_book) as student, serve(built_teacher_book) as teacher:
        yield {"student": (built_book, student), "teacher": (built_teacher_book, teacher)}


def _pages_to_check(edition: str, editions: dict[str, Any]) -> list[str]:
    if edition == "student":
        return PAGES
    student, teacher = editions["student"][0], editions["teacher"][0]
    return [
        name
        for name in PAGES
        if (teacher / f"{name}.html").read_bytes() != (student / f"{name}.html").read_bytes()
    ]


def _axe(page: Any, where: str, *, colour_only: bool = False) -> list[str]:
    """axe on the open page: one line per violating element."""
    result = page.evaluate(RUN_AXE, [TAGS, colour_only])
    assert result["rules"] >= (2 if colour_only else 80), f"{where}: too few axe rules"
    return [
        f"{rule['id']} ({rule['help']}) on {where}: {node['target']}\n"
        f"      {node['html']}\n      {node['summary']}"
        for rule in result["violations"]
        for node in rule["nodes"]
    ]


def _settle(page: Any, theme: str) -> None:
    """Wait until the page shows ``theme`` and its quizzes, fonts and transitions are done."""
    page.wait_for_function(
        "theme => document.documentElement.dataset.theme === theme", arg=theme, timeout=5000
    )
    page.wait_for_function(SETTLED, polling=100)


def test_every_built_page_is_checked(built_book: Path, built_teacher_book: Path) -> None:
    """The list of pages above is every page the build wrote (the redirect aside)."""
    for root in (built_book, built_teacher_book):
        built = {
            str(path.relative_to(root).with_suffix(""))
            for path in root.rglob("*.html")
            if not {"_static", "_sources", "_images"} & set(path.relative_to(root).parts)
        }
        assert built - {"index"} == set(PAGES), root


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("edition", ["student", "teacher"])
def test_no_axe_violation_on_any_page(
    browser: Any, editions: dict[str, Any], edition: str, width: int
) -> None:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run 'bash tools/setup-browser.sh'", pytrace=False)
    _, url = editions[edition]
    names = _pages_to_check(edition, editions)
    assert names, "no page to check"
    context = browser.new_context(viewport={"width": width, "height": 900})
    # nothing leaves the machine: only the book's own server answers
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
    )
    page = context.new_page()
    problems: list[str] = []
    try:
        for name in names:
            where = f"{edition} {name} {width}px"
            page.emulate_media(color_scheme="light")
            page.goto(f"{url}/{name}.html")
            _settle(page, "light")
            page.add_script_tag(path=str(AXE))
            problems += _axe(page, f"{where} light")
            page.emulate_media(color_scheme="dark")  # the theme follows the system
            _settle(page, "dark")
            problems += _axe(page, f"{where} system-dark", colour_only=True)
            page.emulate_media(color_scheme="light")
            _settle(page, "light")
            page.evaluate(CHOOSE_MODE, "dark")  # as the book's switch does
            _settle(page, "dark")
            problems += _axe(page, f"{where} dark")
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_no_axe_violation_on_search_results(
    browser: Any, editions: dict[str, Any], width: int
) -> None:
    """The search page once it lists results, with the words found highlighted."""
    _, url = editions["student"]
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith(url) else route.abort(),
    )
    page = context.new_page()
    problems: list[str] = []
    try:
        page.goto(f"{url}/search.html?q=Bekhterev+letter")
        page.locator("#search-results li a span.highlighted").first.wait_for()
        _settle(page, "light")
        page.add_script_tag(path=str(AXE))
        problems += _axe(page, f"search results {width}px light")
        page.evaluate(CHOOSE_MODE, "dark")
        _settle(page, "dark")
        problems += _axe(page, f"search results {width}px dark")
    finally:
        context.close()
    assert not problems, f"{len(problems)} axe violations:\n  " + "\n  ".join(problems)
