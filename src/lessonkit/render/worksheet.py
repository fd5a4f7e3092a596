"""A quiz as a static worksheet: the questions to answer on paper, without the key.

The same HTML serves the ``<noscript>`` fallback of the book's quiz element and the
printable pages of ``lessonkit export --format worksheet``. It is readable without any
style sheet (boxes are ☐ characters, lines to write on are underscores, matching choices
are a lettered list); ``quiz.css`` lays it out on screen and on paper. Options, items and
choices appear in the order the page shows them. No answer, explanation or feedback is
written, so a student edition stays free of the key.
"""

from __future__ import annotations

from html import escape

from .._context import LANGUAGES, current, language_code
from ..quiz.model import (
    Excerpt,
    Highlight,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    SingleChoice,
    Text,
    TrueFalse,
)
from .catalogue import messages
from .markdown import render_block, render_inline
from .payload import option_html, shown_choices, shown_items, shown_options

__all__ = ["noscript_sheet", "sheet_language", "worksheet_html"]

_LINE = '<span class="lk-sheet__line">______________________________</span>'
_OPEN_LINES = 6


def _how(text: str, plain: bool) -> str:
    if plain:
        return f"<p><em>{escape(text)}</em></p>"
    return f'<p class="lk-sheet__how">{escape(text)}</p>'


def _boxes(htmls: list[str], plain: bool) -> str:
    """A list whose items quiz.css draws with a box in front (☐, hidden from screen readers);
    ``plain``: without a class (quiz.css finds it as the last list of a question)."""
    items = "".join(f"<li>{html}</li>" for html in htmls)
    return f"<ul>{items}</ul>" if plain else f'<ul class="lk-sheet__options">{items}</ul>'


def _answer_line(t: dict[str, str], unit: str | None = None) -> str:
    after = f" {escape(unit)}" if unit else ""
    return f'<p class="lk-sheet__answer">{escape(t["your_answer"])}: {_LINE}{after}</p>'


def _excerpt(t: dict[str, str], excerpt: Excerpt, sentences: str | None = None) -> str:
    text = sentences or f"<p>{escape(' '.join(excerpt.sentences))}</p>"
    facts = [
        (t[f"excerpt_{name}"], str(getattr(excerpt, name)))
        for name in ("writer", "document", "date", "translator", "source")
        if getattr(excerpt, name)
    ]
    caption = "; ".join(f"{escape(label)}: {escape(value)}" for label, value in facts)
    return (
        f'<figure class="lk-sheet__excerpt"><blockquote>{text}</blockquote>'
        f"<figcaption>{caption}</figcaption></figure>"
    )


def _sentences(excerpt: Excerpt) -> str:
    rows = "".join(
        f'<span class="lk-sheet__sentence"><sup>{n}</sup> {escape(s)}</span> '
        for n, s in enumerate(excerpt.sentences, start=1)
    )
    return f'<p class="lk-sheet__sentences">{rows.rstrip()}</p>'


def _answer_part(
    quiz: Quiz, question: Question, t: dict[str, str], mode: str, plain: bool = False
) -> str:
    """How to answer ``question`` on paper: boxes, lines, letters (``plain``: the how-to
    lines and lists of boxes without classes)."""
    match question:
        case SingleChoice():
            options = [option_html(o) for o in shown_options(quiz, question)]
            return _how(t["sheet_tick_single"], plain) + _boxes(options, plain)
        case MultipleChoice():
            options = [option_html(o) for o in shown_options(quiz, question)]
            return _how(t["sheet_tick_every"], plain) + _boxes(options, plain)
        case TrueFalse():
            return _how(t["sheet_tick_single"], plain) + _boxes(
                [escape(t["true"]), escape(t["false"])], plain
            )
        case Numeric(unit=unit):
            return _answer_line(t, unit)
        case Text():
            return _answer_line(t)
        case Ordering():
            items = [render_inline(i.text) for i in shown_items(quiz, question, mode)]
            return _how(t["sheet_order"], plain) + _boxes(items, plain)
        case Matching(pairs=pairs):
            lefts = "".join(f"<li>{render_inline(p.left)}: {_LINE}</li>" for p in pairs)
            choices = "".join(
                f"<li>{render_inline(text)}</li>"
                for _id, text in shown_choices(quiz, question, mode)
            )
            return (
                _how(t["sheet_match"], plain) + f'<ol class="lk-sheet__pairs">{lefts}</ol>'
                f'<ol class="lk-sheet__choices" type="A">{choices}</ol>'
            )
        case Highlight():
            return _how(t["sheet_sentences"], plain)
        case Open(min_words=min_words):
            rule = f'<p class="lk-sheet__rule">{"_" * 60}</p>'
            lines = rule * _OPEN_LINES
            words = _how(t["sheet_min_words"].format(n=min_words), plain) if min_words > 1 else ""
            return f'{words}<div class="lk-sheet__lines">{lines}</div>'
    return ""


