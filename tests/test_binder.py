"""Binder's environment: exact versions generated from pyproject.toml, and current.

binder/requirements.txt is written by tools/binder_lock.py (uv pip compile). Offline,
the digest of its inputs in the header must match pyproject.toml and runtime.txt, every
line is an exact pin, and every requirement is pinned within its range; repo2docker,
the tool behind Binder, writes the image's Dockerfile from the folder. Online (slow), uv
resolves the inputs again to the same file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version
from test_metadata import NOT_CORE

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import binder_lock  # noqa: E402

LOCK_TEXT = (ROOT / binder_lock.LOCK).read_text(encoding="utf-8")


def _pins(text: str) -> dict[str, Version]:
    pins = {}
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        requirement = Requirement(line)
        (spec,) = requirement.specifier
        assert spec.operator == "==", f"not an exact pin: {line}"
        pins[canonicalize_name(requirement.name)] = Version(spec.version)
    return pins


def test_the_lock_was_written_from_the_current_inputs() -> None:
    recorded = binder_lock.recorded_digest(LOCK_TEXT)
    assert recorded, "binder/requirements.txt has no inputs digest: run make binder-lock"
    assert recorded == binder_lock.inputs_digest(), (
        "pyproject.toml's dependencies (or binder/runtime.txt) changed since "
        "binder/requirements.txt was written: run make binder-lock"
    )


def test_the_digest_follows_the_dependencies(tmp_path: Path) -> None:
    (tmp_path / "binder").mkdir()
    shutil.copy(ROOT / binder_lock.RUNTIME, tmp_path / binder_lock.RUNTIME)
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    same = binder_lock.inputs_digest(tmp_path)
    assert same == binder_lock.inputs_digest()
    changed = pyproject.replace('"pyyaml>=6,<7"', '"pyyaml>=6.0.1,<7"')
    (tmp_path / "pyproject.toml").write_text(changed, encoding="utf-8")
    assert binder_lock.inputs_digest(tmp_path) != same
    # the test tools are not Binder's business
    unrelated = pyproject.replace('"pytest>=8,<10"', '"pytest>=8.1,<10"')
    (tmp_path / "pyproject.toml").write_text(unrelated, encoding="utf-8")
    assert binder_lock.inputs_digest(tmp_path) == same


def test_every_requirement_is_pinned_within_its_range() -> None:
    pins = _pins(LOCK_TEXT)
    for line in binder_lock.inputs()["requirements"]:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in binder/requirements.txt"
        assert pins[name] in requirement.specifier, f"{name}=={pins[name]} outside {line}"
    assert "lessonkit" not in pins  # postBuild installs it from the repository
    allowed = {"matplotlib", "jupytext", "nbformat"}  # the lessons extra and its needs
    assert not (set(pins) & NOT_CORE) - allowed, sorted((set(pins) & NOT_CORE) - allowed)


def test_binder_installs_this_project() -> None:
    post_build = (ROOT / "binder" / "postBuild").read_text(encoding="utf-8")
    assert "pip install --no-deps ." in post_build
    assert "jupytext-config set-default-viewer markdown myst" in post_build
    assert binder_lock.python_version() == "3.11"


@pytest.mark.slow
def test_repo2docker_writes_the_image_from_the_binder_folder(tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    shutil.copytree(ROOT / "binder", repository / "binder")
    program = Path(sys.executable).parent / "jupyter-repo2docker"
    result = subprocess.run(
        [str(program), "--no-build", "--no-run", "--debug", str(repository)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    dockerfile = result.stdout
    assert "Building conda environment for python=3.11" in result.stderr
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile


@pytest.mark.slow
def test_uv_resolves_the_inputs_to_the_same_lock(tmp_path: Path) -> None:
    """Online: the lock is what uv makes of the inputs today (keeping its versions)."""
    (tmp_path / "binder").mkdir()
    for name in ("pyproject.toml", "README.md", str(binder_lock.RUNTIME)):
        shutil.copy(ROOT / name, tmp_path / name)
    output = tmp_path / "requirements.txt"
    shutil.copy(ROOT / binder_lock.LOCK, output)
    binder_lock.compile_lock(output, tmp_path)
    assert output.read_text(encoding="utf-8") == LOCK_TEXT
