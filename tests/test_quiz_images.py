"""Images in quiz texts: a description is required, the file sits next to the quiz, and
``lessonkit check`` reports what is wrong at its line."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from lessonkit.book.check import check_project
from lessonkit.errors import QuizFormatError
from lessonkit.quiz import Quiz
from lessonkit.quiz.images import data_uri, markdown_images
from lessonkit.render.payload import build_payload, decode_key

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
QUIZ = """\
id: pictures
title: Pictures
questions:
  - id: q1
    type: single
    prompt: Which shows the {what}?
    hints: ["Look at ![the first picture](dot.png) again."]
    options:
      - {{id: a, text: "![{alt}](dot.png)", correct: true, feedback: "![a dot](dot.png)"}}
      - {{id: b, text: B}}
  - id: q2
    type: text
    prompt: Name it.
    answers: ["![not an image, an answer](x.png)"]
    compare: exact
"""


def _write(folder: Path, *, what: str = "dot", alt: str = "a red dot") -> Path:
    (folder / "dot.png").write_bytes(PNG)
    path = folder / "pictures.yaml"
    path.write_text(QUIZ.format(what=what, alt=alt), encoding="utf-8")
    return path


def test_images_are_found_and_travel_as_data_uris(tmp_path: Path) -> None:
    quiz = Quiz.from_yaml(_write(tmp_path))
    assert quiz.images == {"dot.png": tmp_path / "dot.png"}
    payload = build_payload(quiz)
    uri = "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert payload["questions"][0]["options"][0]["html"] == f'<img src="{uri}" alt="a red dot">'
    assert f'<img src="{uri}" alt="a dot">' in decode_key(payload["key"])["q1"]["feedback"]["a"]
    assert data_uri(tmp_path / "dot.png") == uri
    # an answer of a text question is not Markdown: it may look like an image
    assert quiz.question("q2") is not None


def test_every_image_needs_a_description_and_a_file_next_to_the_quiz(tmp_path: Path) -> None:
    path = _write(
        tmp_path, what="![](dot.png) ![map](https://example.org/m.png) ![up](../u.png)", alt=""
    )
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    text = path.read_text(encoding="utf-8").replace(
        "Look at ![the first", "Look at ![d](notes.txt) ![the first"
    )
    text = text.replace('feedback: "![a dot](dot.png)"', 'feedback: "![gone](gone.png)"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizFormatError) as info:
        Quiz.from_yaml(path)
    assert [str(p) for p in info.value.problems] == [
        f"{path}:6: the image 'dot.png' in 'prompt' of question 'q1' has no description. Fix: say "
        "what it shows between the brackets: ![what it shows](dot.png).",
        f"{path}:6: the image 'https://example.org/m.png' in 'prompt' of question 'q1' is not a "
        "file next to the quiz. Fix: save the image in the quiz's folder and give its file name, "
        "e.g. ![a map of the places](map.png).",
        f"{path}:6: the image '../u.png' in 'prompt' of question 'q1' is not a file next to the "
        "quiz. Fix: save the image in the quiz's folder and give its file name, e.g. ![a map of "
        "the places](map.png).",
        f"{path}:7: 'notes.txt' in hint 1 of question 'q1' is not an image file lessonkit can "
        "show. Fix: use a .png, .jpg, .gif, .webp or .svg file.",
        f"{path}:9: the image 'dot.png' in 'text' of option 1 of question 'q1' has no "
        "description. Fix: say what it shows between the brackets: ![what it shows](dot.png).",
        f"{path}:9: there is no image file 'gone.png' (looked for {tmp_path / 'gone.png'}). Fix: "
        "save the image next to the quiz file, or correct its name.",
    ]


def test_an_image_may_not_lead_out_of_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(PNG)
    folder = tmp_path / "quizzes"
    folder.mkdir()
    path = _write(folder)
    (folder / "dot.png").unlink()
    (folder / "dot.png").symlink_to(outside)
    with pytest.raises(QuizFormatError, match="leads out of the quiz's folder"):
        Quiz.from_yaml(path)


def test_lessonkit_check_reports_a_missing_description_at_its_line(mini_project: Path) -> None:
    folder = mini_project / "quizzes"
    folder.mkdir()
    path = _write(folder, alt="")
    report = check_project(mini_project)
    assert [str(p) for p in report.problems] == [
        f"{path}:9: the image 'dot.png' in 'text' of option 1 of question 'q1' has no "
        "description. Fix: say what it shows between the brackets: ![what it shows](dot.png)."
    ]


def test_markdown_images_reads_what_markdown_reads() -> None:
    assert markdown_images("no image here") == []
    assert markdown_images("![a *b* c](x.png 'title') `![not](code.png)`") == [("x.png", "a b c")]
    assert markdown_images("\\![escaped](x.png)") == []
