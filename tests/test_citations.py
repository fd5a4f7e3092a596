"""The book registers pybtex's backends once, so citations do not rescan every package."""

from __future__ import annotations

from importlib.metadata import entry_points
from types import SimpleNamespace
from typing import Any

import pybtex.plugin
import pytest

from lessonkit.book.citations import register_backends


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
    register_backends(SimpleNamespace(extensions={"sphinxcontrib.bibtex": object()}))
    scans = _count_scans(monkeypatch)
    (point,) = entry_points(group="pybtex.backends", name="plaintext")
    for _ in range(3):
        assert pybtex.plugin.find_plugin("pybtex.backends", "plaintext") is point.load()
    assert scans == []


def test_a_book_without_citations_registers_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pybtex.plugin, "_RUNTIME_PLUGINS", {})
    register_backends(SimpleNamespace(extensions={}))
    scans = _count_scans(monkeypatch)
    pybtex.plugin.find_plugin("pybtex.backends", "plaintext")
    assert scans  # pybtex's own lookup, as before
