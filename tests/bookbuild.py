"""Build a Jupyter Book for the tests, into a fresh output folder, with -W -n."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_book(source: Path, output: Path, *, teacher: bool = False) -> Path:
    """Build ``source`` into ``output`` (warnings are errors); return the html folder.

    ``output`` must be new: a fresh folder has no execution cache, so every lesson runs
    again (jupyter-cache would not notice a change to lessonkit itself).
    """
    if (output / "_build").exists():
        raise ValueError(f"{output} already holds a build; use a new folder")
    env = dict(os.environ)
    env.pop("LESSONKIT_RENDER", None)
    env.pop("LESSONKIT_TEACHER", None)
    if teacher:
        env["LESSONKIT_TEACHER"] = "1"
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(source),
               "--path-output", str(output), "-W", "-n"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise AssertionError(f"book build failed ({result.returncode}):\n{result.stdout[-6000:]}\n"
                             f"{result.stderr[-6000:]}")
    return output / "_build" / "html"
