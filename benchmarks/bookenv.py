"""The environment the benchmarks build the book in: what `make book` installs on a fresh
clone (``tools/setup-venv.sh``: lessonkit[book]) and nothing else.

The test environment also holds JupyterLab, the hub and the test tools; with them every
``jupyter-book build`` starts slower (more packages whose entry points are read, and
jsonschema's optional IRI checker compiling its grammars on import), so a build timed
there is not the build a teacher runs. The environment lives in ``.venv-book`` and is
made again when ``pyproject.toml`` changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / ".venv-book"


def _requirements_digest() -> str:
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def book_bin() -> Path:
    """The ``bin`` folder of the book's environment, set up first when it is missing or
    older than ``pyproject.toml``."""
    stamp = FOLDER / ".pyproject-sha256"
    digest = _requirements_digest()
    current = stamp.read_text(encoding="utf-8").strip() if stamp.exists() else ""
    if not (FOLDER / "bin" / "python").exists() or current != digest:
        subprocess.run(
            ["bash", "tools/setup-venv.sh"],
            cwd=ROOT,
            env={**os.environ, "LESSONKIT_VENV": str(FOLDER)},
            check=True,
            capture_output=True,
        )
        stamp.write_text(digest + "\n", encoding="utf-8")
    return FOLDER / "bin"
