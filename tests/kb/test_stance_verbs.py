"""kb/stance_verbs.tsv is counted from PolNeAR train by scripts/build_stance_cues.py: the counting
is checked on the committed PolNeAR train sample, and the committed table against its own rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitrep.kb import read_table
from support.scripts import load_script

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "polnear" / "sample"


@pytest.fixture(scope="module")
def script():
    return load_script("build_stance_cues")


def test_cue_heads_are_counted_per_verb_lemma_on_real_annotations(script, tmp_path):
    (tmp_path / "train").symlink_to(SAMPLE, target_is_directory=True)
    as_cue, uses = script.count(tmp_path)
    # the six sample articles report mostly with "say"; every counted cue is one of its verb uses
    assert as_cue["say"] >= 10 and as_cue["say"] <= uses["say"]
    assert all(as_cue[lemma] <= uses[lemma] for lemma in as_cue)
    # a verb nobody is reported through is used but never a cue
    assert uses["be"] == 0 or as_cue["be"] < uses["be"] / 4


def test_the_committed_table_keeps_its_own_rule(script):
    speech = {row["lemma"] for row in read_table("speech_verbs.tsv")}
    rows = read_table("stance_verbs.tsv")
    assert len(rows) >= 50
    for row in rows:
        cues, uses = int(row["cues"]), int(row["uses"])
        assert cues >= script.COUNT and cues / uses >= script.RATE, row
        assert row["lemma"] not in speech | script.RAISING | script.OWN_RULE
