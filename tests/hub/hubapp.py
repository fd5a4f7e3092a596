"""A real JupyterHub for the class test, on loopback, in temporary folders.

JupyterHub from PyPI with configurable-http-proxy from npm (``node_modules/.bin``), the
dummy authenticator (one shared password) and ``SimpleLocalProcessSpawner``: every student
server is a ``jupyterhub-singleuser`` process of this machine's account, with a home folder
of its own under ``homes/``. Ports are free ones picked by the OS; nothing listens beyond
127.0.0.1. The student servers see the book's repository at its GitHub address through a
git ``insteadOf`` rule that points to a local folder, so the launch link stays exactly the
one the book makes, and nothing leaves the machine.

``stop`` ends the hub (which stops the student servers and the proxy it started) and then
kills, by their ids, any process of the hub's tree that is still running.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from processtree import process_table, stop_server

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "class-test-password"
TEACHER = "teacher"

#: Variables of this process that would point the hub or the servers at the user's files.
_ISOLATED = (
    "JUPYTER_PATH",
    "JUPYTER_CONFIG_DIR",
    "JUPYTER_CONFIG_PATH",
    "JUPYTER_DATA_DIR",
    "JUPYTER_RUNTIME_DIR",
    "JUPYTER_PREFER_ENV_PATH",
    "JUPYTERHUB_API_TOKEN",
    "PYTHONSTARTUP",
    "GIT_CONFIG_GLOBAL",
)

_CONFIG = """\
c = get_config()  # noqa
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = {port}
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{base}/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = "{base}/cookie_secret"
c.JupyterHub.pid_file = "{base}/jupyterhub.pid"
c.JupyterHub.cleanup_servers = True
c.JupyterHub.implicit_spawn_seconds = 0.5
c.JupyterHub.concurrent_spawn_limit = 0
c.ConfigurableHTTPProxy.command = ["{proxy}"]
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api_port}"
c.ConfigurableHTTPProxy.pid_file = "{base}/proxy.pid"
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = "{password}"
c.Authenticator.allow_all = True
c.Authenticator.admin_users = {{"{teacher}"}}
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = "{base}/homes/{{username}}"
c.Spawner.ip = "127.0.0.1"
c.Spawner.cmd = ["{bin}/jupyterhub-singleuser"]
c.Spawner.args = {args}
c.Spawner.default_url = "/lab"
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180
c.Spawner.environment = {environment}
c.JupyterHub.services = [{{"name": "class-test", "api_token": "{token}"}}]
c.JupyterHub.load_roles = [
    {{"name": "class-test", "scopes": ["admin:servers", "list:users"], "services": ["class-test"]}}
]
"""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Hub:
    """A running hub: its public URL, folders and process."""

    url: str
    base: Path
    exchange: Path
    process: subprocess.Popen[bytes]
    log: Path
    token: str  # the API token of the test's own service (stops servers)

    def api(self, method: str, path: str) -> Any:
        """Call the hub's REST API as the test's service."""
        request = urllib.request.Request(
            f"{self.url}/hub/api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            body = response.read()
        return json.loads(body) if body else None

    def stop_server(self, user: str, *, timeout: float = 60) -> None:
        """Stop ``user``'s server and wait until the hub says it has stopped."""
        self.api("DELETE", f"users/{user}/server")
        deadline = time.monotonic() + timeout
        while self.api("GET", f"users/{user}").get("servers"):
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server of {user} did not stop in {timeout:g} s")
            time.sleep(0.2)

    def home(self, user: str) -> Path:
        return self.base / "homes" / user

    def log_tail(self, lines: int = 60) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def git_rule(base: Path, served: Path, repository_url: str) -> Path:
    """A git configuration that fetches ``repository_url`` from the local folder ``served``."""
    path = base / "gitconfig"
    path.write_text(
        f'[url "file://{served}"]\n\tinsteadOf = {repository_url}\n'
        "[safe]\n\tdirectory = *\n"
        "[user]\n\tname = Student\n\temail = student@localhost\n",
        encoding="utf-8",
    )
    return path


def start(base: Path, *, exchange: Path, gitconfig: Path, timeout: float = 60) -> Hub:
    """Start the hub in ``base`` with the course exchange ``exchange``."""
    if not PROXY.exists():
        raise RuntimeError(
            f"{PROXY} is missing: run `bash tools/setup-node.sh` (configurable-http-proxy "
            "is in package.json's devDependencies)"
        )
    (base / "homes").mkdir(parents=True, exist_ok=True)
    port = free_port()
    environment = {
        "LESSONKIT_EXCHANGE": str(exchange),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    args = ["--ServerApp.allow_root=True"] if os.geteuid() == 0 else []
    token = secrets.token_hex(16)
    config = base / "jupyterhub_config.py"
    config.write_text(
        _CONFIG.format(
            port=port,
            hub_port=free_port(),
            proxy_api_port=free_port(),
            base=base,
            proxy=PROXY,
            password=PASSWORD,
            teacher=TEACHER,
            bin=BIN,
            args=json.dumps(args),
            environment=json.dumps(environment),
            token=token,
        ),
        encoding="utf-8",
    )
    env = {
        k: v for k, v in os.environ.items() if k not in _ISOLATED and not k.startswith("LESSONKIT_")
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    log = base / "jupyterhub.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(BIN / "jupyterhub"), "-f", str(config)],
            cwd=base,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", base, exchange, process, log, token)
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"jupyterhub exited with {process.returncode}:\n{hub.log_tail()}")
        if time.monotonic() > deadline:
            stop(hub)
            raise RuntimeError(f"jupyterhub did not start in {timeout:g} s:\n{hub.log_tail()}")
        try:
            with urllib.request.urlopen(f"{hub.url}/hub/api/", timeout=5) as response:
                json.load(response)
            return hub
        except (OSError, ValueError):
            time.sleep(0.2)


def stop(hub: Hub, *, timeout: float = 60) -> list[str]:
    """Stop the hub (SIGTERM: it stops the servers and the proxy); return what went wrong."""
    also: dict[int, str] = {}
    # The proxy runs in a session of its own: find it by its pid file.
    with contextlib.suppress(OSError, ValueError):
        proxy = int((hub.base / "proxy.pid").read_text().strip())
        also[proxy] = process_table().get(proxy, (0, ""))[1]
    return stop_server(hub.process, "the hub", timeout=timeout, also=also)
