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
So it is when trafilatura fails outright: it and htmldate under it raise on
some broken pages (the property tests found an AssertionError from htmldate
on a page whose root is <svg>), and one such page must not cost its text.

libxml2, under lxml and trafilatura, stops parsing at 256 nested elements (its
guard against stack exhaustion) and keeps only what it read until then: the
rest of the page would vanish without a word. A page that deep is refused
with HtmlParserLimit instead (as is one past libxml2's other limits, such as a
text node over 10 MB); real pages nest 20 to 50 deep (50 at most across the
91 pages of the article-extraction benchmark).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import lxml.html
import trafilatura
from lxml.etree import ParserError

BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "br", "tr")
DROPPED = ("script", "style", "noscript")


class HtmlParserLimit(ValueError):
    """The page is beyond libxml2's limits (nesting depth, text node size); the message says which."""


@dataclass
class HtmlExtract:
    text: str
    title: Optional[str] = None
    date: Optional[str] = None
    sitename: Optional[str] = None
    url: Optional[str] = None


def extract_html(html: str, url: Optional[str] = None) -> HtmlExtract:
    """The main text of a page (paragraphs separated by newlines) and its metadata.

    Raises HtmlParserLimit when the parser would drop part of the page.
    """
    _check_parser_limits(html)
    try:
        result = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            favor_precision=True,
            include_images=False,
            with_metadata=True,
        )
    except Exception:  # noqa: BLE001 — see the module docstring
        result = None
    if result is None or not (result.text or "").strip():
        return HtmlExtract(text=fragment_text(html))
    return HtmlExtract(
        text=result.text or "",
        title=result.title,
        date=result.date,
        sitename=result.sitename,
        url=result.url,
    )


def _check_parser_limits(html: str) -> None:
    """Parse once with lxml, as trafilatura will, and refuse what libxml2 would cut short."""
    document, parser = _parse(html, collect_ids=False, default_doctype=False)
    if document is None:
        return  # nothing parsed, nothing cut: trafilatura and the fragment reader decide
    for error in parser.error_log:
        if error.type_name == "ERR_RESOURCE_LIMIT":
            limit = error.message.split(", use XML_PARSE_HUGE")[0]
            raise HtmlParserLimit(f"HTML beyond the HTML parser's limits ({limit}): parsing stops at line "
                                  f"{error.line}, and the rest of the page would be lost")


def _parse(html: str, **options):
    """(the parsed document or None, the parser used). lxml refuses a str that carries an XML
    encoding declaration (XHTML pages often do): that page is parsed as UTF-8 bytes, as
    trafilatura does, so its limits are checked and its text read like any other's."""
    parser = lxml.html.HTMLParser(**options)
    try:
        return lxml.html.document_fromstring(html, parser=parser), parser
    except ParserError:
        return None, parser
    except ValueError:
        parser = lxml.html.HTMLParser(encoding="utf-8", **options)
    try:
        return lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser), parser
    except (ParserError, ValueError):
        return None, parser


def fragment_text(html: str) -> str:
    """The text of an HTML fragment, one line per block element, scripts and styles dropped.

    Parsed as a document (libxml2 puts a fragment in a body of its own) rather than
    with lxml's fragment_fromstring, which fails an assertion on a page whose
    parse has no body; and read without writing to the tree, since lxml refuses
    to write back the control characters a character reference (&#1;) puts in
    it. Fuzzing found both.
    """
    document, _ = _parse(html)
    body = document.find("body") if document is not None else None
    if body is None:
        return ""
    parts = [body.text or ""]
    for child in body:
        _collect_text(child, parts)
    return "".join(parts)


def _collect_text(element, parts: list[str]) -> None:
    """Append the element's text, its children's, a newline if it is a block, and its tail.

    Recursive, which is safe: libxml2 stops nesting at 256 levels.
    """
    if isinstance(element.tag, str) and element.tag not in DROPPED:  # comments have a function as tag
        parts.append(element.text or "")
        for child in element:
            _collect_text(child, parts)
        if element.tag in BLOCKS:
            parts.append("\n")
    parts.append(element.tail or "")
