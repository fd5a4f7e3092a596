"""Document cards: provenance from the datasets, excerpts, HTML that is escaped, text form."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

import lessonkit
from lessonkit.data import datasets
from lessonkit.errors import DatasetError


def test_card_shows_provenance_from_the_datasets(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LESSONKIT_RENDER", "data")
    card = lessonkit.show_document("np-letter")
    letter = lessonkit.load_letters().set_index("letter_id").loc["np-letter"]
    soup = BeautifulSoup(card._repr_html_(), "html.parser")
    fields = dict(
        zip(
            [d.get_text() for d in soup.select("dt")],
            [d.get_text() for d in soup.select("dd")],
            strict=True,
        )
    )
    assert fields["Signed as"] == letter["signed_as"]
    assert fields["Medium"] == "typewritten"
    assert fields["Place"].startswith("Odessa")
    assert fields["Translator"] == "Nick Evans"
    assert "Roldugina 2018" in fields["Source"]
    assert fields["Date (estimated)"].startswith(
        f"between {letter['date_earliest']:%Y-%m-%d} and {letter['date_latest']:%Y-%m-%d}"
    )
    quotes = [q.get_text() for q in soup.select("blockquote")]
    excerpts = lessonkit.load_excerpts()
    assert quotes == excerpts.loc[excerpts["letter_id"] == "np-letter", "text"].tolist()
    assert soup.select_one("style") is None  # the built book loads document.css once per site


def test_live_card_carries_its_stylesheet(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LESSONKIT_RENDER", raising=False)
    html = lessonkit.show_document("lg-letter")._repr_html_()
    assert html.startswith("<style>") and ".lk-document" in html


def test_chosen_excerpts_and_text_form() -> None:
    card = lessonkit.show_document("np-letter", excerpts=["np-household"])
    assert [e["excerpt_id"] for e in card.excerpts] == ["np-household"]
    text = str(card)
    assert text.startswith("NP's letter to Bekhterev\n=====")
    assert "[np-household]" in text


def test_values_are_escaped() -> None:
    letter = dict(lessonkit.data.datasets.row("letters", "np-letter"))
    letter["summary"] = "<script>alert(1)</script>"
    html = lessonkit.DocumentCard(letter, [])._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_unknown_document_and_excerpt() -> None:
    with pytest.raises(
        DatasetError, match=r"there is no document 'np-leter'.*did you mean 'np-letter'"
    ):
        lessonkit.show_document("np-leter")
    with pytest.raises(DatasetError, match="has no excerpt tm-love"):
        lessonkit.show_document("np-letter", excerpts=["tm-love"])


def test_an_original_text_is_shown_beside_its_translation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LESSONKIT_RENDER", "data")
    letter = dict(datasets.row("letters", "np-letter"))
    letter["date_latest"] = letter["date_earliest"]
    excerpt = {
        "excerpt_id": "law-test",
        "theme": "legal-text",
        "text": "Sexual intercourse of a man with a man.",
        "original_text": "Половое сношение мужчины с мужчиной.",
        "original_lang": "ru",
        "translator": "the authors of this book (our translation)",
        "translation_note": "Our translation, kept close to the Russian.",
    }
    card = lessonkit.DocumentCard(letter, [excerpt])
    soup = BeautifulSoup(card._repr_html_(), "html.parser")
    russian = soup.select_one('.lk-excerpt-pair blockquote[lang="ru"]')
    english = soup.select_one('.lk-excerpt-pair blockquote[lang="en"]')
    assert russian is not None and russian.get_text() == excerpt["original_text"]
    assert english is not None and english.get_text() == excerpt["text"]
    caption = soup.select_one("figcaption").get_text()
    assert "our translation" in caption and excerpt["translation_note"] in caption
    fields = dict(
        zip(
            [d.get_text() for d in soup.select("dt")],
            [d.get_text() for d in soup.select("dd")],
            strict=True,
        )
    )
    assert "Date" in fields and "Date (estimated)" not in fields  # one exact day
    text = str(card)
    assert f"[law-test] (ru) \u201c{excerpt['original_text']}\u201d" in text
    assert f"English: \u201c{excerpt['text']}\u201d" in text
