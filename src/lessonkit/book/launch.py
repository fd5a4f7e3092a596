"""Launch buttons that work or are absent.

Jupyter Book 1 draws a lesson's Binder, JupyterHub and Colab buttons from two sections of
``_config.yml``: ``launch_buttons`` (which services) and ``repository`` (which repository
they open). A service without a repository gives broken links, or stops the build, so:

- the book ships with ``repository: url: ""``: no launch button at all;
- a teacher's fork sets that one key, and the services of ``launch_buttons`` (Binder, and a
  JupyterHub when its address is given) appear on every lesson;
- :func:`launch_problems` finds settings that point nowhere. ``lessonkit check`` reports
  them at their line of ``_config.yml``; in a build, the Sphinx extension warns and turns
  off what cannot work instead of letting the theme stop (it does for a repository address
  whose service it cannot tell) or link nowhere.

A repository on a server whose address names none of GitHub, GitLab or Bitbucket needs
the one setting ``lessonkit_repository_provider`` (under ``sphinx: config:``): the
service the server works like, which the theme needs to build its links.

The rules read plain settings; only the Sphinx hook (``_apply``) imports Sphinx.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

__all__ = [
    "LaunchProblem",
    "LaunchSettings",
    "launch_problems",
    "safe_theme_options",
    "setup_launch",
]

#: Services whose address makes the theme draw a launch button.
SERVICES = ("binderhub_url", "jupyterhub_url", "colab_url", "deepnote_url")
#: Header buttons that link into the repository.
REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button", "use_edit_page_button")
#: The services the theme recognises in a repository address (as it does: by name).
FORGES = ("github", "gitlab", "bitbucket")
#: The book's setting (under ``sphinx: config:``) naming the service of its repository.
PROVIDER = "lessonkit_repository_provider"
#: Jupyter Book's own repository, which it uses when ``repository: url:`` is absent.
JUPYTER_BOOK_DEFAULT = "https://github.com/executablebooks/jupyter-book"

_FORK = "your fork's address, e.g. https://github.com/YOUR-ACCOUNT/lessonkit"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _section(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when it is a mapping, else an empty one."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


@dataclass(frozen=True)
class LaunchSettings:
    """The settings that decide the launch and repository buttons."""

    repository_url: str = ""
    provider: str = ""
    launch: Mapping[str, Any] = field(default_factory=dict)
    buttons: Mapping[str, Any] = field(default_factory=dict)
    #: True when ``repository: url:`` is absent (Jupyter Book then uses its own).
    url_missing: bool = False

    @classmethod
    def from_book_config(cls, data: Any) -> LaunchSettings:
        """From the data of a ``_config.yml``."""
        repository = _section(data, "repository")
        config = _section(_section(data, "sphinx"), "config")
        theme = _section(config, "html_theme_options")
        html = _section(data, "html")
        return cls(
            repository_url=_text(repository.get("url")),
            provider=_text(config.get(PROVIDER)) or _text(theme.get("repository_provider")),
            launch=_section(data, "launch_buttons"),
            buttons={k: html[k] for k in REPOSITORY_BUTTONS if k in html},
            url_missing="url" not in repository,
        )

    @classmethod
    def from_theme_options(cls, options: Mapping[str, Any], provider: str = "") -> LaunchSettings:
        """From Sphinx's ``html_theme_options`` (as Jupyter Book writes them) and the
        book's ``lessonkit_repository_provider``."""
        url = _text(options.get("repository_url"))
        launch = options.get("launch_buttons")
        return cls(
            repository_url="" if url == JUPYTER_BOOK_DEFAULT else url,
            provider=_text(provider) or _text(options.get("repository_provider")),
            launch=launch if isinstance(launch, dict) else {},
            buttons={k: options[k] for k in REPOSITORY_BUTTONS if k in options},
            url_missing=url == JUPYTER_BOOK_DEFAULT,
        )

    def service(self, key: str) -> str:
        """The address of a launch service ("" when off)."""
        return _text(self.launch.get(key))

    @property
    def wanted(self) -> list[str]:
        """The launch services and repository buttons that are switched on."""
        on = [key for key in SERVICES if self.service(key)]
        on += ["thebe"] * (self.launch.get("thebe") is True)
        return on + [key for key in REPOSITORY_BUTTONS if self.buttons.get(key) is True]


@dataclass(frozen=True)
class LaunchProblem:
    """One setting that points nowhere: its keys in ``_config.yml``, what and the fix."""

    key: tuple[str, ...]
    message: str
    hint: str


