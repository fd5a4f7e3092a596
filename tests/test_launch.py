"""Launch buttons that work or are absent: the rules, ``lessonkit check``, and real builds.

The shipped book links to no repository; a fork's address (one key) turns on Binder and,
with a hub's address, JupyterHub; settings that point nowhere are reported at their line
of ``_config.yml`` and, in a build, warned about and turned off instead of stopping it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lessonkit.book.check import check_project
from lessonkit.book.launch import LaunchSettings, launch_problems, safe_theme_options

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = (ROOT / "_config.yml").read_text(encoding="utf-8")
FORK = "https://github.com/example-teacher/lessonkit"
HUB = "https://hub.example-school.org"

LESSON = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
    format_version: 0.13
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A lesson

```{code-cell} ipython3
1 + 1
```
"""


def _book(folder: Path, config: str) -> Path:
    """A book in ``folder``: a home page and one MyST notebook lesson."""
    (folder / "lessons").mkdir(parents=True)
    (folder / "_config.yml").write_text(config, encoding="utf-8")
    (folder / "_toc.yml").write_text(
        "format: jb-book\nroot: index\nchapters:\n  - file: lessons/lesson\n", encoding="utf-8"
    )
    (folder / "index.md").write_text("# Home\n\nText.\n", encoding="utf-8")
    (folder / "lessons" / "lesson.md").write_text(LESSON, encoding="utf-8")
    return folder


def _shipped(**changes: str) -> str:
    """The shipped _config.yml with some of its launch lines changed (key: new value)."""
    text = SHIPPED
    for key, value in changes.items():
        text, count = re.subn(rf"(?m)^(\s*){key}: .*$", rf"\g<1>{key}: {value}", text)
        assert count == 1, key
    return text


def _problems(tmp_path: Path, config: str) -> list[str]:
    return [str(p) for p in check_project(_book(tmp_path, config)).problems]


def _line_of(config: str, text: str) -> int:
    return next(i for i, line in enumerate(config.splitlines(), 1) if text in line)


def test_the_shipped_book_has_no_launch_problem(tmp_path: Path) -> None:
    assert _problems(tmp_path, SHIPPED) == []
    settings = LaunchSettings.from_book_config(yaml.safe_load(SHIPPED))
    assert settings.repository_url == "" and settings.service("binderhub_url")
    assert settings.service("colab_url") == ""


def test_the_forks_address_is_the_one_key(tmp_path: Path) -> None:
    config = _shipped(url=FORK, jupyterhub_url=f'"{HUB}"')
    assert _problems(tmp_path, config) == []


def test_a_hub_without_a_repository(tmp_path: Path) -> None:
    config = _shipped(jupyterhub_url=f'"{HUB}"')
    (problem,) = _problems(tmp_path, config)
    line = _line_of(config, '  url: ""')
    assert problem.startswith(f"{tmp_path / '_config.yml'}:{line}: 'repository: url:' is empty")
    assert "(needed by: jupyterhub_url)" in problem
    assert problem.endswith(
        "Fix: set url: to your fork's address, e.g. "
        + FORK.replace("example-teacher", "YOUR-ACCOUNT")
        + "."
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://git.example-school.org/t/lessonkit", "cannot tell which service hosts"),
        (f"{FORK}.git", "is a clone address"),
        ("github.com/example-teacher/lessonkit", "is not the web address of a repository"),
        ("https://github.com/example-teacher", "is not the web address of a repository"),
    ],
)
def test_repository_addresses_that_do_not_work(tmp_path: Path, url: str, expected: str) -> None:
    config = _shipped(url=url)
    (problem,) = _problems(tmp_path, config)
    assert f"_config.yml:{_line_of(config, '  url: ')}: " in problem
    assert expected in problem and "Fix: " in problem


def test_a_server_named_by_its_service(tmp_path: Path) -> None:
    config = _shipped(url="https://git.example-school.org/t/lessonkit").replace(
        "  config:\n", "  config:\n    lessonkit_repository_provider: gitlab\n", 1
    )
    assert _problems(tmp_path, config) == []
    (wrong,) = _problems(tmp_path / "b", config.replace("provider: gitlab", "provider: gitea"))
    assert "no repository service 'gitea'" in wrong


def test_colab_cannot_open_myst_lessons(tmp_path: Path) -> None:
    config = _shipped(url=FORK, colab_url='"https://colab.research.google.com"')
    (problem,) = _problems(tmp_path, config)
    assert f":{_line_of(config, 'colab_url')}: Colab opens .ipynb notebooks only" in problem
    assert 'Fix: set colab_url: "" (no button).' in problem
    (tmp_path / "lessons" / "lesson.ipynb").write_text("{}", encoding="utf-8")
    assert [str(p) for p in check_project(tmp_path).problems] == []


def test_a_hub_address_that_is_not_one(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, _shipped(url=FORK, jupyterhub_url="hub.example-school.org"))
    assert "'hub.example-school.org' is not a web address" in problem


def test_without_a_repository_section_jupyter_book_would_use_its_own(tmp_path: Path) -> None:
    config = SHIPPED.replace("repository:\n", "unused:\n")
    (problem,) = _problems(tmp_path, config)
    assert "'repository: url:' is missing" in problem


