"""Who vouches for a claim, in keys that compare across articles.

Two claims assert the same thing when they share actor, action, target country
(or target name) and modality class, within a time window. Their support is
counted in *independent* outlets and sources: copies of one article are not
counted at all (the store links them to their original), a named source is
one source wherever quoted, and an unnamed one ("an Arab intelligence
official") is one source per outlet that quotes it, since nothing tells two
outlets' anonymous officials apart; the outlet's own voice is a source too.
"""

from __future__ import annotations

from typing import Optional

from ..model import Source

# Claims about the same thing in different modalities still corroborate each other
# when they say the same kind of thing: it happened, it is coming, it could.
MODALITY_CLASS = {
    "occurred": "happened", "alleged": "happened",
    "planned": "coming", "threatened": "coming", "predicted": "coming",
    "hypothetical": "possible",
}
# Reports of one event or one forecast cluster within days, not months.
WINDOW_DAYS = 14


def _key(text: Optional[str]) -> str:
    return " ".join((text or "").split()).casefold()


def source_key(source: Optional[Source], outlet: Optional[str], document_id: str) -> str:
    """The identity of a claim's voucher across articles."""
    outlet_key = _key(outlet) or f"doc:{document_id}"
    if source is None:
        return f"outlet:{outlet_key}"
    if source.named and source.name:
        return f"named:{_key(source.name)}"
    return f"unnamed:{outlet_key}:{_key(source.description)}"


def outlet_key(outlet: Optional[str], document_id: str) -> str:
    """An outlet's identity; an article with no known outlet stands alone."""
    return _key(outlet) or f"doc:{document_id}"