def _excerpt_part(quiz: Quiz, question: Question, t: dict[str, str]) -> str:
    excerpt = quiz.excerpts.get(question.excerpt) if question.excerpt else None
    if excerpt is None:
        return ""
    numbered = _sentences(excerpt) if isinstance(question, Highlight) else None
    return _excerpt(t, excerpt, numbered)


def _question(quiz: Quiz, question: Question, number: int, t: dict[str, str], mode: str) -> str:
    total = len(quiz.questions)
    value = float(question.points)
    shown = str(int(value)) if value.is_integer() else repr(value)
    points = t["sheet_points"].format(n=shown) if question.scored else t["not_scored"]
    meta = f"{t['question_n'].format(n=number, total=total)} · {points}"
    parts = [
        f'<p class="lk-sheet__meta">{escape(meta)}</p>',
        _excerpt_part(quiz, question, t),
        f'<div class="lk-sheet__prompt">{render_block(question.prompt)}</div>',
        _answer_part(quiz, question, t, mode),
    ]
    kind = question.type.replace("_", "-")
    return f'<li class="lk-sheet__q lk-sheet__q--{kind}">{"".join(parts)}</li>'


def sheet_language(lang: str | None) -> str:
    """The shipped language a worksheet is written in: ``lang``, else the context's,
    English for a language lessonkit does not ship."""
    code = language_code(lang) if lang else current().language
    return code if code in LANGUAGES else "en"


def worksheet_html(
    quiz: Quiz,
    *,
    lang: str | None = None,
    heading: bool = False,
    note: str | None = None,
    mode: str = "practice",
) -> str:
    """The worksheet of ``quiz`` as one HTML fragment (a ``div.lk-sheet``), in the
    interface language ``lang`` (default: the context's).

    ``heading`` writes the title as an ``h1`` (a page of its own) instead of a bold
    paragraph (inside a page); ``note`` is a first paragraph, such as the noscript text;
    ``mode="exam"`` lists ordering items and matching choices as an exam page does.
    """
    lang = sheet_language(lang)
    t = messages(lang)
    title = escape(quiz.title)
    top = (
        f"<h1>{title}</h1>"
        if heading
        else f'<p class="lk-sheet__title"><strong>{title}</strong></p>'
    )
    intro = f'<p class="lk-sheet__note">{escape(note)}</p>' if note else ""
    questions = "".join(
        _question(quiz, q, n, t, mode) for n, q in enumerate(quiz.questions, start=1)
    )
    return (
        f'<div class="lk-sheet" lang="{escape(lang)}">{top}{intro}'
        f'<ol class="lk-sheet__questions">{questions}</ol></div>'
    )


def noscript_sheet(quiz: Quiz, *, lang: str | None = None, mode: str = "practice") -> str:
    """The questions of ``quiz`` for a page read without JavaScript: the worksheet's
    excerpts, prompts and ways to answer, without its points and layout, so that every
    reader who has JavaScript downloads few bytes for it. The printable worksheet is
    :func:`worksheet_html`."""
    lang = sheet_language(lang)
    t = messages(lang)
    note = f"{t['noscript']} {t['sheet_on_paper']}"
    questions = "".join(
        f"<li>{_excerpt_part(quiz, q, t)}{render_block(q.prompt)}"
        f"{_answer_part(quiz, q, t, mode, plain=True)}</li>"
        for q in quiz.questions
    )
    return (
        f'<div class="lk-sheet" lang="{escape(lang)}"><p><strong>{escape(quiz.title)}</strong>'
        f"<br>{escape(note)}</p><ol>{questions}</ol></div>"
    )
