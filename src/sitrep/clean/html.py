"""HTML to story text with trafilatura, plus the page's own metadata.

trafilatura finds the main content; sitrep then cleans that text line by line
(clean/text.py), so captions and credits inside the article body are cut too.

trafilatura runs with favor_precision: on the article-extraction benchmark's
dev split (`sitrep eval body`) it lifts precision by about two points for a
tenth of a point of recall, because teasers, "related" blocks and
promo boxes inside the article container are what it then leaves out. Fast
mode (no fallbacks) costs recall on pages whose main container trafilatura
misjudges, so the fallbacks stay on.

A fragment rather than a page (a feed entry's HTML, a CMS export) can be too
small for trafilatura to call it an article; its own text is then the story.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import lxml.html
import trafilatura
from lxml.etree import ParserError

BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "br", "tr")


@dataclass
class HtmlExtract:
    text: str
    title: Optional[str] = None
    date: Optional[str] = None
    sitename: Optional[str] = None
    url: Optional[str] = None


def extract_html(html: str, url: Optional[str] = None) -> HtmlExtract:
    """The main text of a page (paragraphs separated by newlines) and its metadata."""
    result = trafilatura.bare_extraction(
        html,
        url=url,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        include_images=False,
        with_metadata=True,
    )
    if result is None or not (result.text or "").strip():
        return HtmlExtract(text=fragment_text(html))
    return HtmlExtract(
        text=result.text or "",
        title=result.title,
        date=result.date,
        sitename=result.sitename,
        url=result.url,
    )


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, one line per block element, scripts and styles dropped."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for block in root.iter(*BLOCKS):
        block.tail = "\n" + (block.tail or "")
    return root.text_content()
