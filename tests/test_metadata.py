"""The package's metadata as the wheel declares it: licences, extras, links, citation."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from email.message import Message
from email.parser import HeaderParser
from pathlib import Path

import pytest
import yaml
from packaging.licenses import canonicalize_license_expression
from packaging.requirements import Requirement

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, from PyPI (a test dependency)
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]

#: What the core install must never pull: the book stack, kernels, servers, plotting.
NOT_CORE = {
    "jupyter-book",
    "sphinx",
    "myst-nb",
    "myst-parser",
    "sphinxcontrib-bibtex",
    "nbclient",
    "nbformat",
    "jupyter-cache",
    "jupytext",
    "ipykernel",
    "jupyter-server",
    "jupyterlab",
    "notebook",
    "matplotlib",
}


@pytest.fixture(scope="module")
def metadata(wheel: Path) -> Message:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("lessonkit-0.1.0.dist-info/METADATA").decode("utf-8")
    return HeaderParser().parsestr(text)


def test_licences_are_declared_as_an_spdx_expression(metadata: Message) -> None:
    expression = metadata["License-Expression"]
    assert expression == "MIT AND CC-BY-4.0"
    assert canonicalize_license_expression(expression) == expression
    assert metadata["License"] is None  # the expression replaces the free-text field
    assert not [c for c in metadata.get_all("Classifier") or [] if c.startswith("License ::")]


def test_licence_files_are_in_the_wheel(wheel: Path, metadata: Message) -> None:
    assert sorted(metadata.get_all("License-File") or []) == ["CONTENT-LICENSE.md", "LICENSE"]
    with zipfile.ZipFile(wheel) as archive:
        for name in ("LICENSE", "CONTENT-LICENSE.md"):
            shipped = archive.read(f"lessonkit-0.1.0.dist-info/licenses/{name}")
            assert shipped == (ROOT / name).read_bytes()
    content = (ROOT / "CONTENT-LICENSE.md").read_text(encoding="utf-8")
    assert "MIT" in content and "CC BY 4.0" in content


def test_the_package_links_to_no_home_it_does_not_have(metadata: Message) -> None:
    """The project has no public home yet: no Home-page, no Project-URL."""
    assert metadata.get_all("Project-URL") is None
    assert metadata["Home-page"] is None


def _project_files() -> list[Path]:
    """The project's files: git's list in a clone, else the tree (an unpacked sdist)."""
    listing = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True)
    if listing.returncode == 0 and listing.stdout:
        return [ROOT / name.decode() for name in listing.stdout.split(b"\0") if name]
    skip = {".git", ".venv", "_build", "node_modules", ".pytest_cache", ".hypothesis"}
    return [p for p in ROOT.rglob("*") if not skip & set(p.relative_to(ROOT).parts)]


def test_no_file_links_to_places_that_are_not_this_project() -> None:
    wrong = ("github.com/lessonkit/lessonkit", "lessonkit.readthedocs", "lessonkit/lessonkit.git")
    found = []
    for path in _project_files():
        if path.name == Path(__file__).name or not path.is_file():
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {w}" for w in wrong if w in text]
    assert not found


def test_the_core_requirements_pull_no_book_kernel_or_server(metadata: Message) -> None:
    core = {
        Requirement(line).name
        for line in metadata.get_all("Requires-Dist") or []
        if "extra ==" not in line
    }
    assert core, "no core requirements at all"
    assert not core & NOT_CORE
    assert {"pandas", "pybtex", "anywidget", "pyyaml"} <= core


def test_the_extras(metadata: Message) -> None:
    extras = set(metadata.get_all("Provides-Extra") or [])
    assert {"book", "lessons", "teacher"} <= extras
    by_extra: dict[str, set[str]] = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        for extra in extras:
            if requirement.marker and requirement.marker.evaluate({"extra": extra}):
                by_extra.setdefault(extra, set()).add(requirement.name)
    assert {"jupyter-book", "sphinx", "myst-nb", "nbclient", "ipykernel"} <= by_extra["book"]
    assert by_extra["lessons"] <= by_extra["book"], "the book runs the lessons"
    assert "teacher" not in by_extra, "the gradebook needs nothing beyond the core"


def test_citation_file_matches_the_package() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert str(citation["version"]) == PROJECT["version"]
    assert " AND ".join(citation["license"]) == PROJECT["license"]
    assert citation["authors"] == [{"name": a["name"]} for a in PROJECT["authors"]]
    seed = citation["references"][0]
    assert seed["authors"][0]["family-names"] == "Roldugina"
    assert seed["date-published"].isoformat() == "2018-02-09"
    assert "repository-code" not in citation and "url" not in citation


@pytest.mark.slow
def test_citation_file_follows_the_citation_file_format(tmp_path: Path) -> None:
    """cffconvert (from the index, in an environment of its own: it needs jsonschema 3)
    validates CITATION.cff against the format's schema, and rejects a broken copy."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    install = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "cffconvert>=2,<3"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert install.returncode == 0, install.stderr[-3000:]

    def validate(path: Path) -> subprocess.CompletedProcess[str]:
        command = [str(venv / "bin" / "cffconvert"), "--validate", "-i", str(path)]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    valid = validate(ROOT / "CITATION.cff")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert "valid according to schema version 1.2.0" in valid.stdout
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(text.replace("  - CC-BY-4.0\n", "  - CC-BY-4.0-NO\n"), encoding="utf-8")
    assert validate(broken).returncode == 1
