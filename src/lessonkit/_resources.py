"""The only module that knows where lessonkit's packaged files live.

In a wheel, the datasets ship inside the package (``lessonkit/datasets``). In a source
checkout (editable install) they are the repository's top-level ``datasets/`` folder.
The context's ``datasets`` (``LESSONKIT_DATASETS``) points lessonkit at another folder.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from ._context import Context, current

__all__ = ["datasets_dir", "package_file", "static_dir"]

_PACKAGE = "lessonkit"


def package_file(*parts: str) -> Path:
    """Return the path of a file shipped inside the package."""
    root = resources.files(_PACKAGE)
    return Path(str(root.joinpath(*parts)))


def static_dir() -> Path:
    """Folder holding quiz.js, quiz.css and the other front-end assets."""
    return package_file("render", "static")


def datasets_dir(context: Context | None = None) -> Path:
    """Folder holding the CSV tables, their dictionaries and references.bib."""
    chosen = (context or current()).datasets
    if chosen is not None:
        return chosen
    shipped = package_file("datasets")
    if shipped.is_dir():
        return shipped
    checkout = package_file().parent.parent / "datasets"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        "lessonkit cannot find its datasets folder; reinstall the package "
        "or set LESSONKIT_DATASETS to a folder of tables"
    )
