"""The data ships inside the wheel; an editable install reads the checkout's datasets.

Installing the wheel into fresh environments (core only, then with the book) is in
``test_fresh_install.py``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import lessonkit
from lessonkit import _resources

ROOT = Path(__file__).resolve().parent.parent


def test_editable_install_reads_the_checkout_datasets() -> None:
    assert Path(lessonkit.__file__).resolve().is_relative_to(ROOT / "src")
    assert _resources.datasets_dir().resolve() == ROOT / "datasets"


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
        "lessonkit/render/static/book.css",
        "lessonkit/render/static/messages/ru.json",
        "lessonkit/quiz/quiz.schema.json",
        "lessonkit/py.typed",
    ):
        assert asset in names, asset
