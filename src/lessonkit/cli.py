"""The ``lessonkit`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ._version import package_version

__all__ = ["main"]


def _cmd_check(args: argparse.Namespace) -> int:
    from .check import check_project

    report = check_project(args.path)
    for problem in report.problems:
        print(problem)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def _cmd_datasets(args: argparse.Namespace) -> int:
    from . import datasets

    for name in datasets.list_datasets():
        sch = datasets.schema(name)
        print(f"{name:<12} {len(datasets.rows(name)):>4} rows  {sch.title}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for the tests and the docs)."""
    parser = argparse.ArgumentParser(prog="lessonkit", description=__doc__)
    parser.add_argument("--version", action="version", version=f"lessonkit {package_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate datasets, bibliography and quiz files")
    check.add_argument("path", nargs="?", default=".", help="project folder (default: .)")
    check.set_defaults(func=_cmd_check)
    listing = sub.add_parser("datasets", help="list the tables with their row counts")
    listing.set_defaults(func=_cmd_datasets)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    from .errors import LessonkitError

    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except LessonkitError as exc:
        print(exc, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
