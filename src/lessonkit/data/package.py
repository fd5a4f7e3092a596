"""The data package: ``datapackage.json`` lists every table of a datasets folder.

It is a Frictionless Data Package: each resource names a CSV file and its data
dictionary (a Table Schema in YAML), and the package gives the licence of them all.
``frictionless validate datasets/datapackage.json`` checks the same folder
independently.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from .._inputs import note_input
from .._validation import Schema, validate
from .._yaml import read_yaml
from ..errors import DatasetError

__all__ = ["PACKAGE_FILE", "DataPackage", "Resource", "read_package"]

PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class Resource:
    """One table of the package: its name, CSV file and data dictionary."""

    name: str
    path: Path
    schema: Path
    line: int


@dataclass(frozen=True)
class DataPackage:
    """A datasets folder as ``datapackage.json`` describes it."""

    path: Path
    name: str
    title: str
    licenses: tuple[str, ...]
    resources: tuple[Resource, ...]
    resources_line: int = 1

    @property
    def names(self) -> list[str]:
        """The tables' names, sorted."""
        return sorted(r.name for r in self.resources)

    def resource(self, name: str) -> Resource | None:
        """The resource called ``name``, or None."""
        return next((r for r in self.resources if r.name == name), None)


@functools.lru_cache(maxsize=16)
def _read(path: str, mtime: float) -> DataPackage:
    doc = read_yaml(path, DatasetError, "data package")  # JSON is read as YAML, with lines
    data = doc.data
    if not isinstance(data, dict):
        raise DatasetError(
            "the data package is empty or not a JSON object",
            path=path,
            line=1,
            hint='start with {"name": ..., "licenses": [...], "resources": [...]}',
        )
    schema = Schema.shipped("data", "datapackage.schema.json")
    problems = doc.problems + validate(data, schema, path=path, lines=doc.line)
    if problems:
        raise DatasetError.from_problems(problems)
    folder = Path(path).parent
    return DataPackage(
        path=Path(path),
        name=data["name"],
        title=str(data.get("title", "")),
        licenses=tuple(str(lic["name"]) for lic in data["licenses"]),
        resources=tuple(
            Resource(
                r["name"], folder / r["path"], folder / r["schema"], doc.line(("resources", i))
            )
            for i, r in enumerate(data["resources"])
        ),
        resources_line=doc.line(("resources",)),
    )


def read_package(folder: str | Path) -> DataPackage:
    """The package of the datasets ``folder`` (read again when the file changes)."""
    path = Path(folder) / PACKAGE_FILE
    note_input(path)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise DatasetError(
            f"there is no {PACKAGE_FILE} in this datasets folder",
            path=str(path),
            hint="add one that lists every table (see docs/data-dictionary.md)",
        ) from None
    return _read(str(path), mtime)
