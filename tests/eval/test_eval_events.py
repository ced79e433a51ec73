"""`sitrep eval events`: the scoring of events-dev's guidelines (section 8), on sentences of
the polygraph.info fact check in tests/fixtures/events (labelled here by those guidelines)."""

from __future__ import annotations

import json
from pathlib import Path

from sitrep.eval.events import GoldEvent, Predicted, Sentence, load, match, overlaps, run, score

FIXTURES = Path(__file__).parent.parent / "fixtures" / "events"
ACCUSING = ("In a joint statement published Oct. 25, the Russian and Syrian defense ministries accused U.S. forces "
            "in southern Syria’s al-Tanf of controlling “bandit formations”.")
REJECTING = "The Pentagon rejected these accusations as “patently false,”."


def gold(action, actors, targets=(), modality=("occurred",), negated=False, trigger="") -> GoldEvent:
    return GoldEvent(trigger, list(action), list(actors), list(targets), list(modality), negated)


def test_phrases_overlap_on_a_content_word_or_by_containment():
    assert overlaps("the Pentagon", ["Pentagon"])
    assert overlaps("Russian and Syrian defense ministries", ["the Russian and Syrian defense ministries"])
    assert not overlaps("the ministries of the country", ["the Pentagon"])  # "the", "of" are no evidence
    assert not overlaps(None, ["Pentagon"])


def test_matching_is_one_to_one_and_needs_an_acceptable_type_and_actor():
    events = [gold(["ACCUSE"], ["the Russian and Syrian defense ministries"], ["U.S. forces"])]
    twice = [Predicted("ACCUSE", "defense ministries", ["U.S. forces"]), Predicted("ACCUSE", "ministries")]
    assert len(match(twice, events)) == 1  # one gold event is found once
    assert match([Predicted("ACCUSE", "the Pentagon")], events) == []        # the wrong doer
    assert match([Predicted("REJECT", "defense ministries")], events) == []  # the wrong type
    assert match([Predicted("ACCUSE", None)], events) == [(0, 0)]            # no actor: not tested


def test_symmetric_types_accept_the_actor_among_the_targets():
    events = [gold(["CONSULT"], ["Russia"], ["Syria"])]
    assert match([Predicted("CONSULT", "Syria")], events) == [(0, 0)]


def test_score_counts_recall_precision_and_the_shares_of_matched_events():
    sentences = [Sentence("test", "a", ACCUSING, [gold(["ACCUSE"], ["defense ministries"], ["U.S. forces"])]),
                 Sentence("test", "a", REJECTING, [gold(["REJECT"], ["The Pentagon"], ["these accusations"])]),
                 Sentence("test", "a", "The al-Tanf base", [])]
    predictions = [[Predicted("ACCUSE", "ministries", ["U.S. forces"], "occurred")],
                   [Predicted("REJECT", "The Pentagon", [], "alleged"), Predicted("ASSAULT", "The Pentagon")],
                   # a negated event on a no-event sentence is not held against it
                   [Predicted("ASSAULT", None, negated=True)]]
    result = score(sentences, predictions).ratios()
    assert (result["recall"], result["precision"]) == (1.0, 2 / 3)
    assert result["actor"] == 1.0 and result["target"] == 0.5 and result["modality"] == 0.5


def test_the_suite_runs_on_any_folder_in_the_events_dev_format(tmp_path):
    records = [{"corpus": "test", "doc": "polygraph", "start": 0, "end": len(REJECTING), "sha1": "", "text": REJECTING,
                "events": [{"trigger": "rejected", "action": ["REJECT"], "actor": ["The Pentagon", "Pentagon"],
                            "actor_unstated": False, "target": ["these accusations"], "modality": ["occurred"],
                            "negated": False}]}]
    folder = tmp_path / "events-dev"
    folder.mkdir()
    (folder / "events-dev.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert len(load(folder / "events-dev.jsonl")) == 1
    summary, per_type = run(tmp_path)
    rows = summary.as_dicts()
    assert [r["system"] for r in rows][0] == "sitrep" and rows[0]["gold"] == 1
    assert rows[0]["recall"] == 1.0 and rows[0]["actor"] == 1.0
    assert {r["type"] for r in per_type.as_dicts()} >= {"REJECT", "ASSAULT"}
