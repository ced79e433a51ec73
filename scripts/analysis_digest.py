"""Digests of the Analyses of a fixed set of texts, to show that a change of how the pipeline
is built (not of what it finds) leaves every output as it was.

    python scripts/analysis_digest.py fixtures            # compare with the committed digests
    python scripts/analysis_digest.py fixtures --update   # after a change that should alter output
    python scripts/analysis_digest.py dev --data ../shared/data [--update]

`fixtures` is every text under tests/fixtures (tests/test_same_output.py runs the same check
on a clean clone); `dev` is the PolNeAR dev month and GeoWebNews dev, which only the team's
data folder holds. Each line of the digest file is `name<TAB>sha256 of the Analysis JSON`.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sitrep.documents import RawDocument  # noqa: E402
from sitrep.errors import InputError  # noqa: E402
from sitrep.ingest import read_paths  # noqa: E402
from sitrep.pipeline import analyze_raw_documents  # noqa: E402
from sitrep.settings import Settings  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures"
DIGESTS = {"fixtures": FIXTURES / "digests" / "fixtures.tsv", "dev": FIXTURES / "digests" / "dev-corpora.tsv"}


def fixture_texts() -> list[Path]:
    """Every text under tests/fixtures, in a stable order."""
    return sorted(p for p in FIXTURES.rglob("*.txt") if "digests" not in p.parts)


def fixture_documents() -> Iterator:
    """The fixture texts read as `sitrep analyze` reads them (a headline line is the title)."""
    return read_paths([str(p) for p in fixture_texts()], Settings())


def dev_documents(data: Path) -> Iterator[RawDocument]:
    """PolNeAR's dev month and GeoWebNews dev, as plain text."""
    for path in sorted((data / "attribution-polnear" / "dev" / "text").glob("*.txt")):
        yield RawDocument(input=f"polnear/{path.name}", text=path.read_text(encoding="utf-8"))
    root = ET.parse(data / "geoparsing-dev" / "geowebnews-dev.xml").getroot()
    for n, article in enumerate(root.iter("article")):
        yield RawDocument(input=f"geowebnews-dev/{n}", text=article.findtext("text") or "")


def digests(documents) -> dict[str, str]:
    """name -> sha256 of the Analysis JSON (or of the error line, for an input refused), with
    the input named relative to tests/fixtures, so that where the checkout lies does not count."""
    out = {}
    for result in analyze_raw_documents(documents):
        if isinstance(result, InputError):
            name = _relative(result.source)
            text = f"error: {name}: {result.problem}"
        else:
            name = _relative(result.input)
            text = result.model_copy(update={"input": name}).model_dump_json()
        out[name] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def _relative(name: str) -> str:
    path = Path(name)
    return str(path.relative_to(FIXTURES)) if path.is_absolute() and FIXTURES in path.parents else name


def read_digests(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("\t") for line in lines if line)


def differences(found: dict[str, str], expected: dict[str, str]) -> list[str]:
    """One line per text whose digest changed, appeared or went missing."""
    out = [f"changed: {name}" for name in sorted(found) if name in expected and found[name] != expected[name]]
    out += [f"new: {name}" for name in sorted(set(found) - set(expected))]
    out += [f"missing: {name}" for name in sorted(set(expected) - set(found))]
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", choices=sorted(DIGESTS))
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--update", action="store_true", help="write the digests instead of comparing")
    args = parser.parse_args(argv)
    documents = fixture_documents() if args.corpus == "fixtures" else dev_documents(args.data)
    found = digests(documents)
    path = DIGESTS[args.corpus]
    if args.update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(f"{name}\t{digest}\n" for name, digest in sorted(found.items())), encoding="utf-8")
        print(f"{len(found)} digests written to {path.relative_to(ROOT)}")
        return 0
    changed = differences(found, read_digests(path))
    print("\n".join(changed) or f"all {len(found)} analyses as before")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
