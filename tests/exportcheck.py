"""Shared pieces of the export tests: the quizzes to export, the hostile quiz with control
characters, and gift-pegjs (an independent GIFT parser from npm) run through node."""

from __future__ import annotations

import dataclasses
import json
import re
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from lessonkit.quiz import Quiz
from lessonkit.quiz.questions import Excerpt, Option, SingleChoice

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXTURE_DATA = HERE / "quizzes" / "datasets"
LESSON_QUIZZES = sorted((ROOT / "lessons" / "quizzes").glob("*.yaml"))
GIFT_PARSER = HERE / "gift" / "parse.js"
GIFT_PEGJS = ROOT / "node_modules" / "gift-pegjs"
#: The IMS schemas (tests/schemas/ims/README.md says where they come from).
IMS = HERE / "schemas" / "ims"
QTI_XSD = IMS / "asi" / "ims_qtiasiv1p2.xsd"
CP_XSD = IMS / "imscp_v1p2.xsd"
CONTROL = "\x01\x07\x1b\x7f\x85\ufffe"


def fixture_quiz(name: str) -> Quiz:
    return Quiz.from_yaml(HERE / "quizzes" / f"{name}.yaml", datasets=FIXTURE_DATA)


#: Names of the quizzes every export test reads back: the shipped lesson quizzes (by file
#: name), the nine-type fixture, the hostile quiz, the hostile quiz with control
#: characters added in Python, and the quiz of what other tools hold (numeric entries,
#: several right options, options of code, comparisons, math, an image).
QUIZ_NAMES = [path.stem for path in LESSON_QUIZZES] + [
    "all-types",
    "hostile",
    "control",
    "interchange",
]


def every_quiz() -> dict[str, Quiz]:
    """The quizzes of :data:`QUIZ_NAMES`, by name."""
    quizzes = {path.stem: Quiz.from_yaml(path) for path in LESSON_QUIZZES}
    quizzes["all-types"] = fixture_quiz("all-types")
    quizzes["hostile"] = fixture_quiz("hostile")
    quizzes["control"] = with_control_characters(quizzes["hostile"])
    quizzes["interchange"] = fixture_quiz("interchange")
    return quizzes


def with_control_characters(quiz: Quiz) -> Quiz:
    """A copy of ``quiz`` (built in Python, past the loader's check) whose title, first
    prompt, first option and first excerpt sentence hold control characters."""
    first = quiz.questions[0]
    assert isinstance(first, SingleChoice)
    option = first.options[0]
    options = (
        Option(option.id, option.text + CONTROL, option.correct, CONTROL),
        *first.options[1:],
    )
    changed = dataclasses.replace(first, prompt=first.prompt + CONTROL, options=options)
    excerpts: dict[str, Excerpt] = {}
    for key, excerpt in quiz.excerpts.items():
        sentences = (excerpt.sentences[0] + CONTROL, *excerpt.sentences[1:])
        excerpts[key] = dataclasses.replace(excerpt, sentences=sentences)
    return dataclasses.replace(
        quiz,
        title=quiz.title + CONTROL,
        questions=(changed, *quiz.questions[1:]),
        excerpts=excerpts,
    )


def gift_pegjs(texts: Mapping[str, str], folder: Path) -> dict[str, Any]:
    """Each GIFT text parsed by gift-pegjs: ``{name: {"questions": [...]}}``, or
    ``{name: {"error": ..., "line": ..., "column": ...}}``."""
    if not GIFT_PEGJS.is_dir():
        pytest.fail(f"{GIFT_PEGJS} is missing: run 'bash tools/setup-node.sh' (npm ci)")
    paths = []
    for name, text in texts.items():
        path = folder / f"{name}.gift"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    done = subprocess.run(
        ["node", str(GIFT_PARSER), *map(str, paths)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    parsed = json.loads(done.stdout)
    return {Path(path).stem: value for path, value in parsed.items()}


#: The files that tell teachers how to export: the README, the guides, docs/.
DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "guide").glob("*.md")),
    *sorted((ROOT / "docs").glob("*.md")),
]
_EXPORT = re.compile(r"lessonkit export --format [^`\n]+")


def documented_exports() -> list[str]:
    """Every distinct ``lessonkit export ...`` command the documentation shows."""
    found: list[str] = []
    for path in DOCS:
        for match in _EXPORT.finditer(path.read_text(encoding="utf-8")):
            command = match.group(0).strip()
            if command not in found:
                found.append(command)
    return found


def documented_args(command: str) -> list[str]:
    """``command`` as the shell in the project folder passes it: globs expanded."""
    words = shlex.split(command)
    assert words[0] == "lessonkit", command
    args: list[str] = []
    for word in words[1:]:
        if any(char in word for char in "*?["):
            matches = sorted(str(path) for path in ROOT.glob(word))
            assert matches, f"{word} matches no file in {ROOT}"
            args += matches
        else:
            args.append(word)
    return args
