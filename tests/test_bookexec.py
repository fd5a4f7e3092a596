"""lessonkit execute-book: notebooks run in parallel into the cache the book build reads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lessonkit.book.execute import book_notebooks, execute_book

ROOT = Path(__file__).resolve().parent.parent
HEADER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst, format_version: 0.13}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

# Page
"""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    source = tmp_path / "book"
    source.mkdir()
    (source / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n  - file: a\n  - file: b\n"
    )
    (source / "_config.yml").write_text(
        "title: t\nexecute: {execute_notebooks: cache}\nlaunch_buttons: {thebe: false}\n"
    )
    (source / "intro.md").write_text("# Intro\n\nNo code here.\n")
    (source / "a.md").write_text(HEADER + "\n```{code-cell} ipython3\nprint(6 * 7)\n```\n")
    (source / "b.md").write_text(HEADER + "\n```{code-cell} ipython3\nprint('b')\n```\n")
    return source


@pytest.mark.kernel
def test_executes_once_then_reads_the_cache(book: Path) -> None:
    assert [p.name for p in book_notebooks(book)] == ["a.md", "b.md"]
    assert sorted(o.status for o in execute_book(book, jobs=2)) == ["executed", "executed"]
    assert sorted(o.status for o in execute_book(book, jobs=2)) == ["cached", "cached"]
    result = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book), "-W", "-v"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.count("Using cached notebook") == 2  # the build reused both


@pytest.mark.kernel
def test_a_failing_notebook_is_reported_not_raised(book: Path) -> None:
    (book / "b.md").write_text(HEADER + "\n```{code-cell} ipython3\n1 / 0\n```\n")
    outcomes = {o.path.name: o for o in execute_book(book, jobs=2)}
    assert outcomes["a.md"].status == "executed"
    assert outcomes["b.md"].status == "failed"
    assert (
        "ZeroDivisionError" in outcomes["b.md"].error
        or "CellExecutionError" in outcomes["b.md"].error
    )
    shutil.rmtree(book / "_build")


def _kernels_running() -> set[int]:
    """The kernel processes this test process started that still run; the machine's
    other processes are none of this test's business."""
    from processtree import kernels_started_by

    return kernels_started_by(os.getpid())


@pytest.mark.kernel
def test_more_notebooks_than_kernels_and_no_kernel_left(book: Path) -> None:
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: intro\nchapters:\n" + "".join(f"  - file: n{i}\n" for i in range(5))
    )
    for i in range(5):
        (book / f"n{i}.md").write_text(
            HEADER + f"\n```{{code-cell}} ipython3\nprint({i} * 11)\n```\n"
        )
    before = _kernels_running()
    outcomes = execute_book(book, jobs=2)
    assert [(o.path.name, o.status) for o in outcomes] == [
        (f"n{i}.md", "executed") for i in range(5)
    ]
    assert not _kernels_running() - before  # every kernel was stopped
    from jupyter_cache import get_cache

    cached = get_cache(str(book / "_build" / ".jupyter_cache")).list_cache_records()
    assert sorted(Path(r.uri).name for r in cached) == [f"n{i}.md" for i in range(5)]
    for record in cached:
        bundle = get_cache(str(book / "_build" / ".jupyter_cache")).get_cache_bundle(record.pk)
        (cell,) = bundle.nb.cells
        number = int(Path(record.uri).stem[1:])
        assert cell.outputs[0]["text"] == f"{number * 11}\n"  # its own output, in its own file
        assert "execution" not in cell.metadata  # no timing, as myst-nb stores it


@pytest.mark.kernel
def test_notebook_metadata_may_allow_errors(book: Path) -> None:
    (book / "b.md").write_text(
        HEADER.replace("---\n\n# Page", "execution:\n  allow_errors: true\n---\n\n# Page")
        + "\n```{code-cell} ipython3\n1 / 0\n```\n"
    )
    outcomes = {o.path.name: o.status for o in execute_book(book, jobs=1)}
    assert outcomes == {"a.md": "executed", "b.md": "executed"}


@pytest.mark.kernel
def test_works_inside_a_running_event_loop(book: Path) -> None:
    """As in a Jupyter kernel: the calling thread already runs an event loop."""
    import asyncio
    import threading

    statuses: list[str] = []

    async def from_a_notebook_cell() -> None:
        statuses.extend(o.status for o in execute_book(book, jobs=2))

    # a thread of its own, so that the test does not depend on the loop of this one
    worker = threading.Thread(target=asyncio.run, args=(from_a_notebook_cell(),))
    worker.start()
    worker.join()
    assert statuses == ["executed", "executed"]


@pytest.mark.kernel
def test_executing_a_book_leaves_this_process_settings_alone(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run from a notebook, execute_book once turned every later quiz into static data."""
    from lessonkit import _context

    monkeypatch.delenv("LESSONKIT_RENDER", raising=False)
    before = dict(os.environ)
    execute_book(book, jobs=1)
    assert dict(os.environ) == before
    assert _context.current().render == "live"


@pytest.mark.kernel
def test_an_edited_table_runs_again_only_the_notebooks_that_read_it(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jupyter-cache knows notebooks by their code: the data files they read are noted."""
    from jupyter_cache import get_cache

    from lessonkit.book.execute import forget_stale

    data = book / "datasets"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", data)
    monkeypatch.setenv("LESSONKIT_DATASETS", str(data))
    (book / "a.md").write_text(
        HEADER + "\n```{code-cell} ipython3\nimport lessonkit\n"
        "print(len(lessonkit.load('places')))\n```\n"
    )
    cache_path = book / "_build" / ".jupyter_cache"
    assert [o.status for o in execute_book(book, jobs=2)] == ["executed", "executed"]
    assert forget_stale(cache_path) == []  # nothing changed yet
    places = data / "places.csv"
    places.write_text(places.read_text(encoding="utf-8").replace("46.48", "46.5"))
    assert forget_stale(cache_path) == [book / "a.md"]  # b.md reads no data
    assert [Path(r.uri).name for r in get_cache(str(cache_path)).list_cache_records()] == ["b.md"]
    assert [o.status for o in execute_book(book, jobs=2)] == ["executed", "cached"]
    assert forget_stale(cache_path) == []
