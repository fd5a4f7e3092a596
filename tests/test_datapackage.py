"""The datasets as a Frictionless Data Package, checked by frictionless-py itself (an
independent client): the package, its Table Schemas and its data are valid, and a broken
copy is not."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit.book.check import check_project

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [
    ROOT / "datasets",
    ROOT / "tests" / "fixtures" / "mini",
    ROOT / "tests" / "quizzes" / "datasets",
]


def _frictionless(package: Path) -> tuple[bool, list[str]]:
    from frictionless import validate

    report = validate(str(package))
    errors = [e.message for e in report.errors]
    errors += [e.message for task in report.tasks for e in task.errors]
    return report.valid, errors


@pytest.mark.slow
@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: str(p.relative_to(ROOT)))
def test_frictionless_finds_the_package_valid(folder: Path) -> None:
    valid, errors = _frictionless(folder / "datapackage.json")
    assert valid, errors


@pytest.mark.slow
def test_the_frictionless_command_agrees() -> None:
    run = subprocess.run(
        [str(Path(sys.executable).parent / "frictionless"), "validate", "datapackage.json"],
        cwd=ROOT / "datasets",
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_package_lists_every_table() -> None:
    package = json.loads((ROOT / "datasets" / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["name"] for r in package["resources"]}
    assert listed == {p.stem for p in (ROOT / "datasets").glob("*.csv")}
    assert all(r["schema"] == f"{r['name']}.yaml" for r in package["resources"])


@pytest.mark.slow
def test_frictionless_and_lessonkit_both_refuse_a_broken_copy(tmp_path: Path) -> None:
    """The independent check has teeth: a bad value in a table fails both."""
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", tmp_path / "datasets")
    csv = tmp_path / "datasets" / "places.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("46.48", "north"), encoding="utf-8")
    valid, errors = _frictionless(tmp_path / "datasets" / "datapackage.json")
    assert not valid and any("north" in e for e in errors)
    assert [p.line for p in check_project(tmp_path).problems] == [2]


def test_an_unlisted_table_is_reported(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", tmp_path / "datasets")
    (tmp_path / "datasets" / "extra.csv").write_text("a\n1\n", encoding="utf-8")
    messages = [str(p).replace(str(tmp_path) + "/", "") for p in check_project(tmp_path).problems]
    assert messages == [
        "datasets/datapackage.json:10: extra.csv is in the datasets folder but not listed in "
        "datapackage.json. Fix: add a resource for it under 'resources', or remove extra.csv."
    ]
