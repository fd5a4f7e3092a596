"""The theme's templates compiled once per book (lessonkit.book.templates), in real Sphinx
builds: a rebuild compiles nothing and writes the same pages; a changed template is
compiled again; the setting turns it off."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from bookbuild import sphinx_app

from lessonkit.book.templates import FOLDER

CONF = """
extensions = ["templates_only"]
templates_path = ["_templates"]
html_theme = "basic"
lessonkit_template_cache = {cache}
"""
EXTENSION = """
from lessonkit.book.templates import setup_templates


def setup(app):
    setup_templates(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
"""
LAYOUT = """{% extends "!layout.html" %}
{% block footer %}<p class="marker">MARK</p>{{ super() }}{% endblock %}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "templates_only.py").write_text(EXTENSION, encoding="utf-8")
    source = tmp_path / "source"
    (source / "_templates").mkdir(parents=True)
    (source / "_templates" / "layout.html").write_text(
        LAYOUT.replace("MARK", "first"), encoding="utf-8"
    )
    (source / "conf.py").write_text(CONF.format(cache=True), encoding="utf-8")
    (source / "index.rst").write_text("Lessons\n=======\n\nA page.\n", encoding="utf-8")
    return source


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The template files Jinja compiles from now on (not the strings Sphinx renders)."""
    import jinja2

    names: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self: Any, source: Any, name: str | None = None, *args: Any, **kw: Any) -> Any:
        if name is not None:
            names.append(name)
        return compile_template(self, source, name, *args, **kw)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def _build(source: Path, *, fresh: bool = False) -> str:
    with sphinx_app(source, fresh=fresh) as app:
        app.build(force_all=True)
    return (source / "_build" / "html" / "index.html").read_text(encoding="utf-8")


def test_a_rebuild_compiles_no_template_and_writes_the_same_page(
    project: Path, compiled: list[str]
) -> None:
    first = _build(project, fresh=True)
    assert "layout.html" in compiled and "first" in first
    kept = list((project / "_build" / ".doctrees" / FOLDER).glob("*/*.jinja"))
    assert len(kept) >= 3  # the page's layout, the theme's layout and what they include
    compiled.clear()
    assert _build(project) == first
    assert compiled == []


def test_a_changed_template_is_compiled_again(project: Path, compiled: list[str]) -> None:
    _build(project, fresh=True)
    (project / "_templates" / "layout.html").write_text(
        LAYOUT.replace("MARK", "second"), encoding="utf-8"
    )
    compiled.clear()
    page = _build(project)
    assert compiled == ["layout.html"]
    assert "second" in page and "first" not in page


def test_the_setting_turns_it_off(project: Path, compiled: list[str]) -> None:
    (project / "conf.py").write_text(CONF.format(cache=False), encoding="utf-8")
    _build(project, fresh=True)
    compiled.clear()
    _build(project)
    assert "layout.html" in compiled
    assert not (project / "_build" / ".doctrees" / FOLDER).exists()
