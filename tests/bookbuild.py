"""Build a Jupyter Book for the tests, into a fresh output folder, with -W -n; and small
Sphinx projects in process."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent


def build_book(
    source: Path, output: Path, *, teacher: bool = False, env: dict[str, str] | None = None
) -> Path:
    """Build ``source`` into ``output`` (warnings are errors); return the html folder.

    ``output`` must be new: a fresh folder has no execution cache, so every lesson runs
    again (jupyter-cache would not notice a change to lessonkit itself).
    """
    if (output / "_build").exists():
        raise ValueError(f"{output} already holds a build; use a new folder")
    environment = dict(os.environ)
    for name in ("LESSONKIT_RENDER", "LESSONKIT_TEACHER", "LESSONKIT_DATASETS"):
        environment.pop(name, None)
    if teacher:
        environment["LESSONKIT_TEACHER"] = "1"
    environment.update(env or {})
    command = [
        str(Path(sys.executable).parent / "jupyter-book"),
        "build",
        str(source),
        "--path-output",
        str(output),
        "-W",
        "-n",
    ]
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AssertionError(
            f"book build failed ({result.returncode}):\n{result.stdout[-6000:]}\n"
            f"{result.stderr[-6000:]}"
        )
    return output / "_build" / "html"


@contextlib.contextmanager
def sphinx_app(
    source: Path, *, warning: IO[str] | None = None, fresh: bool = False
) -> Iterator[Any]:
    """A Sphinx application (HTML) for the small project in ``source``, building into its
    ``_build`` folder; ``fresh``: read every page again. What it registers with docutils
    is undone afterwards, as ``sphinx-build`` does, so that the next one starts clean."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    with docutils_namespace():
        yield Sphinx(
            str(source),
            str(source),
            str(source / "_build" / "html"),
            str(source / "_build" / ".doctrees"),
            "html",
            status=None,
            warning=warning,
            freshenv=fresh,
        )
