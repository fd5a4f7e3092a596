"""Dataset loaders: every table as a typed pandas DataFrame, with its dictionary.

>>> import lessonkit
>>> lessonkit.list_datasets()[:2]
['claims', 'convictions']
>>> letters = lessonkit.load_letters()          # doctest: +SKIP

pandas is imported on first use, not when lessonkit is imported.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._inputs import note_input
from .._resources import datasets_dir
from ..errors import DatasetError, suggest
from .dictionary import TableSchema, read_dictionary
from .package import Resource, read_package
from .table import ParsedTable, read_table

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "datasets_dir",
    "describe",
    "list_datasets",
    "load",
    "parsed",
    "row",
    "rows",
    "schema",
]


def _folder(folder: str | Path | None) -> Path:
    return Path(folder) if folder is not None else datasets_dir()


def list_datasets(folder: str | Path | None = None) -> list[str]:
    """Names of every table of the data package (``datapackage.json``), sorted."""
    return read_package(_folder(folder)).names


def _resource(name: str, root: Path) -> Resource:
    package = read_package(root)
    found = package.resource(name)
    if found is None:
        raise DatasetError(
            f"there is no dataset called '{name}'",
            path=str(package.path),
            hint=suggest(name, package.names),
        )
    return found


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        raise DatasetError(
            "the file listed in datapackage.json is missing",
            path=str(path),
            hint="add it, or remove its resource from datapackage.json",
        ) from None


# Parsed dictionaries and tables are kept by file path and modification time, so that an
# edited file is read again.
@functools.lru_cache(maxsize=64)
def _schema(path: str, mtime: float, licenses: tuple[str, ...]) -> TableSchema:
    return read_dictionary(path, licenses=licenses)


def schema(name: str, folder: str | Path | None = None) -> TableSchema:
    """The data dictionary of table ``name``."""
    root = _folder(folder)
    resource = _resource(name, root)
    licenses = read_package(root).licenses
    note_input(resource.schema)
    return _schema(str(resource.schema), _mtime(resource.schema), licenses)


@functools.lru_cache(maxsize=64)
def _parsed(csv_path: str, mtime: float, dictionary: TableSchema) -> ParsedTable:
    return read_table(dictionary, csv_path)


def parsed(name: str, folder: str | Path | None = None) -> ParsedTable:
    """Table ``name`` read and checked (problems collected, not raised)."""
    root = _folder(folder)
    resource = _resource(name, root)
    note_input(resource.path)
    return _parsed(str(resource.path), _mtime(resource.path), schema(name, root))


def _valid(name: str, folder: str | Path | None) -> ParsedTable:
    table = parsed(name, folder)
    if table.problems:
        raise DatasetError.from_problems(table.problems)
    return table


def rows(name: str, folder: str | Path | None = None) -> list[dict[str, str]]:
    """The rows of table ``name`` as dicts of stripped strings (no pandas needed)."""
    return [dict(r) for r in _valid(name, folder).raw]


def row(name: str, row_id: str, folder: str | Path | None = None) -> dict[str, str] | None:
    """The row of table ``name`` whose primary key is ``row_id``, or None."""
    found = _valid(name, folder).by_key.get(row_id)
    return None if found is None else dict(found)


def _column(field_type: str, values: list[Any], enum: tuple[str, ...] | None) -> Any:
    import numpy as np
    import pandas as pd

    if field_type == "date":
        arr = np.array(
            [v.isoformat() if v is not None else "NaT" for v in values], dtype="datetime64[s]"
        )
        return pd.Series(arr)
    if field_type == "integer":
        return pd.Series(pd.array(values, dtype="Int64"))
    if field_type == "number":
        return pd.Series(pd.array(values, dtype="Float64"))
    if field_type == "boolean":
        return pd.Series(pd.array(values, dtype="boolean"))
    if field_type == "list":
        return pd.Series(values, dtype=object)
    if enum is not None:
        return pd.Series(pd.Categorical(values, categories=list(enum), ordered=True))
    return pd.Series(values)


def load(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """Load table ``name`` as a DataFrame typed from its data dictionary.

    Dates become ``datetime64[s]``, closed lists of values ordered categoricals, whole
    numbers nullable ``Int64``, decimals ``Float64``, ``;``-separated source keys lists.
    ``df.attrs`` holds the title, description, licences and sources of the table.
    """
    import pandas as pd

    table = _valid(name, folder)
    sch = table.schema
    frame: pd.DataFrame = pd.DataFrame(
        {f.name: _column(f.type, [v[f.name] for v in table.values], f.enum) for f in sch.fields}
    )
    frame.attrs.update(
        title=sch.title,
        description=sch.description,
        licenses=list(sch.licenses),
        sources=list(sch.sources),
        name=name,
    )
    return frame


def describe(name: str, folder: str | Path | None = None) -> pd.DataFrame:
    """The data dictionary of table ``name`` as a DataFrame, one row per column."""
    import pandas as pd

    sch = schema(name, folder)
    table: pd.DataFrame = pd.DataFrame(
        [
            {
                "column": f.name,
                "type": f.type,
                "required": f.required,
                "description": f.description,
                "allowed": f.allowed_text(),
            }
            for f in sch.fields
        ]
    )
    return table
