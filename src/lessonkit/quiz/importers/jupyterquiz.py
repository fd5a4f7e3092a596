"""Read jupyterquiz question files (a JSON list of questions) as lessonkit quizzes.

Every question jupyterquiz can express is taken, with its feedback:

- ``multiple_choice`` -> ``single`` (when several answers are right, any of them is);
  ``many_choice`` -> ``multiple``; answers given as ``code`` become options of code;
- ``numeric`` -> ``numeric`` with its values and ranges (``[a, b)``), right or wrong, in
  order (the first that holds the number decides, as in jupyterquiz), their feedback, the
  default feedback and ``precision``;
- ``string`` -> ``text`` compared as jupyterquiz does (``compare: lowercase``, or
  ``exact`` with ``match_case``), with ``fuzzy_threshold`` and the feedback of right and
  wrong answers.

Texts are HTML with ``$...$`` math in jupyterquiz: they become safe Markdown
(:mod:`.markup`). Questions get ids ``q1``, ``q2``, ... by their place in the file. A
question that cannot be represented is left out and named, with the reason, in the notes;
so is anything a question loses (a note never hides a change of meaning).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from ..._validation import slug
from ...errors import QuizFormatError
from .common import QuestionImport, finish_import, read_bank
from .markup import code_text, html_to_markdown
from .mdtext import code_block

__all__ = ["jupyterquiz_to_dict"]

_TYPES = ("multiple_choice", "many_choice", "numeric", "string")


def _markdown(q: QuestionImport, text: Any, what: str) -> str:
    converted = html_to_markdown(str(text), folder=q.folder)
    for note in converted.notes:
        q.note(f"{what}: {note}")
    return converted.markdown


def _code(q: QuestionImport, text: Any, what: str) -> str:
    converted = code_text(str(text))
    for note in converted.notes:
        q.note(f"{what}: {note}")
    return converted.markdown


def _prompt(q: QuestionImport, raw: dict[str, Any]) -> None:
    prompt = _markdown(q, raw.get("question", ""), "the question")
    if raw.get("code"):
        prompt += "\n\n" + code_block(_code(q, raw["code"], "the question's code"))
    if not prompt.strip():
        q.drop("it has no question text")
    q.data["prompt"] = prompt


def _choice(q: QuestionImport, raw: dict[str, Any]) -> None:
    kind = raw["type"]
    q.data["type"] = "single" if kind == "multiple_choice" else "multiple"
    options = []
    for i, answer in enumerate(raw.get("answers") or [], start=1):
        if not isinstance(answer, dict):
            q.note(f"answer {i} is not a mapping and was left out")
            continue
        option: dict[str, Any] = {"id": f"a{i}"}
        if answer.get("answer") not in (None, ""):
            option["text"] = _markdown(q, answer["answer"], f"answer {i}")
        if answer.get("code") not in (None, ""):
            option["code"] = _code(q, answer["code"], f"the code of answer {i}")
        if not option.get("text") and not option.get("code"):
            if answer.get("correct") is True:
                q.drop(f"its right answer {i} has neither text nor code")
            q.note(f"answer {i} has neither text nor code and was left out")
            continue
        if answer.get("correct") is True:
            option["correct"] = True
        if answer.get("feedback"):
            option["feedback"] = _markdown(q, answer["feedback"], f"the feedback of answer {i}")
        if answer.get("hide"):
            q.note(f"answer {i}: 'hide' is not kept (lessonkit marks every answer right or wrong)")
        options.append(option)
    right = sum(1 for o in options if o.get("correct"))
    if right == 0:
        q.drop("no answer is marked correct, so no answer could ever be right")
    if len(options) < 2:
        q.drop(f"it has {len(options)} answer(s); a choice needs two or more")
    if kind == "many_choice" and right == 1:
        q.note(
            "many_choice with one right answer: jupyterquiz lets only one answer be chosen; "
            "lessonkit lets several be chosen and counts a wrong one against the right one"
        )
    q.data["options"] = options


def _number(q: QuestionImport, value: Any, what: str) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value):
        return float(value)
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            return None
        if math.isfinite(number):
            q.note(f"{what} was written as text ('{value}'); it is read as the number {number:g}")
            return number
    return None


def _numeric_entry(q: QuestionImport, answer: dict[str, Any], i: int) -> dict[str, Any] | None:
    entry: dict[str, Any] = {}
    if "value" in answer:
        value = _number(q, answer["value"], f"the value of answer {i}")
        if value is None:
            q.note(f"answer {i} has no usable value ({answer['value']!r}) and was left out")
            return None
        entry["value"] = value
    elif "range" in answer:
        bounds = answer["range"]
        pair = (
            [_number(q, b, f"a bound of answer {i}") for b in bounds]
            if isinstance(bounds, list) and len(bounds) == 2
            else []
        )
        if len(pair) != 2 or None in pair:
            q.note(f"answer {i} has no usable range ({bounds!r}) and was left out")
            return None
        low, high = pair[0], pair[1]
        if low is None or high is None or not low < high:
            q.note(f"the range of answer {i} ({bounds!r}) holds no number and was left out")
            return None
        entry["range"] = [low, high]
    else:
        q.note(f"answer {i} has neither a value, a range nor type 'default' and was left out")
        return None
    # jupyterquiz reads a missing 'correct' as wrong; lessonkit's entries are right unless
    # they say otherwise, so every wrong entry says it.
    if answer.get("correct") is not True:
        entry["correct"] = False
    if answer.get("feedback"):
        entry["feedback"] = _markdown(q, answer["feedback"], f"the feedback of answer {i}")
    return entry


def _default_feedback(q: QuestionImport, answers: list[Any]) -> None:
    """The last default entry's feedback: jupyterquiz shows it when no entry decides."""
    texts = [
        a.get("feedback") for a in answers if isinstance(a, dict) and a.get("type") == "default"
    ]
    if texts and texts[-1]:
        q.data["default_feedback"] = _markdown(q, texts[-1], "the default feedback")


