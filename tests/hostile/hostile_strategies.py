"""Hypothesis strategies for hostile input: real news text, real HTML, garbage, and mixtures.

Real text comes from the repository's fixtures (the seed article, PolNeAR excerpts and the
154 estimative sentences, see tests/fixtures/PROVENANCE.md), so the extractors meet the
sentences they were built for; hypothesis then mixes in arbitrary Unicode, control characters,
markup and broken bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import strategies as st

FIXTURES = Path(__file__).parent.parent / "fixtures"


def _sentences() -> list[str]:
    paragraphs = (FIXTURES / "seed-breitbart-2016-03-25.txt").read_text(encoding="utf-8").splitlines()
    paragraphs += (FIXTURES / "polnear" / "excerpts.txt").read_text(encoding="utf-8").splitlines()
    with (FIXTURES / "claims" / "estimative.jsonl").open(encoding="utf-8") as lines:
        paragraphs += [json.loads(line)["text"] for line in lines]
    return [p.strip() for p in paragraphs if p.strip()]


SENTENCES = _sentences()

# Characters that break naive code: controls, NUL, line and paragraph separators, BOM,
# bidi overrides, combining marks, lone surrogates, astral symbols, quotes and dashes.
NASTY = ["\x00", "\x0b", "\x0c", "\x1b[31m", "\r", "\r\n", "\u2028", "\u2029", "\ufeff", "\u202e",
         "\u0301", "\ud800", "\udce9", "\U0001f4a5", "“", "”", "’", "—", "\t", "  ", "\n\n", "&amp;", "<", ">"]

garbage_text = st.text(max_size=300)
nasty_text = st.lists(st.sampled_from(NASTY) | st.text(max_size=8), max_size=20).map("".join)
real_sentence = st.sampled_from(SENTENCES)


@st.composite
def news_text(draw) -> str:
    """Paragraphs of real reporting, with garbage and nasty characters spliced in between and within."""
    pieces = draw(st.lists(real_sentence | garbage_text | nasty_text, min_size=1, max_size=6))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(pieces)))
        pieces.insert(at, draw(st.sampled_from(["JAFFA, Israel – ", "BEIRUT/AMMAN (Reuters) - ", "EXCLUSIVE – "])))
    return draw(st.sampled_from(["\n\n", "\n", " ", ""])).join(pieces)


any_text = news_text() | garbage_text | nasty_text

# HTML: real element names and attributes, entities (valid, invalid, numeric out of range),
# comments, CDATA, doctype, and raw garbage in between.
TAGS = ["html", "head", "body", "title", "meta", "article", "main", "section", "div", "p", "span", "a",
        "b", "i", "em", "strong", "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "th", "blockquote",
        "figure", "figcaption", "img", "br", "hr", "script", "style", "noscript", "iframe", "form", "input",
        "svg", "math", "template", "nav", "header", "footer", "aside", "time", "pre", "code", "font", "center"]
ATTRIBUTES = ["class", "id", "href", "src", "style", "lang", "dir", "charset", "content", "name",
              "property", "datetime", "onload", "hidden", "itemprop", "data-x"]
ENTITIES = ["&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&mdash;", "&rsquo;", "&#39;", "&#x27;", "&#0;",
            "&#1;", "&#x0e;", "&#xD800;", "&#x10FFFF;", "&#99999999;", "&bogus;", "&", "&#", "&#x;"]
attribute_value = st.sampled_from(["", "story", "https://example.org/a", "utf-8", "iso-8859-1",
                                   "article:published_time", "2019-11-19", "javascript:alert(1)",
                                   '"><script>x</script>']) | st.text(max_size=20)


@st.composite
def attributes(draw) -> str:
    pairs = draw(st.lists(st.tuples(st.sampled_from(ATTRIBUTES), attribute_value), max_size=3))
    quote = draw(st.sampled_from(['"', "'", ""]))
    return "".join(f" {name}={quote}{value}{quote}" for name, value in pairs)


def _element(children):
    @st.composite
    def element(draw) -> str:
        tag = draw(st.sampled_from(TAGS))
        inner = "".join(draw(st.lists(children, max_size=4)))
        close = draw(st.sampled_from([f"</{tag}>", "", f"</{tag}", "</x>"]))  # closed, unclosed, broken
        return f"<{tag}{draw(attributes())}>{inner}{close}"
    return element()


html_leaf = (real_sentence | st.sampled_from(ENTITIES) | garbage_text | nasty_text
             | st.sampled_from(["<!-- comment -->", "<!--", "<![CDATA[x]]>", "<?php echo 1; ?>", "</", "<",
                                "<!DOCTYPE html>"]))
html_tree = st.recursive(html_leaf, lambda children: _element(children), max_leaves=30)


@st.composite
def html_page(draw) -> str:
    """A whole page (doctype, head with metadata, body of trees) or a bare fragment."""
    body = "".join(draw(st.lists(html_tree, min_size=1, max_size=5)))
    if draw(st.booleans()):
        return body
    title = draw(real_sentence | garbage_text)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>"
            f"<meta property='article:published_time' content='{draw(attribute_value)}'></head>"
            f"<body>{body}</body></html>")


json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
json_value = st.recursive(json_scalar,
                          lambda c: st.lists(c, max_size=4) | st.dictionaries(st.text(max_size=8), c, max_size=4),
                          max_leaves=12)


@st.composite
def record(draw) -> dict:
    """A dump record: mostly well-formed (text or html plus metadata), sometimes not at all."""
    fields = {}
    body_key = draw(st.sampled_from(["text", "html", "text", "neither"]))
    if body_key != "neither":
        fields[body_key] = draw(any_text if body_key == "text" else html_page())
    for key in draw(st.lists(st.sampled_from(["url", "title", "published", "outlet", "id"]), unique=True)):
        fields[key] = draw(json_scalar | st.sampled_from(["2016-03-25", "Fri, 25 Mar 2016 10:00:00 GMT", "yesterday"]))
    extra = draw(st.dictionaries(st.text(max_size=6), json_value, max_size=2))
    return {**extra, **fields}
