"""Analysts' corrections (store/corrections.py) on SQLite and PostgreSQL: each change shows
everywhere the store is read, is logged with who and when, and its undo puts back what was."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from sitrep.model import Analysis, Certainty, Claim, Entity, Place, Source
from sitrep.pipeline import document_id
from sitrep.store import Filters, Store
from sitrep.store.corrections import CorrectionError, NotFound
from sitrep.store.edits import replace_document
from sitrep.store.schema import EntityIdentityNameRow, EntityNameRow, EntityRow
from support.spans import mention

CALIPHATE_BODY = ("Caliphate Army will probably attack Russia again, a Kremlin adviser told the Interfax agency. "
              "Caliphate Army fighters are regrouping.")


def claim(body: str, cid: str, text: str, **fields) -> Claim:
    span = mention(body, text)
    return Claim(id=cid, text=text, start=span.start, end=span.end, **fields)


def place(body: str, pid: str, name: str, kind: str, country) -> Place:
    return Place(id=pid, name=name, kind=kind, country=country, mentions=[mention(body, name)])


def caliphate_army() -> Analysis:
    """A later article naming the Islamic State "Caliphate Army", asserting what the first article does."""
    b = CALIPHATE_BODY
    return Analysis(
        id=document_id(b), input="caliphate.txt", outlet="Interfax",
        title="Kremlin adviser warns of Caliphate Army attacks",
        published="2016-03-27", body=b,
        entities=[Entity(id="e1", name="Caliphate Army", type="ORG", mentions=[mention(b, "Caliphate Army")])],
        places=[place(b, "p1", "Russia", "country", "RU")],
        sources=[Source(id="s1", description="a Kremlin adviser", named=False,
                        mentions=[mention(b, "a Kremlin adviser")])],
        claims=[claim(b, "c1", "Caliphate Army will probably attack Russia again", source="s1", actor="e1",
                      action="ASSAULT", target=["p1"], modality="predicted",
                      certainty=Certainty(cue="probably", band="likely", p_low=0.55, p_high=0.8))],
    )


def mentioning(name: str, type_: str, id: str) -> Analysis:
    """A later article of its own words that names `name` (and asserts nothing)."""
    body = f"On Friday {name} was named again in a statement about the border talks, officials in Ankara said."
    return Analysis(id=id, input=f"{id}.txt", outlet="Anadolu", title="Border talks", published="2016-04-01",
                    body=body, entities=[Entity(id="e1", name=name, type=type_, mentions=[mention(body, name)])])


def entity(store: Store, name: str):
    """The entity list's row named `name`, or None."""
    return next((n for n in store.list_entities(limit=None) if n.name == name), None)


def view(store: Store) -> dict:
    """What a reader sees of the entities and claims: lists, searches, cards and support."""
    return {
        "entities": [(n.name, n.kind, n.articles, n.claims) for n in store.list_entities(limit=None)],
        "count": store.count_entities(),
        "is": sorted(h.id for h in store.search(actor="Islamic State")),
        "caliphate_army": sorted(h.id for h in store.search(actor="Caliphate Army")),
        "actors": sorted(c.actor or "" for c in store.claim_cards(limit=None)),
        "support": sorted((c.document_id, c.claim, c.outlets) for c in store.claim_cards(limit=None)),
        "countries": dict(store.claims_per_country()),
    }


@pytest.fixture
def four(filled: Store) -> Store:
    filled.save([caliphate_army()])
    return filled


def test_a_merge_makes_one_entity_everywhere_and_its_undo_puts_back_what_was(four: Store):
    before = view(four)
    assert entity(four, "Caliphate Army") is not None and before["is"] != before["caliphate_army"]

    done = four.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")

    merged = entity(four, "Islamic State")
    assert entity(four, "Caliphate Army") is None and merged.articles == 2 and merged.claims == 3
    assert four.count_entities() == before["count"] - 1
    both = sorted({*before["is"], *before["caliphate_army"]})
    assert sorted(h.id for h in four.search(actor="Islamic State")) == both
    assert sorted(h.id for h in four.search(actor="caliphate army")) == both  # either name, any case
    cards = four.claim_cards(Filters(actor="Caliphate Army"), limit=None)
    assert {c.actor for c in cards} == {"Islamic State"} and len(cards) == 3  # one actor for the brief
    first = next(c for c in cards if c.document_id == caliphate_army().id)
    assert first.outlets == 2  # Breitbart and Interfax now assert the same of one actor
    assert done.action == "merge" and done.analyst == "ana" and done.before["name"] == "Caliphate Army"
    assert done.after["name"] == "Islamic State" and done.at is not None

    undone = four.corrections.undo(done.id, analyst="bo")
    assert view(four) == before
    assert undone.action == "undo" and undone.undoes == done.id and undone.analyst == "bo"
    assert four.corrections.get(done.id).undone_by == undone.id


