"""The theme's templates compiled once per book, not once per build.

Sphinx compiles every Jinja template of the theme in each build process: about 0.1 s,
a twentieth of rebuilding one page. Jinja can keep the compiled code in a folder, each
entry checked against its template's source (a changed template is compiled again). The
book keeps it in the doctree folder, beside Sphinx's saved environment, in a subfolder
named after the versions of Python, Jinja and Sphinx and the settings of Sphinx's
template environment, which decide the compiled code; a clean build deletes it with the
rest of ``_build``. ``lessonkit_template_cache: false`` in the Sphinx configuration (in
``_config.yml``: ``sphinx: config:``) turns it off.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

__all__ = ["keep_compiled_templates", "setup_templates"]

#: The folder inside the doctree folder.
FOLDER = "lessonkit-templates"


def _compiled_code_key(environment: Any) -> str:
    """What decides the code Jinja compiles a template to, besides its source."""
    import jinja2
    import sphinx

    parts = [
        f"python {sys.version_info[0]}.{sys.version_info[1]}",
        f"jinja {jinja2.__version__}",
        f"sphinx {sphinx.__version__}",
        f"environment {type(environment).__module__}.{type(environment).__qualname__}",
        f"extensions {sorted(environment.extensions)}",
        f"autoescape {getattr(environment.autoescape, '__qualname__', environment.autoescape)!r}",
        f"optimized {environment.optimized}",
        f"syntax {environment.block_start_string}{environment.variable_start_string}"
        f"{environment.comment_start_string}{environment.line_statement_prefix}"
        f"{environment.trim_blocks}{environment.lstrip_blocks}",
    ]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:16]


def keep_compiled_templates(app: Any) -> None:
    """Give the HTML builder's template environment a bytecode cache (``builder-inited``)."""
    if not app.config.lessonkit_template_cache:
        return
    environment = getattr(getattr(app.builder, "templates", None), "environment", None)
    if environment is None or getattr(environment, "bytecode_cache", True) is not None:
        return  # not Sphinx's Jinja loader, or one that has a cache already
    from jinja2 import FileSystemBytecodeCache

    folder = Path(app.doctreedir) / FOLDER / _compiled_code_key(environment)
    folder.mkdir(parents=True, exist_ok=True)
    environment.bytecode_cache = FileSystemBytecodeCache(str(folder), "%s.jinja")


def setup_templates(app: Any) -> None:
    """Register the setting and the hook."""
    app.add_config_value("lessonkit_template_cache", True, "", types=[bool])
    app.connect("builder-inited", keep_compiled_templates)
