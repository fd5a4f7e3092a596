"""Citations: pybtex's plug-ins found once per build, entries formatted once per content.

sphinxcontrib-bibtex asks pybtex for its plain-text backend for every citation it
resolves (the text of the link's tooltip), and pybtex answers each time by reading the
entry points of every installed package: about 5 ms a lookup, 228 lookups in this book.
lessonkit looks the backend up once, through the same entry point, and registers the
class it names with pybtex's own ``register_plugin``; every later lookup finds it at
once. The backend is the same class, so the pages are the same.

After every reading, sphinxcontrib-bibtex formats every entry of the bibliography again
(twice, with the tooltips), also when one lesson changed: about 0.5 s of an edit here.
lessonkit registers, under the configured style's name, a subclass of that style that
keeps each formatted entry in the build environment, keyed by everything the formatting
reads (the label, the entry's type, fields and people, the style and its options). An
entry whose key is unchanged is taken from the last build; any change formats it again.
The environment keeps only the entries of the last build.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any

__all__ = ["memoizing_style", "register_backends", "register_styles", "setup_citations"]

#: The pybtex backends sphinxcontrib-bibtex looks up while it writes pages.
BACKENDS = ("plaintext", "docutils")
#: Where the build environment keeps the formatted entries of the last build.
ENV_ATTRIBUTE = "lessonkit_formatted_citations"
#: Part of every key: a new lessonkit that formats differently starts afresh.
MEMO_VERSION = 1
_STYLES = "pybtex.style.formatting"


class _Memo:
    """The formatted entries of the last build, and those this build uses."""

    def __init__(self) -> None:
        self.previous: dict[tuple[Any, ...], Any] = {}
        self.used: dict[tuple[Any, ...], Any] = {}

    def start(self, previous: dict[tuple[Any, ...], Any] | None) -> None:
        """Begin a build that follows one that formatted ``previous``."""
        self.previous = previous if isinstance(previous, dict) else {}
        self.used = {}

    def formatted(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """The entry formatted under ``key``: from this build, the last, or ``make()``."""
        found = self.used.get(key)
        if found is None:
            found = self.previous.get(key)
        if found is None:
            found = make()
        self.used[key] = found
        return found


_memo = _Memo()


def _person(person: Any) -> tuple[tuple[str, ...], ...]:
    parts = ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names")
    return tuple(tuple(getattr(person, part)) for part in parts)


def _content(entry: Any) -> tuple[Any, ...]:
    """Everything of ``entry`` that formatting may read."""
    people = tuple(
        (role, tuple(_person(person) for person in persons))
        for role, persons in entry.persons.items()
    )
    return (entry.key, entry.type, tuple(entry.fields.items()), people)


def memoizing_style(style: type) -> type:
    """A subclass of the pybtex formatting ``style`` whose ``format_entry`` reuses what an
    earlier build formatted from the same content."""

    class Memoizing(style):  # type: ignore[misc]
        def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
            if bib_data is not None:  # cross-references read other entries
                return super().format_entry(label, entry, bib_data=bib_data)
            options = tuple(
                type(part).__qualname__
                for part in (self.name_style, self.label_style, self.sorting_style)
            )
            key = (
                MEMO_VERSION,
                f"{style.__module__}.{style.__qualname__}",
                options,
                self.abbreviate_names,
                label,
                _content(entry),
            )
            return _memo.formatted(key, lambda: super(Memoizing, self).format_entry(label, entry))

    Memoizing.__name__ = Memoizing.__qualname__ = f"Memoizing{style.__name__}"
    Memoizing.lessonkit_memoizing = True
    return Memoizing


def register_backends(app: Any) -> None:
    """Register the installed classes of :data:`BACKENDS` with pybtex (``builder-inited``)."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    from pybtex.plugin import register_plugin

    installed = {point.name: point for point in entry_points(group="pybtex.backends")}
    for name in BACKENDS:
        if name in installed:
            register_plugin("pybtex.backends", name, installed[name].load(), force=True)


def register_styles(app: Any) -> None:
    """Register the memoizing subclass under each style name the configuration sets, and
    start from the entries the last build formatted (``builder-inited``)."""
    if "sphinxcontrib.bibtex" not in app.extensions:
        return
    from pybtex.plugin import find_plugin, register_plugin

    names = {app.config.bibtex_default_style, app.config.bibtex_tooltips_style} - {""}
    for name in sorted(names):
        style = find_plugin(_STYLES, name)
        if not getattr(style, "lessonkit_memoizing", False):
            register_plugin(_STYLES, name, memoizing_style(style), force=True)
    _memo.start(getattr(app.env, ENV_ATTRIBUTE, None))


def keep_formatted(app: Any, env: Any) -> list[str]:
    """``env-updated``, after sphinxcontrib-bibtex: keep this build's formatted entries."""
    if "sphinxcontrib.bibtex" in app.extensions:
        setattr(env, ENV_ATTRIBUTE, _memo.used)
    return []


def setup_citations(app: Any) -> None:
    """Connect :func:`register_backends`, :func:`register_styles` and
    :func:`keep_formatted` to the build."""
    app.connect("builder-inited", register_backends)
    app.connect("builder-inited", register_styles)
    app.connect("env-updated", keep_formatted, priority=900)
