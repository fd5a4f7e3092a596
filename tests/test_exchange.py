"""Handing in to a course exchange and collecting from it (files, modes, the CLI)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import stat
from pathlib import Path

import pytest

from lessonkit.answers import AnswerRecord, ProgressStore
from lessonkit.answers.exchange import hand_in, latest_handins, list_handins
from lessonkit.answers.handin import build_handin, read_handin
from lessonkit.cli import main
from lessonkit.errors import ProgressFileError
from lessonkit.teacher.collect import collect


def _exchange(tmp_path: Path, mode: int = 0o1733) -> Path:
    exchange = tmp_path / "history-9b"
    (exchange / "inbound").mkdir(parents=True)
    (exchange / "inbound").chmod(mode)
    return exchange


def _store(path: Path, answers: dict[str, str]) -> ProgressStore:
    store = ProgressStore(path)
    for question, answer in answers.items():
        store.record(
            quiz_id="three-voices",
            quiz_version=1,
            question_id=question,
            answer=answer,
            verdict="correct" if answer == "right" else "incorrect",
            score=1.0 if answer == "right" else 0.0,
            quiz_title="Three voices",
        )
    store.close()
    return store


def _document(student: str) -> dict[str, object]:
    record = AnswerRecord(
        recorded_at="2026-03-01T10:00:00.000+00:00",
        quiz_id="three-voices",
        quiz_version=1,
        question_id="q1",
        answer="right",
        verdict="correct",
        score=1.0,
        attempt=1,
    )
    return build_handin([record], student, version="0.1.0")


def test_a_handin_is_a_new_complete_file_named_by_the_user(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path)
    path = hand_in(_document("alice"), exchange, "alice")
    assert path.parent == exchange / "inbound"
    user, stamp, token = path.name.removesuffix(".json").split("+")
    assert (user, len(token)) == ("alice", 16)
    assert dt.datetime.strptime(stamp, "%Y%m%dT%H%M%S.%fZ")
    assert read_handin(path)["student"] == "alice"
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in (exchange / "inbound").iterdir()] == [path.name]  # no partial file


def test_in_a_folder_with_a_teachers_group_the_file_is_not_world_readable(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path, 0o3773)
    path = hand_in(_document("bob"), exchange, "bob")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_a_later_handin_counts_and_the_earlier_one_is_kept(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path)
    first = hand_in(_document("alice"), exchange, "alice")
    second = hand_in(_document("alice"), exchange, "alice")
    other = hand_in(_document("a+b/c"), exchange, "a+b/c")
    hidden = hand_in(_document(".dot"), exchange, ".dot")
    assert hidden.name.startswith("%2Edot+")
    handins, problems = list_handins(exchange)
    assert problems == []
    assert [h.path for h in handins] == [first, second, other, hidden]
    assert [(h.user, h.path) for h in latest_handins(handins)] == [
        (".dot", hidden),
        ("a+b/c", other),
        ("alice", second),
    ]
    assert first.exists()


def test_without_an_inbound_folder_the_student_is_told_whom_to_ask(tmp_path: Path) -> None:
    with pytest.raises(ProgressFileError) as caught:
        hand_in(_document("alice"), tmp_path, "alice")
    assert str(caught.value) == (
        f"{tmp_path / 'inbound'}: the exchange has no inbound folder. Fix: ask the hub "
        "administrator to create it (see the guide: Running it for a class)."
    )


def test_cli_hands_in_as_the_hub_user(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = _exchange(tmp_path)
    store = _store(tmp_path / "progress.sqlite", {"q1": "right", "q2": "wrong"})
    monkeypatch.setenv("LESSONKIT_EXCHANGE", str(exchange))
    monkeypatch.setenv("JUPYTERHUB_USER", "carol")
    assert main(["hand-in", "--store", str(store.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Handed in 2 answers as carol: ")
    (path,) = (exchange / "inbound").iterdir()
    document = read_handin(path)
    assert document["student"] == "carol"
    assert [r["answer"] for r in document["responses"]] == ["right", "wrong"]
    assert main(["hand-in", "--store", str(store.path), "--student", "dave"]) == 1
    assert "on the hub you hand in as your hub user 'carol'" in capsys.readouterr().err


def test_cli_without_an_exchange_says_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("LESSONKIT_EXCHANGE", raising=False)
    store = _store(tmp_path / "progress.sqlite", {"q1": "right"})
    assert main(["hand-in", "--store", str(store.path)]) == 1
    assert capsys.readouterr().err.strip() == (
        "LESSONKIT_EXCHANGE: no exchange folder is configured. Fix: ask the hub administrator to set "
        "LESSONKIT_EXCHANGE, or pass the folder with --to."
    )


def test_cli_with_nothing_to_hand_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "erin")
    exchange = _exchange(tmp_path)
    assert main(["hand-in", "--to", str(exchange), "--store", str(tmp_path / "p.sqlite")]) == 1
    assert "there is nothing to hand in yet" in capsys.readouterr().err
    assert list((exchange / "inbound").iterdir()) == []


def test_collect_lists_late_missing_repeated_and_bad_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = _exchange(tmp_path)
    hand_in(_document("alice"), exchange, "alice")
    hand_in(_document("alice"), exchange, "alice")
    due = dt.datetime.now(dt.timezone.utc)
    hand_in(_document("bob"), exchange, "bob")
    hand_in(_document("mallory"), exchange, "zoe")  # a file named for zoe with another's name
    broken = exchange / "inbound" / "frank+20260301T101500.000000Z+0123456789abcdef.json"
    broken.write_text("{not json", encoding="utf-8")
    (exchange / "inbound" / "notes.txt").write_text("hello", encoding="utf-8")
    collection = collect(exchange, roster=["alice", "bob", "carol", "frank", "zoe"], due=due)
    rows = {r.user: r for r in collection.rows}
    assert {u: (r.handins, r.status, r.answers) for u, r in rows.items()} == {
        "alice": (2, "handed in", 1),
        "bob": (1, "late", 1),
        "carol": (0, "missing", 0),
        "frank": (1, "handed in", 0),
        "zoe": (1, "late", 1),
    }
    messages = sorted(p.message for p in collection.problems)
    assert messages[0].startswith("not a lessonkit hand-in file")
    assert messages[1].startswith("the file is not valid JSON")
    assert messages[2] == "the file of 'zoe' says it holds the answers of 'mallory'"

    roster = tmp_path / "roster.txt"
    roster.write_text("# class 9b\nalice\nbob\ncarol  # new\n", encoding="utf-8")
    code = main(
        ["collect", "--exchange", str(exchange), "--roster", str(roster), "--due", due.isoformat()]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2 handed in, 2 late, 1 missing, 1 handed in more than once" in out
    assert "'frank' handed in but is not on the roster" in out
    assert main(["collect", "--exchange", str(exchange), "--strict"]) == 1


def test_collect_in_the_kubernetes_layout_trusts_the_folder(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path)
    for user, named in (("alice", "alice"), ("bob", "alice")):
        mount = tmp_path / "mounts" / user
        (mount / "inbound").mkdir(parents=True)
        path = hand_in(_document(named), mount, named)
        (exchange / "inbound" / user).mkdir()
        path.rename(exchange / "inbound" / user / path.name)
    collection = collect(exchange)
    assert [(r.user, r.handins) for r in collection.rows] == [("alice", 1), ("bob", 1)]
    assert [p.message for p in collection.problems] == [
        "a file named for 'alice' in the folder of 'bob'",
        "the file of 'bob' says it holds the answers of 'alice'",
    ]


def test_a_terminal_escape_in_a_file_name_is_shown_harmlessly(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path)
    hand_in(_document("eve\x1b[2J"), exchange, "eve\x1b[2J")
    report = collect(exchange).report()
    assert "\x1b" not in report
    assert "eve\\x1b[2J" in report


def test_course_names_the_folder_beside_the_configured_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = _exchange(tmp_path)
    hand_in(_document("alice"), exchange, "alice")
    monkeypatch.setenv("LESSONKIT_EXCHANGE", str(tmp_path / "another-course"))
    assert main(["collect", "--course", "history-9b"]) == 0
    assert "1 handed in" in capsys.readouterr().out
    assert main(["collect", "--course", "../etc"]) == 1
    assert "'../etc' is not a course name" in capsys.readouterr().err


def test_the_handin_file_is_plain_json(tmp_path: Path) -> None:
    exchange = _exchange(tmp_path)
    path = hand_in(_document("alice"), exchange, "alice")
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == "lessonkit-responses"


def test_gradebook_reads_the_newest_handin_of_each_student_from_the_exchange(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    exchange = _exchange(tmp_path)
    monkeypatch.setenv("LESSONKIT_EXCHANGE", str(exchange))
    for user, answers in (
        ("alice", {"q1": "wrong", "q2": "wrong"}),
        ("bob", {"q1": "right", "q2": "wrong"}),
        ("alice", {"q1": "right", "q2": "right"}),  # alice hands in again: this one counts
    ):
        store = _store(tmp_path / f"{user}-{len(answers)}-{answers['q1']}.sqlite", answers)
        monkeypatch.setenv("JUPYTERHUB_USER", user)
        assert main(["hand-in", "--store", str(store.path)]) == 0
    # the gradebook regrades against the quiz file: q1 and q2 are right when "right"
    quiz = tmp_path / "three-voices.yaml"
    quiz.write_text(
        "id: three-voices\ntitle: Three voices\nversion: 1\nquestions:\n"
        + "".join(
            f"  - {{id: {q}, type: text, prompt: P, answers: [right]}}\n" for q in ("q1", "q2")
        ),
        encoding="utf-8",
    )
    scores = tmp_path / "scores.csv"
    assert main(["gradebook", "--csv", str(scores), "--quizzes", str(quiz)]) == 0
    assert "2 students, 2 questions, 0 problems" in capsys.readouterr().out
    with scores.open(encoding="utf-8") as handle:
        rows = {row["student"]: row for row in csv.DictReader(handle)}
    assert {
        student: [float(rows[student][f"three-voices/{q}"]) for q in ("q1", "q2")]
        for student in ("alice", "bob")
    } == {"alice": [1.0, 1.0], "bob": [1.0, 0.0]}
    assert (rows["alice"]["percent"], rows["bob"]["percent"]) == ("100.0", "50.0")
