"""The book registers pybtex's backends once, so citations do not rescan every package."""

from __future__ import annotations

import re
from importlib.metadata import entry_points
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pybtex.plugin
import pytest

from lessonkit.book.citations import register_backends

ROOT = Path(__file__).resolve().parent.parent


def _app(*extensions: str) -> SimpleNamespace:
    """What register_backends reads of a Sphinx application."""
    config = SimpleNamespace(bibtex_default_style="plain", bibtex_tooltips_style="")
    return SimpleNamespace(
        extensions={name: object() for name in extensions}, config=config, env=SimpleNamespace()
    )


def _count_scans(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    scans: list[dict[str, Any]] = []
    real = pybtex.plugin.entry_points

    def counted(**selection: Any) -> Any:
        scans.append(selection)
        return real(**selection)

    monkeypatch.setattr(pybtex.plugin, "entry_points", counted)
    return scans


def test_a_citation_finds_the_registered_backend_without_a_scan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pybtex.plugin, "_RUNTIME_PLUGINS", {})
    register_backends(_app("sphinxcontrib.bibtex"))
    scans = _count_scans(monkeypatch)
    (point,) = entry_points(group="pybtex.backends", name="plaintext")
    for _ in range(3):
        assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is point.load()
    assert scans == []


def test_a_book_without_citations_registers_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pybtex.plugin, "_RUNTIME_PLUGINS", {})
    register_backends(_app())
    scans = _count_scans(monkeypatch)
    pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert scans  # pybtex's own lookup, as before


def _plain_and_memoizing() -> tuple[Any, Any]:
    from pybtex.plugin import find_plugin

    from lessonkit.book.citations import memoizing_style

    plain = find_plugin("pybtex.style.formatting", "plain")
    while getattr(plain, "lessonkit_memoizing", False):  # registered by an earlier build
        plain = plain.__mro__[1]
    return plain(), memoizing_style(plain)()


def _bibliography() -> Any:
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "datasets" / "references.bib"))


def test_a_memoized_entry_is_the_entry_pybtex_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    from pybtex.backends.plaintext import Backend

    from lessonkit.book import citations

    monkeypatch.setattr(citations, "_memo", citations._Memo())
    plain, memoizing = _plain_and_memoizing()
    entries = list(plain.sort(_bibliography().entries.values()))
    labels = list(plain.format_labels(entries))
    for label, entry in zip(labels, entries, strict=True):
        expected = plain.format_entry(label, entry)
        for _ in range(2):
            got = memoizing.format_entry(label, entry)
            assert (got.key, got.label) == (expected.key, expected.label)
            assert got.text.render(Backend()) == expected.text.render(Backend())
    assert len(citations._memo.used) == len(entries)


def test_an_entry_is_formatted_again_only_when_what_it_reads_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from pybtex.backends.plaintext import Backend

    from lessonkit.book import citations

    memo = citations._Memo()
    monkeypatch.setattr(citations, "_memo", memo)
    plain, memoizing = _plain_and_memoizing()
    formatted: list[str] = []
    real = type(plain).format_entry

    def counted(self: Any, label: str, entry: Any, bib_data: Any = None) -> Any:
        formatted.append(entry.key)
        return real(self, label, entry, bib_data)

    monkeypatch.setattr(type(plain), "format_entry", counted)
    entry = next(iter(_bibliography().entries.values()))
    first = memoizing.format_entry("1", entry)
    memo.start(memo.used)  # the next build
    assert memoizing.format_entry("1", entry) is first
    assert formatted == [entry.key]
    memoizing.format_entry("2", entry)  # another label
    entry.fields["title"] = "A title changed since the last build"
    changed = memoizing.format_entry("1", entry)
    assert "A title changed since the last build" in changed.text.render(Backend())
    person = entry.persons["author"][0]
    person.first_names.append("Another")
    memoizing.format_entry("1", entry)
    assert formatted == [entry.key] * 4


_BOOK_CONFIG = """title: citations
execute: {execute_notebooks: "off"}
launch_buttons: {thebe: false}
bibtex_bibfiles: [refs.bib]
sphinx:
  extra_extensions: [lessonkit.book]
  config:
    bibtex_reference_style: author_year
    bibtex_default_style: plain
"""
_BIB = """@book{first, author = {Healey, Dan}, title = {Homosexual Desire in Revolutionary Russia},
  publisher = {University of Chicago Press}, year = {2001}}
@article{second, author = {Roldugina, Irina}, title = {Letters to a psychiatrist},
  journal = {A journal}, year = {2018}}
"""


def _write_book(folder: Path, title: str = "Letters to a psychiatrist") -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_config.yml").write_text(_BOOK_CONFIG, encoding="utf-8")
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n- file: cited\n- file: other\n", encoding="utf-8"
    )
    (folder / "refs.bib").write_text(
        _BIB.replace("Letters to a psychiatrist", title), encoding="utf-8"
    )
    (folder / "index.md").write_text("# Start\n\nA book.\n", encoding="utf-8")
    (folder / "cited.md").write_text(
        "# Cited\n\nAs {cite:t}`first` and {cite:t}`second` show.\n\n```{bibliography}\n```\n",
        encoding="utf-8",
    )
    (folder / "other.md").write_text("# Other\n\nNo citation.\n", encoding="utf-8")


def _build(folder: Path) -> str:
    import subprocess
    import sys

    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    result = subprocess.run(
        [str(jupyter_book), "build", str(folder), "-W", "-n"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    page = (folder / "_build" / "html" / "cited.html").read_text(encoding="utf-8")
    # the article: the head's links to static files differ between a first build and a rebuild
    (article,) = re.findall(r"<article.*?</article>", page, flags=re.DOTALL)
    return str(article)


def _kept(folder: Path) -> dict[Any, Any]:
    import pickle

    from lessonkit.book.citations import ENV_ATTRIBUTE

    with (folder / "_build" / ".doctrees" / "environment.pickle").open("rb") as handle:
        kept: dict[Any, Any] = getattr(pickle.load(handle), ENV_ATTRIBUTE)
    return kept


@pytest.mark.book
def test_a_rebuild_gives_the_pages_of_a_fresh_build(tmp_path: Path) -> None:
    """Entries kept from the last build, and entries changed since, give the page a
    fresh build gives."""
    book = tmp_path / "book"
    _write_book(book)
    first = _build(book)
    kept = _kept(book)
    assert len(kept) == 2  # two entries, the tooltips formatted with the same style
    (book / "other.md").write_text("# Other\n\nStill no citation.\n", encoding="utf-8")
    (book / "cited.md").write_text(
        (book / "cited.md").read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8"
    )
    again = _build(book)
    assert _kept(book).keys() == kept.keys()
    assert again.replace("<p>One more line.</p>\n", "") == first

    _write_book(book, title="Letters to a psychiatrist, revised")
    revised = _build(book)
    assert "Letters to a psychiatrist, revised" in revised
    fresh = tmp_path / "fresh"
    _write_book(fresh, title="Letters to a psychiatrist, revised")
    assert _build(fresh) == revised
