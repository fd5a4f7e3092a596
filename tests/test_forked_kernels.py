"""Kernels forked from a server that imported the notebooks' libraries (book builds).

A forked kernel must be indistinguishable from a kernel started alone in everything a
notebook can see, except that the libraries are already imported; and the lessons'
outputs must be the same, byte for byte.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import nbformat
import pytest

from lessonkit.book import execute, forked_kernels
from lessonkit.book.execute import (
    book_environment,
    execute_book,
    execute_notebook,
    kernel_forks,
    read_notebook,
)
from lessonkit.book.forked_kernels import ForkServer, kernel_python, notebook_imports

ROOT = Path(__file__).resolve().parent.parent


def _notebook(*cells: str) -> Any:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(code) for code in cells]
    return notebook


_HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---
"""


def _two_page_book(folder: Path, config: str = "") -> Path:
    folder.mkdir()
    (folder / "_toc.yml").write_text("format: jb-book\nroot: a\nchapters:\n  - file: b\n")
    (folder / "_config.yml").write_text(
        "title: t\nexecute: {execute_notebooks: cache}\nlaunch_buttons: {thebe: false}\n"
        "sphinx:\n  extra_extensions: [lessonkit.book]\n" + config
    )
    for name in "ab":
        code = f"import matplotlib\nprint('{name}')"
        (folder / f"{name}.md").write_text(
            f"{_HEADER}\n# {name}\n\n```{{code-cell}} ipython3\n{code}\n```\n"
        )
    return folder


def test_the_server_imports_only_fork_safe_libraries_the_notebooks_import(
    tmp_path: Path,
) -> None:
    first = _notebook(
        "import matplotlib.pyplot as plt\nimport pandas as pd\nimport lessonkit",
        "%matplotlib inline\nfrom numpy import array\n!ls",
        "from . import sibling\ndef broken(:",
    )
    second = _notebook("if True:\n    import numpy.linalg  # not at the top level")
    pairs = [(tmp_path / "a.md", first), (tmp_path / "b.md", second)]
    # lessonkit registers its display with the kernel's shell when imported: not before
    assert notebook_imports(pairs) == ["matplotlib.pyplot", "numpy", "pandas"]
    (tmp_path / "numpy").mkdir()  # a notebook's own package of that name wins
    assert notebook_imports(pairs) == ["matplotlib.pyplot", "pandas"]


_PROBE = """
import json, os, sys
preloaded = "matplotlib" in sys.modules and "pandas" in sys.modules
import matplotlib, numpy, numpy.random, pandas
print(json.dumps({
    "preloaded": preloaded,
    "parent": os.getppid(),
    "path": sys.path,
    "argv0": os.path.basename(sys.argv[0]),
    "cwd": os.getcwd(),
    "probe": os.environ.get("LESSONKIT_TEST_PROBE"),
    "own_session": os.getsid(0) == os.getpid(),
    "backend": matplotlib.get_backend(),
    "max_columns": pandas.get_option("display.max_columns"),
    "get_ipython": type(get_ipython()).__name__,
    "random": numpy.random.random(),
    "stdin": os.readlink("/proc/self/fd/0"),
}))
"""


def _probe(folder: Path, forks: ForkServer | None) -> dict[str, Any]:
    notebook = _notebook(_PROBE)
    outcome = execute_notebook(folder / "probe.md", notebook, forks=forks)
    assert outcome.status == "executed", outcome.error
    seen: dict[str, Any] = json.loads(notebook.cells[0].outputs[0]["text"])
    return seen


