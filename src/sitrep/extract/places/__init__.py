"""The places component: find place mentions, resolve each to one gazetteer record.

Recognition, strongest evidence first (an earlier reading wins an overlap):
- "Salem, Ore." / "Walker County (Ga.)": a postal state abbreviation after a town;
- the dateline's parts; spaCy's GPE/LOC/FAC entities (a name with a designator, "Oaxaca
  State", "Morris County", is looked up without it; an unknown one keeps the place names
  inside it, or stands as a place no gazetteer lists); other unclaimed entities only with
  strong evidence (the dateline, a "City, Country" pair);
- organisations that are also places of no single country ("the EU");
- demonyms and adjectives of place used as modifiers ("Russian officials", "the Omani film
  industry") are mentions of their country or region, as in GeoWebNews' taxonomy (Gritta et
  al. 2019: "Non_Literal_Modifier"); a people noun ("Venezuelans") or a language is not;
- names ending in a site word ("Royal Street", "Holy Redeemer Church"), whatever their label;
- a name tagged as a person after a locative preposition ("in Almelo") that the gazetteer knows;
- capitalised proper-noun runs that the gazetteer knows (filters against common words,
  acronyms like "IS", tiny villages, and towns inside a longer name like "Police Department"),
  and well-known places inside names of organisations and events ("New York Police Department").
Such mentions may share tokens with an entity of sitrep_entities (a NORP adjective, an ORG
name): the place and the entity are two readings of the same words.

Readings that name no place are then dropped: the state of a legislator's party tag ("(D-Minn.)");
a town named like a surname of the article's people, where it acts ("Kennedy wrote"), or a
small town that speaks ("Kennedy said"); and a name the tagger calls a place but no gazetteer
lists ("Netflix", "Yulia") unless some mention of it shows it is one (a feature word, a
locative preposition, a "Place, Country" pair, the dateline). By one sense per discourse, a
name read as a place is that place at its other whole occurrences too ("in Nelson" and
"Nelson residents").

Resolution ("Paris, France or Paris, Texas?") uses, in order: an explicit "City, Country"
or "City, State" pair, the countries and states the article itself mentions (including
the dateline's), then the gazetteer's population prior. A small town with no namesake in the
container of its pair ("Sarkh, Logar") lies in that container. Places no gazetteer lists take
the point of the known place they are said to lie in ("Le Bernardin in New York"); failing
that, streets and buildings (and the small counties listed without a point) take the point
of the town the story is about, and any other unlisted place keeps no point.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from ...geo.gazetteer import Gazetteer, gazetteer
from ...model import Mention, Place
from ..annotations import ASSIGNS, annotations, document, write, write_tokens
from .recognise import KIND, PlaceMention, recognise
from .resolve import resolve

def _places(mentions: list[PlaceMention]) -> tuple[list[Place], dict[int, str]]:
    """Group mentions by real-world place; ids p1, p2, ... in order of first mention."""
    places: dict[tuple, Place] = {}
    token_place: dict[int, str] = {}
    for m in mentions:
        c = m.resolved
        place = places.get(c.key)
        if place is None:
            place = Place(id=f"p{len(places) + 1}", name=c.name, kind=KIND.get(c.kind, "other"),
                          country=c.country, lat=c.lat, lon=c.lon, geonameid=c.geonameid)
            places[c.key] = place
        place.mentions.append(Mention(start=m.start_char, end=m.end_char, text=m.text))
        token_place.update({t: place.id for t in range(m.start, m.end)})
    return list(places.values()), token_place


def _dateline_place(mentions: list[PlaceMention], token_place: dict[int, str], dateline) -> Optional[str]:
    """The place of the dateline's first named part ('JAFFA' of 'JAFFA, Israel')."""
    if dateline is None:
        return None
    inside = [m for m in mentions if m.start_char >= dateline.start and m.end_char <= dateline.end]
    return token_place[inside[0].start] if inside else None


def find_places(doc: Doc, gaz: Optional[Gazetteer] = None) -> Doc:
    """Write Doc._.places, doc.spans["places"], Doc._.place_tokens and Doc._.dateline_place
    (annotations.py)."""
    gaz = gaz or gazetteer()
    dateline = document(doc).dateline
    mentions = recognise(doc, gaz, annotations(doc), dateline)
    resolve(doc, mentions, dateline)
    places, token_place = _places(mentions)
    write(doc, "places", places, label=lambda place: place.kind)
    write_tokens(doc, "place", token_place)
    doc._.dateline_place = _dateline_place(mentions, token_place, dateline)
    return doc


class PlaceFinder:
    """The registered component; the gazetteer loads with the pipeline, not per document."""

    def __init__(self):
        self.gazetteer = gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        return find_places(doc, self.gazetteer)


@Language.factory("sitrep_places", assigns=ASSIGNS["sitrep_places"],
                  requires=["doc.ents", "doc._.entity_tokens", "token.pos", "token.dep"])
def make_component(nlp: Language, name: str) -> PlaceFinder:
    return PlaceFinder()
