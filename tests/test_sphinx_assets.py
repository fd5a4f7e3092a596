"""The extension's assets: the message catalogue follows the book's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lessonkit.book.assets import MESSAGES_FILE, message_catalogue


def test_language_selects_the_catalogue() -> None:
    assert message_catalogue("ru")["check"] == "Проверить"
    assert message_catalogue("ru_RU")["check"] == "Проверить"
    assert message_catalogue("en")["check"] == "Check"
    assert message_catalogue("de")["check"] == "Check"  # languages not shipped fall back to English
    assert message_catalogue(None)["check"] == "Check"


def test_every_interface_string_is_translated() -> None:
    english, russian = message_catalogue("en"), message_catalogue("ru")
    assert english.keys() <= russian.keys()
    # Russian has more plural forms than English ("few", "many"), never fewer
    assert all(k.rsplit("_", 1)[-1] in ("few", "many") for k in russian.keys() - english.keys())


def test_built_site_carries_the_catalogue(built_testbook: Path) -> None:
    text = (built_testbook / "_static" / MESSAGES_FILE).read_text(encoding="utf-8")
    prefix = "globalThis.LessonkitQuizMessages="
    assert text.startswith(prefix)
    assert json.loads(text[len(prefix) :].rstrip().rstrip(";")) == message_catalogue("en")


def test_book_id_is_stable_and_tells_books_apart() -> None:
    from types import SimpleNamespace

    from lessonkit.book.settings import book_id

    def config(**values: str) -> SimpleNamespace:
        return SimpleNamespace(
            **{"project": "", "html_baseurl": "", "lessonkit_book_id": "", **values}
        )

    first = book_id(config(project="Queer emancipation", html_baseurl="https://a.example/"))
    assert re.fullmatch(r"[0-9a-f]{16}", first)
    assert first == book_id(config(project="Queer emancipation", html_baseurl="https://a.example/"))
    assert first != book_id(config(project="Queer emancipation", html_baseurl="https://b.example/"))
    assert first != book_id(config(project="Another book", html_baseurl="https://a.example/"))
    assert book_id(config(lessonkit_book_id="class-9b")) == "class-9b"
    # an id that browsers' keys cannot hold safely is not used
    assert book_id(config(project="X", lessonkit_book_id="a:b")) == book_id(config(project="X"))


def test_every_built_page_names_its_book(built_testbook: Path) -> None:
    ids = set()
    for page in built_testbook.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "lk-quiz" in text:
            found = re.findall(r'<meta name="lessonkit-book" content="([0-9a-f]{16})"', text)
            assert len(found) == 1, page.name
            ids.update(found)
    assert len(ids) == 1
