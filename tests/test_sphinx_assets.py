"""The extension's assets: the message catalogue follows the book's language."""

from __future__ import annotations

import json
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
