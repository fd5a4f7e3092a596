"""JSON Schemas compiled to Python by fastjsonschema, with the compiled code cached on disk.

Compiling the quiz schema takes about 50 ms, and every kernel that shows a quiz would
pay it again. Like Python's own ``__pycache__``, the compiled code object is kept in
the user cache folder (``platformdirs``), under a name made from a hash of the schema,
the fastjsonschema version and the Python version; a missing, stale or damaged file is
simply compiled again, and a cache folder that cannot be written is not an error.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["cache_folder", "compiled_validator"]


def cache_folder() -> Path:
    """Where compiled schemas are kept (``$LESSONKIT_CACHE`` or the user cache folder)."""
    import os

    if os.environ.get("LESSONKIT_CACHE"):
        return Path(os.environ["LESSONKIT_CACHE"])
    from platformdirs import user_cache_path

    return user_cache_path("lessonkit", appauthor=False)


def _cache_file(schema: dict[str, Any], name: str) -> Path:
    import hashlib
    import json
    import sys

    import fastjsonschema

    identity = json.dumps([schema, fastjsonschema.VERSION, sys.version], sort_keys=True)
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:16]
    return cache_folder() / f"{name}-{digest}.marshal"


def _load(path: Path) -> Any | None:
    """The code object stored at ``path``, or None if there is none or it is damaged."""
    import marshal
    import types

    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return code if isinstance(code, types.CodeType) else None


def _save(path: Path, code: Any) -> None:
    import marshal
    import os
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return  # a read-only home: compile again next time
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(marshal.dumps(code))
        temporary.replace(path)  # readers see the old file or the whole new one
    except OSError:
        temporary.unlink(missing_ok=True)


def compiled_validator(schema: dict[str, Any], name: str) -> Callable[[Any], Any]:
    """A function that returns its argument when valid and raises
    ``fastjsonschema.JsonSchemaException`` otherwise.

    Only local references (``#/$defs/...``) are supported: the schema's ``$id`` is left
    out, so that the compiled entry function is always called ``validate``.
    """
    schema = {key: value for key, value in schema.items() if key != "$id"}
    path = _cache_file(schema, name)
    code = _load(path)
    if code is None:
        import fastjsonschema

        code = compile(fastjsonschema.compile_to_code(schema), f"<{name} schema>", "exec")
        _save(path, code)
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the code fastjsonschema.compile itself would run
    return namespace["validate"]  # type: ignore[no-any-return]
