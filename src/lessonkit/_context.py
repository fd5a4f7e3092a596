"""The settings lessonkit runs with, read from the environment in one place.

Every other module asks :func:`current` (or takes a :class:`Context` argument) instead of
reading ``os.environ``; no lessonkit code writes the environment. A process that starts
kernels (the book's pre-executor) passes :meth:`Context.kernel_environment` to them.

=======================  ==============================================================
variable                 meaning
=======================  ==============================================================
``LESSONKIT_HOME``       folder of the progress store (default: the user data folder)
``LESSONKIT_DATASETS``   folder of the tables (default: lessonkit's own datasets)
``LESSONKIT_CACHE``      cache folder (default: the user cache folder)
``LESSONKIT_TEACHER``    ``1``: show answer keys in live quizzes (the teacher's edition)
``LESSONKIT_MODE``       ``exam``: book quizzes hold no key, answers are only saved
``LESSONKIT_RENDER``     ``data`` inside book builds: quizzes become data, not widgets
``LESSONKIT_LANGUAGE``   interface language of quizzes (``en``, ``ru``)
``LESSONKIT_INPUTS``     inside book builds: the file where a kernel notes the data files
                         its notebook reads (see :mod:`lessonkit._inputs`)
``LESSONKIT_EXCHANGE``   the course's hand-in folder on a hub (set by its administrator)
``JUPYTERHUB_USER``      the hub user this server runs for (set by JupyterHub)
=======================  ==============================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

__all__ = [
    "LANGUAGES",
    "Context",
    "child_environment",
    "current",
    "language_code",
    "override",
    "reset",
]

#: Interface languages lessonkit ships catalogues for.
LANGUAGES = ("en", "ru")
_RENDER_MODES = ("live", "data")
_QUIZ_MODES = ("practice", "exam")


def language_code(language: str) -> str:
    """The language part of a locale name: ``"ru_RU"`` and ``"ru-RU"`` give ``"ru"``."""
    return language.split("_")[0].split("-")[0].strip().lower()


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None


@dataclass(frozen=True)
class Context:
    """Where lessonkit keeps things and how it shows quizzes (immutable)."""

    home: Path | None = None
    datasets: Path | None = None
    cache: Path | None = None
    teacher: bool = False
    mode: str = "practice"
    render: str = "live"
    language: str = "en"
    inputs_log: Path | None = None
    exchange: Path | None = None
    hub_user: str | None = None

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Context:
        """The context that the variables in ``environ`` describe (unknown values: defaults)."""
        render = environ.get("LESSONKIT_RENDER", "live")
        mode = environ.get("LESSONKIT_MODE", "practice")
        language = language_code(environ.get("LESSONKIT_LANGUAGE", "en") or "en")
        return cls(
            home=_path(environ.get("LESSONKIT_HOME")),
            datasets=_path(environ.get("LESSONKIT_DATASETS")),
            cache=_path(environ.get("LESSONKIT_CACHE")),
            teacher=environ.get("LESSONKIT_TEACHER", "") == "1",
            mode=mode if mode in _QUIZ_MODES else "practice",
            render=render if render in _RENDER_MODES else "live",
            language=language if language in LANGUAGES else "en",
            inputs_log=_path(environ.get("LESSONKIT_INPUTS")),
            exchange=_path(environ.get("LESSONKIT_EXCHANGE")),
            hub_user=environ.get("JUPYTERHUB_USER") or None,
        )

    def kernel_environment(self) -> dict[str, str]:
        """Variables that give a kernel started with them this same context."""
        values = {
            "LESSONKIT_HOME": str(self.home or ""),
            "LESSONKIT_DATASETS": str(self.datasets or ""),
            "LESSONKIT_CACHE": str(self.cache or ""),
            "LESSONKIT_TEACHER": "1" if self.teacher else "",
            "LESSONKIT_MODE": "" if self.mode == "practice" else self.mode,
            "LESSONKIT_RENDER": self.render,
            "LESSONKIT_LANGUAGE": self.language,
            "LESSONKIT_INPUTS": str(self.inputs_log or ""),
            "LESSONKIT_EXCHANGE": str(self.exchange or ""),
        }
        return {name: value for name, value in values.items() if value}

    def with_changes(self, **changes: object) -> Context:
        """A copy with some settings changed (checked like the environment's values)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise TypeError(f"unknown lessonkit setting(s): {', '.join(unknown)}")
        return replace(self, **changes)  # type: ignore[arg-type]


_VARIABLES = (
    "LESSONKIT_HOME",
    "LESSONKIT_DATASETS",
    "LESSONKIT_CACHE",
    "LESSONKIT_TEACHER",
    "LESSONKIT_MODE",
    "LESSONKIT_RENDER",
    "LESSONKIT_LANGUAGE",
    "LESSONKIT_INPUTS",
    "LESSONKIT_EXCHANGE",
)
_overrides: dict[str, object] = {}


def child_environment(context: Context) -> dict[str, str]:
    """The environment for a process started in ``context`` (a kernel): this process's
    variables, with lessonkit's replaced by those of ``context``."""
    inherited = {k: v for k, v in os.environ.items() if k not in _VARIABLES}
    return {**inherited, **context.kernel_environment()}


def current() -> Context:
    """The context now: the environment, with this session's :func:`override` on top."""
    context = Context.from_environment(os.environ)
    return context.with_changes(**_overrides) if _overrides else context


def override(**changes: object) -> None:
    """Change settings for the rest of this Python session (e.g. the interface language)."""
    current().with_changes(**changes)  # reject unknown names before keeping anything
    _overrides.update(changes)


def reset() -> None:
    """Forget every :func:`override` (the environment alone decides again)."""
    _overrides.clear()
