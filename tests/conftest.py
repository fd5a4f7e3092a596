"""Shared fixtures: a small copy of a project with datasets, for bad-input tests."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """lessonkit's cache folder (quiz files already checked) is the session's own, for
    this process and every process it starts: no test reads what another run kept."""
    folder = tmp_path_factory.mktemp("lessonkit-cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LESSONKIT_CACHE", str(folder))
        yield folder


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A project folder whose datasets/ is a fresh copy of tests/fixtures/mini."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "datasets")
    return tmp_path


@pytest.fixture(scope="session")
def built_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book, built once per test session (student edition)."""
    from bookbuild import build_book

    return build_book(ROOT, tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def built_teacher_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real book's teacher edition."""
    from bookbuild import build_book

    return build_book(ROOT, tmp_path_factory.mktemp("teacher"), teacher=True)


@pytest.fixture(scope="session")
def built_testbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/testbook built with the lessonkit extension."""
    from bookbuild import build_book

    fixtures = ROOT / "tests" / "quizzes" / "datasets"
    return build_book(
        ROOT / "tests" / "testbook",
        tmp_path_factory.mktemp("testbook"),
        env={"LESSONKIT_DATASETS": str(fixtures)},
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """lessonkit's wheel, built from the checkout by its build backend (no network)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), ROOT],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("lessonkit-*.whl")
    return found
