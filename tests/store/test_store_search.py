"""Search: full text (FTS5 and the portable LIKE), structured filters, paging."""

from __future__ import annotations

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine

from sitrep.store import Store
from sitrep.store.fts import PG_VECTOR


def ids(hits):
    return [h.id for h in hits]


def claim_ids(hits):
    return {h.id: [c.id for c in h.claims] for h in hits}


def test_full_text_words_must_all_match(filled, corpus):
    is_doc, nato_doc, turkey_doc = corpus
    assert ids(filled.search("refugees")) == [turkey_doc.id]
    assert ids(filled.search("troops Lithuania")) == [nato_doc.id]
    assert filled.search("troops Syria") == []


def test_full_text_is_stemmed_case_insensitive_and_searches_titles(filled, corpus):
    assert ids(filled.search("ATTACK")) == [corpus[0].id]
    assert ids(filled.search("threatens")) == [corpus[2].id]  # body says "threatened", title "threatens"


def test_full_text_operators_and_phrases(filled, corpus):
    assert ids(filled.search('"United States"')) == [corpus[0].id]
    assert set(ids(filled.search("refugees OR troops"))) == {corpus[1].id, corpus[2].id}
    assert ids(filled.search("Syria NOT refugees")) == [corpus[0].id]
    assert ids(filled.search("Lithu*")) == [corpus[1].id]


def test_punctuation_in_plain_words_is_not_syntax(filled):
    assert filled.search("al-Qaeda") == []
    assert filled.search("U.S. Russia") == []  # "U.S." is not in the text; no crash either


def test_bad_query_syntax_is_a_clear_value_error(filled):
    with pytest.raises(ValueError, match="cannot search for"):
        filled.search('"unterminated')
    with pytest.raises(ValueError, match="nothing to search for"):
        filled.search("...")


def test_snippet_comes_from_the_body_around_the_match(filled):
    (hit,) = filled.search("refugees")
    assert "refugees" in hit.snippet
    assert hit.title == "Erdogan threatens to send refugees to Europe"


def test_actor_by_name_or_alias_any_case(filled, corpus):
    is_doc, nato_doc, turkey_doc = corpus
    assert claim_ids(filled.search(actor="islamic state")) == {is_doc.id: ["c1", "c2"]}
    assert claim_ids(filled.search(actor="nato")) == {nato_doc.id: ["c1"]}
    assert claim_ids(filled.search(actor="Erdogan")) == {turkey_doc.id: ["c1"]}
    assert filled.search(actor="Vladimir Putin") == []


def test_actor_matches_an_entity_without_claims(filled, corpus):
    hits = filled.search(actor="breitbart jerusalem")
    assert claim_ids(hits) == {corpus[0].id: []}


def test_place_by_country_code_or_name(filled, corpus):
    is_doc, nato_doc, turkey_doc = corpus
    assert claim_ids(filled.search(place="lt")) == {nato_doc.id: ["c1"]}
    assert claim_ids(filled.search(place="Brussels")) == {nato_doc.id: ["c1"]}
    assert claim_ids(filled.search(place="SY")) == {turkey_doc.id: ["c2"], is_doc.id: ["c2"]}
    assert claim_ids(filled.search(place="US")) == {is_doc.id: ["c1"]}
    assert filled.search(place="FR") == []


def test_modality_filter_applies_to_single_claims(filled, corpus):
    turkey_doc = corpus[2]
    assert claim_ids(filled.search(modality="threatened")) == {turkey_doc.id: ["c1"]}
    assert claim_ids(filled.search(modality="predicted", place="RU")) == {corpus[0].id: ["c1"]}
    # Erdogan's claim is a threat; the hypothetical one is the EU's: no single claim has both.
    assert filled.search(actor="Erdogan", modality="hypothetical") == []
    assert filled.search(modality="alleged") == []


def test_date_range_is_inclusive(filled, corpus):
    is_doc, nato_doc, turkey_doc = corpus
    assert ids(filled.search(since="2017-01-01")) == [turkey_doc.id, nato_doc.id]
    assert ids(filled.search(until="2017-12-31")) == [nato_doc.id, is_doc.id]
    assert ids(filled.search(since="2016-03-25", until="2016-03-25")) == [is_doc.id]


