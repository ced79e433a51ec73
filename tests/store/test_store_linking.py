"""Linking saved documents to their originals and stories: one by one or in a batch, the same
links; story features kept in their own table, and backfilled when a 0001 store is upgraded."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.orm import Session

import sitrep.store.writer as writer_module
from sitrep.corpus import stories
from sitrep.model import Analysis, Certainty, Claim, Entity, Place, Source
from sitrep.pipeline import document_id
from sitrep.store import Store
from sitrep.store.migrate import _config, head
from sitrep.store.schema import DocumentRow, StoryFeatureRow, StoryRow
from support.spans import mention

# The same event as the store corpus's Islamic State article, told in other words by another outlet.
RETOLD = (
    "Islamic State militants are preparing attacks on Russia and the United States, according to "
    "an Arab intelligence official. The official said IS trained Chechen fighters in Syria and Iraq."
)
# The same again in new words (not a copy of either): shares the features, not the text.
RETOLD_AGAIN = (
    "Weeks on, an Arab intelligence official repeated his warning about Islamic State and its aims in Russia "
    "and the United States. He added that IS trained Chechen fighters in Syria and Iraq last year."
)
CREDIT = " Photo: Reuters staff in Jerusalem."


def retold(published: str, outlet: str = "Reuters", body: str = RETOLD) -> Analysis:
    """Another outlet's article about the Islamic State's plans (same entities, places, claims)."""
    b = body
    return Analysis(
        id=document_id(b + published), input=f"retold-{published}.txt", outlet=outlet,
        title="Islamic State plans attacks on Russia and U.S.", published=published, body=b,
        entities=[Entity(id="e1", name="Islamic State", type="GROUP", aliases=["IS"],
                         mentions=[mention(b, "Islamic State")])],
        places=[Place(id=f"p{i}", name=name, kind="country", country=code, mentions=[mention(b, name)])
                for i, (name, code) in enumerate([("Russia", "RU"), ("United States", "US"), ("Syria", "SY"),
                                                  ("Iraq", "IQ")], start=1)],
        sources=[Source(id="s1", description="an Arab intelligence official", named=False,
                        mentions=[mention(b, "an Arab intelligence official")])],
        claims=[
            Claim(id="c1", text=b[:b.index(",")], start=0, end=b.index(","), source="s1", actor="e1",
                  action="ASSAULT", target=["p1", "p2"], modality="planned",
                  certainty=Certainty(band="unstated", p_low=0.0, p_high=1.0)),
            Claim(id="c2", text="IS trained Chechen fighters in Syria and Iraq", start=b.index("IS trained"),
                  end=b.index("IS trained") + len("IS trained Chechen fighters in Syria and Iraq"),
                  source="s1", actor="e1", action="MOBILIZE", place="p3", modality="occurred",
                  certainty=Certainty(band="unstated", p_low=0.0, p_high=1.0)),
        ],
    )


def links(store: Store) -> dict[str, tuple]:
    """(copy_of, story_id, n_features) of every stored document, by id."""
    with Session(store.engine) as session:
        return {r.id: (r.copy_of, r.story_id, r.n_features) for r in session.scalars(select(DocumentRow))}


def story_rows(store: Store) -> dict[str, tuple]:
    with Session(store.engine) as session:
        return {r.id: (r.title, r.documents, r.first_published, r.last_published)
                for r in session.scalars(select(StoryRow))}


def feature_rows(store: Store) -> set[tuple]:
    with Session(store.engine) as session:
        return set(session.execute(select(StoryFeatureRow.document_id, StoryFeatureRow.key,
                                          StoryFeatureRow.published)).all())


def test_articles_sharing_what_they_are_about_within_days_share_a_story(store, corpus):
    first, second = corpus[0], retold("2016-03-27")
    store.save([first])
    store.save([second])
    stored = links(store)
    assert stored[second.id][1] == stored[first.id][1] == stories.story_id(first.id)
    assert story_rows(store)[stories.story_id(first.id)][1:] == (2, dt.date(2016, 3, 25), dt.date(2016, 3, 27))


def test_the_same_features_outside_the_window_start_a_new_story(store, corpus):
    late = retold("2016-04-05")
    store.save([corpus[0], late])
    stored = links(store)
    assert stored[late.id][1] == stories.story_id(late.id) != stored[corpus[0].id][1]


def test_a_copy_joins_its_originals_story_and_keeps_no_features(store, corpus):
    original = corpus[0]
    copy = original.model_copy(update={"id": document_id(original.body + CREDIT), "body": original.body + CREDIT,
                                       "input": "re-scrape.txt", "outlet": "Other News"})
    store.save([original])
    store.save([copy])
    stored = links(store)
    assert stored[copy.id] == (original.id, stored[original.id][1], None)
    assert {doc for doc, _, _ in feature_rows(store)} == {original.id}


def test_story_features_are_the_corpus_features_of_each_original(store, corpus):
    store.save(corpus)
    stored = links(store)
    expected = {(a.id, key, a.published) for a in corpus for key in stories.features(a)}
    assert feature_rows(store) == expected
    assert {a.id: stored[a.id][2] for a in corpus} == {a.id: len(stories.features(a)) for a in corpus}


def batch_corpus(corpus) -> list[Analysis]:
    """Originals, a copy of one, a retelling a day later, its own copy, and one too late."""
    original = corpus[0]
    copy = original.model_copy(update={"id": document_id(original.body + CREDIT), "body": original.body + CREDIT,
                                       "input": "re-scrape.txt"})
    later = retold("2016-03-26")
    later_copy = later.model_copy(update={"id": document_id(later.body + CREDIT), "body": later.body + CREDIT,
                                          "published": dt.date(2016, 3, 27)})
    return [original, corpus[1], copy, later, later_copy, retold("2016-04-20", body=RETOLD_AGAIN),
            corpus[2]]


def test_a_batch_is_linked_exactly_as_documents_saved_one_by_one(db_url, corpus, tmp_path):
    documents = batch_corpus(corpus)
    with Store(db_url) as together:
        together.save(documents)
        batched, batched_stories = links(together), story_rows(together)
    with Store(str(tmp_path / "one-by-one.db")) as apart:
        for analysis in documents:
            apart.save([analysis])
        assert links(apart) == batched
        assert story_rows(apart) == batched_stories
    original, _, copy, later, later_copy, too_late, _ = documents
    assert batched[copy.id][0] == original.id and batched[later_copy.id][0] == later.id
    assert batched[later.id][1] == batched[original.id][1] == batched[later_copy.id][1]
    assert batched[too_late.id][1] == stories.story_id(too_late.id)
    assert batched_stories[stories.story_id(original.id)][1:] == (4, dt.date(2016, 3, 25), dt.date(2016, 3, 27))
    assert len(batched_stories) == 4


def test_a_failing_write_leaves_no_document_story_or_link(store, corpus, monkeypatch):
    real = writer_module._insert

    def fail_on_claims(session, table, rows, returning=False):
        if table.name == "claims":
            raise RuntimeError("disk on fire")
        return real(session, table, rows, returning)

    monkeypatch.setattr(writer_module, "_insert", fail_on_claims)
    with pytest.raises(RuntimeError):
        store.save(corpus)
    assert store.count() == 0 and story_rows(store) == {} and feature_rows(store) == set()
    assert store.search("refugees") == []
    monkeypatch.setattr(writer_module, "_insert", real)
    assert store.save(corpus) == (3, 0)


def test_a_0001_store_is_upgraded_with_the_story_features_of_its_originals(db_url, corpus):
    documents = batch_corpus(corpus)
    with Store(db_url) as store:
        store.save(documents)
        expected_features, expected_links = feature_rows(store), links(store)
        with store.engine.begin() as connection:
            command.downgrade(_config(connection), "0001")
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
            columns = connection.execute(select(DocumentRow.id)).all()  # documents survive the downgrade
        assert len(columns) == len(documents)
    with Store(db_url) as upgraded:
        with upgraded.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head()
        assert feature_rows(upgraded) == expected_features
        assert links(upgraded) == expected_links
        assert upgraded.get(documents[0].id) == documents[0]
        assert upgraded.search("Chechen", place="SY")
        one_more = retold("2016-03-27", outlet="AP", body=(
            "AP was told by an Arab intelligence official that Islamic State wants to strike Russia and the United "
            "States. IS trained Chechen fighters in Syria and Iraq, the official said, and more are coming."))
        upgraded.save([one_more])
        assert links(upgraded)[one_more.id][0] is None
        assert links(upgraded)[one_more.id][1] == stories.story_id(documents[0].id)
