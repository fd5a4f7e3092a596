"""The bibliography: ``datasets/references.bib``, shared by the datasets and the book."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from .._inputs import note_input
from .._resources import datasets_dir
from ..errors import DatasetError

__all__ = ["bib_path", "cite", "entries", "keys"]


def bib_path(folder: str | Path | None = None) -> Path:
    """Path of references.bib in ``folder`` (default: lessonkit's datasets)."""
    return Path(folder or datasets_dir()) / "references.bib"


@functools.lru_cache(maxsize=8)
def _parse(path: str, mtime: float) -> Any:
    """The parsed file, kept until it is modified (pybtex is imported here, on first use)."""
    from pybtex.database import parse_string
    from pybtex.scanner import PybtexError

    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(
            f"the bibliography is not valid UTF-8 ({exc.reason})",
            path=path,
            hint="save the file as UTF-8",
        ) from None
    seen: dict[str, int] = {}
    for match in re.finditer(r"^\s*@\w+\s*\{\s*([^,\s]+)\s*,", text, flags=re.M):
        key = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if key.lower() in seen:
            raise DatasetError(
                f"duplicate entry '{key}' (first on line {seen[key.lower()]})",
                path=path,
                line=line,
                hint="keep one entry per key",
            )
        seen[key.lower()] = line
    try:
        return parse_string(text, "bibtex")
    except PybtexError as exc:
        at = getattr(exc, "lineno", None)
        if not isinstance(at, int):  # an error about an entry: find the entry's line
            named = re.search(r"key (\S+)", str(exc))
            at = seen.get(named.group(1).lower(), 1) if named else 1
        raise DatasetError(
            f"the bibliography cannot be parsed: {exc}",
            path=path,
            line=at,
            hint="check the braces and commas of this entry",
        ) from None
    except (UnicodeError, ValueError, RecursionError) as exc:  # pybtex's own limits
        raise DatasetError(
            f"the bibliography cannot be parsed ({exc.__class__.__name__})",
            path=path,
            line=1,
            hint="check the braces and commas of the entries",
        ) from None


def entries(folder: str | Path | None = None) -> Any:
    """All entries of references.bib as a pybtex ``BibliographyData``."""
    path = bib_path(folder)
    if not path.is_file():
        raise DatasetError(
            "references.bib is missing",
            path=str(path),
            hint="create it with one BibTeX entry per source key",
        )
    note_input(path)
    return _parse(str(path), path.stat().st_mtime)


def keys(folder: str | Path | None = None) -> set[str]:
    """Every citation key in the bibliography."""
    return set(entries(folder).entries.keys())


def _authors(entry: Any) -> str:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    names = [" ".join(p.last_names) for p in people]
    if not names:
        return entry.fields.get("organization") or entry.fields.get("publisher") or ""
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def _clean(text: str) -> str:
    return re.sub(r"[{}]", "", text).replace("--", "–").strip()


def cite(key: str, *, short: bool = False, folder: str | Path | None = None) -> str:
    """A formatted reference for ``key``.

    ``short=True`` gives author and year ("Healey 2001"); the default gives a full
    plain-text reference (author, year, title, container, publisher, URL).
    """
    data = entries(folder)
    if key not in data.entries:
        raise DatasetError(
            f"unknown source key '{key}'",
            path=str(bib_path(folder)),
            hint="add an entry for it to references.bib or fix the key",
        )
    entry = data.entries[key]
    fields = entry.fields
    who = _authors(entry)
    year = fields.get("year", "")
    if short:
        if not who:
            words = _clean(fields.get("title", key)).strip("[]").split()
            who = " ".join(words[:6]) + ("…" if len(words) > 6 else "")
        return _clean(f"{who} {year}".strip())
    parts = [f"{who} ({year or 'n.d.'})." if who else (f"({year})." if year else "")]
    parts.append(_clean(fields.get("title", key)) + ".")
    container = fields.get("journal") or fields.get("booktitle") or fields.get("howpublished")
    if container:
        parts.append(f"{_clean(container)}.")
    where = ", ".join(
        _clean(fields[k]) for k in ("address", "publisher", "institution") if k in fields
    )
    if where:
        parts.append(f"{where}.")
    if "url" in fields:
        parts.append(fields["url"])
    return " ".join(p for p in parts if p)