def test_a_merge_applies_to_articles_stored_after_it(filled: Store):
    filled.corrections.merge("North Atlantic Treaty Organization", "Islamic State", analyst="ana")
    filled.save([caliphate_army()])
    filled.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")
    assert entity(filled, "Caliphate Army") is None
    filled.save([mentioning("Caliphate Army", "ORG", "later-caliphate")])
    assert entity(filled, "Caliphate Army") is None and entity(filled, "Islamic State").articles == 4
    assert "later-caliphate" in {h.id for h in filled.search(actor="Islamic State")}
    assert {c.actor for c in filled.claim_cards(Filters(actor="Caliphate Army"), limit=None)} == {"Islamic State"}


def test_merges_chain_and_undoing_the_first_keeps_the_second(four: Store):
    first = four.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")
    four.corrections.merge("Islamic State", "European Union", analyst="ana")
    assert entity(four, "European Union").articles == 3
    four.corrections.undo(first.id, analyst="ana")
    assert entity(four, "Caliphate Army").articles == 1 and entity(four, "European Union").articles == 2
    assert sorted(h.id for h in four.search(actor="Caliphate Army")) == [caliphate_army().id]


def test_an_alias_finds_the_entity_now_and_in_later_articles_until_undone(filled: Store):
    assert filled.search(actor="Sultan") == []
    done = filled.corrections.add_alias("Recep Tayyip Erdogan", "Sultan", analyst="ana")
    assert [c.actor for c in filled.claim_cards(Filters(actor="sultan"), limit=None)] == ["Recep Tayyip Erdogan"]
    filled.save([mentioning("Recep Tayyip Erdogan", "PERSON", "later-erdogan")])
    assert len(filled.search(actor="Sultan")) == 2
    assert [a.alias for a in filled.corrections.entity("Sultan").aliases] == ["Sultan"]
    with pytest.raises(CorrectionError, match="already"):
        filled.corrections.add_alias("Erdogan", "sultan", analyst="ana")
    filled.corrections.undo(done.id, analyst="ana")
    assert filled.search(actor="Sultan") == [] and filled.corrections.entity("Erdogan").aliases == []


def test_a_retype_changes_the_listed_type_and_its_undo_restores_it(filled: Store):
    done = filled.corrections.retype("European Union", "ORG", analyst="ana")
    assert entity(filled, "European Union").kind == "ORG" and done.before == {"type": "GOV"}
    with pytest.raises(CorrectionError, match="unknown entity type"):
        filled.corrections.retype("European Union", "COUNTRY", analyst="ana")
    filled.corrections.undo(done.id, analyst="ana")
    assert entity(filled, "European Union").kind == "GOV"


def test_a_claim_marked_wrong_leaves_briefs_counts_and_corroboration_until_undone(four: Store):
    four.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")
    before = view(four)
    is_doc = four.search(actor="Islamic State", action="ASSAULT")
    assert {h.id for h in is_doc} == {caliphate_army().id, four.search("Arab intelligence")[0].id}
    target = four.search("Arab intelligence")[0].id

    done = four.corrections.mark_wrong(target, "c1", analyst="ana", reason="a forecast, not a fact")

    cards = four.claim_cards(limit=None)
    assert (target, "c1") not in {(c.document_id, c.claim) for c in cards}
    assert len(cards) == len(before["actors"]) - 1
    assert four.claims_per_country()["US"] == before["countries"]["US"] - 1
    assert {h.id for h in four.search(actor="Islamic State", action="ASSAULT")} == {caliphate_army().id}
    assert [c.id for c in four.search("Arab intelligence")[0].claims] == ["c2"]  # never listed
    assert next(c for c in cards if c.document_id == caliphate_army().id).outlets == 1  # no longer supported by it
    assert entity(four, "Islamic State").claims == 2
    assert four.get(target).claims[0].id == "c1"  # the analysis itself is kept as analysed
    assert four.corrections.article(target).wrong["c1"].after["reason"] == "a forecast, not a fact"
    with pytest.raises(CorrectionError, match="already"):
        four.corrections.mark_wrong(target, "c1", analyst="ana")

    four.corrections.undo(done.id, analyst="ana")
    assert view(four) == before and four.corrections.article(target).wrong == {}


