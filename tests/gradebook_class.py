"""A class of handed-in files for the gradebook tests: honest students, and one student
for each way of cheating or breaking the gradebook that issue 13 lists."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

QUIZ_V1 = """\
id: class-quiz
title: Class quiz
version: 1
questions:
  - id: pick
    type: single
    prompt: Which one?
    points: 3
    options:
      - {id: right-one, text: The right one, correct: true}
      - {id: wrong-one, text: The wrong one}
  - id: fact
    type: true_false
    prompt: Is it so?
    answer: true
  - id: places
    type: multiple
    prompt: Which places?
    points: 2
    options:
      - {id: here, text: Here, correct: true}
      - {id: there, text: There, correct: true}
      - {id: nowhere, text: Nowhere}
  - id: pairs
    type: matching
    prompt: Match them.
    pairs:
      - {id: la, left: Letter A, right: Writer A}
      - {id: lb, left: Letter B, right: Writer B}
  - id: essay
    type: open
    prompt: Why?
    model_answer: Because.
    rubric: [Gives a reason.]
"""

# Version 2 changes the key of 'fact' and adds a question.
QUIZ_V2 = (
    QUIZ_V1.replace("version: 1", "version: 2")
    .replace("answer: true", "answer: false")
    .replace(
        "  - id: essay",
        "  - id: extra\n    type: numeric\n    prompt: How many?\n    answer: 12\n  - id: essay",
    )
)


def response(
    question: str,
    answer: Any,
    verdict: str,
    score: float | None,
    *,
    version: int = 1,
    when: str = "2026-01-05T10:00:00+00:00",
    attempt: int = 1,
    quiz: str = "class-quiz",
) -> dict[str, Any]:
    return {
        "recorded_at": when,
        "quiz_id": quiz,
        "quiz_version": version,
        "quiz_title": "Class quiz",
        "question_id": question,
        "answer": answer,
        "verdict": verdict,
        "score": score,
        "attempt": attempt,
    }


def document(student: str, responses: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    doc = {
        "format": "lessonkit-responses",
        "format_version": 1,
        "student": student,
        "lessonkit_version": "0.1.0",
        "exported_at": "2026-01-06T09:00:00+00:00",
        "source": "book",
        "quizzes": [{"quiz_id": "class-quiz", "quiz_version": 1, "title": "Class quiz"}],
        "responses": responses,
    }
    doc.update(extra)
    return doc


def write(folder: Path, name: str, doc: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def honest(score_pick: bool, score_fact: bool) -> list[dict[str, Any]]:
    """Answers to 'pick' (3 points) and 'fact' (1 point), claimed as the browser grades."""
    return [
        response(
            "pick",
            "right-one" if score_pick else "wrong-one",
            "correct" if score_pick else "incorrect",
            1.0 if score_pick else 0.0,
        ),
        response(
            "fact",
            score_fact,
            "correct" if score_fact else "incorrect",
            1.0 if score_fact else 0.0,
        ),
    ]


def write_quizzes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "class-quiz-v1.yaml").write_text(QUIZ_V1, encoding="utf-8")
    (folder / "class-quiz-v2.yaml").write_text(QUIZ_V2, encoding="utf-8")
    return folder


def write_class(folder: Path) -> dict[str, Path]:
    """Every file of the class, by the role of its writer."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    # Honest students. ann: 'pick' right (3 points), 'fact' wrong (1 point): 75 %.
    files["ann"] = write(folder, "ann.json", document("Ann", honest(True, False)))
    files["bob"] = write(folder, "bob.json", document("Bob", honest(True, True)))
    # A forger: wrong answers claimed correct, and a right answer claimed with a higher score.
    forged = [
        response("pick", "wrong-one", "correct", 1.0),
        response("fact", False, "correct", 1.0),
        response("places", ["here"], "correct", 1.0),  # regrades as partial 0.5
    ]
    files["forger"] = write(folder, "fay.json", document("Fay", forged))
    # An inventor: honest answers plus thirty invented questions claimed correct.
    invented = honest(True, False) + [
        response(f"invented-{i}", "x", "correct", 1.0) for i in range(30)
    ]
    files["inventor"] = write(folder, "ivan.json", document("Ivan", invented))
    # An impersonator: a file under Bob's name (another case), dated far in the future.
    fake = document(" BOB ", honest(False, False), exported_at="9999-12-31T23:59:59+00:00")
    files["impersonator"] = write(folder, "zz-bob-again.json", fake)
    # A file naming a quiz version the teacher does not have.
    odd = document(
        "Vera", [*honest(True, True), response("pick", "right-one", "correct", 1.0, version=999)]
    )
    files["version"] = write(folder, "vera.json", odd)
    # Version 2 answers: 'fact' is false in version 2.
    v2 = [
        response("fact", False, "correct", 1.0, version=2),
        response("extra", "12", "correct", 1.0, version=2),
    ]
    files["v2"] = write(folder, "walt.json", document("Walt", v2))
    # Only an open answer; and no answers at all.
    essay = [response("essay", "Because it was so.", "submitted", None)]
    files["open"] = write(folder, "olga.json", document("Olga", essay))
    files["nothing"] = write(folder, "nina.json", document("Nina", []))
    # A student who handed in twice: the later file holds every answer of the first.
    first = honest(False, True)
    files["resubmit-1"] = write(folder, "cy-1.json", document("Cy", first))
    again = [
        *first,
        response("pick", "right-one", "correct", 1.0, attempt=2, when="2026-01-05T11:00:00+00:00"),
    ]
    files["resubmit-2"] = write(folder, "cy-2.json", document("Cy", again))
    # Two files with the same export time and different answers.
    files["tie-1"] = write(folder, "dee-a.json", document("Dee", honest(True, True)))
    files["tie-2"] = write(folder, "dee-b.json", document("Dee", honest(False, False)))
    # Answers saved on an exam page: exam ids, and no claimed verdict.
    from lessonkit.quiz import Quiz
    from lessonkit.quiz.examids import exam_ids

    quiz = Quiz.from_dict(__import__("yaml").safe_load(QUIZ_V1))
    pick_ids = exam_ids(quiz.id, quiz.question("pick"))["options"]
    pair_ids = exam_ids(quiz.id, quiz.question("pairs"))
    exam = [
        response("pick", pick_ids["right-one"], "submitted", None),
        response("fact", True, "submitted", None),
        response(
            "pairs",
            {
                pair_ids["pairs"]["la"]: pair_ids["choices"]["la"],
                pair_ids["pairs"]["lb"]: pair_ids["choices"]["la"],
            },
            "submitted",
            None,
        ),
    ]
    files["exam"] = write(folder, "eve.json", document("Eve", exam))
    return files


