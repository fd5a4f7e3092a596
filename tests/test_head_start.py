"""``lessonkit build-book`` executes the changed notebooks while Jupyter Book loads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit.book import early
from lessonkit.book.early import (
    HeadStart,
    changed_notebooks,
    forget_in_head_start,
    output_folder,
    take_head_start,
)
from lessonkit.book.execute import Outcome

_HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


def _book(folder: Path, *names: str) -> Path:
    folder.mkdir()
    chapters = "".join(f"  - file: {name}\n" for name in names[1:])
    (folder / "_toc.yml").write_text(f"format: jb-book\nroot: {names[0]}\nchapters:\n{chapters}")
    (folder / "_config.yml").write_text(
        "title: t\nexecute: {execute_notebooks: cache}\nlaunch_buttons: {thebe: false}\n"
        "sphinx:\n  extra_extensions: [lessonkit.book]\n"
    )
    for name in names:
        code = f"print('{name}')"
        (folder / f"{name}.md").write_text(
            f"{_HEADER}\n# {name}\n\n```{{code-cell}} ipython3\n{code}\n```\n"
        )
    return folder


def test_the_output_folder_is_the_one_jupyter_book_builds_into(tmp_path: Path) -> None:
    assert output_folder(tmp_path, ["-W"]) == tmp_path.resolve()
    assert output_folder(tmp_path, ["--path-output", str(tmp_path / "o")]) == tmp_path / "o"
    assert output_folder(tmp_path, [f"--path-output={tmp_path / 'p'}", "-n"]) == tmp_path / "p"
    assert output_folder(tmp_path, ["--config", "other.yml"]) is None  # no head start
    assert output_folder(tmp_path, ["--toc=other.yml"]) is None


def test_only_the_notebooks_changed_since_the_last_build_start_early(tmp_path: Path) -> None:
    book = _book(tmp_path / "book", "a", "b", "c")
    assert [p.name for p in changed_notebooks(book, book, [])] == ["a.md", "b.md", "c.md"]
    assert [p.name for p in changed_notebooks(book, book, ["c.*"])] == ["a.md", "b.md"]
    environment = book / "_build" / ".doctrees" / "environment.pickle"
    environment.parent.mkdir(parents=True)
    environment.write_bytes(b"")
    built = environment.stat().st_mtime_ns
    for name, offset in (("a", -10), ("b", +10), ("c", -10)):
        os.utime(book / f"{name}.md", ns=(built, built + offset * 10**9))
    assert [p.name for p in changed_notebooks(book, book, [])] == ["b.md"]


def test_the_prerun_takes_only_what_is_still_true(tmp_path: Path) -> None:
    """A notebook edited after the head start read it, one it only found in the cache,
    and one whose outputs were dropped since are all left to the prerun."""
    paths = [tmp_path / f"{name}.md" for name in "abcd"]
    for path in paths:
        path.write_text("x")
    head = HeadStart(tmp_path / "cache", paths)
    head.modified = {path: path.stat().st_mtime_ns for path in paths}
    statuses = ["executed", "executed", "cached", "failed"]
    head.outcomes = [Outcome(p, s) for p, s in zip(paths, statuses, strict=True)]
    early._started[:] = [head]
    try:
        os.utime(paths[1], ns=(0, head.modified[paths[1]] + 10**9))  # b edited meanwhile
        forget_in_head_start([paths[3]])  # d's outputs dropped (its data changed)
        taken = take_head_start(tmp_path / "cache")
    finally:
        early._started.clear()
    assert sorted(p.name for p in taken) == ["a.md"]
    assert take_head_start(tmp_path / "cache") == {}  # taken once


def test_a_head_start_into_another_cache_is_not_taken(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("x")
    head = HeadStart(tmp_path / "cache", [tmp_path / "a.md"])
    head.modified = {tmp_path / "a.md": (tmp_path / "a.md").stat().st_mtime_ns}
    head.outcomes = [Outcome(tmp_path / "a.md", "executed")]
    early._started[:] = [head]
    try:
        assert take_head_start(tmp_path / "other") == {}
    finally:
        early._started.clear()


@pytest.mark.book
def test_build_book_executes_changed_notebooks_while_jupyter_book_loads(tmp_path: Path) -> None:
    book = _book(tmp_path / "book", "a", "b")
    lessonkit = str(Path(sys.executable).parent / "lessonkit")
    command = [lessonkit, "build-book", str(book), "-W", "--path-output", str(tmp_path / "out")]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "executed 2 notebook(s) in parallel" in first.stdout
    assert "2 of them while Jupyter Book loaded" in first.stdout
    (book / "b.md").write_text((book / "b.md").read_text().replace("print('b')", "print('B')"))
    second = subprocess.run(command, capture_output=True, text=True)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "executed 1 notebook(s) in parallel" in second.stdout
    assert "1 of them while Jupyter Book loaded" in second.stdout
    page = (tmp_path / "out" / "_build" / "html" / "b.html").read_text(encoding="utf-8")
    assert "B\n</pre>" in page and "b\n</pre>" not in page
    third = subprocess.run(command, capture_output=True, text=True)  # nothing changed
    assert third.returncode == 0 and "lessonkit: executed" not in third.stdout


@pytest.mark.book
def test_a_notebook_whose_table_changed_runs_again_while_jupyter_book_loads(
    tmp_path: Path,
) -> None:
    import shutil

    book = _book(tmp_path / "book", "a", "b")
    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "mini", data)
    (book / "b.md").write_text(
        f"{_HEADER}\n# b\n\n```{{code-cell}} ipython3\nimport lessonkit\n"
        "print(lessonkit.load('places').set_index('place_id').loc['odessa', 'latitude'])\n```\n"
    )
    lessonkit = str(Path(sys.executable).parent / "lessonkit")
    command = [lessonkit, "build-book", str(book), "-W", "--path-output", str(tmp_path / "out")]
    env = {**os.environ, "LESSONKIT_DATASETS": str(data)}
    first = subprocess.run(command, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    page = tmp_path / "out" / "_build" / "html" / "b.html"
    assert "46.48\n</pre>" in page.read_text(encoding="utf-8")
    places = data / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("46.48", "46.5"))
    second = subprocess.run(command, capture_output=True, text=True, env=env)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
    assert "1 notebook(s) read data that changed" in second.stdout
    assert "executed 1 notebook(s) in parallel" in second.stdout  # b only
    assert "1 of them while Jupyter Book loaded" in second.stdout
    assert "46.5\n</pre>" in page.read_text(encoding="utf-8")
