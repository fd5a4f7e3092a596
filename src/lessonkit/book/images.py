"""The image files of a page's quizzes, copied into the built site.

A quiz's images are files next to the quiz file. When a page with the quiz is read, each
is copied to ``_images/lessonkit/`` in the output folder under a name made from its
content (so two pages share one copy, and an edited image gets a new name), and the page
refers to it with a relative address (which works from ``file://`` too).
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["SITE_FOLDER", "site_image_url"]

SITE_FOLDER = "_images/lessonkit"


def _copy(file: Path, outdir: Path) -> str:
    """Copy ``file`` into the site once; return its path inside the site."""
    digest = hashlib.sha256(file.read_bytes()).hexdigest()[:20]
    name = f"{SITE_FOLDER}/{digest}{file.suffix.lower()}"
    target = outdir / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        # parallel readers may copy the same file: write aside, then rename into place
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as handle:
            handle.write(file.read_bytes())
        Path(handle.name).replace(target)
    return name


def site_image_url(env: Any) -> Callable[[Path], str] | None:
    """The image addresses for the page Sphinx is reading (``None`` outside a build)."""
    app = getattr(env, "app", None)
    builder = getattr(app, "builder", None)
    if app is None or builder is None or not getattr(env, "docname", None):
        return None
    from sphinx.util.osutil import relative_uri

    page = builder.get_target_uri(env.docname)
    outdir = Path(app.outdir)

    def url(file: Path) -> str:
        return relative_uri(page, _copy(file, outdir))

    return url
