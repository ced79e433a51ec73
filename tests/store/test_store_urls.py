"""Store.urls: the stored URL of many documents at once, as a brief links what it cites."""

from __future__ import annotations

from support.brief_corpus import SEED_URL, brief_corpus

from sitrep.store import Store


def test_urls_of_stored_documents_past_one_query_of_ids(db_url):
    analyses = brief_corpus()
    with Store(db_url) as store:
        store.save(analyses)
        asked = [a.id for a in analyses] + [f"missing-{n}" for n in range(1200)]
        urls = store.urls(asked)
    assert set(urls) == {a.id for a in analyses}
    assert urls == {a.id: a.url for a in analyses}
    assert SEED_URL in urls.values() and None in urls.values()
