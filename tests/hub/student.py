"""A simulated student: a browser's HTTP steps on the hub, and a notebook client.

``open_link`` does what a browser does with the launch link: logs in on the hub's form,
follows the redirects, presses the "not running" page's launch link (the page itself does
so after ``implicit_spawn_seconds``), waits on the spawn-pending page, reads nbgitpuller's
status page and calls its sync stream with the page's own parameters (as its JavaScript
does), and finally opens the page the link names.

``Kernel`` talks to the student's kernel over the Jupyter server's websocket (the JSON
protocol of ``/api/kernels/<id>/channels``): it runs cells, and sends widget state updates
as the front end does (``comm_msg`` with ``method: update``).
"""

from __future__ import annotations

import json
import time
import urllib.parse
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import websocket
from bs4 import BeautifulSoup

from .hubapp import PASSWORD


class StudentError(AssertionError):
    """A step of the student's path did not go as a browser would see it go."""


@dataclass
class Student:
    """One student's browser session on the hub."""

    name: str
    hub_url: str
    http: requests.Session = field(default_factory=requests.Session)
    steps: list[str] = field(default_factory=list)

    @property
    def server(self) -> str:
        return f"{self.hub_url}/user/{self.name}/"

    def _get(self, url: str, **kwargs: Any) -> requests.Response:
        response = self.http.get(url, timeout=60, **kwargs)
        self.steps.append(f"GET {url} -> {response.status_code} {response.url}")
        return response

    def login(self, next_url: str) -> requests.Response:
        """The hub's login form, filled in and sent, then on to ``next_url``."""
        page = self._get(f"{self.hub_url}/hub/login", params={"next": next_url})
        form = BeautifulSoup(page.text, "html.parser").find("form")
        if form is None:
            raise StudentError(f"{self.name}: no login form at {page.url}")
        fields = {i["name"]: i.get("value", "") for i in form.find_all("input") if i.get("name")}
        fields.update(username=self.name, password=PASSWORD)
        action = urllib.parse.urljoin(page.url, str(form.get("action") or page.url))
        response = self.http.post(action, data=fields, timeout=60)
        self.steps.append(f"POST {action} -> {response.status_code} {response.url}")
        return response

    def open_link(self, link: str, *, timeout: float = 240) -> requests.Response:
        """Click the launch link; return the response of the page it finally opens."""
        response = self._get(link)
        if "/hub/login" in response.url:
            response = self.login(
                urllib.parse.parse_qs(urllib.parse.urlparse(response.url).query)["next"][0]
            )
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise StudentError(
                    f"{self.name}: the link did not open in {timeout:g} s:\n"
                    + "\n".join(self.steps[-8:])
                )
            path = urllib.parse.urlparse(response.url).path
            if response.status_code == 424 and "/hub/user/" in path:
                start = BeautifulSoup(response.text, "html.parser").find(id="start")
                if start is None:
                    raise StudentError(f"{self.name}: the 'not running' page has no launch link")
                response = self._get(urllib.parse.urljoin(response.url, str(start["href"])))
            elif "/hub/spawn-pending/" in path and response.status_code >= 500:
                # the hub says the last spawn failed: waiting will not start it
                page = BeautifulSoup(response.text, "html.parser")
                said = " ".join(page.get_text(" ").split())[:600]
                raise StudentError(
                    f"{self.name}: the hub could not start the server "
                    f"({response.status_code}): {said}\n" + "\n".join(self.steps[-4:])
                )
            elif "/hub/spawn-pending/" in path:
                time.sleep(0.5)  # the page waits on the spawn's progress, then moves on
                response = self._get(response.url)
            elif path.startswith(f"/user/{self.name}/git-pull") and response.ok:
                response = self._sync(response)
            elif response.ok:
                return response
            else:
                raise StudentError(
                    f"{self.name}: {response.status_code} at {response.url}:\n"
                    + "\n".join(self.steps[-8:])
                )

    def _sync(self, page: requests.Response) -> requests.Response:
        """nbgitpuller's status page: run its sync stream, then go where it says."""
        body = BeautifulSoup(page.text, "html.parser").find("body")
        data = {
            k[len("data-") :]: urllib.parse.unquote(str(v))
            for k, v in body.attrs.items()
            if k.startswith("data-")
        }  # type: ignore[union-attr]
        params = {"_xsrf": data["xsrf"], "repo": data["repo"], "targetpath": data["targetpath"]}
        for optional in ("depth", "branch", "backup"):
            if optional in data:
                params[optional] = data[optional]
        url = urllib.parse.urljoin(page.url, data["base-url"] + "git-pull/api")
        phases = []
        with self.http.get(url, params=params, stream=True, timeout=120) as stream:
            for line in stream.iter_lines(decode_unicode=True):
                if line and line.startswith("data:"):
                    event = json.loads(line[len("data:") :])
                    phases.append(event.get("phase"))
                    if event.get("phase") == "error":
                        raise StudentError(
                            f"{self.name}: nbgitpuller failed: {event.get('message')}\n{event.get('output', '')}"
                        )
                    if event.get("phase") == "finished":
                        break
        self.steps.append(f"sync {url} -> {phases[-1:]}")
        if phases[-1:] != ["finished"]:
            raise StudentError(f"{self.name}: nbgitpuller's stream ended without finishing")
        return self._get(urllib.parse.urljoin(page.url, data["base-url"] + data["path"]))

    # -- the Jupyter server's REST API -------------------------------------------------

    def _headers(self) -> dict[str, str]:
        mine = f"/user/{self.name}/"
        tokens = [c.value for c in self.http.cookies if c.name == "_xsrf" and c.path == mine]
        return {"X-XSRFToken": tokens[0] if tokens else ""}

    def api(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self.server}api/{path}"
        response = self.http.request(method, url, headers=self._headers(), timeout=60, **kwargs)
        if not response.ok:
            raise StudentError(
                f"{self.name}: {method} {url} -> {response.status_code} {response.text[:300]}"
            )
        return response.json() if response.content else None

    def start_kernel(self, notebook_path: str) -> Kernel:
        """A kernel for ``notebook_path`` (a session, as JupyterLab opens one)."""
        session = self.api(
            "POST",
            "sessions",
            json={
                "path": notebook_path,
                "name": notebook_path.rsplit("/", 1)[-1],
                "type": "notebook",
                "kernel": {"name": "python3"},
            },
        )
        kernel_id = session["kernel"]["id"]
        ws_url = (
            self.server.replace("http://", "ws://", 1)
            + f"api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
        )
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        connection = websocket.create_connection(ws_url, header=[f"Cookie: {cookie}"], timeout=120)
        return Kernel(self.name, connection, session["id"])


