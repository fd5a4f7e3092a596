"""Write binder/requirements.txt: the exact versions Binder installs, from pyproject.toml.

    .venv/bin/python tools/binder_lock.py            (make binder-lock)
    .venv/bin/python tools/binder_lock.py --upgrade  (newest versions the ranges allow)

uv (``uv pip compile``) resolves lessonkit's dependencies and its ``lessons`` extra (what
the lesson notebooks import) for Binder's Python (binder/runtime.txt) on x86_64 Linux,
keeping the versions already in the file while they still fit. The header records a
digest of those inputs; the tests recompute it, so a dependency changed without a new
lock fails. binder/postBuild then installs lessonkit itself from the repository.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
LOCK = Path("binder") / "requirements.txt"
RUNTIME = Path("binder") / "runtime.txt"
EXTRAS = ("lessons",)
PLATFORM = "x86_64-unknown-linux-gnu"
DIGEST_PREFIX = "# inputs-sha256: "


def python_version(root: Path = ROOT) -> str:
    """Binder's Python, from runtime.txt (``python-3.11`` gives ``3.11``)."""
    text = (root / RUNTIME).read_text(encoding="utf-8").strip()
    return text.removeprefix("python-")


def _requirements(project: dict[str, Any], extras: tuple[str, ...]) -> list[str]:
    """The core dependencies and those of ``extras``, lessonkit's own extras expanded."""
    found = list(project.get("dependencies", []))
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in project.get("optional-dependencies", {}).get(extra, []):
            name, _, rest = requirement.partition("[")
            if name.strip() == project["name"]:
                pending += [e.strip() for e in rest.rstrip("]").split(",")]
            else:
                found.append(requirement)
    return sorted(set(found))


def inputs(root: Path = ROOT) -> dict[str, Any]:
    """Everything the lock is computed from."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {
        "requirements": _requirements(project, EXTRAS),
        "requires-python": project.get("requires-python", ""),
        "python": python_version(root),
        "platform": PLATFORM,
    }


def inputs_digest(root: Path = ROOT) -> str:
    """The SHA-256 of :func:`inputs`, as recorded in the lock's header."""
    text = json.dumps(inputs(root), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def recorded_digest(lock_text: str) -> str:
    """The inputs digest a lock file's header records ("" when none)."""
    for line in lock_text.splitlines():
        if line.startswith(DIGEST_PREFIX):
            return line.removeprefix(DIGEST_PREFIX).strip()
    return ""


def header(root: Path = ROOT) -> str:
    extras = ", ".join(EXTRAS)
    return (
        "# Binder's environment for the lessons: exact versions, written by `make binder-lock`\n"
        "# (tools/binder_lock.py, with uv pip compile) from pyproject.toml: lessonkit's\n"
        f"# dependencies and its [{extras}] extra, for Python {python_version(root)} "
        "(binder/runtime.txt) on\n"
        "# x86_64 Linux. binder/postBuild then installs lessonkit itself (pip install --no-deps .).\n"
        "# Do not edit by hand: change pyproject.toml and run `make binder-lock`.\n"
        f"{DIGEST_PREFIX}{inputs_digest(root)}\n"
    )


def compile_lock(output: Path, root: Path = ROOT, *, upgrade: bool = False) -> None:
    """Resolve the inputs with uv into ``output``, preferring the versions it holds."""
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is not installed: run 'make test' once (it installs the test tools)")
    command = [uv, "pip", "compile", "pyproject.toml", "--quiet", "--no-header"]
    command += [arg for extra in EXTRAS for arg in ("--extra", extra)]
    command += ["--python-version", python_version(root), "--python-platform", PLATFORM]
    command += ["--output-file", str(output)] + ["--upgrade"] * upgrade
    subprocess.run(command, cwd=root, check=True)
    # uv writes the pins only (--no-header); the header says where they come from
    output.write_text(header(root) + output.read_text(encoding="utf-8"), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="take the newest versions")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder) / "requirements.txt"
        if (ROOT / LOCK).is_file():
            shutil.copyfile(ROOT / LOCK, work)
        compile_lock(work, upgrade=args.upgrade)
        shutil.copyfile(work, ROOT / LOCK)
    print(f"wrote {LOCK} ({inputs_digest()[:12]}...)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
