"""The benchmark runner: a figure that fails is reported, and the others are measured."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import figures
import run as runner


def _spec(key: str, measure: Callable[[int], tuple[float, float, str]]) -> figures.Spec:
    return dataclasses.replace(figures.SPECS[0], key=key, label=f"figure {key}", measure=measure)


def _broken(runs: int) -> tuple[float, float, str]:
    raise RuntimeError("the hub did not start\nmore detail")


def test_a_failing_figure_is_reported_and_the_next_is_measured(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    specs = [_spec("broken", _broken), _spec("fine", lambda runs: (1.0, 20.0, "note"))]
    monkeypatch.setattr(runner, "SPECS", specs)
    broken, fine = runner.run(1, None)
    assert (broken.ok, broken.error) == (False, "RuntimeError: the hub did not start")
    assert (fine.ok, fine.figure, fine.error) == (True, 1.0, "")
    table = runner.table([broken, fine])
    assert "| figure broken | - | - | - |" in table
    assert "FAILED (RuntimeError: the hub did not start)" in table
    assert "| figure fine | 1 " in table and "pass (note)" in table


def test_the_bench_builds_a_copy_of_the_whole_book(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Every page of the toc, the theme overrides and the bibliography are in the copy,
    and its ``.venv`` is the book's own environment."""
    import shutil

    import yaml

    from lessonkit.book.execute import _toc_files

    monkeypatch.setattr(figures, "book_bin", lambda: tmp_path / "book-env" / "bin")
    copy = figures._copy_book()
    try:
        config = yaml.safe_load((figures.ROOT / "_config.yml").read_text(encoding="utf-8"))
        named = list(config["bibtex_bibfiles"]) + list(config["sphinx"]["config"]["templates_path"])
        named += [f"{page}.md" for page in _toc_files(figures.ROOT)]
        named += [
            p.relative_to(figures.ROOT).as_posix() for p in (figures.ROOT / "_static").iterdir()
        ]
        missing = [name for name in named if not (copy / name).exists()]
        assert missing == []
        assert (copy / ".venv").readlink() == tmp_path / "book-env"
    finally:
        shutil.rmtree(copy)


def test_the_book_environment_is_set_up_again_only_when_pyproject_changes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import bookenv

    calls: list[dict[str, str]] = []

    def setup(command: list[str], **kwargs: object) -> None:
        assert command == ["bash", "tools/setup-venv.sh"]
        env = kwargs["env"]
        assert isinstance(env, dict)
        calls.append(env)
        (tmp_path / "env" / "bin").mkdir(parents=True, exist_ok=True)
        (tmp_path / "env" / "bin" / "python").touch()

    monkeypatch.setattr(bookenv, "FOLDER", tmp_path / "env")
    monkeypatch.setattr(bookenv.subprocess, "run", setup)
    assert bookenv.book_bin() == tmp_path / "env" / "bin"
    assert bookenv.book_bin() == tmp_path / "env" / "bin"
    assert [env["LESSONKIT_VENV"] for env in calls] == [str(tmp_path / "env")]
    monkeypatch.setattr(bookenv, "_requirements_digest", lambda: "another pyproject")
    bookenv.book_bin()
    assert len(calls) == 2
