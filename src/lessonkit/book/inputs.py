"""Which data files each notebook of a book read, kept beside the execution cache.

jupyter-cache knows a notebook only by its code: an edited table would leave the old
outputs in the book. While the pre-executor runs a notebook, its kernel notes the data
files it reads (:mod:`lessonkit._inputs`); this index keeps them with a hash of each, and
at the next build names the notebooks whose inputs changed, so that only those run again.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

__all__ = ["InputIndex", "file_hash"]

_INDEX = "lessonkit-inputs.json"


def file_hash(path: str | Path) -> str:
    """The SHA-256 of a file's bytes ("" when it cannot be read)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return ""


class InputIndex:
    """Notebook -> {data file: hash}, stored as JSON in the execution cache's folder."""

    def __init__(self, cache_path: str | Path) -> None:
        self.path = Path(cache_path) / _INDEX
        try:
            loaded = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            loaded = {}  # a missing or damaged index only means fewer notebooks are known
        self.entries: dict[str, dict[str, str]] = loaded if isinstance(loaded, dict) else {}

    def record(self, notebook: Path, inputs: list[str]) -> None:
        """Note what ``notebook`` read (replacing what it read before)."""
        self.entries[str(notebook)] = {name: file_hash(name) for name in sorted(set(inputs))}

    def forget(self, notebook: Path) -> None:
        """Drop ``notebook`` from the index."""
        self.entries.pop(str(notebook), None)

    def stale(self) -> list[Path]:
        """The notebooks at least one of whose data files changed since they ran."""
        return [
            Path(notebook)
            for notebook, inputs in sorted(self.entries.items())
            if any(file_hash(name) != digest for name, digest in inputs.items())
        ]

    def save(self) -> None:
        """Write the index (a read-only cache folder only means nothing is remembered)."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps(self.entries, indent=1), encoding="utf-8")
        except OSError:
            pass
