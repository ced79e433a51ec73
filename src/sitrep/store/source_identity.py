"""Who a source is across the store, so that a track record can attach to it (issue 17, item 2).

Pure: a function of one stored analysis, the identities its entities were given
(store/linking.py) and its outlet's domain (documents.outlet_domain). The store
computes it as a document is saved (linking.py), and migration 0011 for the
documents stored before, into the `sources` table (schema.SourceRow); the sources
list (store/sources.py) and the forecast ledger (ledger/read.py) read it there.

- A named source is its entity's identity when it has an entity (linking.py:
  "kb:<id>", else "name:<normalised full name>"), else its name's. A lone name
  ("Trump", "Clinton") takes the full person name its article introduced before
  the source's own first mention (or in its title), as linking.py does for
  entities but from where the source speaks: a headline's "Clinton" is its own
  entity when the body names "Hillary Clinton" only later, yet "Clinton says"
  after "Hillary Clinton" is her. A person's middle initials are dropped, so the
  New York Times's "Donald J. Trump" is everyone else's Donald Trump, unless
  kb/source_identity.tsv keeps the name whole (George W. and George H. W. Bush).
  Nothing joins across articles: a lone "Trump" in an article that never names
  him in full stays "name:trump" (there are several Trumps, Clintons and Obamas,
  and a store-wide guess would change as articles arrive), and a middle name is
  part of the name ("Hillary Rodham Clinton").
- An unnamed source is its outlet, role and affiliation:
  "anon:breitbart.com|intelligence official|arab". Nothing tells two outlets'
  anonymous officials apart, so the outlet is part of who they are; within one
  outlet, the same role with the same affiliation is one source, a track record
  of "the Arab intelligence officials Breitbart quotes". The outlet is its domain
  (documents.outlet_domain: Breitbart News and Breitbart Jerusalem are
  breitbart.com), else its normalised name, else "unknown": the anonymous sources
  of articles with no known outlet share one outlet, as the sources list always
  showed them (corroboration still counts each such article apart).
  The role is the attribution component's role (the role noun's lemma with its
  common-noun compounds: "officials" and "an official" are one role) with the
  spellings and gendered forms of kb/source_identity.tsv joined ("spokeswoman",
  "spokesman" -> "spokesperson"); a source with no role noun ("people close to
  the campaign") is known by its description without its leading determiners.
  The affiliation is read the way the article reads it: a place of the article it
  names ("U.S.", "American" -> "united states"), else an entity of the article
  ("Clinton" -> the article's "hillary clinton"), else the KB (demonyms, country
  names and aliases, the entity KB's names and aliases: "State Department" ->
  "us state department"), else its normalised words; a party's adjective and
  nickname are the party ("GOP", "Republican" -> "republican party"); words
  that only open a sentence ("Several", "Former") are no affiliation.
- The outlet's own voice (a claim with no source) is "own:<outlet>", with the
  outlet as above: the ledger and the sources list count it as a source too.
  (Corroboration's keys, "named:", "unnamed:" and "outlet:", begin otherwise, so
  the desk's source pages take either.)
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, cached_property
from typing import Any, Mapping, Optional

from ..kb import read_table
from .linking import identity_key, normalised_name

ANONYMOUS = "anon:"
OWN_VOICE = "own:"
UNKNOWN_OUTLET = "unknown"
NAMED_KINDS = ("kb:", "name:")
_SEPARATOR = "|"
_PREPOSITIONS = frozenset({"at", "of", "with", "from", "for", "in"})
_INITIALS = re.compile(r"[^\W\d_]\.?|(?:[^\W\d_]\.){2,3}")  # "j.", "j", "h.w.": middle initials


def kind_of(identity: str) -> str:
    """"named", "unnamed" or "outlet" (the outlet's own voice): what an identity is of."""
    if identity.startswith(ANONYMOUS):
        return "unnamed"
    if identity.startswith(OWN_VOICE):
        return "outlet"
    return "named"


def is_identity(key: str) -> bool:
    """Whether a key is a source identity (as opposed to a corroboration key, "named:...")."""
    return key.startswith((ANONYMOUS, OWN_VOICE, *NAMED_KINDS))


def outlet_part(outlet_domain: Optional[str], outlet: Optional[str]) -> str:
    """The outlet as an identity writes it: its domain, else its normalised name, else "unknown"."""
    return _clean(outlet_domain or "") or _clean(normalised_name(outlet or "")) or UNKNOWN_OUTLET


def own_voice(outlet_domain: Optional[str], outlet: Optional[str]) -> str:
    """The identity of an outlet's own voice."""
    return OWN_VOICE + outlet_part(outlet_domain, outlet)


def source_identities(analysis: Mapping[str, Any], entity_identities: Mapping[str, str],
                      outlet_domain: Optional[str]) -> dict[str, str]:
    """Source id -> identity, for every source of one analysis (its JSON); `entity_identities`
    maps its entities' ids to their identities across the store (linking.py)."""
    article = _Article(analysis, entity_identities)
    outlet = outlet_part(outlet_domain, analysis.get("outlet"))
    found: dict[str, str] = {}
    for source in analysis.get("sources", []):
        if source.get("named") and (source.get("name") or source.get("entity")):
            found[source["id"]] = article.named(source)
        else:
            role = normalised_role(source.get("role")) or _description(source.get("description") or "")
            affiliation = article.affiliation(source.get("affiliation"))
            found[source["id"]] = ANONYMOUS + _SEPARATOR.join((outlet, _clean(role), _clean(affiliation or "")))
    return found


def assign_source_identities(rows: list[dict[str, Any]], analysis: Mapping[str, Any],
                             entities: list[dict[str, Any]], outlet_domain: Optional[str]) -> None:
    """Set the identity of each source row of one document (store/rows.py source_rows; `entities`
    are its entity rows, their identities set)."""
    found = source_identities(analysis, {e["ref"]: e.get("identity") or "" for e in entities}, outlet_domain)
    voice = own_voice(outlet_domain, analysis.get("outlet"))
    for row in rows:
        row["identity"] = found[row["ref"]] if row["ref"] is not None else voice


def normalised_role(role: Optional[str]) -> Optional[str]:
    """A role with its head noun's other spellings joined (kb/source_identity.tsv)."""
    if not role or not role.strip():
        return None
    words = _fold(role).split()
    synonyms = _table("role")
    whole = " ".join(words)
    if whole in synonyms:
        return synonyms[whole]
    return " ".join([*words[:-1], synonyms.get(words[-1], words[-1])])


class _Article:
    """What one analysis says about the names its sources and affiliations use."""

    def __init__(self, analysis: Mapping[str, Any], identities: Mapping[str, str]):
        self.analysis = analysis
        self.entities = {e["id"]: e for e in analysis.get("entities", [])}
        self.identities = {ref: identities.get(ref) or identity_key(e["name"], e.get("kb"))
                           for ref, e in self.entities.items()}
        self.title = analysis.get("title") or ""

    def named(self, source: Mapping[str, Any]) -> str:
        """A named source's identity: its entity's, else its name's; a lone name joins the full
        person name of its article (_full_name), and a person's middle initials are dropped
        (without_initials)."""
        entity = source.get("entity")
        identity = self.identities.get(entity) if entity else None
        person = entity in self.entities and self.entities[entity].get("type") == "PERSON"
        if identity is None:
            identity = identity_key(source.get("name") or "")
        if identity.startswith("name:") and " " not in identity[5:]:
            full = self._full_name(identity[5:], _first(source.get("mentions") or ()))
            identity, person = (full, True) if full is not None else (identity, person)
        return without_initials(identity) if person else identity  # "Walmart Stores v. Dukes" keeps its "v."

    def _full_name(self, lone: str, at: Optional[int]) -> Optional[str]:
        """The identity of the first full person name containing a lone name that its article
        introduced before the source's first mention at `at` (the title counts as before); None
        when there is none. A full name introduced only after is not taken: "Fiorina" before
        "Frank Fiorina" is his wife Carly, whom the tagger called an organisation."""
        if at is None:
            return None
        before: list[tuple[int, str]] = []
        for ref, entity in self.entities.items():
            if entity.get("type") != "PERSON" or entity.get("kb") or len(entity["name"].split()) < 2:
                continue
            start = -1 if entity["name"] in self.title else _first(entity.get("mentions") or ())
            if start is not None and start < at and lone in normalised_name(entity["name"]).split():
                before.append((start, self.identities[ref]))
        return min(before)[1] if before else None

    @cached_property
    def _place_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for place in self.analysis.get("places", []):
            shown = normalised_name(place["name"])
            for form in (place["name"], *(m.get("text", "") for m in place.get("mentions") or ())):
                names.setdefault(_fold(form), shown)
        return names

    @cached_property
    def _entity_names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for ref, entity in self.entities.items():
            shown = readable(self.identities[ref])
            mentions = (m.get("text", "") for m in entity.get("mentions") or ())
            forms = (entity["name"], *entity.get("aliases", ()), *mentions)
            for form in forms:
                names.setdefault(_fold(form), shown)
        return names

    def affiliation(self, text: Optional[str]) -> Optional[str]:
        """An affiliation as one normalised name, or None when it names nothing."""
        words = _fold(text or "").split()
        while words and (words[0] in _PREPOSITIONS or words[0] in _drop()):
            words = words[1:]
        if not words:
            return None
        phrase = " ".join(words)
        key = phrase.removesuffix("'s")
        synonyms = _table("affiliation")
        for form in (key, normalised_name(key)):
            if form in synonyms:
                return synonyms[form]
            if form in self._place_names:
                return self._place_names[form]
            if form in self._entity_names:
                return self._entity_names[form]
        known = _known_affiliations().get(normalised_name(key)) or _known_affiliations().get(
            normalised_name(key).removesuffix("s"))
        return known or normalised_name(key)


def readable(identity: str) -> str:
    """An entity identity as words: a KB entity's normalised canonical name, else the name."""
    if identity.startswith("kb:"):
        return _kb_names().get(identity[3:], identity)
    return identity.removeprefix("name:")


def without_initials(identity: str) -> str:
    """A name identity without middle initials ("name:donald j. trump" -> "name:donald trump",
    "John R. Kasich" -> "john kasich"), unless kb/source_identity.tsv keeps the name whole
    because its initials tell two people apart ("George W. Bush", "George H. W. Bush")."""
    if not identity.startswith("name:"):
        return identity
    words = identity[5:].split()
    if len(words) < 3 or _INITIALS.fullmatch(words[0]) or " ".join(words) in _table("initials"):
        return identity
    kept = [words[0], *(w for w in words[1:-1] if not _INITIALS.fullmatch(w)), words[-1]]
    return "name:" + " ".join(kept)


def _first(mentions) -> Optional[int]:
    """The offset of the first body mention (-1 for one in the title); None for none."""
    starts = [-1 if m.get("field") == "title" else m["start"] for m in mentions]
    return min(starts) if starts else None


def _description(description: str) -> str:
    """A source with no role, by its description without leading determiners, a plural role noun
    as the role ("officials" -> "official")."""
    words = _fold(description).split()
    while words and words[0] in _drop():
        words = words[1:]
    if words and words[-1].endswith("s") and words[-1][:-1] in _role_nouns():
        words[-1] = words[-1][:-1]
    return normalised_role(" ".join(words)) or ""


def _fold(text: str) -> str:
    """Unicode-normalised, one style of apostrophe, casefolded, one space between words."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'").casefold()
    return " ".join(text.split())


def _clean(part: str) -> str:
    """A part of an identity: no separator inside it."""
    return part.replace(_SEPARATOR, "/").strip()


@cache
def _table(kind: str) -> dict[str, str]:
    return {_fold(row["form"]): row["normal"] for row in read_table("source_identity.tsv") if row["kind"] == kind}


@cache
def _role_nouns() -> frozenset[str]:
    """The role nouns of unnamed sources (kb/source_roles.tsv, its courtesy titles aside)."""
    return frozenset(row["noun"] for row in read_table("source_roles.tsv") if row["kind"] != "title")


@cache
def _drop() -> frozenset[str]:
    return frozenset(_table("drop"))


@cache
def _kb_names() -> dict[str, str]:
    """KB id -> its entity's normalised canonical name (kb/entities.tsv)."""
    return {row["kb"]: normalised_name(row["name"]) for row in read_table("entities.tsv") if row["kb"]}


@cache
def _known_affiliations() -> dict[str, str]:
    """Normalised name -> the name an affiliation is written as, from the KB: countries by their
    names, spellings, aliases and demonyms (kb/countries.tsv, place_aliases.tsv, demonyms.tsv ->
    the country's ISO 3166 name), and the entity KB's names and aliases (-> its canonical name)."""
    import pycountry

    def country(code: str) -> Optional[str]:
        found = pycountry.countries.get(alpha_2=code.upper())
        return normalised_name(found.name) if found is not None else None

    known: dict[str, str] = {}
    for row in read_table("entities.tsv"):
        for form in (row["name"], *(a for a in row["aliases"].split("|") if a)):
            known.setdefault(normalised_name(form), readable(identity_key(row["name"], row["kb"] or None)))
    for table, column in (("place_aliases.tsv", "alias"), ("demonyms.tsv", "demonym")):
        for row in read_table(table):
            if row["target"].startswith("country:") and (name := country(row["target"][8:])):
                known[normalised_name(row[column])] = name
    for row in read_table("countries.tsv"):
        if (name := country(row["country"])) is not None:
            known[name] = name
            for form in row["spellings"].split("|"):
                if not (form.isupper() and len(form) <= 3):  # codes ("AF", "AFG") are no affiliation
                    known.setdefault(normalised_name(form), name)
    return known
