"""The JupyterHub launch link of a lesson, made by the book's own build code.

The book's `_config.yml` gets the two settings a teacher adds (the fork's address in
`repository: url:` and the hub's in `launch_buttons: jupyterhub_url:`) and goes through
jupyter-book's configuration and lessonkit's launch-button rules (as in a build, which
turns off buttons that cannot work); sphinx-book-theme's launch-button hook then builds
the page's buttons, and the JupyterHub one is returned: the link a student clicks.
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


def book_options(root: Path, hub_url: str, repository: str) -> dict[str, Any]:
    """The theme options of a build of the book whose `_config.yml` names ``repository``
    and the hub ``hub_url``, after lessonkit's launch-button rules."""
    from jupyter_book.config import get_final_config

    from lessonkit.book.launch import LaunchSettings, launch_problems, safe_theme_options

    user = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    user.setdefault("repository", {})["url"] = repository
    user.setdefault("launch_buttons", {})["jupyterhub_url"] = hub_url
    config, _ = get_final_config(
        user_yaml=user, sourcedir=root, cli_config={"latex_individualpages": False}
    )
    options = config["html_theme_options"]
    problems = launch_problems(LaunchSettings.from_theme_options(options), root)
    assert not problems, [p.message for p in problems]
    return safe_theme_options(options, problems)


def launch_link(root: Path, hub_url: str, page: str, repository: str) -> str:
    """The JupyterHub launch link of ``page`` (e.g. ``lessons/01-...``, no suffix) in
    the book of the fork ``repository``."""
    from sphinx_book_theme.header_buttons import update_context_with_repository_info
    from sphinx_book_theme.header_buttons.launch import add_launch_buttons

    config = _Config(html_theme_options=book_options(root, hub_url, repository), html_context={})
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