def test_repository_buttons_need_the_repository(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, _shipped(use_issues_button="true"))
    assert "(needed by: use_issues_button)" in problem


def test_a_broken_config_is_reported_not_raised(tmp_path: Path) -> None:
    (problem,) = _problems(tmp_path, "title: [unclosed\n")
    assert problem.startswith(f"{tmp_path / '_config.yml'}:")


def test_what_cannot_work_is_turned_off() -> None:
    options = {
        "repository_url": "https://git.example-school.org/t/lessonkit",
        "launch_buttons": {"binderhub_url": "https://mybinder.org", "jupyterhub_url": HUB},
        "use_repository_button": True,
    }
    settings = LaunchSettings.from_theme_options(options)
    safe = safe_theme_options(options, launch_problems(settings))
    assert "repository_url" not in safe
    assert safe["launch_buttons"]["binderhub_url"] == safe["launch_buttons"]["jupyterhub_url"] == ""
    assert safe["use_repository_button"] is False
    named = safe_theme_options(options, [], provider="gitlab")
    assert named["repository_provider"] == "gitlab" and named["repository_url"]
    # a Sphinx project of another theme gets no option it does not know
    assert safe_theme_options({"nosidebar": True}, []) == {"nosidebar": True}


def _build(book: Path, output: Path, *, strict: bool = True) -> subprocess.CompletedProcess[str]:
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(book)]
    command += ["--path-output", str(output), "-n"] + ["-W"] * strict
    return subprocess.run(command, capture_output=True, text=True, check=False)


def _launch_links(html: Path) -> list[str]:
    text = html.read_text(encoding="utf-8")
    return sorted(
        set(re.findall(r'href="([^"]*(?:mybinder|git-pull|colab|github\.com)[^"]*)"', text))
    )


def _config(**launch: str) -> str:
    """A small book's _config.yml (no execution) with the shipped launch settings."""
    head = 'title: t\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: "off"\n'
    head += "sphinx:\n  extra_extensions: [lessonkit.book]\n  config:\n"
    head += f"    lessonkit_repository_provider: {launch.pop('provider', '')!r}\n"
    body = SHIPPED[SHIPPED.index("launch_buttons:") : SHIPPED.index("sphinx:\n")]
    for key, value in launch.items():
        body, count = re.subn(rf"(?m)^(\s*){key}: .*$", rf"\g<1>{key}: {value}", body)
        assert count == 1, key
    return head + body


@pytest.mark.book
def test_a_fresh_build_links_to_no_repository(tmp_path: Path) -> None:
    result = _build(_book(tmp_path / "book", _config()), tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    html = tmp_path / "out" / "_build" / "html"
    assert _launch_links(html / "lessons" / "lesson.html") == []
    assert _launch_links(html / "index.html") == []


@pytest.mark.book
def test_the_forks_address_turns_on_binder_and_the_hub(tmp_path: Path) -> None:
    config = _config(url=FORK, jupyterhub_url=f'"{HUB}"')
    result = _build(_book(tmp_path / "book", config), tmp_path / "out")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    links = _launch_links(tmp_path / "out" / "_build" / "html" / "lessons" / "lesson.html")
    assert links == [
        f"{HUB}/hub/user-redirect/git-pull?repo=https%3A//github.com/example-teacher/lessonkit"
        "&urlpath=lab/tree/lessonkit/lessons/lesson.md&branch=main",
        "https://mybinder.org/v2/gh/example-teacher/lessonkit/main"
        "?urlpath=lab/tree/lessons/lesson.md",
    ]


@pytest.mark.book
def test_an_unknown_server_is_a_warning_not_a_crash(tmp_path: Path) -> None:
    server = "https://git.example-school.org/teacher/lessonkit"
    book = _book(tmp_path / "book", _config(url=server))
    result = _build(book, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Provider not recognized" not in result.stdout + result.stderr
    assert f"repository.url: Jupyter Book cannot tell which service hosts '{server}'" in (
        result.stderr
    )
    html = tmp_path / "out" / "_build" / "html"
    assert _launch_links(html / "lessons" / "lesson.html") == []
    named = _book(tmp_path / "named", _config(url=server, provider="gitlab"))
    result = _build(named, tmp_path / "out2")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    links = _launch_links(tmp_path / "out2" / "_build" / "html" / "lessons" / "lesson.html")
    assert links == [
        "https://mybinder.org/v2/git/https%3A//git.example-school.org/teacher/lessonkit/main"
        "?urlpath=lab/tree/lessons/lesson.md"
    ]


@pytest.mark.book
def test_the_real_book_has_no_launch_or_repository_links(built_book: Path) -> None:
    pages = sorted(built_book.rglob("*.html"))
    assert len(pages) > 10
    pattern = re.compile(
        r'href="([^"]*(?:mybinder\.org/v2/|git-pull|colab\.research|'
        r'executablebooks/jupyter-book|github\.com/lessonkit)[^"]*)"'
    )
    found = {p.name: pattern.findall(p.read_text(encoding="utf-8")) for p in pages}
    assert not {name: links for name, links in found.items() if links}
