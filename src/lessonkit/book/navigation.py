"""The book's left navigation, drawn once per build instead of once per page.

sphinx-book-theme draws its sidebar with pydata-sphinx-theme's ``generate_toctree_html``,
which resolves the whole book's table of contents and rewrites it with BeautifulSoup for
every page: a book of n pages costs n^2 (two thirds of Sphinx's time at 640 lessons).
The navigation differs from page to page only in where the page is, so here the theme's
own function draws it once per folder (links are relative) for no page in particular,
and each page gets its place marked as Sphinx and the theme mark it:

- ``current`` on the page's link and on every list and item above it, after Sphinx's
  own classes, and ``active`` after it on those items (the theme's Bootstrap class);
- the page's own link goes to ``#``;
- the disclosure (``<details>``) of every such item is open.

Anything else gets the theme's own drawing: the cache serves the default sidebar
(``startdepth=0``, not collapsed, levels shown from 1) of the html builder, with the
theme's function and markup as pydata-sphinx-theme 0.16-0.17 have them, on a page whose
link is in it (a page below the depth shown still marks its branch). ``lessonkit_nav_cache: false`` (under ``sphinx:
config:``) turns it off. The cache lives in the Sphinx application, is emptied after
every reading phase (a changed table of contents is drawn again) and never leaves it.
"""

from __future__ import annotations

import functools
import inspect
import posixpath
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

__all__ = ["setup_navigation"]

#: the theme's function, as the cache knows it
_THEME_PARAMETERS = ["kind", "startdepth", "show_nav_level", "kwargs"]
_MARK = "data-lessonkit-nav"
_MARKED_START_TAG = re.compile(rf'<[a-z]+[^<>]*? {_MARK}="(\d+)"[^<>]*>')
_SPHINX_CLASS = re.compile(r"toctree-l\d+")
#: a name no page has, in the folder of the page whose navigation is drawn
_NO_PAGE = "_lessonkit-no-page"


class _Unexpected(Exception):
    """The theme's markup is not what the marking knows: the theme draws this page."""


@dataclass
class _Template:
    """One drawing of the navigation: its text in pieces, the start tags as pieces."""

    soup: Any  # the drawing (BeautifulSoup), which makes the marked start tags
    pieces: list[str]
    elements: list[Any]  # the BeautifulSoup tag of each start tag, in order
    slots: list[int]  # where each element's start tag is in ``pieces``
    links: dict[str, list[int]]  # an href -> the elements that are links to it
    index_of: dict[int, int]  # id(tag) -> its index in ``elements``

    def page(self, href: str) -> str:
        """The navigation of the page that the links with ``href`` point to."""
        pieces = list(self.pieces)
        for link in self.links.get(href, []):
            for index, tag in self._marked(self.elements[link]):
                pieces[self.slots[index]] = tag
        return "".join(pieces)

    def _marked(self, link: Any) -> list[tuple[int, str]]:
        """The start tags that change for a page whose link is ``link``."""
        marked = [(self._index(link), self._start_tag(link, own_link=True))]
        node = link.parent
        while node is not None and node.name != "[document]":
            if node.name not in ("li", "ul", "details"):
                raise _Unexpected(node.name)
            if node.name != "details":
                marked.append((self._index(node), self._start_tag(node)))
            if node.name == "li":
                for details in node.find_all("details", recursive=False):
                    marked.append((self._index(details), self._start_tag(details)))
            node = node.parent
        return marked

    def _start_tag(self, tag: Any, *, own_link: bool = False) -> str:
        """The start tag of ``tag`` marked as current, as BeautifulSoup writes it."""
        attributes = dict(tag.attrs)
        if tag.name == "details":
            attributes["open"] = "open"
        else:
            classes = list(attributes.get("class", []))
            after = 0
            while after < len(classes) and _SPHINX_CLASS.fullmatch(classes[after]):
                after += 1
            classes[after:after] = ["current", "active"] if tag.name == "li" else ["current"]
            attributes["class"] = classes
        if own_link:
            attributes["href"] = "#"
        text = str(self.soup.new_tag(tag.name, attrs=attributes))
        end = f"</{tag.name}>"
        if not text.endswith(end):
            raise _Unexpected(tag.name)
        return text[: -len(end)]

    def _index(self, tag: Any) -> int:
        index = self.index_of.get(id(tag))
        if index is None:
            raise _Unexpected(tag.name)
        return index


def _template(soup: Any) -> _Template:
    """Cut the theme's drawing into pieces around the start tags of what may be marked."""
    elements = list(soup.find_all(["a", "li", "ul", "details"]))
    for index, tag in enumerate(elements):
        tag[_MARK] = str(index)
    text = str(soup)
    for tag in elements:
        del tag[_MARK]
    pieces: list[str] = []
    slots = [0] * len(elements)
    start = 0
    for match in _MARKED_START_TAG.finditer(text):
        pieces.append(text[start : match.start()])
        slots[int(match.group(1))] = len(pieces)
        pieces.append(match.group(0).replace(f' {_MARK}="{match.group(1)}"', ""))
        start = match.end()
    pieces.append(text[start:])
    if len(pieces) != 2 * len(elements) + 1:
        raise _Unexpected("start tags")
    links: dict[str, list[int]] = {}
    for index, tag in enumerate(elements):
        if tag.name == "a" and "internal" in tag.get("class", []):
            links.setdefault(str(tag.get("href", "")), []).append(index)
    index_of = {id(tag): index for index, tag in enumerate(elements)}
    return _Template(soup, pieces, elements, slots, links, index_of)


