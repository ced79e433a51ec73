"""Real news paragraphs from the committed fixtures, for tests that need many distinct documents.

The hand-checked estimative sentences (PolNeAR, LGL, GeoWebNews: tests/fixtures/claims)
and the paragraphs of the PolNeAR train sample, excerpts and framing files
(tests/fixtures/polnear); see tests/fixtures/PROVENANCE.md. About two hundred, each
once, in a fixed order.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def paragraphs() -> list[str]:
    """Distinct real paragraphs and sentences from the fixtures, in a fixed order."""
    estimative = (FIXTURES / "claims" / "estimative.jsonl").read_text(encoding="utf-8").splitlines()
    units = [json.loads(line)["text"] for line in estimative if line.strip()]
    polnear = FIXTURES / "polnear"
    for path in [*sorted((polnear / "sample" / "text").glob("*.txt")),
                 polnear / "excerpts.txt", polnear / "framing.txt"]:
        units += [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    return list(dict.fromkeys(units))
