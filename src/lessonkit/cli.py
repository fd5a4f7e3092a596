"""The ``lessonkit`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._extras import require
from ._version import package_version

if TYPE_CHECKING:
    from .answers import ProgressStore

__all__ = ["main"]


def _cmd_check(args: argparse.Namespace) -> int:
    from .book.check import check_project

    report = check_project(args.path)
    for problem in report.problems:
        print(problem)
    print(report.summary(), file=sys.stderr if report.problems else sys.stdout)
    return 0 if report.ok else 1


def _cmd_datasets(args: argparse.Namespace) -> int:
    from .data import datasets

    for name in datasets.list_datasets():
        sch = datasets.schema(name)
        print(f"{name:<12} {len(datasets.rows(name)):>4} rows  {sch.title}")
    return 0


def _cmd_progress(args: argparse.Namespace) -> int:
    from .answers import ProgressStore

    with ProgressStore(args.store) as store:
        quizzes = store.summary()
    if not quizzes:
        print(f"No answers recorded yet in {store.path}.")
        return 0
    print(f"{'quiz':<40} {'answered':>8} {'correct':>8} {'score':>7} {'checks':>7}")
    for q in quizzes:
        label = (q.title or q.quiz_id)[:40]
        print(
            f"{label:<40} {q.answered:>8} {q.correct:>8} {q.score:>4.1f}/{q.graded:<2} "
            f"{q.checks:>7}"
        )
    print(f"\nStore: {store.path}")
    return 0


def _student_name(args: argparse.Namespace, store: ProgressStore) -> str:
    """The name given, else the one saved in the store, else asked for (and saved)."""
    from .errors import ProgressFileError

    name = str(args.student or "").strip() or store.get_setting("student") or ""
    if not name:
        if not sys.stdin.isatty():
            raise ProgressFileError(
                "no student name or id is saved yet",
                path=str(store.path),
                hint="run again with --student 'Your Name' (asked only once)",
            )
        name = input("Your name or student id (saved for next time): ").strip()
        if not name:
            raise ProgressFileError(
                "no student name or id was given",
                path=str(store.path),
                hint="run again and type your name, or add --student 'Your Name'",
            )
    if name != store.get_setting("student"):
        try:
            store.set_setting("student", name)
        except ProgressFileError as exc:  # a read-only store can still be exported
            print(f"{exc} (the export goes on)", file=sys.stderr)
    return name


def _cmd_export_responses(args: argparse.Namespace) -> int:
    from .answers import ProgressStore
    from .answers.export import export_responses

    with ProgressStore(args.store) as store:
        student = _student_name(args, store)
        answers, quizzes = export_responses(
            store,
            student,
            args.output,
            version=package_version(),
            fmt="csv" if args.csv else None,
        )
    print(f"Wrote {answers} answers to {quizzes} quiz(zes) for {student} to {args.output}")
    return 0


def _cmd_hand_in(args: argparse.Namespace) -> int:
    from ._context import current
    from .answers import ProgressStore
    from .answers.exchange import course_exchange, hand_in_answers
    from .errors import ProgressFileError

    context = current()
    exchange = course_exchange(args.course, args.to, context)
    store = ProgressStore(args.store)
    user = context.hub_user
    if user is None:
        user = _student_name(args, store)
    elif args.student and args.student != user:
        raise ProgressFileError(
            f"on the hub you hand in as your hub user '{user}'", hint="leave out --student"
        )
    path, count = hand_in_answers(store, exchange, user)
    print(
        f"Handed in {count} answers as {user}: {path}\n"
        "You may hand in again: the newest hand-in counts, the earlier ones are kept."
    )
    return 0


def _cmd_collect(args: argparse.Namespace) -> int:
    import datetime as dt

    from .answers.exchange import course_exchange
    from .errors import ProgressFileError
    from .teacher.collect import collect, read_roster

    due = None
    if args.due:
        try:
            due = dt.datetime.fromisoformat(args.due).astimezone()
        except ValueError:
            raise ProgressFileError(
                f"--due {args.due!r} is not a date and time", hint="write e.g. 2026-03-01T12:00"
            ) from None
    exchange = course_exchange(args.course, args.exchange)
    roster = read_roster(args.roster) if args.roster else None
    collection = collect(exchange, roster=roster, due=due)
    print(collection.report())
    return 1 if collection.problems and args.strict else 0


def _cmd_gradebook(args: argparse.Namespace) -> int:
    from .teacher.gradebook import gradebook

    files = list(args.files)
    if args.exchange or args.course or not files:
        from .answers.exchange import course_exchange, latest_handins, list_handins

        handins, _ = list_handins(course_exchange(args.course, args.exchange))
        files += [h.path for h in latest_handins(handins)]  # each student's newest counts
    book = gradebook(files, args.quizzes)
    print(book.report())
    if args.html:
        book.write_html(args.html)
        print(f"\nHTML report: {args.html}")
    if args.csv:
        book.write_csv(args.csv)
        print(f"Scores table: {args.csv}")
    return 1 if book.problems and args.strict else 0


def _refuse_existing(paths: list[Path], force: bool) -> bool:
    """Print the problem and return True when a file would be replaced without --force."""
    existing = [p for p in paths if p.exists()]
    if existing and not force:
        print(
            f"{existing[0]}: the file already exists. Fix: choose another name with -o, "
            "or add --force.",
            file=sys.stderr,
        )
        return True
    return False


def _cmd_worksheets(quizzes: list[Any], args: argparse.Namespace) -> int:
    from .teacher.exports.worksheet import print_to_pdf, worksheet_pages

    pages = worksheet_pages(quizzes, lang=args.lang)
    folder = Path(args.output or "worksheets")
    targets = [folder / name for name in pages]
    pdfs = [t.with_suffix(".pdf") for t in targets] if not args.no_pdf else []
    if _refuse_existing(targets + pdfs, args.force):
        return 1
    folder.mkdir(parents=True, exist_ok=True)
    for target, page in zip(targets, pages.values(), strict=True):
        target.write_text(page, encoding="utf-8")
    print(f"Wrote {len(targets)} worksheet(s) to {folder}/ (open one and print it)")
    if not args.no_pdf:
        made = print_to_pdf(targets)
        if isinstance(made, str):
            print(f"  no PDF: {made}; print the HTML pages from a browser instead")
        else:
            print(f"  and {len(made)} PDF file(s) beside them")
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from .quiz import Quiz

    quizzes = [Quiz.from_yaml(path) for path in args.quizzes]
    if args.format == "worksheet":
        return _cmd_worksheets(quizzes, args)
    if args.format == "gift":
        from .teacher.exports.gift import to_gift

        result = to_gift(quizzes)
    elif args.format == "qti":
        from .teacher.exports.qtipackage import to_qti_zip

        result = to_qti_zip(quizzes)
    elif args.format == "jupyterquiz":
        from .teacher.exports.jupyterquiz import to_jupyterquiz

        result = to_jupyterquiz(quizzes)
    else:
        from .teacher.exports.answerkey import answer_key

        result = answer_key(quizzes, fmt="html" if args.format == "key-html" else "md")
    default = {
        "gift": "quizzes.gift.txt",
        "qti": "quizzes-qti.zip",
        "jupyterquiz": "quizzes.jupyterquiz.json",
        "key": "answer-key.md",
        "key-html": "answer-key.html",
    }[args.format]
    output = Path(args.output or default)
    if _refuse_existing([output], args.force):
        return 1
    if isinstance(result.content, bytes):
        output.write_bytes(result.content)
    else:
        output.write_text(result.content, encoding="utf-8")
    print(f"Exported {result.exported} question(s) to {output}")
    for skipped in result.skipped:
        print(f"  {skipped}")
    for note in result.notes:
        print(f"  note: {note}")
    return 0


def _image_copies(
    images: Mapping[str, Path], folder: Path, force: bool
) -> list[tuple[Path, Path]] | None:
    """The images to copy next to an imported quiz (None: one would replace another file)."""
    copies = []
    for src, source in images.items():
        target = folder / src
        if target.resolve() == source.resolve():
            continue
        if target.exists() and target.read_bytes() != source.read_bytes() and not force:
            print(
                f"{target}: another file of that name is already there. Fix: import into "
                "another folder, or add --force.",
                file=sys.stderr,
            )
            return None
        copies.append((source, target))
    return copies


def _cmd_import(args: argparse.Namespace) -> int:
    from .quiz import Quiz
    from .quiz.serialize import quiz_to_yaml

    output = Path(args.output)
    if output.exists() and not args.force:
        print(
            f"{output}: the file already exists. Fix: choose another name with -o, or add --force.",
            file=sys.stderr,
        )
        return 1
    read = Quiz.from_gift if args.source == "gift" else Quiz.from_jupyterquiz
    quiz = read(args.file, quiz_id=args.id, title=args.title)
    left_out = sum(1 for note in quiz.import_notes if ": not imported: " in note)
    header = [f"Imported from {Path(args.file).name} ({args.source}) by lessonkit import."]
    header += [f"Note: {note}" for note in quiz.import_notes]
    copies = _image_copies(quiz.images, output.parent, args.force)
    if copies is None:
        return 1
    output.write_text(quiz_to_yaml(quiz, comments=header), encoding="utf-8")
    for source, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        print(f"Copied the image {source.name} to {target}")
    total = len(quiz.questions) + left_out
    print(f"Imported {len(quiz.questions)} of {total} question(s) into {output}")
    for note in quiz.import_notes:
        print(f"  {note}")
    return 0


def _cmd_build_book(args: argparse.Namespace) -> int:
    require("book")
    from .book.build import build_book

    build_book(Path(args.path), list(args.options))  # Jupyter Book exits with its status
    return 0


def _cmd_execute_book(args: argparse.Namespace) -> int:
    require("book")
    from .book.execute import execute_book

    outcomes = execute_book(
        args.path, output=args.output, jobs=args.jobs, timeout=args.timeout, fork=args.fork
    )
    for outcome in outcomes:
        extra = f" in {outcome.seconds:.1f} s" if outcome.status == "executed" else ""
        extra += f": {outcome.error}" if outcome.error else ""
        print(f"{outcome.status:>8}  {outcome.path.name}{extra}")
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        print(
            f"{len(failed)} notebook(s) failed; the book build will run them again and show the error."
        )
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

    progress = sub.add_parser("progress", help="summary of your saved answers, per lesson quiz")
    progress.add_argument("--store", help="progress store file (default: user data directory)")
    progress.set_defaults(func=_cmd_progress)

    export = sub.add_parser("export-responses", help="write the file you hand in to your teacher")
    export.add_argument("-o", "--output", required=True, help="file to write (.json or .csv)")
    export.add_argument("--student", help="your name or student id (saved for next time)")
    export.add_argument("--csv", action="store_true", help="write CSV instead of JSON")
    export.add_argument("--store", help="progress store file (default: user data directory)")
    export.set_defaults(func=_cmd_export_responses)

    export_quiz = sub.add_parser(
        "export",
        help="export quizzes to Moodle GIFT, Canvas QTI, jupyterquiz, an answer key or printable "
        "worksheets",
    )
    export_quiz.add_argument(
        "--format",
        required=True,
        choices=["gift", "qti", "jupyterquiz", "key", "key-html", "worksheet"],
    )
    export_quiz.add_argument("quizzes", nargs="+", help="quiz YAML files")
    export_quiz.add_argument(
        "-o", "--output", help="output file (for worksheet: folder, default worksheets/)"
    )
    export_quiz.add_argument("--force", action="store_true", help="replace existing output files")
    export_quiz.add_argument(
        "--no-pdf", action="store_true", help="worksheet: write the HTML pages only"
    )
    export_quiz.add_argument(
        "--lang", help="worksheet: interface language (en, ru; default: LESSONKIT_LANGUAGE)"
    )
    export_quiz.set_defaults(func=_cmd_export)

    importer = sub.add_parser(
        "import", help="read a jupyterquiz or Moodle GIFT question bank into a quiz file"
    )
    importer.add_argument(
        "--from", dest="source", required=True, choices=["jupyterquiz", "gift"], help="its format"
    )
    importer.add_argument("file", help="the question bank (jupyterquiz JSON, GIFT text)")
    importer.add_argument("-o", "--output", required=True, help="the quiz YAML file to write")
    importer.add_argument("--id", help="the quiz id (default: from the file name)")
    importer.add_argument("--title", help="the quiz title (default: from the file name)")
    importer.add_argument("--force", action="store_true", help="replace an existing output file")
    importer.set_defaults(func=_cmd_import)

    builder = sub.add_parser(
        "build-book",
        help="jupyter-book build, with the kernels' fork server started first",
        description="Run 'jupyter-book build PATH OPTIONS'; the process that forks the "
        "book's kernels starts before Jupyter Book loads, so that even one edited "
        "notebook runs in a ready kernel. Options after PATH go to jupyter-book.",
    )
    builder.add_argument("path", help="book folder")
    builder.add_argument("options", nargs=argparse.REMAINDER, help="jupyter-book build options")
    builder.set_defaults(func=_cmd_build_book)

    run = sub.add_parser(
        "execute-book", help="execute a book's notebooks in parallel into its cache"
    )
    run.add_argument("path", nargs="?", default=".", help="book folder (default: .)")
    run.add_argument("--output", help="the build's --path-output (default: the book folder)")
    run.add_argument(
        "--jobs", type=int, help="kernels run at once (default: one per core, plus one)"
    )
    run.add_argument("--timeout", type=int, default=180, help="seconds per cell")
    run.add_argument(
        "--no-fork",
        dest="fork",
        action="store_false",
        help="start every kernel alone (default: fork them from one process that has "
        "imported the notebooks' libraries)",
    )
    run.set_defaults(func=_cmd_execute_book)

    handing = sub.add_parser(
        "hand-in", help="hand your answers in to the course exchange on a JupyterHub"
    )
    handing.add_argument("--to", help="exchange folder (default: $LESSONKIT_EXCHANGE)")
    handing.add_argument("--course", help="the course's exchange, beside the configured one")
    handing.add_argument("--student", help="your name or student id, when not on a hub")
    handing.add_argument("--store", help="progress store file (default: user data directory)")
    handing.set_defaults(func=_cmd_hand_in)

    collecting = sub.add_parser(
        "collect", help="list who handed in what and when in a course exchange"
    )
    collecting.add_argument("--course", help="the course's exchange, beside the configured one")
    collecting.add_argument("--exchange", help="exchange folder (default: $LESSONKIT_EXCHANGE)")
    collecting.add_argument("--roster", help="file of the hub user names expected, one a line")
    collecting.add_argument("--due", help="due date and time (ISO, e.g. 2026-03-01T12:00)")
    collecting.add_argument(
        "--strict", action="store_true", help="exit 1 if any file had a problem"
    )
    collecting.set_defaults(func=_cmd_collect)

    grades = sub.add_parser(
        "gradebook", help="regrade handed-in files against the quiz files, in one gradebook"
    )
    grades.add_argument(
        "files", nargs="*", help="handed-in .json or .csv files (default: the exchange's)"
    )
    grades.add_argument(
        "--quizzes",
        action="append",
        metavar="PATH",
        help="a quiz file or a folder of quiz files, in every version handed in (repeatable; "
        "default: the book's lessons/quizzes when run inside the book)",
    )
    grades.add_argument("--exchange", help="read the newest hand-in of each student there")
    grades.add_argument("--course", help="the course's exchange, beside the configured one")
    grades.add_argument("--html", help="also write an HTML report with a chart")
    grades.add_argument("--csv", help="also write one line per student (totals, scores) as CSV")
    grades.add_argument("--strict", action="store_true", help="exit 1 if there is any problem")
    grades.set_defaults(func=_cmd_gradebook)
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
