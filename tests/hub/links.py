"""The JupyterHub launch link of a lesson, made by the book's own theme code.

The book's `_config.yml` (launch buttons, repository) goes through jupyter-book's
configuration, with the hub's address as a teacher would put it in `jupyterhub_url`;
sphinx-book-theme's launch-button hook then builds the page's buttons, and the
JupyterHub one is returned: the very link a student clicks on the lesson page.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import yaml


class _Config(dict[str, Any]):
    """Sphinx's config object reads both as a mapping and by attribute."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def book_options(root: Path, hub_url: str) -> dict[str, Any]:
    """The theme options the book is built with, with ``jupyterhub_url`` set to ``hub_url``."""
    from jupyter_book.config import get_final_config

    user = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    user.setdefault("launch_buttons", {})["jupyterhub_url"] = hub_url
    config, _ = get_final_config(
        user_yaml=user, sourcedir=root, cli_config={"latex_individualpages": False}
    )
    return dict(config["html_theme_options"])


def launch_link(root: Path, hub_url: str, page: str) -> str:
    """The JupyterHub launch link of ``page`` (e.g. ``lessons/01-...``, no suffix)."""
    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    config = _Config(html_theme_options=book_options(root, hub_url), html_context={})
    app = SimpleNamespace(
        config=config,
        builder=None,
        outdir=str(root / "_build" / "html"),
        env=SimpleNamespace(
            doc2path=lambda name: str(root / f"{name}.md"),
            metadata={page: {"kernelspec": {"name": "python3"}}},  # a notebook page
        ),
    )
    update_context_with_repository_info(app)
    context = {
        **config.html_context,
        "header_buttons": [],
        "sourcename": f"{page}.ipynb",
        "pagename": page,
    }
    add_launch_buttons(app, page, "page.html", context, None)  # type: ignore[arg-type]
    buttons = [b for group in context["header_buttons"] for b in group["buttons"]]
    (hub,) = [b["url"] for b in buttons if b.get("text") == "JupyterHub"]
    return str(hub)
