"""Read a quiz file, check all of it, and give the parts of a :class:`~lessonkit.quiz.Quiz`.

Steps: decode UTF-8 -> compose YAML nodes (each keeps its line) -> the quiz's JSON Schema
(``quiz.schema.json``, through :func:`lessonkit._validation.validate`) -> semantic checks
(``checks``) -> dataclasses. Every problem in the file is reported at once as one
:class:`~lessonkit.errors.QuizFormatError`; no YAML or schema traceback escapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .._validation import Schema, describe, validate
from .._yaml import key_text, read_yaml_text
from ..errors import Problem, QuizFormatError
from .checked import CheckedQuiz, recall, remember
from .checks import check_structure
from .images import find_images, image_problems
from .questions import Question
from .resolve import Lookups, resolve_references

__all__ = ["check_quiz_data", "load_quiz_data", "load_quiz_file", "quiz_schema"]

Where = tuple[Any, ...]
_START = "start the file with 'id:', 'title:' and 'questions:' (see docs/quiz-format.md)"


def quiz_schema() -> Schema:
    """The JSON Schema of a quiz file (shipped as ``lessonkit/quiz/quiz.schema.json``)."""
    return Schema.shipped("quiz", "quiz.schema.json")


def _string_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {key_text(k): _string_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_string_keys(v) for v in value]
    return value


class _Lines:
    """The 1-based line of every node by its path; the closest parent's when unknown."""

    def __init__(self, lines: dict[Where, int] | None = None) -> None:
        self.lines = lines

    def __call__(self, where: Where) -> int | None:
        if self.lines is None:
            return None
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)


def _read(path: Path) -> bytes:
    shown = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise QuizFormatError(
            "there is no quiz file here",
            path=shown,
            hint=f"check the path (relative to {Path.cwd()})",
        ) from None
    except OSError as exc:
        raise QuizFormatError(
            f"the quiz file cannot be read ({exc.strerror})",
            path=shown,
            hint="check that it is a readable file, not a folder",
        ) from None


def _decode(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise QuizFormatError(
            f"the quiz file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            path=shown,
            line=line,
            hint="save the file with UTF-8 encoding",
        ) from None


def check_quiz_data(data: Any, path: str, line: _Lines) -> list[Problem]:
    """Schema and semantic problems of parsed quiz data: what the file alone decides
    (what it refers to, excerpts, sources and image files, is :func:`_references`')."""
    if data is None:
        return [Problem(path, 1 if line.lines is not None else None, "the quiz is empty", _START)]
    if not isinstance(data, dict):
        what = f"the quiz is {describe(data)}, not a mapping of keys"
        return [Problem(path, line(()), what, _START)]
    problems = validate(data, quiz_schema(), path=path, lines=line)
    problems += check_structure(data, line, path, quiz_schema())
    problems += image_problems(data, line, path, quiz_schema())
    return problems


#: what a quiz refers to outside its file: excerpts, citations, image files
_References = tuple[dict[str, Any], dict[str, str], dict[str, Path]]


def _references(
    data: dict[str, Any], line: _Lines, path: str, folder: str | Path | None, image_folder: Path
) -> tuple[list[Problem], _References]:
    """The problems of the excerpts, sources and image files a quiz refers to, and those
    that resolved."""
    problems, excerpts, citations = resolve_references(
        data, line, path, Lookups(folder), quiz_schema()
    )
    missing, images = find_images(data, line, path, image_folder)
    problems += sorted(missing, key=lambda p: p.line or 0)
    return problems, (excerpts, citations, images)


def _fields(
    data: dict[str, Any],
    question_lines: list[int | None],
    references: _References,
    file: Path | None,
) -> dict[str, Any]:
    excerpts, citations, images = references
    return {
        "id": data["id"],
        "title": data["title"],
        "version": int(data.get("version", 1)),
        "shuffle": data.get("shuffle", False),
        "seed": int(data.get("seed", 0)),
        "questions": tuple(
            Question.from_data(q, n) for q, n in zip(data["questions"], question_lines, strict=True)
        ),
        "excerpts": excerpts,
        "citations": citations,
        "images": images,
        "path": file,
    }


def _build(
    data: Any,
    lines: dict[Where, int] | None,
    path: str,
    folder: str | Path | None,
    problems: list[Problem],
    file: Path | None,
    resolve: bool,
    image_folder: Path,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The fields of the quiz, and its checked data (keys as texts)."""
    line = _Lines(lines)
    data = _string_keys(data)
    problems = problems + check_quiz_data(data, path, line)
    references: _References = ({}, {}, {})
    if resolve and isinstance(data, dict):
        more, references = _references(data, line, path, folder, image_folder)
        problems += more
    if problems:
        raise QuizFormatError.from_problems(problems)
    question_lines = [line(("questions", i)) for i in range(len(data["questions"]))]
    return _fields(data, question_lines, references, file), data


def _from_checked(
    checked: CheckedQuiz, path: str, folder: str | Path | None, file: Path, resolve: bool
) -> dict[str, Any] | None:
    """The fields of a quiz whose file passed before; None when what it refers to has a
    problem (the file is then read again, so that the message names lines) or when the
    kept data does not make a quiz."""
    data, question_lines = checked
    references: _References = ({}, {}, {})
    try:
        if resolve:
            problems, references = _references(data, _Lines(None), path, folder, file.parent)
            if problems:
                return None
        return _fields(data, list(question_lines), references, file)
    except (LookupError, TypeError, ValueError, AttributeError):
        return None


def load_quiz_file(
    path: str | Path, *, datasets: str | Path | None = None, resolve: bool = True
) -> dict[str, Any]:
    """Read and check the quiz in ``path``; return the fields of its :class:`Quiz`
    (see :meth:`Quiz.from_yaml`). A file that passed before, unchanged, is not parsed
    and checked again (:mod:`.checked`)."""
    file = Path(path)
    raw = _read(file)
    kept = recall(raw)
    if kept is not None:
        fields = _from_checked(kept, str(path), datasets, file, resolve)
        if fields is not None:
            return fields
    doc = read_yaml_text(_decode(raw, str(path)), str(path), QuizFormatError, "quiz")
    fields, data = _build(
        doc.data, doc.lines, str(path), datasets, doc.problems, file, resolve, file.parent
    )
    remember(raw, data, [q.line for q in fields["questions"]])
    return fields


def load_quiz_data(
    data: Any,
    *,
    source: str = "<dict>",
    datasets: str | Path | None = None,
    resolve: bool = True,
    images: str | Path | None = None,
) -> dict[str, Any]:
    """Check quiz data; return the fields of its :class:`Quiz` (see :meth:`Quiz.from_dict`).
    Image paths are relative to ``images`` (default: the current folder)."""
    folder = Path(images) if images is not None else Path.cwd()
    return _build(data, None, source, datasets, [], None, resolve, folder)[0]
