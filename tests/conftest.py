"""Shared fixtures: a small copy of a project with datasets, for bad-input tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def mini_project(tmp_path: Path) -> Path:
    """A project folder whose datasets/ is a fresh copy of tests/fixtures/mini."""
    shutil.copytree(FIXTURES / "mini", tmp_path / "datasets")
    return tmp_path
