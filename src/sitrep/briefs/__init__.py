"""Briefs to hand on: the desk's view of the stored claims (any filters) as Markdown, a standalone
HTML file or a PDF, for `sitrep brief --format` and the desk's download links.

gather.py reads what a brief says from the store (the desk's claim cards, grouped by country and
actor, numbered for the evidence appendix, with article links and the sources cited); render.py
writes it through the Jinja templates beside it, and the PDF from the HTML with WeasyPrint.
"""

from .gather import Brief, country_name, gather_brief, group_cards
from .render import FORMATS, MEDIA_TYPES, SUFFIXES, render

__all__ = ["Brief", "FORMATS", "MEDIA_TYPES", "SUFFIXES", "country_name", "gather_brief", "group_cards", "render"]