@dataclass
class Kernel:
    """A kernel reached over the server's websocket (Jupyter messaging, JSON frames)."""

    student: str
    ws: websocket.WebSocket
    session_id: str
    comms: dict[str, dict[str, Any]] = field(default_factory=dict)  # comm id -> widget state

    def _send(self, channel: str, msg_type: str, content: dict[str, Any]) -> str:
        msg_id = uuid.uuid4().hex
        self.ws.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "msg_type": msg_type,
                        "username": self.student,
                        "session": self.session_id,
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": content,
                    "channel": channel,
                    "buffers": [],
                }
            )
        )
        return msg_id

    def _receive(
        self, until: Callable[[dict[str, Any]], bool], timeout: float
    ) -> list[dict[str, Any]]:
        """Messages until one satisfies ``until`` (comm traffic is applied on the way)."""
        deadline = time.monotonic() + timeout
        seen = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise StudentError(f"{self.student}: no answer from the kernel in {timeout:g} s")
            self.ws.settimeout(left)
            msg = json.loads(self.ws.recv())
            seen.append(msg)
            kind = msg["header"]["msg_type"]
            content = msg.get("content", {})
            if kind == "comm_open":
                self.comms[content["comm_id"]] = dict(content.get("data", {}).get("state", {}))
            elif kind == "comm_msg" and content.get("data", {}).get("method") == "update":
                self.comms.setdefault(content["comm_id"], {}).update(
                    content["data"].get("state", {})
                )
            if until(msg):
                return seen

    def execute(self, code: str, *, timeout: float = 180) -> list[dict[str, Any]]:
        """Run ``code``; its outputs (iopub messages). A cell error fails the student."""
        msg_id = self._send(
            "shell",
            "execute_request",
            {
                "code": code,
                "silent": False,
                "store_history": True,
                "user_expressions": {},
                "allow_stdin": False,
                "stop_on_error": True,
            },
        )
        seen = self._receive(
            lambda m: (
                m["parent_header"].get("msg_id") == msg_id
                and m["header"]["msg_type"] == "status"
                and m["content"].get("execution_state") == "idle"
            ),
            timeout,
        )
        mine = [m for m in seen if m["parent_header"].get("msg_id") == msg_id]
        for m in mine:
            if m["header"]["msg_type"] == "error":
                raise StudentError(
                    f"{self.student}: a cell failed: {m['content']['ename']}: {m['content']['evalue']}\n{code[:300]}"
                )
        return mine

    def update_widget(
        self, comm_id: str, state: dict[str, Any], *, wait_for: str, timeout: float = 60
    ) -> dict[str, Any]:
        """Set widget state as the front end does; wait for the kernel to update ``wait_for``."""
        self._send(
            "shell",
            "comm_msg",
            {"comm_id": comm_id, "data": {"method": "update", "state": state, "buffer_paths": []}},
        )
        self._receive(
            lambda m: (
                m["header"]["msg_type"] == "comm_msg"
                and m["content"].get("comm_id") == comm_id
                and wait_for in m["content"].get("data", {}).get("state", {})
            ),
            timeout,
        )
        return self.comms[comm_id]

    def close(self) -> None:
        self.ws.close()
