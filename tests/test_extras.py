"""A missing extra is one clear line ("install lessonkit[book] to build the book"), from
the command line, the Python API and the Sphinx extension, never an ImportError
traceback. The modules of the extra are hidden from a child Python by a path finder."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit import _extras
from lessonkit.errors import LessonkitError, MissingExtraError

ROOT = Path(__file__).resolve().parent.parent

HIDE = """
import sys

class _Hidden:
    names = {names!r}

    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in self.names:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

sys.meta_path.insert(0, _Hidden())
"""


def _run(args: list[str], hidden: set[str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python args`` with the ``hidden`` top-level modules not importable."""
    site = tmp_path / "hide"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(HIDE.format(names=sorted(hidden)), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(site), HOME=str(tmp_path))
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=tmp_path, env=env
    )


def test_the_message_is_one_line_naming_the_extra() -> None:
    error = MissingExtraError("book", "build the book", ["myst_nb", "nbclient"])
    assert str(error) == (
        'install lessonkit[book] to build the book: pip install "lessonkit[book]" '
        "(not installed: myst_nb, nbclient)"
    )
    assert isinstance(error, LessonkitError)


def test_require_passes_when_installed_and_names_what_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _extras.require("book")
    monkeypatch.setitem(_extras.EXTRAS, "book", ("build the book", ("sphinx", "no_such_mod.x")))
    with pytest.raises(MissingExtraError) as caught:
        _extras.require("book")
    assert caught.value.modules == ["no_such_mod.x"]
    assert str(caught.value).startswith("install lessonkit[book] to build the book")


def test_every_extra_of_the_code_is_declared_in_pyproject() -> None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # Python 3.10
        import tomli as tomllib

    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"
    ]
    assert set(_extras.EXTRAS) <= set(extras)


def test_execute_book_without_the_book_extra(tmp_path: Path) -> None:
    result = _run(["-m", "lessonkit.cli", "execute-book", "."], {"myst_nb", "nbclient"}, tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        'install lessonkit[book] to build the book: pip install "lessonkit[book]" '
        "(not installed: myst_nb, nbclient)"
    )
    assert "Traceback" not in result.stdout + result.stderr


def test_gradebook_html_needs_no_plotting_library(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup
    from gradebook_class import document, honest, write, write_quizzes

    quizzes = write_quizzes(tmp_path / "quizzes")
    handin = write(tmp_path, "ann.json", document("Ann", honest(True, False)))
    command = ["-m", "lessonkit.cli", "gradebook", str(handin), "--quizzes", str(quizzes)]
    result = _run([*command, "--html", "r.html"], {"matplotlib"}, tmp_path)
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((tmp_path / "r.html").read_text(encoding="utf-8"), "lxml")
    chart = page.find("svg")
    assert chart is not None and chart["role"] == "img"
    assert [b.title.get_text() for b in chart.find_all("rect")] == [
        "class-quiz/fact: 0.00",
        "class-quiz/pick: 1.00",
    ]


def test_gradebook_to_html_from_python_needs_no_plotting_library(tmp_path: Path) -> None:
    script = "import lessonkit\nprint(lessonkit.gradebook([]).to_html())\n"
    result = _run(["-c", script], {"matplotlib"}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("<!doctype html>")
    assert "<h1>Gradebook</h1>" in result.stdout


def test_sphinx_extension_without_the_book_extra(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text('extensions = ["lessonkit.book"]\n', encoding="utf-8")
    (source / "index.rst").write_text("Title\n=====\n", encoding="utf-8")
    result = _run(
        ["-m", "sphinx", "-q", "-b", "html", str(source), str(tmp_path / "out")],
        {"myst_nb", "jupyter_cache"},
        tmp_path,
    )
    assert result.returncode != 0
    assert (
        'install lessonkit[book] to build the book: pip install "lessonkit[book]" '
        "(not installed: myst_nb, jupyter_cache)"
    ) in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