@pytest.mark.kernel
def test_a_forked_kernel_sees_what_a_kernel_started_alone_sees(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONKIT_TEST_PROBE", "given")
    pairs = [(tmp_path / "probe.md", _notebook(_PROBE))]
    alone = _probe(tmp_path, None)
    with kernel_forks(pairs, book_environment()) as server:
        assert server is not None
        forked = [_probe(tmp_path, server) for _ in range(2)]
        server_pid = server.pid
    assert alone["preloaded"] is False
    assert all(f["preloaded"] and f["parent"] == server_pid for f in forked)
    assert alone["parent"] == os.getpid()
    assert forked[0]["random"] != forked[1]["random"]  # each fork draws its own state
    for seen in forked:
        keys = ("path", "argv0", "cwd", "probe", "own_session", "backend", "max_columns")
        for key in (*keys, "get_ipython"):
            assert seen[key] == alone[key], key
        assert seen["stdin"] == "/dev/null"
    assert alone["cwd"] == str(tmp_path) and alone["probe"] == "given"


def _outputs(notebook: Any) -> str:
    cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    return json.dumps([cell.outputs for cell in cells], sort_keys=True)


@pytest.mark.kernel
def test_lessons_give_the_same_outputs_forked_as_alone() -> None:
    lessons = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.md"))
    assert len(lessons) >= 10
    pairs = [(path, read_notebook(path)) for path in lessons]
    with kernel_forks(pairs, book_environment()) as server:
        assert server is not None and "matplotlib.pyplot" in server.modules
        for path, forked in pairs:
            alone = read_notebook(path)
            assert execute_notebook(path, forked, forks=server).status == "executed"
            assert execute_notebook(path, alone).status == "executed"
            text = _outputs(forked)
            assert "image/png" in text and "application/vnd.lessonkit.quiz+json" in text
            assert "text/html" in text  # a table
            assert text == _outputs(alone), path.name


@pytest.mark.kernel
def test_a_cell_past_its_timeout_is_stopped_and_no_kernel_is_left(tmp_path: Path) -> None:
    from processtree import descendants, kernels_started_by

    before = kernels_started_by(os.getpid())
    pairs = [(tmp_path / "slow.md", _notebook("import time\ntime.sleep(60)"))]
    with kernel_forks(pairs, book_environment()) as server:
        assert server is not None
        started = time.perf_counter()
        outcome = execute_notebook(tmp_path / "slow.md", pairs[0][1], timeout=2, forks=server)
        assert outcome.status == "failed" and "timed out" in outcome.error.lower()
        assert time.perf_counter() - started < 30
        assert not descendants(server.pid)  # the kernel was stopped, not left behind
    assert not kernels_started_by(os.getpid()) - before  # nor the server


@pytest.mark.kernel
def test_a_server_that_cannot_start_leaves_kernels_to_start_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "sitecustomize.py").write_text("import os\nos._exit(3)\n")  # ends at start
    with pytest.raises(RuntimeError, match=r"did not start: it ended \(exit status 3\)"):
        ForkServer(sys.executable, {**os.environ, "PYTHONPATH": str(tmp_path)}, [])
    with pytest.raises(RuntimeError, match="did not start"):
        ForkServer(str(tmp_path / "no-python"), dict(os.environ), [])
    with monkeypatch.context() as patched:  # macOS, Windows, Linux before 5.3
        patched.setattr(forked_kernels, "forking_supported", lambda: False)
        with pytest.raises(RuntimeError, match="cannot fork kernels"):
            ForkServer(kernel_python(), dict(os.environ), [])
    monkeypatch.setattr(execute, "kernel_python", lambda: str(tmp_path / "no-python"))
    with kernel_forks([], book_environment()) as server:
        assert server is None
    book = _two_page_book(tmp_path / "book")
    outcomes = execute_book(book, jobs=2)
    assert [(o.status, o.forked) for o in outcomes] == [("executed", False)] * 2


@pytest.mark.kernel
def test_a_library_that_fails_to_import_is_skipped_and_the_notebook_meets_the_error(
    tmp_path: Path,
) -> None:
    with ForkServer(kernel_python(), book_environment(), ["numpy", "no_such_module_zq"]) as server:
        assert server.skipped == ["no_such_module_zq"]
        notebook = _notebook("import no_such_module_zq")
        outcome = execute_notebook(tmp_path / "n.md", notebook, forks=server)
        assert outcome.status == "failed" and "no_such_module_zq" in outcome.error


@pytest.mark.kernel
def test_execute_book_forks_kernels_unless_told_not_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lessonkit import cli

    forked = _two_page_book(tmp_path / "forked")
    assert [o.forked for o in execute_book(forked, jobs=2)] == [True, True]
    alone = _two_page_book(tmp_path / "alone")
    assert [o.forked for o in execute_book(alone, jobs=2, fork=False)] == [False, False]
    one = _two_page_book(tmp_path / "one")
    (one / "b.md").unlink()  # one notebook: a server would only add a process
    (one / "_toc.yml").write_text("format: jb-book\nroot: a\n")
    assert [o.forked for o in execute_book(one)] == [False]

    asked: list[bool] = []
    monkeypatch.setattr(execute, "execute_book", lambda *a, **k: asked.append(k["fork"]) or [])
    assert cli.main(["execute-book", str(alone), "--no-fork"]) == 0
    assert cli.main(["execute-book", str(alone)]) == 0
    assert asked == [False, True]


