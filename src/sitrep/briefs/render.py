"""A brief written out: Markdown and a standalone HTML file through the Jinja templates beside
this module, and a PDF made from that HTML by WeasyPrint (no browser).

Article text is untrusted: the HTML template autoescapes everything and links only http(s)
URLs; the Markdown escapes every character a Markdown reader would take as markup or raw HTML.
The phrases both formats share (sourcing line, corroboration, band with its range) are made
here once, so the two say the same thing.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from ..outlets import ratings_text
from ..store import ClaimCard
from .gather import Brief

FORMATS = ("markdown", "html", "pdf")
MEDIA_TYPES = {"markdown": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
               "pdf": "application/pdf"}
SUFFIXES = {"markdown": "md", "html": "html", "pdf": "pdf"}
TEMPLATES = Path(__file__).parent / "templates"
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!])")


def render(brief: Brief, form: str) -> bytes:
    """The brief in `form` (one of FORMATS), as the bytes of the file."""
    if form == "pdf":
        return pdf(render(brief, "html"))
    template = "brief.md.j2" if form == "markdown" else "brief.html.j2"
    return _environment(autoescape=form == "html").get_template(template).render(brief=brief).encode("utf-8")


def pdf(html: bytes) -> bytes:
    """The HTML brief as PDF; WeasyPrint may fetch nothing (the file is self-contained)."""
    from weasyprint import HTML

    return HTML(string=html.decode("utf-8"), url_fetcher=_refuse_fetch).write_pdf()


def _refuse_fetch(url: str, *args, **kwargs):
    raise ValueError(f"a brief fetches nothing: {url[:80]}")


def _environment(autoescape: bool) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=autoescape, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["md"] = markdown_text
    env.filters["md_url"] = markdown_url
    env.globals.update(triple=triple, band=band, sourcing=sourcing, corroboration=corroboration,
                       contradiction=contradiction)
    return env


def markdown_text(text: object) -> str:
    """Text as Markdown shows it literally: on one line, every markup character escaped (a
    `<script>` in a title stays text in any Markdown reader)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def markdown_url(url: str) -> str:
    """A web URL as it can stand inside a Markdown link's <...>: the characters that would end
    it or break the line percent-encoded."""
    return "".join(f"%{ord(ch):02X}" if ch in "<>\\" or ch.isspace() else ch for ch in url)


def triple(card: ClaimCard) -> str:
    """ "Barack Obama → MOBILIZE → Cameroon", "? → not ACCUSE → George W. Bush in Iraq"."""
    targets = ", ".join(card.targets) or "—"
    where = f" in {card.place}" if card.place and card.place not in card.targets else ""
    return f"{card.actor or '?'} → {'not ' if card.negated else ''}{card.action} → {targets}{where}"


def band(card: ClaimCard, brief: Brief) -> str:
    """The ICD 203 band with its range and the words that set it: "likely (55–80%; 'probably')"."""
    low, high = brief.bands[card.band]
    cue = f"; “{card.cue}”" if card.cue else ""
    return f"{card.band} ({low:.0%}–{high:.0%}{cue})"


def sourcing(card: ClaimCard) -> str:
    """Who says it: "per officials (anonymous)", "per Donald Trump (named)", "the outlet's own voice"."""
    if card.source_named is None:
        return "the outlet's own voice"
    return f"per {card.source} ({'named' if card.source_named else 'anonymous'})"


def corroboration(card: ClaimCard) -> str:
    """How independently it is asserted, as the desk's claim cards say it."""
    ratings = f" ({ratings_text(card.outlets_by_rating)})" if card.outlets_by_rating else ""
    single = "; single source" if card.single_source else ""
    return (f"corroborated by {_count(card.sources, 'source')} in {_count(card.outlets, 'outlet')}"
            f"{ratings}{single}")


def contradiction(card: ClaimCard) -> str:
    """Who contradicts it, counted the same way ("" when nothing stored does)."""
    against = card.contradiction
    if not against.claims:
        return ""
    return (f"contradicted by {_count(against.sources, 'source')} in {_count(against.outlets, 'outlet')} "
            f"({ratings_text(against.outlets_by_rating)})")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
