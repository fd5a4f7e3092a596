"""Document cards: a source's provenance and its excerpts, for lessons.

``show_document("np-letter")`` returns a :class:`DocumentCard` that Jupyter displays as
HTML and ``print()`` shows as text. Every value comes from the datasets.
"""

from __future__ import annotations

import functools
from html import escape
from typing import Any

from .._context import current
from .._resources import static_dir
from ..errors import DatasetError, suggest
from . import datasets as ds
from .references import cite

__all__ = ["DocumentCard", "show_document"]


@functools.cache
def _card_css() -> str:
    """document.css, for live notebooks (the built book loads it once per site)."""
    return (static_dir() / "document.css").read_text(encoding="utf-8")


def _date_range(earliest: str, latest: str) -> str:
    if not earliest and not latest:
        return "unknown"
    if earliest == latest or not latest:
        return earliest
    if earliest[:4] == latest[:4] and earliest.endswith("-01-01") and latest.endswith("-12-31"):
        return f"{earliest[:4]}"
    return f"between {earliest} and {latest}"


# Names of the languages an original text may be in (excerpts.original_lang).
_LANGUAGES = {"ru": "Russian", "uk": "Ukrainian", "de": "German", "en": "English"}


def _place(place_id: str) -> str:
    place = ds.row("places", place_id) if place_id else None
    if place is None:
        return place_id or "unknown"
    then, now = place["name_then"], place.get("name_now", "")
    return then if not now or now == then else f"{then} (today {now})"


def _excerpt_html(ex: dict[str, str]) -> str:
    """One excerpt as a figure: the English text, beside its original when there is one."""
    from html import escape

    quote = f'<blockquote lang="en"><p>{escape(ex["text"])}</p></blockquote>'
    if ex.get("original_text"):
        lang = ex.get("original_lang", "")
        quote = (
            f'<div class="lk-excerpt-pair"><div><p class="lk-quote-label">Original '
            f"({escape(_LANGUAGES.get(lang, lang))})</p>"
            f'<blockquote lang="{escape(lang)}"><p>{escape(ex["original_text"])}</p></blockquote>'
            f'</div><div><p class="lk-quote-label">English</p>{quote}</div></div>'
        )
    how = f" {escape(ex['translation_note'])}" if ex.get("translation_note") else ""
    note = (
        f'<p class="lk-term-note"><strong>Term note:</strong> {escape(ex["term_note"])}</p>'
        if ex.get("term_note")
        else ""
    )
    return (
        f'<figure class="lk-excerpt" id="excerpt-{escape(ex["excerpt_id"])}">{quote}'
        f"<figcaption>Excerpt <code>{escape(ex['excerpt_id'])}</code>, theme: "
        f"{escape(ex.get('theme', ''))}. Translated by {escape(ex.get('translator', ''))}."
        f"{how}</figcaption>{note}</figure>"
    )


class DocumentCard:
    """A provenance card plus excerpts of one document (a row of ``letters``)."""

    def __init__(self, letter: dict[str, str], excerpts: list[dict[str, str]]) -> None:
        self.letter = letter
        self.excerpts = excerpts

    @property
    def fields(self) -> list[tuple[str, str]]:
        """The card's labelled values, in display order."""
        row = self.letter
        translators = sorted({e["translator"] for e in self.excerpts if e.get("translator")})
        sources = [k for k in row.get("sources", "").split(";") if k.strip()]
        identified = row.get("identified_as") or "not identified"
        if row.get("identified_as") and row.get("identification_basis"):
            identified += f" ({row['identification_basis']})"
        earliest, latest = row.get("date_earliest", ""), row.get("date_latest", "")
        date = _date_range(earliest, latest)
        if row.get("date_basis"):
            date += f". Basis: {row['date_basis']}"
        return [
            ("Signed as", row.get("signed_as") or "unsigned"),
            ("Identified as", identified),
            ("Place", _place(row.get("place_id", ""))),
            ("Date" if earliest and earliest == latest else "Date (estimated)", date),
            ("Medium", row.get("medium") or "unknown"),
            ("Recipient", row.get("recipient") or "unknown"),
            ("Archive", row.get("archive") or "unknown"),
            ("Translator", ", ".join(translators) or "not translated here"),
            ("Source", "; ".join(cite(k.strip(), short=True) for k in sources) or "none"),
        ]

    def _repr_html_(self) -> str:
        rows = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in self.fields)
        quotes = "".join(_excerpt_html(ex) for ex in self.excerpts)
        summary = escape(self.letter.get("summary", ""))
        style = "" if current().render == "data" else f"<style>{_card_css()}</style>"
        # An article, not a named section: a page may show two cards of one document, and
        # two landmarks (regions) with the same name could not be told apart.
        return style + (
            f'<article class="lk-document" aria-label="{escape(self.letter["title"])}">'
            f'<p class="lk-document-title"><strong>{escape(self.letter["title"])}</strong></p>'
            f'<dl class="lk-provenance simple">{rows}</dl><p class="lk-summary">{summary}</p>'
            f"{quotes}</article>"
        )

    def __str__(self) -> str:
        fields = self.fields
        width = max(len(k) for k, _ in fields)
        lines = [self.letter["title"], "=" * len(self.letter["title"])]
        lines += [f"{k:<{width}}  {v}" for k, v in fields]
        lines += ["", self.letter.get("summary", "")]
        for ex in self.excerpts:
            if ex.get("original_text"):
                lang = ex.get("original_lang", "")
                lines += ["", f"[{ex['excerpt_id']}] ({lang}) \u201c{ex['original_text']}\u201d"]
                lines.append(f"  English: \u201c{ex['text']}\u201d")
            else:
                lines += ["", f"[{ex['excerpt_id']}] \u201c{ex['text']}\u201d"]
            if ex.get("term_note"):
                lines.append(f"  Term note: {ex['term_note']}")
        return "\n".join(lines)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))

    def __repr__(self) -> str:
        return f"<DocumentCard {self.letter['letter_id']}: {len(self.excerpts)} excerpts>"


def show_document(letter_id: str, *, excerpts: list[str] | None = None) -> DocumentCard:
    """The card of document ``letter_id`` with its excerpts (all, or those named)."""
    letter = ds.row("letters", letter_id)
    if letter is None:
        raise DatasetError(
            f"there is no document '{letter_id}' in letters",
            path="letters.csv",
            hint=suggest(letter_id, [r["letter_id"] for r in ds.rows("letters")]),
        )
    chosen = [r for r in ds.rows("excerpts") if r["letter_id"] == letter_id]
    if excerpts is not None:
        missing = sorted(set(excerpts) - {r["excerpt_id"] for r in chosen})
        if missing:
            raise DatasetError(
                f"document '{letter_id}' has no excerpt {', '.join(missing)}",
                path="excerpts.csv",
                hint="use excerpt ids of this document",
            )
        chosen = [r for r in chosen if r["excerpt_id"] in excerpts]
    return DocumentCard(letter, chosen)