def test_notes_on_an_article_and_a_claim_are_kept_verbatim_and_undone(filled: Store):
    doc = filled.search("Lithuania")[0].id
    hostile = '<script>alert("x")</script> & check'
    on_article = filled.corrections.add_note(doc, hostile, analyst="ana")
    filled.corrections.add_note(doc, "second source?", analyst="bo", claim="c1")
    notes = filled.corrections.article(doc).notes
    assert [(n.claim, n.text, n.analyst) for n in notes] == [(None, hostile, "ana"), ("c1", "second source?", "bo")]
    filled.corrections.undo(on_article.id, analyst="ana")
    assert [n.text for n in filled.corrections.article(doc).notes] == ["second source?"]


def test_the_log_holds_every_change_and_undo_newest_first_and_refuses_what_cannot_be(filled: Store):
    fix = filled.corrections
    alias = fix.add_alias("NATO", "the Alliance", analyst="ana")
    undo = fix.undo(alias.id, analyst="bo")
    log = fix.log()
    assert [(c.action, c.analyst) for c in log] == [("undo", "bo"), ("alias", "ana")] and fix.count() == 2
    assert log[0].before == log[1].after and log[0].after == log[1].before
    with pytest.raises(CorrectionError, match="undone already"):
        fix.undo(alias.id, analyst="bo")
    with pytest.raises(CorrectionError, match="is an undo"):
        fix.undo(undo.id, analyst="bo")
    with pytest.raises(NotFound):
        fix.undo(999, analyst="bo")
    with pytest.raises(NotFound, match="no stored entity"):
        fix.merge("Nobody At All", "NATO", analyst="ana")
    with pytest.raises(CorrectionError, match="one entity already"):
        fix.merge("NATO", "North Atlantic Treaty Organization", analyst="ana")
    with pytest.raises(CorrectionError, match="analyst is empty"):
        fix.add_alias("NATO", "Alliance", analyst="  ")
    with pytest.raises(NotFound, match="no claim"):
        fix.mark_wrong(filled.search("Lithuania")[0].id, "c99", analyst="ana")
    assert fix.count() == 2  # refusals write nothing


def names_by_identity(store: Store) -> set[tuple[str, str]]:
    """(identity, name key) of every stored entity's name rows, worked out from the entities."""
    with Session(store.engine) as session:
        return {(identity, key) for identity, key in session.execute(
            select(EntityRow.identity, EntityNameRow.key).join(EntityNameRow, EntityNameRow.entity_pk == EntityRow.pk))}


def kept_names(store: Store) -> set[tuple[str, str]]:
    """What the entity list's name filter reads (store/identity_names.py)."""
    with Session(store.engine) as session:
        return {(identity, key) for identity, key in session.execute(
            select(EntityIdentityNameRow.identity, EntityIdentityNameRow.key))}


def test_each_identitys_names_are_kept_exactly_through_saves_corrections_undo_and_an_edit(four: Store, corpus):
    """The pairs the name filter reads are the entities' own, whatever changed whose they are;
    and the filter lists exactly the entities with a name containing the text."""
    assert kept_names(four) == names_by_identity(four)
    merge = four.corrections.merge("Caliphate Army", "Islamic State", analyst="ana")
    alias = four.corrections.add_alias("Recep Tayyip Erdogan", "Sultan", analyst="ana")
    four.corrections.retype("European Union", "ORG", analyst="ana")
    four.save([mentioning("Caliphate Army", "ORG", "later-caliphate")])  # takes the merge in force
    assert kept_names(four) == names_by_identity(four)
    assert [e.name for e in four.list_entities(name="caliph")] == ["Islamic State"]
    assert [e.name for e in four.list_entities(name="SULTAN")] == ["Recep Tayyip Erdogan"]
    four.corrections.undo(alias.id, analyst="ana")
    four.corrections.undo(merge.id, analyst="ana")
    assert kept_names(four) == names_by_identity(four)
    assert four.list_entities(name="sultan") == [] and four.count_entities(name="sultan") == 0
    assert [e.name for e in four.list_entities(name="caliph")] == ["Caliphate Army"]
    edited = corpus[2]  # the Turkey article edited in place: it names the European Union otherwise now
    edited = edited.model_copy(update={"entities": [edited.entities[0], edited.entities[1].model_copy(
        update={"name": "Brussels bureaucrats", "aliases": []})]})
    union = entity(four, "European Union").identity  # named by the Turkey article alone
    assert any(identity == union for identity, _ in kept_names(four))
    with Session(four.engine) as session, session.begin():
        replace_document(session, edited)
    assert kept_names(four) == names_by_identity(four) and not any(i == union for i, _ in kept_names(four))
    assert [e.name for e in four.list_entities(name="bureaucrats")] == ["Brussels bureaucrats"]
