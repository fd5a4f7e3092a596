"""Math and images of quizzes in a built book (tests/testbook/math.md): KaTeX is served
with the site and loaded only by the page that needs it; images are copied into the site
and named relative to the page. (In a browser: tests/browser/test_interchange.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.book
bs4 = pytest.importorskip("bs4")


def _payloads(page: Path) -> list[dict[str, object]]:
    soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return [json.loads(s.string) for s in soup.select('.lk-quiz > script[type="application/json"]')]


def _assets(page: Path) -> list[str]:
    soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    found = [s["src"] for s in soup.select("script[src]")]
    found += [link["href"] for link in soup.select("link[rel=stylesheet]")]
    return [str(a).split("?")[0] for a in found]


def test_katex_is_loaded_only_where_a_quiz_has_math(built_testbook: Path) -> None:
    math = built_testbook / "math.html"
    assets = _assets(math)
    assert "_static/katex/katex.min.js" in assets and "_static/katex/katex.min.css" in assets
    # KaTeX comes before quiz.js, so that it is there when quiz-page.js draws the quizzes
    assert assets.index("_static/katex/katex.min.js") < assets.index("_static/quiz.js")
    assert all(p.get("math") is True for p in _payloads(math))
    for name in ("directive.html", "notebook.html", "index.html"):
        page = built_testbook / name
        assert not any("katex" in a for a in _assets(page)), name
        assert all("math" not in p for p in _payloads(page)), name
    katex = built_testbook / "_static" / "katex"
    assert (katex / "LICENSE").read_text(encoding="utf-8").startswith("The MIT License")
    fonts = re.findall(r"url\(([^)]+)\)", (katex / "katex.min.css").read_text(encoding="utf-8"))
    assert fonts and all(f.endswith(".woff2") and (katex / f).is_file() for f in fonts)


def test_images_are_copied_into_the_site_and_named_relative_to_the_page(
    built_testbook: Path,
) -> None:
    from lessonkit.render.payload import decode_key

    (payload,) = _payloads(built_testbook / "math.html")
    prompt = str(payload["questions"][0]["prompt"])  # type: ignore[index]
    (src,) = re.findall(r'<img src="([^"]+)" alt="A bar from 1917 on the left', prompt)
    assert src.startswith("_images/lessonkit/") and src.endswith(".svg")
    copied = built_testbook / src
    source = Path(__file__).parent / "testbook" / "quizzes" / "timeline.svg"
    assert copied.read_bytes() == source.read_bytes()
    options = payload["questions"][1]["options"]  # type: ignore[index]
    assert f'<img src="{src}" alt="The bar again">' in str(options)
    assert "data:" not in json.dumps(payload) and "data:" not in json.dumps(
        decode_key(str(payload["key"]))
    )