@pytest.mark.book
def test_the_book_setting_turns_forking_off(tmp_path: Path) -> None:
    import subprocess

    builder = str(Path(sys.executable).parent / "jupyter-book")
    logs = {}
    for name, config in (("on", ""), ("off", "  config:\n    lessonkit_fork_kernels: false\n")):
        source = _two_page_book(tmp_path / name, config)
        result = subprocess.run(
            [builder, "build", str(source), "-W"], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        logs[name] = result.stdout
    assert "executed 2 notebook(s) in parallel (2 kernel(s) forked from one process)" in logs["on"]
    assert "executed 2 notebook(s) in parallel (kernels started alone)" in logs["off"]


def test_the_end_of_a_kernel_is_awaited_not_polled() -> None:
    import asyncio
    import subprocess
    from concurrent.futures import ThreadPoolExecutor

    from lessonkit.book.kernels import until_ended

    def wait_for_end(process: Any) -> None:  # in a thread: this one may run a loop already
        with ThreadPoolExecutor(max_workers=1) as thread:
            thread.submit(asyncio.run, asyncio.wait_for(until_ended(process), 10)).result()

    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(0.5)"])
    assert sleeper.poll() is None
    wait_for_end(sleeper)
    assert sleeper.poll() is not None  # it returned when the process had ended
    wait_for_end(sleeper)  # an ended process: it returns


def test_the_build_reads_each_code_cell_as_myst_nb_does() -> None:
    """``lessonkit build-book`` finds the notebooks' imports before loading a parser."""
    from lessonkit.book.build import code_cells
    from lessonkit.book.execute import book_notebooks

    notebooks = book_notebooks(ROOT)
    assert len(notebooks) >= 11  # the lessons and the tutorial (its text shows a cell)
    for path in notebooks:
        cells = read_notebook(path).cells
        assert code_cells(path) == [c.source for c in cells if c.cell_type == "code"], path


@pytest.mark.book
def test_build_book_forks_even_one_notebook_and_passes_the_status_on(tmp_path: Path) -> None:
    import subprocess

    from processtree import kernels_started_by

    book = _two_page_book(tmp_path / "book")
    lessonkit = str(Path(sys.executable).parent / "lessonkit")
    command = [lessonkit, "build-book", str(book), "-W", "--path-output", str(tmp_path / "out")]
    first = subprocess.run(command, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert "executed 2 notebook(s) in parallel (2 kernel(s) forked" in first.stdout
    (book / "b.md").write_text((book / "b.md").read_text().replace("print('b')", "print('B')"))
    second = subprocess.run(command, capture_output=True, text=True)
    assert "executed 1 notebook(s) in parallel (1 kernel(s) forked" in second.stdout
    page = (tmp_path / "out" / "_build" / "html" / "b.html").read_text(encoding="utf-8")
    assert "B\n</pre>" in page and "b\n</pre>" not in page  # the edit's output
    (book / "a.md").write_text((book / "a.md").read_text().replace("print('a')", "1 / 0"))
    failed = subprocess.run(command, capture_output=True, text=True)
    assert failed.returncode != 0 and "a.md" in failed.stdout + failed.stderr
    assert not kernels_started_by(os.getpid())


@pytest.mark.kernel
def test_closing_the_server_ends_it_and_any_kernel_left(tmp_path: Path) -> None:
    from processtree import kernels_started_by

    before = kernels_started_by(os.getpid())
    server = ForkServer(kernel_python(), book_environment(), [], wait=False)
    kernel = server.spawn(["-f", str(tmp_path / "none.json")], str(tmp_path), dict(os.environ))
    server.close()  # the kernel (which cannot start: no connection file) goes with it
    assert server.pid not in kernels_started_by(os.getpid())
    kernel.wait(timeout=10)
    assert not kernels_started_by(os.getpid()) - before


def test_the_client_tries_again_within_milliseconds_to_reach_a_kernel_not_yet_listening() -> None:
    """A kernel listens a few milliseconds after it is started; ZeroMQ's default would
    have the client try again only 0.1 s after its first attempt failed."""
    import socket

    import zmq

    from lessonkit.book.kernels import RECONNECT_MS, kernel_manager_class

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    manager = kernel_manager_class(None)(ip="127.0.0.1", shell_port=port, iopub_port=port)
    client = manager.client()
    client.start_channels(hb=False, stdin=False, control=False)
    try:
        for channel in (client.shell_channel, client.iopub_channel):
            assert channel.socket.getsockopt(zmq.RECONNECT_IVL) == RECONNECT_MS == 5
    finally:
        client.stop_channels()
        client.context.destroy(linger=0)


def test_build_book_runs_the_build_with_the_collector_at_its_own_pace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import jupyter_book.cli.main  # type: ignore[import-untyped]

    from lessonkit.book import build

    seen: list[tuple[int, ...]] = []
    monkeypatch.setattr(build, "start_forks", lambda book: None)
    monkeypatch.setattr(jupyter_book.cli.main, "main", lambda args: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    try:
        build.build_book(tmp_path, ["--all"])
    finally:
        gc.set_threshold(*before)
    assert seen == [(build.GC_EVERY, *before[1:])] and before[0] < build.GC_EVERY
