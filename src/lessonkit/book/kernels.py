"""The kernel manager of a book's executions: kernels forked where possible, and no fixed
delays between them and the client.

jupyter_client waits for time to pass where it could wait for an event: a client is
ready once its kernel has answered and then 0.2 s went by with no message on the kernel's
output channel, and a kernel killed at the end of a notebook is polled every 0.1 s until
it has gone. A book build does both for every notebook, and a one-lesson edit waits
for them in full. Here a client is ready once the kernel has answered a ``kernel_info``
request and published that request's ``idle`` status (every message of its start has
then been delivered), and a killed kernel is awaited through a process file descriptor
(Linux; elsewhere the polling stays).

The client connects as soon as the kernel is started, usually before the kernel listens;
ZeroMQ then tries again after its reconnection interval, 0.1 s by default, which a kernel
forked in a few milliseconds mostly spends waiting. The client here tries every 5 ms.
"""

from __future__ import annotations

import asyncio
import functools
import os
import time
from pathlib import Path
from queue import Empty
from typing import Any, ClassVar

from .forked_kernels import ForkServer

__all__ = ["kernel_manager_class"]


async def until_ended(process: Any) -> None:
    """Return once ``process`` (a ``subprocess.Popen`` or a ``ForkedProcess``) has
    ended; at once where its end cannot be awaited (the caller then polls)."""
    if process is None or process.poll() is not None:
        return
    try:
        descriptor = os.pidfd_open(process.pid)
    except (AttributeError, OSError):  # not Linux 5.3+, or already gone
        return
    loop = asyncio.get_running_loop()
    ended = loop.create_future()

    def readable() -> None:
        if not ended.done():
            ended.set_result(None)

    loop.add_reader(descriptor, readable)
    try:
        await ended
    finally:
        loop.remove_reader(descriptor)
        os.close(descriptor)


async def _answer(client: Any, msg_id: str, deadline: float) -> Any:
    """The kernel's reply to ``msg_id`` on the shell channel, or None after a second."""
    wait_until = min(deadline, time.monotonic() + 1)
    while (left := wait_until - time.monotonic()) > 0:
        try:
            message = await client.shell_channel.get_msg(timeout=left)
        except Empty:
            return None
        if message["parent_header"].get("msg_id") == msg_id:
            return message
    return None


async def _idle(client: Any, msg_id: str, window: float) -> bool:
    """Whether the output channel brings the ``idle`` status of ``msg_id`` within
    ``window`` seconds (it does not when it connected after the kernel published it)."""
    wait_until = time.monotonic() + window
    while (left := wait_until - time.monotonic()) > 0:
        try:
            message = await client.iopub_channel.get_msg(timeout=left)
        except Empty:
            return False
        parent = message["parent_header"].get("msg_id")
        state = message["content"].get("execution_state")
        if message["msg_type"] == "status" and parent == msg_id and state == "idle":
            return True
    return False


#: Milliseconds between a client's attempts to connect to a kernel not yet listening.
RECONNECT_MS = 5


@functools.cache
def _client_class() -> type[Any]:
    """The client of the book's kernels (one class for every notebook)."""
    import zmq.asyncio
    from jupyter_client.asynchronous.client import AsyncKernelClient
    from traitlets import default

    class PromptKernelClient(AsyncKernelClient):
        @default("context")
        def _prompt_context(self) -> zmq.asyncio.Context:
            self._created_context = True
            context = zmq.asyncio.Context()
            context.setsockopt(zmq.RECONNECT_IVL, RECONNECT_MS)
            return context

        async def wait_for_ready(self, timeout: float | None = None) -> None:
            """Return once the kernel has answered a ``kernel_info`` request and
            published its ``idle`` status; ask again while either is missing."""
            deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
            while True:
                msg_id = self.kernel_info()
                reply = await _answer(self, msg_id, deadline)
                if reply is not None and await _idle(self, msg_id, 0.2):
                    self._handle_kernel_info_reply(reply)
                    return
                if not await self.is_alive():
                    raise RuntimeError("Kernel died before replying to kernel_info")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    return PromptKernelClient


def kernel_manager_class(server: ForkServer | None) -> type[Any]:
    """An asynchronous kernel manager class whose kernels come from ``server`` when their
    command is the plain ``PYTHON -m ipykernel_launcher ...`` of the server's Python
    (others, and all with None, start as usual), with a prompt client and end. Each
    call makes a new class, whose ``forked`` lists the kernels forked for it."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner
    from traitlets import default

    client_class = _client_class()

    class BookProvisioner(LocalProvisioner):
        async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> Any:
            if server is None or cmd[:3] != [server.python, "-m", "ipykernel_launcher"]:
                return await super().launch_kernel(cmd, **kwargs)
            cwd = str(kwargs.get("cwd") or Path.cwd())
            process = server.spawn(cmd[3:], cwd, dict(kwargs.get("env") or os.environ))
            BookKernelManager.forked.append(process.pid)
            self.process = process  # type: ignore[assignment]  # has Popen's methods
            self.pid = self.pgid = process.pid
            self.cwd = cwd
            return self.connection_info

    class BookKernelManager(AsyncKernelManager):
        #: The kernels that the server forked for managers of this class (process ids).
        forked: ClassVar[list[int]] = []

        @default("client_factory")
        def _prompt_client(self) -> type[Any]:
            return client_class

        async def _async_pre_start_kernel(self, **kw: Any) -> Any:
            if self.provisioner is None:
                self.provisioner = BookProvisioner(
                    kernel_id=self.kernel_id, kernel_spec=self.kernel_spec, parent=self
                )
            return await super()._async_pre_start_kernel(**kw)

        async def _async_wait(self, pollinterval: float = 0.1) -> None:
            process = getattr(self.provisioner, "process", None)
            await until_ended(process)
            await super()._async_wait(pollinterval)  # returns at once once it has ended

    return BookKernelManager
