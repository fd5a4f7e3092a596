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
from .checks import check_semantics
from .questions import QUESTION_TYPES, Item, Option, Pair, Question
from .resolve import Lookups

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


def _read(path: Path) -> str:
    shown = str(path)
    try:
        raw = path.read_bytes()
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


def check_quiz_data(
    data: Any, path: str, line: _Lines, look: Lookups
) -> tuple[list[Problem], dict[str, Any], dict[str, str]]:
    """Schema and semantic problems of parsed quiz data, plus resolved excerpts and citations."""
    if data is None:
        return (
            [Problem(path, 1 if line.lines is not None else None, "the quiz is empty", _START)],
            {},
            {},
        )
    if not isinstance(data, dict):
        return (
            [
                Problem(
                    path, line(()), f"the quiz is {describe(data)}, not a mapping of keys", _START
                )
            ],
            {},
            {},
        )
    problems = validate(data, quiz_schema(), path=path, lines=line)
    more, excerpts, citations = check_semantics(data, line, path, look, quiz_schema())
    return problems + more, excerpts, citations


def _options(raw: list[dict[str, Any]]) -> tuple[Option, ...]:
    return tuple(
        Option(o["id"], o["text"], o.get("correct", False), o.get("feedback")) for o in raw
    )


def _question(raw: dict[str, Any], line: int | None) -> Question:
    kind = raw["type"]
    extra: dict[str, Any] = {}
    if kind in ("single", "multiple"):
        extra = {"options": _options(raw["options"]), "shuffle": raw.get("shuffle")}
    elif kind == "true_false":
        feedback = raw.get("feedback", {})
        extra = {
            "answer": raw["answer"],
            "feedback_true": feedback.get("true"),
            "feedback_false": feedback.get("false"),
        }
    elif kind == "numeric":
        extra = {
            "answer": raw["answer"],
            "tolerance": raw.get("tolerance", 0),
            "unit": raw.get("unit"),
        }
    elif kind == "text":
        extra = {"answers": tuple(raw["answers"]), "fuzzy": raw.get("fuzzy")}
    elif kind == "ordering":
        extra = {"items": tuple(Item(i["id"], i["text"]) for i in raw["items"])}
    elif kind == "matching":
        extra = {
            "pairs": tuple(Pair(p["id"], p["left"], p["right"]) for p in raw["pairs"]),
            "distractors": tuple(Item(d["id"], d["text"]) for d in raw.get("distractors", [])),
        }
    elif kind == "highlight":
        extra = {"evidence": tuple(raw["evidence"])}
    elif kind == "open":
        extra = {
            "model_answer": raw["model_answer"],
            "rubric": tuple(raw["rubric"]),
            "min_words": raw.get("min_words", 1),
        }
    return QUESTION_TYPES[kind](
        id=raw["id"],
        prompt=raw["prompt"],
        points=raw.get("points", 1),
        excerpt=raw.get("excerpt"),
        hints=tuple(raw.get("hints", ())),
        explanation=raw.get("explanation"),
        source=raw.get("source"),
        line=line,
        **extra,
    )


def _build(
    data: Any,
    lines: dict[Where, int] | None,
    path: str,
    folder: str | Path | None,
    problems: list[Problem],
    file: Path | None,
) -> dict[str, Any]:
    line = _Lines(lines)
    data = _string_keys(data)
    found, excerpts, citations = check_quiz_data(data, path, line, Lookups(folder))
    problems = problems + found
    if problems:
        raise QuizFormatError.from_problems(problems)
    return {
        "id": data["id"],
        "title": data["title"],
        "version": int(data.get("version", 1)),
        "shuffle": data.get("shuffle", False),
        "seed": int(data.get("seed", 0)),
        "questions": tuple(
            _question(q, line(("questions", i))) for i, q in enumerate(data["questions"])
        ),
        "excerpts": excerpts,
        "citations": citations,
        "path": file,
    }


def load_quiz_file(path: str | Path, *, datasets: str | Path | None = None) -> dict[str, Any]:
    """Read and check the quiz in ``path``; return the fields of its :class:`Quiz`
    (see :meth:`Quiz.from_yaml`)."""
    file = Path(path)
    doc = read_yaml_text(_read(file), str(path), QuizFormatError, "quiz")
    return _build(doc.data, doc.lines, str(path), datasets, doc.problems, file)


def load_quiz_data(
    data: Any, *, source: str = "<dict>", datasets: str | Path | None = None
) -> dict[str, Any]:
    """Check quiz data; return the fields of its :class:`Quiz` (see :meth:`Quiz.from_dict`)."""
    return _build(data, None, source, datasets, [], None)
