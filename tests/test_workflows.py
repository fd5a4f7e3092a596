"""The GitHub Actions workflow a fork uses to publish the book to GitHub Pages.

actionlint (with shellcheck for the scripts) checks it as GitHub would read it: keys,
action inputs, expressions. Then what it does: build the student edition the way the
README does (``make book``) and publish the folder that command writes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PUBLISH = ROOT / ".github" / "workflows" / "publish-book.yml"
BIN = Path(sys.executable).parent


def _actionlint(folder: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    command = [str(BIN / "actionlint"), "-no-color", "-shellcheck", str(BIN / "shellcheck")]
    return subprocess.run(
        [*command, *map(str, files)], cwd=folder, capture_output=True, text=True, timeout=120
    )


def test_actionlint_finds_no_problem() -> None:
    assert WORKFLOWS == [PUBLISH]
    result = _actionlint(ROOT, *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        (("cache-dependency-path", "cache-dependency-pth"), "[action]"),
        (("steps.deployment.outputs", "steps.deploymnt.outputs"), "[expression]"),
        (("run: make book", "run: cd $BOOK && make book"), "[shellcheck]"),
    ],
)
def test_actionlint_would_catch_a_mistake(
    tmp_path: Path, change: tuple[str, str], rule: str
) -> None:
    """The check can fail: the same workflow with one mistake is rejected."""
    text = PUBLISH.read_text(encoding="utf-8")
    assert change[0] in text
    broken = tmp_path / ".github" / "workflows" / "publish-book.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(text.replace(change[0], change[1]), encoding="utf-8")
    result = _actionlint(tmp_path, broken)
    assert result.returncode == 1 and rule in result.stdout, result.stdout


def test_it_publishes_what_make_book_builds() -> None:
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key 'on' as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    build = workflow["jobs"]["build"]["steps"]
    runs = [step["run"] for step in build if "run" in step]
    assert runs == ["make book"]
    (upload,) = [s for s in build if s.get("uses", "").startswith("actions/upload-pages-artifact")]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    output = re.search(r"(?m)^BUILD\s*:=\s*(\S+)", makefile).group(1)  # type: ignore[union-attr]
    assert upload["with"]["path"] == f"{output}/html"
    assert "The book is at: $(abspath $(BUILD)/html/index.html)" in makefile


def test_only_the_deploy_job_may_write_to_pages() -> None:
    workflow = yaml.safe_load(PUBLISH.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_teachers_edition_is_never_published() -> None:
    text = PUBLISH.read_text(encoding="utf-8")
    assert "book-teacher" not in text and "LESSONKIT_TEACHER" not in text
