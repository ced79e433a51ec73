"""Knowing an article before analysing it: canonical URLs, rel=canonical kept to the page's own
site, a news sitemap's articles, and an edit that keeps its document's story and copies."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm import Session

from sitrep.store import Store
from sitrep.store.edits import replace_document
from sitrep.store.engine import IMMEDIATE
from sitrep.watch.dedup import canonical_url, declared_canonical
from support.cli import run
from support.newssite import Route, page, sources_file


def watch_once(capsys, sources, db: str, *more: str):
    """One `sitrep watch --once` cycle of the sources file into `db`, on the loopback site."""
    return run(capsys, "watch", str(sources), "--db", db, "--once", "--allow-private", "--host-delay", "0", *more)


@pytest.mark.parametrize("given, canonical", [
    ("HTTPS://WWW.Reuters.com:443/world/x?utm_source=twitter&utm_medium=social#top", "https://www.reuters.com/world/x"),
    ("http://example.org", "http://example.org/"),
    ("http://example.org:8080/a?id=7&fbclid=IwAR0&page=2", "http://example.org:8080/a?id=7&page=2"),
    ("https://example.org/a?GCLID=1&Utm_Campaign=spring", "https://example.org/a"),
    ("https://example.org/a?q=", "https://example.org/a?q="),
])
def test_canonical_urls_drop_what_does_not_name_the_article(given, canonical):
    assert canonical_url(given) == canonical


def test_rel_canonical_counts_only_on_the_pages_own_site():
    html = '<html><head><link rel="canonical" href="{}"></head><body>x</body></html>'
    assert declared_canonical(html.format("/world/story-1"), "https://www.bbc.co.uk/news/amp/story-1") == \
        "https://www.bbc.co.uk/world/story-1"
    assert declared_canonical(html.format("https://bbc.co.uk/s"), "https://m.bbc.co.uk/s?x=1") == "https://bbc.co.uk/s"
    # A page may not make itself another site's article (it would overwrite that article's document).
    assert declared_canonical(html.format("https://www.reuters.com/world/x"), "https://evil.example/x") is None
    assert declared_canonical(html.format("javascript:alert(1)"), "https://example.org/x") is None
    assert declared_canonical("<html><body>no link</body></html>", "https://example.org/x") is None


def test_a_news_sitemaps_articles_are_stored(site, tmp_path, capsys):
    site.routes["/sitemap-news.xml"] = Route((
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f'<url><loc>{site.url("/2019/11/bolivia")}</loc><news:news><news:publication>'
        '<news:name>Loopback</news:name><news:language>en</news:language></news:publication>'
        '<news:publication_date>2019-11-16T10:00:00Z</news:publication_date>'
        '<news:title>Morales supporters killed</news:title></news:news></url></urlset>').encode(),
        "application/xml")
    site.routes["/2019/11/bolivia"] = Route(page("rt"))
    sources = sources_file(tmp_path, (site.url("/sitemap-news.xml"), "1m"))
    db = str(tmp_path / "sitrep.db")
    status, _, err = watch_once(capsys, sources, db)
    assert status == 0, err
    assert f"{site.url('/sitemap-news.xml')}: sitemap: 1 new" in err
    with Store(db) as store:
        (stored,) = list(store.iter_analyses())
    assert stored.url == site.url("/2019/11/bolivia") and "Bolivia" in stored.body


def test_an_edit_keeps_its_documents_id_story_and_copies(db_url, seed_analysis):
    # A copy of the seed article (its last paragraph cut) is stored after it; then the seed is edited.
    body = seed_analysis.body
    copy = seed_analysis.model_copy(update={"id": "copy-of-seed", "body": body.rsplit("\n\n", 1)[0]})
    with Store(db_url) as store:
        store.save([seed_analysis])
        store.save([copy])
        assert store.copy_of("copy-of-seed") == seed_analysis.id
        (story,) = store.list_stories()
        edited = seed_analysis.model_copy(update={"title": "Corrected: " + (seed_analysis.title or "")})
        with Session(store.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
            first_stored = replace_document(session, edited)
        assert first_stored is not None and first_stored <= dt.datetime.now(dt.timezone.utc)
        assert store.count() == 2
        assert store.get(seed_analysis.id).title.startswith("Corrected: ")
        assert store.copy_of("copy-of-seed") == seed_analysis.id
        (after,) = store.list_stories()
        assert after.id == story.id and after.documents == story.documents == 2
        assert [hit.id for hit in store.search("Corrected")] == [seed_analysis.id]
        with Session(store.engine) as session:
            assert replace_document(session, edited.model_copy(update={"id": "never-stored"})) is None


def test_an_edit_keeps_the_analysts_notes_marks_and_corrections(db_url, seed_analysis):
    names = {e.id: e.name for e in seed_analysis.entities}
    claim = next(c for c in seed_analysis.claims if c.actor and c.field is None)
    actor = names[claim.actor]
    with Store(db_url) as store:
        store.save([seed_analysis])
        fix = store.corrections
        fix.add_alias(actor, "the caliphate's army", analyst="ana")
        fix.mark_wrong(seed_analysis.id, claim.id, analyst="ana", reason="misread")
        fix.add_note(seed_analysis.id, "see the AP version", analyst="ana")

        def edit(analysis):
            with Session(store.engine.execution_options(**{IMMEDIATE: True})) as session, session.begin():
                replace_document(session, analysis)
            return fix.article(seed_analysis.id)

        kept = edit(seed_analysis.model_copy(update={"title": "Updated: " + (seed_analysis.title or "")}))
        assert [n.text for n in kept.notes] == ["see the AP version"]
        assert list(kept.wrong) == [claim.id]
        assert [h.id for h in store.search(actor="the caliphate's army")] == [seed_analysis.id]
        # the claim's sentence rewritten: the judgement was about the old sentence, so it goes
        body = seed_analysis.body
        reworded = body[:claim.start] + "X" + body[claim.start + 1:]
        changed = edit(seed_analysis.model_copy(update={"body": reworded}))
        assert changed.wrong == {} and [n.text for n in changed.notes] == ["see the AP version"]


def test_a_home_page_is_read_through_the_feeds_it_declares(site, tmp_path, capsys):
    site.routes["/"] = Route(b'<!doctype html><html><head><title>Loopback News</title>'
                             b'<link rel="alternate" type="application/rss+xml" href="/world/feed.xml"></head>'
                             b"<body><h1>Loopback News</h1></body></html>")
    site.routes["/world/feed.xml"] = Route(b'<?xml version="1.0"?><rss version="2.0"><channel><title>World</title>'
                                           b"</channel></rss>", "application/rss+xml")
    sources = sources_file(tmp_path, (site.url("/"), "1m"))
    status, _, err = watch_once(capsys, sources, str(tmp_path / "sitrep.db"))
    assert status == 0, err
    assert f"{site.url('/')}: feed: 0 new" in err
    assert site.asked("/world/feed.xml")


def test_a_page_source_is_its_own_article_and_an_oversize_one_is_refused(site, tmp_path, capsys):
    site.routes["/live/afghanistan"] = Route(page("aljazeera"), etag='"p1"')
    sources = sources_file(tmp_path, (site.url("/live/afghanistan"), "1m"))
    db = str(tmp_path / "sitrep.db")
    status, _, err = watch_once(capsys, sources, db)
    assert status == 0, err
    assert f"{site.url('/live/afghanistan')}: page: 1 new, 0 edited, 0 known" in err
    with Store(db) as store:
        assert [a.url for a in store.iter_analyses()] == [site.url("/live/afghanistan")]
    status, _, err = watch_once(capsys, sources, str(tmp_path / "other.db"), "--max-bytes", "20000")
    assert status == 1
    assert f"{site.url('/live/afghanistan')}: page too large (50.7 kB; the limit is 20.0 kB): raise --max-bytes" in err
