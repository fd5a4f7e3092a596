"""A process that starts Jupyter kernels by forking itself (run by :mod:`.forked_kernels`).

Every kernel the book executes starts the same way: a Python process imports the kernel
(IPython, ipykernel, pyzmq), then the notebook imports its libraries (pandas,
matplotlib, lessonkit). This process does those imports once, then forks one child per
kernel: each child starts with them already done, and runs ``ipykernel_launcher`` as a
new process would, in its own session, folder and environment.

Usage: ``python -c "import runpy; runpy.run_path('PATH/forkserver.py', run_name='__main__')"
MODULE...`` in an empty folder: run as a file, so that lessonkit itself is not imported
(it looks for the kernel when imported), and without this file's folder in the import
path (its neighbours would hide modules of the standard library). It imports each MODULE
(one that fails is skipped), prints ``ready`` and then answers one line of JSON per request
on standard input, ``{"args": [...], "cwd": "...", "env": {...}}`` (the arguments after
``-m ipykernel_launcher``), with ``{"pid": N}`` or ``{"error": "..."}``. It ends when
its standard input closes; its kernels end with it (they watch their parent).
"""

from __future__ import annotations

import builtins
import importlib
import importlib.util
import json
import os
import signal
import sys
import traceback
import warnings
from pathlib import Path
from typing import Any, NoReturn

#: What a kernel imports before it runs anything.
KERNEL_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell")


#: The file a kernel started by jupyter_client runs (its ``sys.argv[0]``).
_LAUNCHER = ""


def preload(modules: list[str]) -> list[str]:
    """Import ``modules`` (after the kernel's own) and return those that failed."""
    # A kernel sets this before its notebook can import matplotlib, which reads it once.
    if not os.environ.get("MPLBACKEND"):
        os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    global _LAUNCHER
    spec = importlib.util.find_spec("ipykernel_launcher")
    _LAUNCHER = str(spec.origin) if spec and spec.origin else "ipykernel_launcher"
    failed = []
    # Every fork will be a kernel: a library that asks IPython's ``get_ipython()`` whether
    # it runs in one (pandas chooses its display defaults so) hears yes, as it would there.
    builtins.get_ipython = _in_a_kernel  # type: ignore[attr-defined]
    try:
        for name in [*KERNEL_MODULES, *modules]:
            try:
                importlib.import_module(name)
            except Exception:  # the notebook will meet the same error, in its own kernel
                failed.append(name)
    finally:
        del builtins.get_ipython  # type: ignore[attr-defined]
    return failed


class _Kernel:
    """What ``get_ipython()`` answers while the server imports: a shell with a kernel."""

    kernel = True


def _in_a_kernel() -> _Kernel:
    return _Kernel()


def _run_kernel(request: dict[str, Any]) -> NoReturn:
    """In the forked child: become the kernel that ``request`` describes; never return."""
    code = 1
    try:
        os.setsid()  # its own session, as jupyter_client starts kernels
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(2, 1)  # low-level output goes where this server's errors go
        os.close(devnull)
        cwd = str(request["cwd"])
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update({str(k): str(v) for k, v in request["env"].items()})
        if "numpy.random" in sys.modules:  # the forks would share one random state
            sys.modules["numpy.random"].seed()
        sys.argv = [_LAUNCHER, *request["args"]]
        from ipykernel.kernelapp import IPKernelApp

        # The kernel reads its parent from the environment when it is imported, here
        # before the fork: it is told instead (it ends when this server ends).
        IPKernelApp.launch_instance(parent_handle=os.getppid())
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _answer(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def serve(requests: Any) -> None:
    """Fork one kernel per request line until ``requests`` ends."""
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended kernels are reaped by the system
    # numpy's BLAS keeps a thread here; it prepares itself for a fork (pthread_atfork),
    # so Python's warning about forking a process with threads (3.12+) does not apply.
    warnings.filterwarnings("ignore", ".*multi-threaded.*fork", DeprecationWarning)
    for line in requests:
        try:
            request = json.loads(line)
            args, cwd, env = request["args"], request["cwd"], request["env"]
            if not (isinstance(args, list) and isinstance(cwd, str) and isinstance(env, dict)):
                raise ValueError("args must be a list, cwd a string and env an object")
        except (ValueError, KeyError) as problem:
            _answer({"error": f"bad request: {problem}"})
            continue
        try:
            pid = os.fork()
        except OSError as problem:
            _answer({"error": f"fork failed: {problem}"})
            continue
        if pid == 0:
            _run_kernel(request)
        _answer({"pid": pid})


def main(argv: list[str]) -> int:
    if sys.path and sys.path[0] in ("", str(Path.cwd())):
        del sys.path[0]  # as ipykernel_launcher does; a kernel adds its own folder back
    failed = preload(argv)
    _answer({"ready": True, "failed": failed})
    serve(sys.stdin)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
