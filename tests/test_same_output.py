"""A change to how the pipeline is built must not change what it finds: every fixture text's
Analysis is compared with its committed digest (scripts/analysis_digest.py; after a change
meant to alter output, rerun it with --update and say why in the commit)."""

from pathlib import Path
from support.scripts import load_script

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "analysis_digest.py"


def _script():
    return load_script(SCRIPT)


def test_every_fixture_analysis_is_as_committed():
    digest = _script()
    expected = digest.read_digests(digest.DIGESTS["fixtures"])
    assert len(expected) >= 50
    found = digest.digests(digest.fixture_documents())
    assert digest.differences(found, expected) == []
