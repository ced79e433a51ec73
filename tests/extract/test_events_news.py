"""The event coder on whole news excerpts it was not trained on (article-extraction-dev;
tests/fixtures/PROVENANCE.md): the cases a new user met in the brief (issue 15)."""

from __future__ import annotations

from pathlib import Path

from sitrep import analyze

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"
FORCE = {"ASSAULT", "COERCE", "THREATEN", "MOBILIZE"}


def names(analysis) -> dict[str, str]:
    return {**{e.id: e.name for e in analysis.entities}, **{p.id: p.name for p in analysis.places}}


def test_a_match_report_is_no_violence_between_countries():
    analysis = analyze((FIXTURES / "sportsnet-davis-cup-excerpt.txt").read_text(encoding="utf-8"))
    assert "Russia beat Croatia on Monday." in analysis.body
    assert [c for c in analysis.claims if c.action in FORCE] == []


def test_the_same_sentence_outside_a_sport_story_is_still_read():
    """The sport reading comes from the story (its discard phrases), not from the words."""
    analysis = analyze("Russian troops attacked Georgian positions near Tskhinvali on Monday.")
    assert [c.action for c in analysis.claims] == ["ASSAULT"]


def test_a_rejection_of_accusations_is_reject_by_the_one_who_rejects():
    analysis = analyze((FIXTURES / "polygraph-al-tanf-excerpt.txt").read_text(encoding="utf-8"))
    known = names(analysis)
    rejections = [c for c in analysis.claims if c.action == "REJECT"]
    assert rejections and {c.actor_text for c in rejections} == {"The Pentagon"}
    accusations = [c for c in analysis.claims if c.action == "ACCUSE" and c.trigger.lemma == "accuse"]
    assert accusations and {known[t] for c in accusations for t in c.target} == {"US armed forces"}
