"""The lessons of the book, read from _toc.yml."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def toc_files() -> list[str]:
    """Every file named in _toc.yml, in order (without extension)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                walk(entry.get(key, []))

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return files


def lessons() -> list[Path]:
    """The lesson notebooks (lessons/NN-*.md) listed in the table of contents."""
    return [ROOT / f"{f}.md" for f in toc_files() if f.startswith("lessons/")]
