"""The export steps the README and the guides give teachers are the commands tested here:
each documented `lessonkit export` command runs as written (globs expanded as the shell
does in the project folder), and what it writes is read back by the independent clients.
The worksheet command (Chromium prints PDFs) runs in tests/browser/test_print.py."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from exportcheck import (
    CP_XSD,
    LESSON_QUIZZES,
    QTI_XSD,
    documented_args,
    documented_exports,
    gift_pegjs,
)
from lxml import etree

from lessonkit.cli import main
from lessonkit.quiz import Quiz

COMMANDS = documented_exports()
OUTPUTS = {
    "gift": "quizzes.gift.txt",
    "qti": "quizzes-qti.zip",
    "jupyterquiz": "quizzes.jupyterquiz.json",
    "key": "answer-key.md",
    "key-html": "answer-key.html",
}
#: What jupyterquiz has no form for (docs/interchange.md).
NOT_IN_JUPYTERQUIZ = {"ordering", "matching", "open"}


def _format(command: str) -> str:
    return command.split("--format ", 1)[1].split()[0]


def test_the_docs_show_every_export_format_for_every_lesson_quiz() -> None:
    assert {_format(c) for c in COMMANDS} == {*OUTPUTS, "worksheet"}
    for command in COMMANDS:
        quizzes = [a for a in documented_args(command) if a.endswith(".yaml")]
        assert quizzes == [str(p) for p in LESSON_QUIZZES], command


@pytest.mark.parametrize("command", [c for c in COMMANDS if _format(c) != "worksheet"])
def test_documented_command_writes_what_the_platform_reads(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(documented_args(command)) == 0
    printed = capsys.readouterr().out
    written = tmp_path / OUTPUTS[_format(command)]
    every = [q for p in LESSON_QUIZZES for q in Quiz.from_yaml(p).questions]
    questions = len(every)
    if _format(command) == "jupyterquiz":
        kept = [q for q in every if q.type not in NOT_IN_JUPYTERQUIZ]
        assert printed.count(" skipped: ") == questions - len(kept)
        assert printed.startswith(f"Exported {len(kept)} question(s) to {written.name}")
        assert len(json.loads(written.read_text(encoding="utf-8"))) == len(kept)
        return
    assert "skipped" not in printed
    assert printed.startswith(f"Exported {questions} question(s) to {written.name}")
    if _format(command) == "gift":
        parsed = gift_pegjs({"docs": written.read_text(encoding="utf-8")}, tmp_path)["docs"]
        assert "error" not in parsed, parsed
        assert sum(q["type"] != "Category" for q in parsed["questions"]) == questions
    elif _format(command) == "qti":
        archive = zipfile.ZipFile(io.BytesIO(written.read_bytes()))
        cp = etree.XMLSchema(etree.parse(str(CP_XSD)))
        qti = etree.XMLSchema(etree.parse(str(QTI_XSD)))
        assert cp.validate(etree.fromstring(archive.read("imsmanifest.xml")))
        files = [n for n in archive.namelist() if n != "imsmanifest.xml"]
        assert len(files) == len(LESSON_QUIZZES)
        assert all(qti.validate(etree.fromstring(archive.read(n))) for n in files)
    else:
        assert written.read_text(encoding="utf-8").count("Answer key: ") == len(LESSON_QUIZZES)
