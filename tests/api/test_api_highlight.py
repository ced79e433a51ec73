"""The highlighted body: every character kept once and escaped, each record's span findable."""

from __future__ import annotations

import html
import re

from sitrep.api.highlight import highlighted

PIECE = re.compile(r'<span class="([^"]*)" data-refs="([^"]*)" title="[^"]*"(?: id="evidence")?>([^<]*)</span>|([^<]+)')


def pieces(paragraphs):
    """(classes, refs, text) of every piece, text unescaped."""
    out = []
    for paragraph in paragraphs:
        for classes, refs, marked, plain in PIECE.findall(str(paragraph)):
            out.append((classes.split(), refs.split(), html.unescape(marked or plain)))
    return out


def test_body_text_survives_highlighting_exactly(seed_analysis):
    text = "".join(t for _, _, t in pieces(highlighted(seed_analysis)))
    assert text == "".join(seed_analysis.body.split("\n"))


def test_each_claim_is_the_text_of_its_pieces(seed_analysis):
    for claim in (c for c in seed_analysis.claims if c.field is None):  # a headline claim is not in the body
        chosen = pieces(highlighted(seed_analysis, claim.id))
        selected = "".join(t for classes, _, t in chosen if "selected" in classes)
        assert selected == claim.text.replace("\n", "")
        assert all(claim.id in refs for classes, refs, _ in chosen if "selected" in classes)


def test_entity_mentions_are_marked_with_their_ids(seed_analysis):
    entity = next(e for e in seed_analysis.entities if e.name == "Islamic State")
    marked = "".join(t for classes, refs, t in pieces(highlighted(seed_analysis)) if entity.id in refs)
    assert all(m.text in marked for m in entity.mentions)


def test_hostile_text_is_escaped(sample_analyses):
    hostile = sample_analyses[2]
    out = "".join(str(p) for p in highlighted(hostile, "c1"))
    assert "<script>" not in out and "<img" not in out and "&lt;script&gt;" in out


def test_pieces_are_covered_by_exactly_the_marks_spanning_them(seed_analysis):
    from sitrep.api.highlight import Mark, _covering, marks

    nested = [Mark("claim", "c1", 0, 40), Mark("entity", "e1", 5, 10), Mark("quote", "q1", 0, 40),
              Mark("place", "p1", 30, 50), Mark("entity", "e2", 5, 10)]
    for spans in (marks(seed_analysis), nested):
        cuts = sorted({0, 60, len(seed_analysis.body)} | {m.start for m in spans} | {m.end for m in spans})
        expected = [[m for m in spans if m.start <= a and b <= m.end] for a, b in zip(cuts, cuts[1:])]
        assert _covering(spans, cuts) == expected
        assert any(len(covering) > 1 for covering in expected), "overlapping marks are tested"
