"""A real Jupyter server (JupyterLab 4 or Notebook 7) for end-to-end tests.

The server runs on 127.0.0.1 with a port the OS picks, no token and no browser. Every
folder Jupyter, IPython and lessonkit would write to is a temporary one, so nothing of
the user's is read or touched, and the settings that make JupyterLab fetch news or
update information from the internet are off. It is stopped with SIGTERM (Jupyter's
clean shutdown, which also shuts the kernels down); whatever does not stop is killed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from processtree import stop_server

ROOT = Path(__file__).resolve().parents[3]
DATASETS = ROOT / "tests" / "quizzes" / "datasets"
NOTEBOOK = "quiz.ipynb"

#: JupyterLab user settings (JSON5 files in $JUPYTERLAB_SETTINGS_DIR).
SETTINGS = {
    # JupyterLab 4.6 asks which kernel to start unless this is on.
    "@jupyterlab/notebook-extension/tracker": {"autoStartDefaultKernel": True},
    # Never ask about, fetch or check the Jupyter news feed and update information.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}

#: Server options that keep the server (not only the page) off the network.
OFFLINE = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",  # the "pypi" manager queries pypi.org
]

#: Environment variables that would point Jupyter, IPython or lessonkit at the user's files.
_ISOLATED = (
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_PATH",
    "JUPYTER_PREFER_ENV_PATH",
    "JUPYTER_PORT",
    "JUPYTER_TOKEN",
    "LESSONKIT_RENDER",
    "LESSONKIT_LANGUAGE",
    "PYTHONSTARTUP",
)


@dataclass
class JupyterApp:
    """A running server: its URL, folders and process."""

    kind: str  # "lab" or "notebook"
    url: str  # http://127.0.0.1:<port>
    root: Path  # --ServerApp.root_dir
    home: Path  # $LESSONKIT_HOME
    log: Path
    process: subprocess.Popen[bytes]

    @property
    def store(self) -> Path:
        return self.home / "progress.sqlite"

    def moved_aside(self) -> list[str]:
        """Store files lessonkit moved aside as foreign or corrupt (there must be none)."""
        return sorted(p.name for p in self.home.glob(f"{self.store.name}.*-*"))

    @property
    def notebook_url(self) -> str:
        prefix = "/lab/tree" if self.kind == "lab" else "/notebooks"
        return f"{self.url}{prefix}/{NOTEBOOK}"

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])

    def api(self, path: str) -> Any:
        with urllib.request.urlopen(f"{self.url}{path}", timeout=5) as response:
            return json.load(response)

    def kernel_state(self, notebook: str = NOTEBOOK) -> str | None:
        """The execution state of the kernel of ``notebook``'s session, or None."""
        for session in self.api("/api/sessions"):
            if session.get("path") == notebook and session.get("kernel"):
                return str(session["kernel"].get("execution_state"))
        return None


def write_settings(folder: Path) -> None:
    for name, values in SETTINGS.items():
        path = folder / f"{name}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


def write_quiz_notebook(root: Path, quiz_yaml: Path) -> Path:
    """``quiz.ipynb`` in ``root`` with one cell that displays the quiz of ``quiz_yaml``."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    notebook.metadata["language_info"] = {"name": "python"}
    notebook.cells.append(
        nbformat.v4.new_code_cell(
            f"from lessonkit.quiz import Quiz; Quiz.from_yaml({json.dumps(str(quiz_yaml))})"
        )
    )
    path = root / NOTEBOOK
    nbformat.write(notebook, path)
    return path


def start(
    kind: str, base: Path, *, timeout: float = 45, environment: dict[str, str] | None = None
) -> JupyterApp:
    """Start ``jupyter lab`` (kind "lab") or ``jupyter notebook`` (kind "notebook") in ``base``,
    with ``environment``'s variables added to the server's (and so its kernels')."""
    module = {"lab": "jupyterlab", "notebook": "notebook"}[kind]
    folders = {
        name: base / name
        for name in (
            "root",
            "home",
            "config",
            "data",
            "runtime",
            "ipython",
            "lab-settings",
            "lab-workspaces",
        )
    }
    for folder in folders.values():
        folder.mkdir(parents=True, exist_ok=True)
    write_settings(folders["lab-settings"])
    env = {k: v for k, v in os.environ.items() if k not in _ISOLATED}
    env.update(
        {
            "JUPYTER_CONFIG_DIR": str(folders["config"]),
            "JUPYTER_DATA_DIR": str(folders["data"]),
            "JUPYTER_RUNTIME_DIR": str(folders["runtime"]),
            "JUPYTERLAB_SETTINGS_DIR": str(folders["lab-settings"]),
            "JUPYTERLAB_WORKSPACES_DIR": str(folders["lab-workspaces"]),
            "IPYTHONDIR": str(folders["ipython"]),
            "LESSONKIT_HOME": str(folders["home"]),
            "LESSONKIT_DATASETS": str(DATASETS),
            "PYTHONUNBUFFERED": "1",
            **(environment or {}),
        }
    )
    command = [
        sys.executable,
        "-m",
        module,
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port=0",
        "--ServerApp.port_retries=0",
        "--IdentityProvider.token=",
        f"--ServerApp.root_dir={folders['root']}",
        *OFFLINE,
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = base / f"jupyter-{kind}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=folders["root"],
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    app = JupyterApp(kind, "", folders["root"], folders["home"], log, process)
    # port 0: the server picks a free port and writes it to jpserver-<pid>.json
    info = folders["runtime"] / f"jpserver-{process.pid}.json"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(
                f"jupyter {kind} exited with {process.returncode}:\n{app.log_tail()}"
            )
        if time.monotonic() > deadline:
            stop(app)
            raise RuntimeError(f"jupyter {kind} did not start in {timeout:g} s:\n{app.log_tail()}")
        try:
            app.url = f"http://127.0.0.1:{json.loads(info.read_text(encoding='utf-8'))['port']}"
            app.api("/api/status")
            return app
        except (OSError, ValueError, KeyError):
            time.sleep(0.1)


def stop(app: JupyterApp, *, timeout: float = 20) -> list[str]:
    """Stop the server with SIGTERM (it shuts its kernels down first); return what went wrong.

    The server's child processes (the kernels) are noted first; any still running once
    the server has gone are killed, by their ids, and reported.
    """
    return stop_server(app.process, f"jupyter {app.kind}", timeout=timeout, grace=5)


def wait_until(
    condition: Callable[[], Any],
    *,
    timeout: float,
    interval: float = 0.2,
    message: Callable[[], str] | str = "condition not met",
    pause: Callable[[float], Any] = time.sleep,
) -> Any:
    """Poll ``condition`` until it returns something truthy; return that.

    With a Playwright page open, pass ``pause=`` a function that waits through the page
    (``page.wait_for_timeout``): the sync API serves routes and events only inside its
    own calls, so ``time.sleep`` would freeze the page that is being waited for.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(message() if callable(message) else message)
        pause(interval)
