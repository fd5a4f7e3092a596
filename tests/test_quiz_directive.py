"""The ``quiz`` directive in a real (tiny) Sphinx build with MyST."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path

import pytest
from bookbuild import sphinx_app

TESTS = Path(__file__).resolve().parent
pytest.importorskip("myst_parser")
bs4 = pytest.importorskip("bs4")

CONF = """
extensions = ["myst_parser", "quiz_only"]
exclude_patterns = ["_build"]
show_warning_types = True
lessonkit_teacher = {teacher}
"""
# Only the quiz part of lessonkit.book, so that this test does not depend on the assets.
EXTENSION = """
from lessonkit.book.quiz_directive import setup_quiz
from lessonkit.book.settings import setup_settings

def setup(app):
    setup_settings(app)
    setup_quiz(app)
    return {"parallel_read_safe": True}
"""
PAGE = """# Lesson

```{quiz} quizzes/all-types.yaml
```

```{quiz} /quizzes/broken.yaml
```

```{quiz} quizzes/missing.yaml
```
"""
BROKEN = "id: broken\ntitle: Broken\nquestions:\n  - id: q1\n    type: singel\n    prompt: P\n"


def _build(src: Path, *, teacher: bool = False) -> tuple[str, str]:
    warnings = io.StringIO()
    with sphinx_app(src, warning=warnings, fresh=True) as app:
        app.build()
    page = (src / "_build" / "html" / "lessons" / "one.html").read_text(encoding="utf-8")
    return page, re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())


@pytest.fixture
def book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LESSONKIT_DATASETS", str(TESTS / "quizzes" / "datasets"))
    monkeypatch.delenv("LESSONKIT_TEACHER", raising=False)
    monkeypatch.syspath_prepend(str(tmp_path))
    (tmp_path / "quiz_only.py").write_text(EXTENSION, encoding="utf-8")
    (tmp_path / "conf.py").write_text(CONF.format(teacher=False), encoding="utf-8")
    (tmp_path / "index.md").write_text(
        "# Book\n\n```{toctree}\nlessons/one\n```\n", encoding="utf-8"
    )
    (tmp_path / "lessons" / "quizzes").mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    shutil.copy(TESTS / "quizzes" / "all-types.yaml", tmp_path / "lessons" / "quizzes")
    (tmp_path / "quizzes" / "broken.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "lessons" / "one.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_directive_embeds_the_quiz_and_warns_per_problem(book: Path) -> None:
    html, warnings = _build(book)
    soup = bs4.BeautifulSoup(html, "html.parser")
    quizzes = soup.select("div.lk-quiz")
    assert [q["data-lk-quiz"] for q in quizzes] == ["all-types"]
    data = json.loads(quizzes[0].select_one(':scope > script[type="application/json"]').string)
    assert "teacher" not in data
    assert [q["id"] for q in data["questions"]][:2] == ["which-typed", "which-cities"]
    fallback = bs4.BeautifulSoup(quizzes[0].select_one("noscript").decode_contents(), "html.parser")
    assert (
        fallback.select_one(".lk-sheet > p")
        .get_text()
        .endswith("This quiz needs JavaScript. Answer it on paper:")
    )
    assert len(fallback.select(".lk-sheet > ol > li")) == len(data["questions"])

    broken = book / "quizzes" / "broken.yaml"
    assert (
        f"{broken}:5: WARNING: 'type' of question 'q1' is 'singel', which is not a question "
        "type. Fix: did you mean 'single'? [lessonkit.quiz]"
    ) in warnings
    assert "WARNING: quiz file not found: quizzes/missing.yaml" in warnings
    assert f"{book / 'lessons' / 'one.md'}:9" in warnings
    assert warnings.count("WARNING") == 2


def test_teacher_build_and_dependency(book: Path) -> None:
    (book / "conf.py").write_text(CONF.format(teacher=True), encoding="utf-8")
    html, _ = _build(book)
    soup = bs4.BeautifulSoup(html, "html.parser")
    data = json.loads(soup.select_one('.lk-quiz > script[type="application/json"]').string)
    assert data.get("teacher") is True
    assert "LESSONKIT_TEACHER" not in os.environ  # the build never writes the environment

    with sphinx_app(book, warning=io.StringIO()) as app:
        dependencies = app.env.dependencies["lessons/one"]
    assert "lessons/quizzes/all-types.yaml" in dependencies
    assert "quizzes/broken.yaml" in dependencies
