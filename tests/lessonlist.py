"""The lessons of the book, read from _toc.yml."""

from __future__ import annotations

import re
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


def run_in_fresh_kernel(path: Path, timeout: int = 120):  # -> nbformat.NotebookNode
    """Execute a MyST notebook in a new python3 kernel, in its own folder; return it run."""
    import jupytext
    import nbclient

    notebook = jupytext.read(path)
    nbclient.NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=timeout,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    return notebook


# A date ("1933-09-15", "1933-09") or a bare year. Years inside ids such as
# "np-interrogation-1933" are names, not dates, and are allowed.
DATE_LITERAL = re.compile(r"(?<![\w])(1[6-9]\d\d|20[0-4]\d)-[01]\d(-[0-3]\d)?(?![\w])")
YEAR_LITERAL = re.compile(r"(?<![\w.-])(1[6-9]\d\d|20[0-4]\d)(?![\w-])")


def dates_typed_in_code(path: Path) -> list[str]:
    """Dates and years written as literals in the code cells of a MyST notebook.

    Comments and cell-option lines (``:mystnb:`` and the like) are not code.
    """
    import jupytext

    found: list[str] = []
    for cell in jupytext.read(path).cells:
        if cell.cell_type != "code":
            continue
        code = "\n".join(
            line.split("#", 1)[0]
            for line in cell.source.splitlines()
            if not line.lstrip().startswith(":")
        )
        found += [m.group(0) for m in DATE_LITERAL.finditer(code)] + YEAR_LITERAL.findall(code)
    return found


# ---- Facts that lesson prose and quiz keys state about the datasets -------------------
# Each helper recomputes, from the tables, a figure that a lesson's text or a quiz key
# gives in words, so that a changed row cannot silently make the prose false.


def russian_law_line():  # -> pandas.DataFrame
    """Law rows of the Russian line, with the day each took effect (`effective`), in order."""
    import lessonkit

    timeline = lessonkit.load_timeline()
    law = timeline[(timeline["category"] == "law") & timeline["russia_line"].fillna(False)].copy()
    law["effective"] = law["in_force"].fillna(law["date"])
    return law.sort_values("effective")


def legal_status_on(day) -> str:  # day: pandas.Timestamp
    """Status of consensual sex between men in force on `day` (Lesson 1, step 2)."""
    law = russian_law_line()
    before = law[law["effective"] <= day]
    return str(before["status_after"].iloc[-1]) if len(before) else "no rule yet"


def years_without_published_counts() -> list[int]:
    """Years of the law's life covered by no count of convictions (Lesson 10, step 2)."""
    import lessonkit

    law = russian_law_line()
    first = law[law["event_id"].str.contains("154a")].iloc[0]["effective"].year
    last = law[law["event_id"].str.endswith("repeal")].iloc[0]["effective"].year
    conv = lessonkit.load_convictions()
    counts = conv[conv["kind"].isin(["annual", "total"]) & conv["period_start"].notna()]
    return [
        year
        for year in range(first, last + 1)
        if not (
            (counts["period_start"].dt.year <= year) & (counts["period_end"].dt.year >= year)
        ).any()
    ]