def test_filters_combine_with_full_text(filled, corpus):
    assert ids(filled.search("Syria", since="2019-01-01")) == [corpus[2].id]
    assert ids(filled.search("Syria", actor="Islamic State")) == [corpus[0].id]


def test_no_filters_lists_newest_first_and_pages(filled, corpus):
    newest_first = [c.id for c in reversed(corpus)]
    assert ids(filled.search()) == newest_first
    assert ids(filled.search(limit=2, offset=1)) == newest_first[1:]


@pytest.mark.parametrize("bad", [dict(modality="rumoured"), dict(since="25/03/2016"),
                                 dict(until="2016-02-30"), dict(since="2017-01-01", until="2016-01-01")])
def test_bad_filters_raise_value_error(filled, bad):
    with pytest.raises(ValueError):
        filled.search(**bad)


def test_like_fallback_matches_words_and_escapes_wildcards(filled, corpus):
    filled.full_text = "like"  # the path other databases take
    assert ids(filled.search("refugees")) == [corpus[2].id]
    assert ids(filled.search("troops lithuania")) == [corpus[1].id]
    assert filled.search("troops Syria") == []
    assert filled.search("%") == []
    assert "refugees" in filled.search("refugees")[0].snippet


def test_seed_is_found_by_its_words(store, seed_analysis):
    store.save([seed_analysis])
    assert ids(store.search("Raqqa coded messages")) == [seed_analysis.id]
    assert ids(store.search('"Brussels bombings"')) == [seed_analysis.id]
    assert store.search("Srinagar") == []  # only in the removed caption, not the body


def test_action_band_and_anonymous_filters_hold_on_the_same_claim(filled, corpus):
    is_doc, nato_doc, turkey_doc = corpus
    assert claim_ids(filled.search(action="assault")) == {is_doc.id: ["c1"]}
    assert claim_ids(filled.search(band="likely")) == {is_doc.id: ["c1"]}
    assert claim_ids(filled.search(anonymous=True)) == {is_doc.id: ["c1", "c2"], nato_doc.id: ["c1"]}
    assert claim_ids(filled.search(anonymous=True, action="MOBILIZE", place="LT")) == {nato_doc.id: ["c1"]}
    assert filled.search(action="THREATEN", anonymous=True) == []
    with pytest.raises(ValueError, match="unknown action"):
        filled.search(action="BOMB")


FILTERS = [dict(actor="Islamic State"), dict(actor="is"), dict(actor="nato"), dict(place="SY"), dict(place="LT"),
           dict(place="Brussels"), dict(anonymous=True), dict(modality="threatened"), dict(band="likely"),
           dict(anonymous=True, action="MOBILIZE", place="LT"), dict(actor="Erdogan", since="2019-01-01"),
           dict(place="SY", until="2020-06-30"), dict(action="THREATEN", anonymous=True)]


@pytest.mark.parametrize("walk", [1, 4, 9])
def test_a_walk_through_the_newest_documents_gives_exactly_the_full_pages(store, corpus, monkeypatch, walk):
    """Searches without words first probe the `walk` newest documents one by one; whenever that
    fills a page, it must be the page the full plan gives, for every filter and offset."""
    import datetime as dt

    from sqlalchemy.orm import Session

    from sitrep.store import search

    rounds = [a.model_copy(update={"id": f"{a.id}-r{r}", "published": a.published + dt.timedelta(days=90 * r)})
              for r in range(4) for a in corpus]
    store.save(rounds)
    pages = [(limit, offset) for limit in (1, 2, 3) for offset in (0, 1, 4)]
    monkeypatch.setattr(search, "WALK", 10**6)  # beyond the store: the walk never fills a page
    expected = {(i, page): ordered_claims(store.search(**f, limit=page[0], offset=page[1]))
                for i, f in enumerate(FILTERS) for page in pages}
    monkeypatch.setattr(search, "WALK", walk)
    walked = 0
    for (i, (limit, offset)), want in expected.items():
        hits = store.search(**FILTERS[i], limit=limit, offset=offset)
        assert ordered_claims(hits) == want, (FILTERS[i], limit, offset)
        with Session(store.engine) as session:
            walked += store._walked_page(session, search.Filters.build(**FILTERS[i]), limit, offset) is not None
    assert walked > 0, "no search was answered by the walk"


def ordered_claims(hits):
    return [(h.id, [c.id for c in h.claims]) for h in hits]


