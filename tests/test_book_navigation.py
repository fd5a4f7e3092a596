"""The left navigation drawn once per build (lessonkit.book.navigation) is the theme's own.

tests/testbook (built with the cache, the shared fixture) is compared page by page with a
copy built with ``lessonkit_nav_cache: false``, the theme drawing every page itself
(execution off: only Sphinx runs). The book has a top-level page, a section in a folder
and a page two levels down in a section that is collapsed elsewhere.
"""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from lessonkit.book import navigation

ROOT = Path(__file__).resolve().parent.parent
NAV = re.compile(r'<nav class="bd-links bd-docs-nav".*?</nav>', re.DOTALL)


@pytest.fixture(scope="module")
def theme_drawn(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/testbook with the theme's own navigation on every page."""
    from bookbuild import build_book

    root = tmp_path_factory.mktemp("theme-nav")
    source = root / "book"
    shutil.copytree(ROOT / "tests" / "testbook", source)
    quizzes = ROOT / "tests" / "quizzes"
    shutil.copytree(quizzes, root / "quizzes", ignore=shutil.ignore_patterns("datasets"))
    config = (source / "_config.yml").read_text("utf-8")
    config = config.replace("execute_notebooks: cache", "execute_notebooks: 'off'")
    config = config.replace("  config:\n", "  config:\n    lessonkit_nav_cache: false\n")
    (source / "_config.yml").write_text(config, "utf-8")
    datasets = quizzes / "datasets"
    return build_book(source, root / "out", env={"LESSONKIT_DATASETS": str(datasets)})


def _navigation(page: Path) -> str:
    found = NAV.findall(page.read_text(encoding="utf-8"))
    assert len(found) == 1, page
    return str(found[0])


def _nav_soup(page: Path) -> Tag:
    nav = BeautifulSoup(_navigation(page), "html.parser").nav
    assert nav is not None
    return nav


@pytest.mark.book
def test_every_page_has_the_navigation_the_theme_draws(
    built_testbook: Path, theme_drawn: Path
) -> None:
    pages = sorted(
        str(p.relative_to(theme_drawn))
        for p in theme_drawn.rglob("*.html")
        if "_static" not in p.relative_to(theme_drawn).parts
    )
    expected = {"index.html", "directive.html", "nested/first.html", "nested/deeper/second.html"}
    assert expected | {"search.html", "genindex.html"} <= set(pages)
    for page in pages:
        assert _navigation(built_testbook / page) == _navigation(theme_drawn / page), page


@pytest.mark.book
def test_each_page_is_marked_where_it_is(built_testbook: Path) -> None:
    deep = _nav_soup(built_testbook / "nested" / "deeper" / "second.html")
    (own,) = deep.select("a.current")
    assert own["href"] == "#" and own.get_text(strip=True) == "A page two levels down"
    branch = [li.a.get_text(strip=True) for li in deep.select("li.current.active") if li.a]
    assert branch == ["Quizzes from the directive", "A section page in a folder", own.text]
    assert len(deep.select("li.current > details[open]")) == 2
    assert deep.find("a", string="Quizzes from the directive")["href"] == "../../directive.html"  # type: ignore[index]

    top = _nav_soup(built_testbook / "markup.html")
    (own,) = top.select("a.current")
    assert own["href"] == "#" and len(top.select("li.current")) == 1
    # the section with the deep page is collapsed here, and its links are relative to the page
    assert not top.select("details[open]")
    assert top.find("a", string="A page two levels down")["href"] == "nested/deeper/second.html"  # type: ignore[index]

    # the home page is no entry of the table of contents (the theme's home link is marked)
    home = _nav_soup(built_testbook / "index.html")
    assert not home.select("ul.bd-sidenav:not(.bd-sidenav__home-link) .current")


def test_the_installed_theme_is_the_one_the_cache_knows() -> None:
    """The build falls back to the theme's own drawing when its function changes: this
    says so, so that the pin in pyproject.toml is looked at again."""
    from pydata_sphinx_theme import toctree

    context: dict[str, object] = {}
    toctree.add_toctree_functions(None, "page", "page.html", context, None)
    drawing = getattr(context["generate_toctree_html"], "__wrapped__", None)
    assert drawing is not None
    assert list(inspect.signature(drawing).parameters) == navigation._THEME_PARAMETERS
