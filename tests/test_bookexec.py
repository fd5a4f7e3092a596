"""lessonkit execute-book: notebooks run in parallel into the cache the book build reads."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit.bookexec import book_notebooks, execute_book

ROOT = Path(__file__).resolve().parent.parent
HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# Page
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    source = tmp_path / "book"
    source.mkdir()
    (source / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: a\n  - file: b\n"
    )
    (source / "_config.yml").write_text(
        "title: t\nexecute: {execute_notebooks: cache}\nlaunch_buttons: {thebe: false}\n"
    )
    (source / "intro.md").write_text("# Intro\n\nNo code here.\n")
    (source / "a.md").write_text(HEADER + "\n```{code-cell} ipython3\nprint(6 * 7)\n```\n")
    (source / "b.md").write_text(HEADER + "\n```{code-cell} ipython3\nprint('b')\n```\n")
    return source


@pytest.mark.kernel
def test_executes_once_then_reads_the_cache(book: Path) -> None:
    assert [p.name for p in book_notebooks(book)] == ["a.md", "b.md"]
    assert sorted(o.status for o in execute_book(book, jobs=2)) == ["executed", "executed"]
    assert sorted(o.status for o in execute_book(book, jobs=2)) == ["cached", "cached"]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "-W", "-v"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.count("Using cached notebook") == 2  # the build reused both


@pytest.mark.kernel
def test_a_failing_notebook_is_reported_not_raised(book: Path) -> None:
    (book / "b.md").write_text(HEADER + "\n```{code-cell} ipython3\n1 / 0\n```\n")
    outcomes = {o.path.name: o for o in execute_book(book, jobs=2)}
    assert outcomes["a.md"].status == "executed"
    assert outcomes["b.md"].status == "failed"
    assert (
        "ZeroDivisionError" in outcomes["b.md"].error
        or "CellExecutionError" in outcomes["b.md"].error
    )
    shutil.rmtree(book / "_build")
