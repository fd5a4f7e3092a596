"""The data ships inside the wheel: a non-editable install works from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

import lessonkit
from lessonkit import _resources

ROOT = Path(__file__).resolve().parent.parent


def test_editable_install_reads_the_checkout_datasets() -> None:
    assert Path(lessonkit.__file__).resolve().is_relative_to(ROOT / "src")
    assert _resources.datasets_dir().resolve() == ROOT / "datasets"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
    )
    (found,) = out.glob("lessonkit-*.whl")
    return found


def test_wheel_contains_data_assets_and_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for table in lessonkit.list_datasets():
        assert f"lessonkit/datasets/{table}.csv" in names
        assert f"lessonkit/datasets/{table}.yaml" in names
    for asset in (
        "lessonkit/datasets/references.bib",
        "lessonkit/render/static/quiz.js",
        "lessonkit/render/static/quiz.css",
        "lessonkit/render/static/quiz-page.js",
        "lessonkit/render/static/quiz-storage.js",
        "lessonkit/render/static/quiz-handin.js",
        "lessonkit/render/static/document.css",
        "lessonkit/render/static/messages/ru.json",
        "lessonkit/quiz/quiz.schema.json",
        "lessonkit/py.typed",
    ):
        assert asset in names, asset


def test_wheel_installed_in_a_fresh_venv_loads_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", str(wheel)], check=True)
    # the dependencies come from the test environment, lessonkit only from the wheel
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(site, "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    script = (
        "import json, lessonkit, lessonkit._resources as r\n"
        "print(json.dumps({'file': lessonkit.__file__, 'data': str(r.datasets_dir()),"
        " 'rows': len(lessonkit.load_letters()), 'tables': lessonkit.list_datasets(),"
        " 'version': lessonkit.__version__}))\n"
    )
    result = subprocess.run(
        [str(python), "-c", script],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        check=True,
    )
    info = json.loads(result.stdout)
    assert info["file"].startswith(str(venv))
    assert info["data"].startswith(str(venv)) and info["data"].endswith("lessonkit/datasets")
    assert info["rows"] >= 4
    assert info["tables"] == lessonkit.list_datasets()
    assert info["version"] == "0.1.0"
    check = subprocess.run(
        [str(venv / "bin" / "lessonkit"), "check", str(elsewhere)],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "no problems" in check.stdout
