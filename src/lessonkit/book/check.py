"""``lessonkit check``: validate every dataset, the bibliography, every quiz file and the
book's launch settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..data import datasets as ds
from ..data.package import PACKAGE_FILE, read_package
from ..data.references import bib_path, keys
from ..data.table import ParsedTable
from ..errors import LessonkitError, Problem
from .launch import LaunchSettings, launch_problems

__all__ = ["CheckReport", "check_project", "find_quiz_files"]

_SKIP_DIRS = {"_build", ".venv", "node_modules", "tests", ".git", "site-packages"}


@dataclass
class CheckReport:
    """What ``check_project`` looked at and every problem it found."""

    tables: dict[str, int] = field(default_factory=dict)
    quizzes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when nothing is wrong."""
        return not self.problems

    def summary(self) -> str:
        """One line: what was checked and how many problems."""
        rows = sum(self.tables.values())
        files = len({p.path for p in self.problems})
        head = (
            f"lessonkit check: {len(self.tables)} tables ({rows} rows), "
            f"{len(self.quizzes)} quiz files"
        )
        if self.ok:
            return head + ": no problems."
        return (
            head
            + f": {len(self.problems)} problem{'s' * (len(self.problems) != 1)} in {files} file"
            + ("s." if files != 1 else ".")
        )


def datasets_folder(project: Path) -> Path:
    """The project's own datasets/ folder, or lessonkit's packaged one."""
    own = project / "datasets"
    return own if own.is_dir() else ds.datasets_dir()


def find_quiz_files(project: Path) -> list[Path]:
    """Quiz files: YAML files inside any ``quizzes/`` folder of the project."""
    found = []
    for path in sorted(project.rglob("quizzes/*.yaml")):
        parts = set(path.relative_to(project).parts[:-1])
        if parts & _SKIP_DIRS or any(p.startswith(".") for p in parts):
            continue
        found.append(path)
    return found


def _check_references(
    tables: dict[str, ParsedTable], failed: set[str], folder: Path, problems: list[Problem]
) -> None:
    try:
        bib = keys(folder)
    except LessonkitError as exc:
        problems.extend(exc.problems)
        bib = None
    ids = {name: t.by_key.keys() for name, t in tables.items() if t.schema.primary_key}
    for table in tables.values():
        sch = table.schema
        if bib is not None:
            for source in sch.sources:
                if source not in bib:
                    problems.append(
                        Problem(
                            sch.path,
                            sch.source_line,
                            f"unknown source key '{source}'",
                            f"add it to {bib_path(folder).name} or fix the key",
                        )
                    )
        for fk in sch.foreign_keys:
            if fk.resource in failed:
                continue  # that table's own problems are reported; its ids are unknown
            if fk.resource not in ids:
                problems.append(
                    Problem(
                        sch.path,
                        1,
                        f"foreign key {fk.field} refers to unknown table '{fk.resource}'",
                        "name an existing table",
                    )
                )
                continue
            for value, line in zip(table.values, table.lines, strict=True):
                targets = value.get(fk.field)
                for target in targets if isinstance(targets, list) else [targets]:
                    if target not in (None, "") and target not in ids[fk.resource]:
                        problems.append(
                            Problem(
                                table.path,
                                line,
                                f"{fk.field} '{target}' is not a {fk.resource}.{fk.target}",
                                f"use an id that exists in {fk.resource}.csv",
                                fk.field,
                            )
                        )
        if bib is None or "sources" not in sch.field_names:
            continue
        for value, line in zip(table.values, table.lines, strict=True):
            for source in value.get("sources") or []:
                if source not in bib:
                    problems.append(
                        Problem(
                            table.path,
                            line,
                            f"unknown source key '{source}'",
                            f"add it to {bib_path(folder).name} or fix the key",
                            "sources",
                        )
                    )


def _check_quizzes(project: Path, folder: Path, report: CheckReport) -> None:
    paths = find_quiz_files(project)
    if not paths:
        return
    from ..quiz import Quiz

    for path in paths:
        report.quizzes.append(str(path))
        try:
            Quiz.from_yaml(path, datasets=folder)
        except LessonkitError as exc:
            report.problems.extend(exc.problems)


def _check_launch(project: Path, problems: list[Problem]) -> None:
    """The launch buttons of the book's ``_config.yml`` (when the project is a book)."""
    path = project / "_config.yml"
    if not path.is_file():
        return
    from .._yaml import read_yaml

    try:
        config = read_yaml(path, LessonkitError, "book configuration")
    except LessonkitError as exc:
        problems.extend(exc.problems)
        return
    settings = LaunchSettings.from_book_config(config.data)
    for problem in launch_problems(settings, project):
        line = config.line(list(problem.key))
        problems.append(Problem(str(path), line, problem.message, problem.hint))


def _check_tables(folder: Path, report: CheckReport) -> tuple[dict[str, ParsedTable], set[str]]:
    """Read every table of the data package; files the package does not list are reported."""
    tables: dict[str, ParsedTable] = {}
    failed: set[str] = set()
    try:
        package = read_package(folder)
    except LessonkitError as exc:
        report.problems.extend(exc.problems)
        return tables, failed
    for name in package.names:
        try:
            table = ds.parsed(name, folder)
        except LessonkitError as exc:
            report.problems.extend(exc.problems)
            failed.add(name)
            continue
        tables[name] = table
        report.tables[name] = len(table.raw)
        report.problems.extend(table.problems)
    listed = {r.path.name for r in package.resources} | {r.schema.name for r in package.resources}
    report.problems.extend(
        Problem(
            str(package.path),
            package.resources_line,
            f"{path.name} is in the datasets folder but not listed in {PACKAGE_FILE}",
            f"add a resource for it under 'resources', or remove {path.name}",
        )
        for path in sorted([*folder.glob("*.csv"), *folder.glob("*.yaml")])
        if path.name not in listed
    )
    return tables, failed


def check_project(project: str | Path = ".") -> CheckReport:
    """Check the datasets, bibliography, quiz files and launch settings of ``project``."""
    project = Path(project)
    folder = datasets_folder(project)
    report = CheckReport()
    tables, failed = _check_tables(folder, report)
    _check_references(tables, failed, folder, report.problems)
    _check_quizzes(project, folder, report)
    _check_launch(project, report.problems)
    report.problems.sort(key=lambda p: (p.path, p.line or 0))
    return report