def _numeric(q: QuestionImport, raw: dict[str, Any]) -> None:
    q.data["type"] = "numeric"
    answers = raw.get("answers") or []
    entries = []
    for i, answer in enumerate(answers, start=1):
        if isinstance(answer, dict) and answer.get("type") == "default":
            continue
        entry = _numeric_entry(q, answer, i) if isinstance(answer, dict) else None
        if entry is not None:
            entries.append(entry)
    if not any(e.get("correct", True) for e in entries):
        q.drop("no value or range is marked correct, so no number could ever be right")
    q.data["answers"] = entries
    precision = raw.get("precision")
    if precision is not None:
        if isinstance(precision, int) and not isinstance(precision, bool) and 1 <= precision <= 100:
            q.data["precision"] = precision
        else:
            q.note(
                f"precision {precision!r} is not a whole number from 1 to 100 (jupyterquiz "
                "stops with an error on it); answers are compared without rounding"
            )
    _default_feedback(q, answers)


def _string(q: QuestionImport, raw: dict[str, Any]) -> None:
    q.data["type"] = "text"
    answers = raw.get("answers") or []
    entries: list[Any] = []
    cases, thresholds = set(), set()
    for i, answer in enumerate(answers, start=1):
        if not isinstance(answer, dict) or answer.get("type") == "default":
            continue
        text = answer.get("answer")
        if not isinstance(text, str) or not text.strip():
            q.note(f"answer {i} has no text and was left out")
            continue
        entry: dict[str, Any] = {"text": text.strip()}
        if answer.get("correct") is not True:
            entry["correct"] = False
        if answer.get("feedback"):
            entry["feedback"] = _markdown(q, answer["feedback"], f"the feedback of answer {i}")
        cases.add(bool(answer.get("match_case")))
        thresholds.add(answer.get("fuzzy_threshold") or None)
        entries.append(entry if len(entry) > 1 else entry["text"])
    if not any(isinstance(e, str) or e.get("correct", True) for e in entries):
        q.drop("no answer is marked correct, so no text could ever be right")
    q.data["answers"] = entries
    q.data["compare"] = "exact" if cases == {True} else "lowercase"
    if len(cases) > 1:
        q.note(
            "some answers have match_case and some not; lessonkit compares all answers of a "
            "question one way, here ignoring case"
        )
    usable = {t for t in thresholds if isinstance(t, (int, float)) and 0 < t <= 1}
    if usable:
        q.data["fuzzy"] = min(usable)
        if len(thresholds) > 1:
            q.note(
                f"the answers' fuzzy_threshold values ({', '.join(sorted(map(str, thresholds)))}) "
                f"become one threshold, {min(usable)}, for every answer"
            )
    _default_feedback(q, answers)


def _read(source: str | Path | list[Any]) -> tuple[list[Any], str]:
    if not isinstance(source, (str, Path)):
        return source, "<jupyterquiz>"
    path = Path(source)
    text = read_bank(path, "jupyterquiz", saved_as="UTF-8 JSON")
    try:
        return json.loads(text), str(path)
    except json.JSONDecodeError as exc:
        raise QuizFormatError(
            f"not valid JSON ({exc.msg})",
            path=str(path),
            line=exc.lineno,
            hint="check the file with a JSON validator",
        ) from None


def jupyterquiz_to_dict(
    data: str | Path | list[Any], *, quiz_id: str | None = None, title: str | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Convert a jupyterquiz file (path) or question list; return (quiz data, notes).

    The notes name every question left out, with the reason, and what the others lost.
    Raises :class:`~lessonkit.errors.QuizFormatError` when nothing can be imported.
    """
    questions, where = _read(data)
    if isinstance(data, (str, Path)):
        stem = Path(data).stem
        quiz_id = quiz_id or slug(stem, fallback="imported-quiz")
        title = title or stem.replace("_", " ").replace("-", " ").capitalize()
    if not isinstance(questions, list) or not questions:
        raise QuizFormatError(
            "a jupyterquiz file must be a non-empty JSON list of questions",
            path=where,
            hint="wrap the questions in [ ... ]",
        )
    imports = []
    folder = Path(data).parent if isinstance(data, (str, Path)) else None
    for n, raw in enumerate(questions, start=1):
        q = QuestionImport(f"q{n}", folder=folder)
        imports.append(q)
        if not isinstance(raw, dict):
            q.drop("it is not a JSON object")
            continue
        kind = raw.get("type")
        if kind not in _TYPES:
            q.drop(f"its type {kind!r} is not one of jupyterquiz's ({', '.join(_TYPES)})")
            continue
        _prompt(q, raw)
        {"numeric": _numeric, "string": _string}.get(kind, _choice)(q, raw)
    return finish_import(imports, quiz_id or "imported-quiz", title or "Imported quiz", where)
