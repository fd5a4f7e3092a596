"""Build a Jupyter Book for the tests, into a fresh output folder, with -W -n."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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