DATE_RANGES = [("2016-03-25", "2016-03-25"), ("2016-03-26", None), (None, "2016-03-24"), ("2016-06-23", "2016-12-21"),
               ("2017-01-01", "2017-12-31"), (None, None), ("2016-09-21", "2016-09-22")]


@pytest.mark.parametrize("since, until", DATE_RANGES)
def test_words_with_dates_find_exactly_the_articles_published_in_them(store, corpus, since, until):
    """Full text narrowed by dates (on SQLite a range of FTS rowids numbered by day) finds the
    same articles as the words alone, kept when their published date is in range; undated
    articles only when no date is given."""
    import datetime as dt

    rounds = [a.model_copy(update={"id": f"{a.id}-r{r}", "published": a.published + dt.timedelta(days=90 * r)})
              for r in range(4) for a in corpus]
    undated = corpus[0].model_copy(update={"id": "undated", "published": None})
    store.save(rounds + [undated])
    low, high = (dt.date.fromisoformat(d) if d else None for d in (since, until))
    published = {a.id: a.published for a in rounds + [undated]}
    for words in ("Syria", "Islamic State", "NATO OR Turkey"):
        everywhere = store.search(words, limit=100)
        want = {h.id for h in everywhere if (low is None or (published[h.id] and published[h.id] >= low))
                and (high is None or (published[h.id] and published[h.id] <= high))}
        assert set(ids(store.search(words, since=since, until=until, limit=100))) == want, words
        assert set(ids(store.search(words, actor="Islamic State", since=since, until=until, limit=100))) == {
            h.id for h in store.search(words, actor="Islamic State", limit=100) if h.id in want}


def test_a_changed_publication_date_moves_the_article_between_date_ranges(store, corpus):
    import datetime as dt

    from sqlalchemy import update

    from sitrep.store.schema import DocumentRow

    store.save(corpus)
    assert ids(store.search("Syria", since="2016-03-25", until="2016-03-25")) == [corpus[0].id]
    with store.engine.begin() as connection:
        connection.execute(update(DocumentRow).where(DocumentRow.id == corpus[0].id)
                           .values(published=dt.date(2030, 1, 2)))
    assert store.search("Syria", since="2016-03-25", until="2016-03-25") == []
    assert ids(store.search("Syria", since="2030-01-01")) == [corpus[0].id]


def test_a_postgresql_store_of_an_earlier_sitrep_gets_the_stored_search_vector(request, corpus, capsys):
    """A store made when the vector was an expression index (no stored column) is searched as
    before once opened: the column is added and filled, the old index dropped, with one line
    saying so. PostgreSQL only: SQLite's FTS5 table is another mechanism (its own tests)."""
    url = request.getfixturevalue("postgres").new_database()
    with Store(url) as store:
        store.save(corpus)
        before = {word: ids(store.search(word)) for word in ("refugees", "ATTACK", "Lithu*", "Syria NOT refugees")}
        with store.engine.begin() as conn:  # as an earlier sitrep left it
            conn.execute(text("ALTER TABLE documents DROP COLUMN search_vector"))
            conn.execute(text(f"CREATE INDEX documents_tsv ON documents USING GIN (({PG_VECTOR}))"))
    capsys.readouterr()
    with Store(url) as store:
        assert "storing each article's full-text vector" in capsys.readouterr().err
        assert {word: ids(store.search(word)) for word in before} == before
        assert before["refugees"] == [corpus[2].id]
        with store.engine.connect() as conn:
            listed = conn.execute(text("SELECT indexname FROM pg_indexes WHERE tablename = 'documents'"))
            indexes = set(listed.scalars())
    assert "documents_search_vector" in indexes and "documents_tsv" not in indexes


def test_opening_an_up_to_date_postgresql_store_runs_no_ddl_on_documents(request, corpus):
    """Every process that opens the store sets up full text; ALTER TABLE would lock `documents`
    against every reader (a serving desk) each time, so an up-to-date store gets no DDL."""
    url = request.getfixturevalue("postgres").new_database()
    with Store(url) as store:
        store.save(corpus)
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(Engine, "before_cursor_execute", record)
    try:
        with Store(url) as store:
            assert ids(store.search("refugees")) == [corpus[2].id]
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert statements and not [s for s in statements if s.lstrip().upper().startswith(("ALTER", "CREATE", "DROP"))]