class _NavigationCache:
    """The drawings of one Sphinx application's current build."""

    def __init__(self) -> None:
        self.templates: dict[Hashable, _Template | None] = {}
        self.listed: set[str] | None = None  # the pages in the table of contents

    def reset(self, app: Any, env: Any) -> None:
        self.templates.clear()
        self.listed = None

    def _listed(self, app: Any, pagename: str) -> bool:
        if self.listed is None:
            self.listed = {page for pages in app.env.toctree_includes.values() for page in pages}
        return pagename in self.listed

    def take_over_theme_hook(self, app: Any) -> None:
        """Run the theme's hook that gives a page its navigation functions, then wrap them.

        The theme's hook and the one that draws the sidebar to see whether it is empty
        share a priority, so the theme's hook moves one step earlier (it only puts
        functions in the page's context, which read the context when called).
        """
        if not app.config.lessonkit_nav_cache or app.builder.name != "html":
            return
        try:
            from pydata_sphinx_theme import toctree
        except ImportError:
            return
        theme_hook = getattr(toctree, "add_toctree_functions", None)
        listeners = app.events.listeners.get("html-page-context", [])
        for listener in list(listeners):
            if theme_hook is not None and listener.handler is theme_hook:
                app.disconnect(listener.id)
                app.connect(
                    "html-page-context",
                    functools.partial(self._page, theme_hook),
                    priority=listener.priority - 1,
                )

    def _page(
        self,
        theme_hook: Callable[..., None],
        app: Any,
        pagename: str,
        templatename: str,
        context: dict[str, Any],
        doctree: Any,
    ) -> None:
        theme_hook(app, pagename, templatename, context, doctree)
        theme = context.get("generate_toctree_html")
        drawing = getattr(theme, "__wrapped__", None)  # the theme's function, not cached
        if (
            callable(theme)
            and callable(drawing)
            and hasattr(app.builder, "_get_local_toctree")
            and list(inspect.signature(drawing).parameters) == _THEME_PARAMETERS
        ):
            context["generate_toctree_html"] = self._navigation(
                theme, drawing, app, pagename, context
            )

    def _navigation(
        self,
        theme: Callable[..., Any],
        drawing: Callable[..., Any],
        app: Any,
        pagename: str,
        context: dict[str, Any],
    ) -> Callable[..., Any]:
        """The page's ``generate_toctree_html``: the theme's, or the cached drawing marked."""

        @functools.cache
        def navigation(
            kind: str, startdepth: int = 1, show_nav_level: int = 1, **kwargs: Any
        ) -> Any:
            if not _cacheable(kind, startdepth, show_nav_level, kwargs):
                return theme(kind, startdepth, show_nav_level, **kwargs)
            folder = posixpath.dirname(pagename)
            key = (folder, kind, startdepth, show_nav_level, tuple(sorted(kwargs.items())))
            if key not in self.templates:
                self.templates[key] = _draw(
                    drawing, app, folder, context, (kind, startdepth, show_nav_level), kwargs
                )
            template = self.templates[key]
            href = app.builder.get_relative_uri(posixpath.join(folder, _NO_PAGE), pagename)
            # a page below the depth shown still marks its branch: the theme draws it
            if template is not None and (href in template.links or not self._listed(app, pagename)):
                try:
                    return template.page(href)
                except _Unexpected:
                    pass
            return theme(kind, startdepth, show_nav_level, **kwargs)

        return navigation


def _draw(
    drawing: Callable[..., Any],
    app: Any,
    folder: str,
    context: dict[str, Any],
    arguments: tuple[str, int, int],
    kwargs: dict[str, Any],
) -> _Template | None:
    """The theme's navigation for no page of ``folder``, cut into a template."""
    neutral = posixpath.join(folder, _NO_PAGE)
    # a page's own depth of contents would shape its branch differently
    if neutral in app.env.all_docs or any("tocdepth" in m for m in app.env.metadata.values()):
        return None
    builder = app.builder
    toctree = context.get("toctree")
    context["toctree"] = lambda **options: builder._get_local_toctree(neutral, **options)
    try:
        soup = drawing(*arguments, **kwargs)
    finally:
        context["toctree"] = toctree
    # older versions of the theme toggle sections with checkboxes, which are not marked here
    if not hasattr(soup, "find_all") or soup.find_all("input"):
        return None
    try:
        return _template(soup)
    except _Unexpected:
        return None


def _cacheable(kind: str, startdepth: int, show_nav_level: int, kwargs: dict[str, Any]) -> bool:
    """Whether the navigation asked for is the same for every page but for the marking."""
    try:
        levels = int(show_nav_level)
        hashable = all(isinstance(value, Hashable) for value in kwargs.values())
    except (TypeError, ValueError):
        return False
    return (
        kind == "sidebar"
        and startdepth == 0
        and levels >= 1
        and hashable
        and not kwargs.get("collapse", True)
    )


def setup_navigation(app: Any) -> None:
    """Register the setting and the hooks."""
    cache = _NavigationCache()
    app.add_config_value("lessonkit_nav_cache", True, "html", types=[bool])
    app.connect("builder-inited", cache.take_over_theme_hook)
    app.connect("env-updated", cache.reset)