def write_hostile(folder: Path) -> dict[str, Path]:
    """One file for each hostile shape; each must be reported by name and skipped."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    deep = '{"format": "lessonkit-responses", "student": "Deep", "extra": '
    (folder / "deep.json").write_text(deep + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    files["deep"] = folder / "deep.json"
    shallow_deep: Any = 1
    for _ in range(40):
        shallow_deep = [shallow_deep]
    files["deep-answer"] = write(
        folder,
        "deep-answer.json",
        document("Deep Answer", [response("pick", shallow_deep, "incorrect", 0.0)]),
    )
    number = json.dumps(document("Big", [response("pick", "x", "incorrect", 0.0)]))
    number = number.replace('"attempt": 1', '"attempt": ' + "9" * 5001)
    (folder / "big-number.json").write_text(number, encoding="utf-8")
    files["number"] = folder / "big-number.json"
    files["number-answer"] = write(
        folder,
        "big-answer.json",
        document("Big Answer", [response("pick", 10**40, "incorrect", 0.0)]),
    )
    nan = json.dumps(document("NaN", [response("pick", "x", "incorrect", 0.0)])).replace(
        '"score": 0.0', '"score": NaN'
    )
    (folder / "nan.json").write_text(nan, encoding="utf-8")
    files["nan"] = folder / "nan.json"
    header = "student,lessonkit_version,exported_at,recorded_at,quiz_id,quiz_version,quiz_title,question_id,answer,verdict,score,attempt\n"
    field = '"' + "y" * (129 * 1024) + '"'
    row = f"Wide,0.1,2026-01-06,2026-01-05,class-quiz,1,Class quiz,pick,{field},incorrect,0,1\n"
    (folder / "wide.csv").write_text(header + row, encoding="utf-8")
    files["csv-field"] = folder / "wide.csv"
    files["long-text"] = write(
        folder,
        "long.json",
        document("Long", [response("pick", "z" * (129 * 1024), "incorrect", 0.0)]),
    )
    with (folder / "huge.json").open("w", encoding="utf-8") as handle:
        handle.write('{"format": "lessonkit-responses", "padding": "')
        handle.write("p" * (9 * 1024 * 1024))
        handle.write('"}')
    files["size"] = folder / "huge.json"
    files["mathtext-id"] = write(
        folder,
        "mathtext.json",
        document(
            "Tex",
            [response("pick", "x", "incorrect", 0.0) | {"question_id": "$\\undefinedcommand{x}$"}],
        ),
    )
    files["blank-name"] = write(folder, "blank.json", document(" ", honest(True, True)))
    files["not-json"] = folder / "broken.json"
    files["not-json"].write_text('{"format": "lessonkit-responses",', encoding="utf-8")
    files["empty"] = folder / "empty.json"
    files["empty"].write_text("", encoding="utf-8")
    files["not-utf8"] = folder / "latin.json"
    files["not-utf8"].write_bytes(b'{"student": "\xe9"}')
    files["tampered-verdict"] = write(
        folder, "perfect.json", document("Perfect", [response("pick", "x", "perfect", 1.0)])
    )
    return files