def _repository_problem(settings: LaunchSettings) -> LaunchProblem | None:
    """Why the repository address cannot be used by the buttons (None: it can)."""
    key = ("repository", "url")
    url = settings.repository_url
    if not url:
        if settings.url_missing:
            return LaunchProblem(
                key,
                "'repository: url:' is missing, so Jupyter Book would link the buttons to "
                "its own repository",
                f'set url: to {_FORK}, or to "" for no launch buttons',
            )
        return LaunchProblem(
            key,
            "'repository: url:' is empty, but the buttons need the book's repository",
            f"set url: to {_FORK}",
        )
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme not in ("http", "https") or not parts.netloc or len(segments) < 2:
        return LaunchProblem(
            key, f"'{url}' is not the web address of a repository", f"set url: to {_FORK}"
        )
    if segments[-1].endswith(".git"):
        return LaunchProblem(
            key,
            f"'{url}' is a clone address; the buttons need the repository's web page",
            f"remove the final '.git': {url.removesuffix('.git')}",
        )
    if settings.provider and settings.provider not in FORGES:
        return LaunchProblem(
            ("sphinx", "config", PROVIDER),
            f"the theme knows no repository service '{settings.provider}'",
            "use github, gitlab or bitbucket (the one your server works like)",
        )
    host = url.strip("/").rsplit("/", 2)[0].lower()
    if not settings.provider and not any(forge in host for forge in FORGES):
        return LaunchProblem(
            key,
            f"Jupyter Book cannot tell which service hosts '{url}' and would stop the build",
            f"add '{PROVIDER}: gitlab' (or github, bitbucket: the service your server "
            "works like) under sphinx: config:",
        )
    return None


def launch_problems(settings: LaunchSettings, book: Path | None = None) -> list[LaunchProblem]:
    """Every launch or repository setting of a book that points nowhere.

    ``book`` is the book's folder: Colab and Deepnote open ``.ipynb`` files only, so a
    lesson in MyST Markdown needs its notebook published beside it for them.
    """
    problems = []
    wanted = settings.wanted
    if not settings.repository_url and not settings.url_missing:
        # The shipped book: Binder is ready, and appears once the fork's address is set.
        wanted = [key for key in wanted if key != "binderhub_url"]
    repository = _repository_problem(settings) if wanted else None
    if repository is not None:
        needs = ", ".join(wanted)
        problems.append(
            LaunchProblem(
                repository.key, f"{repository.message} (needed by: {needs})", repository.hint
            )
        )
    for key in ("binderhub_url", "jupyterhub_url"):
        address = settings.service(key)
        parts = urlsplit(address)
        if address and (parts.scheme not in ("http", "https") or not parts.netloc):
            problems.append(
                LaunchProblem(
                    ("launch_buttons", key),
                    f"'{address}' is not a web address",
                    "write the service's address, e.g. https://hub.example-school.org, "
                    'or "" to turn the button off',
                )
            )
    for key, name in (("colab_url", "Colab"), ("deepnote_url", "Deepnote")):
        if settings.service(key):
            problem = _notebook_service_problem(settings, book, name)
            if problem:
                hint = f'set {key}: "" (no button)'
                problems.append(LaunchProblem(("launch_buttons", key), problem, hint))
    return problems


def _notebook_service_problem(settings: LaunchSettings, book: Path | None, name: str) -> str:
    """Why Colab or Deepnote cannot open this book's lessons ("": they can)."""
    if settings.repository_url and "github" not in settings.repository_url.lower():
        return f"{name} opens notebooks from GitHub only"
    if book is None:
        return ""
    from .execute import book_notebooks

    try:
        lessons = book_notebooks(book)
    except Exception:  # no or a broken _toc.yml: Jupyter Book reports that itself
        return ""
    unpublished = [p for p in lessons if not p.with_suffix(".ipynb").is_file()]
    if not unpublished:
        return ""
    return (
        f"{name} opens .ipynb notebooks only, and {len(unpublished)} lesson(s) are MyST "
        f"Markdown without one (e.g. {unpublished[0].name})"
    )


def safe_theme_options(
    options: Mapping[str, Any], problems: list[LaunchProblem], provider: str = ""
) -> dict[str, Any]:
    """``html_theme_options`` with every button that cannot work turned off (and the
    repository's service, when the book names it)."""
    safe = dict(options)
    launch = dict(safe.get("launch_buttons") or {})
    keys = {problem.key for problem in problems}
    settings = LaunchSettings.from_theme_options(options, provider)
    if _repository_problem(settings) is not None:
        # no usable repository: no launch service, no repository button, no address
        safe.pop("repository_url", None)
        launch.update(dict.fromkeys(SERVICES, ""), thebe=False)
        safe.update({key: False for key in REPOSITORY_BUTTONS if key in safe})
    elif settings.provider:
        safe["repository_provider"] = settings.provider
    for key in SERVICES:
        if ("launch_buttons", key) in keys:
            launch[key] = ""
    if "launch_buttons" in safe:  # other themes know no such option: add none
        safe["launch_buttons"] = launch
    return safe


def _apply(app: Any, config: Any) -> None:
    """``config-inited``: warn about settings that point nowhere and turn those off."""
    from .warnings import warn

    options = config.html_theme_options or {}
    provider = getattr(config, PROVIDER, "")
    settings = LaunchSettings.from_theme_options(options, provider)
    problems = launch_problems(settings, Path(app.srcdir))
    for problem in problems:
        where = ".".join(problem.key)
        warn(f"_config.yml: {where}: {problem.message}. Fix: {problem.hint}.", None, "launch")
    config.html_theme_options = safe_theme_options(options, problems, provider)


def setup_launch(app: Any) -> None:
    """Register ``lessonkit_repository_provider`` and the launch-button rules."""
    app.add_config_value(PROVIDER, "", "html", types=[str])
    app.connect("config-inited", _apply)
