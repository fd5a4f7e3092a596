"""The wheel installed into fresh environments from the package index, as users get it.

- ``pip install lessonkit``: at most 40 distributions, none of the book stack, a kernel or
  a server; a student's and an author's work runs from any folder (datasets, quizzes
  graded, the live widget saving to the progress store, document cards, references,
  ``lessonkit check``, the gradebook's HTML report), and the commands that need an extra
  say which one, in one line;
- ``pip install "lessonkit[book]"``: the test book builds with warnings as errors.

Slow (each installs from the index, or from pip's cache): marked ``slow``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_metadata import NOT_CORE

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
CORE_LIMIT = 40


@dataclass
class Venv:
    path: Path
    added: list[str]  # distributions the install added, lessonkit included
    added_mb: float  # megabytes the install added to the environment

    @property
    def bin(self) -> Path:
        return self.path / "bin"

    def run(self, args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
        """Run a program of the environment from ``cwd``, with a home of its own."""
        environment = {
            "PATH": f"{self.bin}:/usr/bin:/bin",
            "HOME": str(cwd),
            "LANG": "C.UTF-8",
            **env,
        }
        return subprocess.run(
            args, cwd=cwd, env=environment, capture_output=True, text=True, timeout=600
        )


def _size(folder: Path) -> int:
    return sum(
        (Path(top) / name).lstat().st_size for top, _, files in os.walk(folder) for name in files
    )


def _distributions(python: Path) -> set[str]:
    listing = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {d["name"].lower().replace("_", "-") for d in json.loads(listing)}


def _install(folder: Path, requirement: str) -> Venv:
    """A new environment in ``folder`` with ``requirement`` installed by pip from the index."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    before, size = _distributions(python), _size(folder)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", requirement],
        capture_output=True,
        text=True,
        env=env,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    added = sorted(_distributions(python) - before)
    return Venv(folder, added, (_size(folder) - size) / 1e6)


@pytest.fixture(scope="module")
def core(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return _install(tmp_path_factory.mktemp("core") / "venv", str(wheel))


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A folder that is not the checkout (lessonkit must come from the environment)."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def test_core_install_is_small(core: Venv) -> None:
    assert "lessonkit" in core.added
    assert len(core.added) <= CORE_LIMIT, (
        f"{len(core.added)} distributions ({core.added_mb:.0f} MB): {', '.join(core.added)}"
    )
    assert not set(core.added) & NOT_CORE, sorted(set(core.added) & NOT_CORE)


def test_core_install_has_no_book_stack_kernel_or_server(core: Venv, elsewhere: Path) -> None:
    for module in ("sphinx", "myst_nb", "jupyter_book", "nbclient", "ipykernel", "jupyter_server"):
        result = core.run([str(core.bin / "python"), "-c", f"import {module}"], elsewhere)
        assert result.returncode == 1 and "ModuleNotFoundError" in result.stderr, module


STUDENT = """
import json, lessonkit
from lessonkit.answers import ProgressStore
from lessonkit.live.widget import QuizWidget
from lessonkit.quiz import Quiz, grade_question

quiz = Quiz.from_yaml("quiz.yaml")
question = quiz.question("missing-replies")
widget = QuizWidget(quiz, store=ProgressStore("progress.sqlite"))
widget.submission = {"question_id": "missing-replies", "answer": "no-secretariat"}
card = lessonkit.show_document("np-letter")
print(json.dumps({
    "file": lessonkit.__file__,
    "version": lessonkit.__version__,
    "tables": lessonkit.list_datasets(),
    "letters": len(lessonkit.load_letters()),
    "right": grade_question(question, "no-secretariat").verdict,
    "wrong": grade_question(question, "never-replied").verdict,
    "widget": widget.results["missing-replies"]["verdict"],
    "saved": len(ProgressStore("progress.sqlite").records(quiz.id)),
    "card": "NP" in card._repr_html_(),
    "cite": lessonkit.cite("ROL18"),
}))
"""


def test_core_install_runs_a_students_work(core: Venv, elsewhere: Path) -> None:
    quiz = ROOT / "lessons" / "quizzes" / "01-writing-to-a-psychiatrist.yaml"
    (elsewhere / "quiz.yaml").write_bytes(quiz.read_bytes())
    result = core.run([str(core.bin / "python"), "-c", STUDENT], elsewhere)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    assert info["file"].startswith(str(core.path))
    assert info["version"] == "0.1.0"
    assert "letters" in info["tables"] and "excerpts" in info["tables"]
    assert info["letters"] >= 4
    assert (info["right"], info["wrong"], info["widget"]) == ("correct", "incorrect", "correct")
    assert info["saved"] == 1
    assert info["card"] is True
    assert "Roldugina" in info["cite"]


def test_core_install_checks_a_project(core: Venv, elsewhere: Path) -> None:
    quizzes = elsewhere / "lessons" / "quizzes"
    quizzes.mkdir(parents=True)
    for quiz in (ROOT / "lessons" / "quizzes").glob("*.yaml"):
        (quizzes / quiz.name).write_bytes(quiz.read_bytes())
    (elsewhere / "_config.yml").write_bytes((ROOT / "_config.yml").read_bytes())
    result = core.run([str(core.bin / "lessonkit"), "check", "."], elsewhere)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "10 quiz files: no problems" in result.stdout


def test_core_install_names_the_extra_a_command_needs(core: Venv, elsewhere: Path) -> None:
    book = core.run([str(core.bin / "lessonkit"), "execute-book", "."], elsewhere)
    assert book.returncode == 1
    assert book.stderr.startswith('install lessonkit[book] to build the book: pip install "')
    assert book.stderr.count("\n") == 1 and "Traceback" not in book.stderr


def test_core_install_writes_the_gradebook_report(core: Venv, elsewhere: Path) -> None:
    from bs4 import BeautifulSoup

    handin = elsewhere / "ann.json"
    handin.write_text("{}", encoding="utf-8")  # refused, and reported in the page
    quizzes = str(ROOT / "lessons" / "quizzes")
    command = [str(core.bin / "lessonkit"), "gradebook", "ann.json", "--quizzes", quizzes]
    grades = core.run([*command, "--html", "r.html"], elsewhere)
    assert grades.returncode == 0, grades.stderr
    page = BeautifulSoup((elsewhere / "r.html").read_text(encoding="utf-8"), "lxml")
    assert "not a lessonkit responses file" in page.find("ul").get_text()


@pytest.mark.book
def test_book_extra_builds_the_test_book(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("book")
    venv = _install(folder / "venv", f"lessonkit[book] @ {wheel.as_uri()}")
    assert {"jupyter-book", "sphinx", "myst-nb", "ipykernel", "matplotlib"} <= set(venv.added)
    output = folder / "out"
    result = venv.run(
        [
            str(venv.bin / "jupyter-book"),
            "build",
            str(ROOT / "tests" / "testbook"),
            "--path-output",
            str(output),
            "-W",
            "-n",
        ],
        folder,
        LESSONKIT_DATASETS=str(ROOT / "tests" / "quizzes" / "datasets"),
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    page = (output / "_build" / "html" / "notebook.html").read_text(encoding="utf-8")
    assert 'class="lk-quiz' in page  # the cell ran in the environment's kernel
