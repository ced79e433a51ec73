"""The command line on good and bad input: one line per bad input, the rest goes on."""

from __future__ import annotations

import json
import re
import socket
import struct
import subprocess
import sys
import urllib.request
import zlib
from pathlib import Path

import pytest

from support.cli import run

from sitrep.cli import main
from sitrep.model import Analysis
from sitrep.store import Store


def tiny_png() -> bytes:
    """A real 1x1 PNG image (what a mislabelled image upload looks like)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


@pytest.fixture
def bad_inputs(tmp_path, seed_text):
    """A folder of the bad inputs of the vertical-slice issue, plus one good article."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a-good.txt").write_text(seed_text, encoding="utf-8")
    (folder / "b-empty.txt").write_bytes(b"")
    (folder / "c-image.txt").write_bytes(tiny_png())
    (folder / "d-latin1.txt").write_bytes("Caf\xe9 owners in Montr\xe9al protested.\n\nThey said so.".encode("latin-1"))
    (folder / "e-huge.txt").write_bytes(b"word " * 10_000_000)  # 50 MB
    (folder / "f-dump.jsonl").write_text(
        json.dumps({"text": "Title\n\nPolice arrested two men in Paris on Tuesday.", "id": "x1"}) + "\n"
        + '{"text": "broken\n'
        + json.dumps({"title": "no text here"}) + "\n",
        encoding="utf-8",
    )
    return folder


def test_analyze_seed_prints_valid_json_with_consistent_offsets(capsys, seed_path):
    status, out, err = run(capsys, "analyze", str(seed_path))
    assert status == 0, err
    lines = out.strip().splitlines()
    assert len(lines) == 1
    analysis = Analysis.model_validate_json(lines[0])
    spans = [m for e in analysis.entities for m in e.mentions] + [m for p in analysis.places for m in p.mentions]
    spans += [m for s in analysis.sources for m in s.mentions] + list(analysis.quotes) + list(analysis.claims)
    assert spans
    for span in spans:
        assert analysis.text_of(span)[span.start:span.end] == span.text


def test_text_format_reads_as_a_brief(capsys, seed_path):
    status, out, _ = run(capsys, "analyze", str(seed_path), "--format", "text")
    assert status == 0
    assert out.startswith("== EXCLUSIVE")
    assert "sourcing: 1 source(s), 0 named, 1 anonymous" in out
    assert "-> ASSAULT -> Russia" in out


def test_bad_inputs_get_one_line_each_and_the_rest_is_analysed(capsys, bad_inputs, tmp_path):
    missing = tmp_path / "nowhere.txt"
    status, out, err = run(capsys, "analyze", str(bad_inputs), str(missing))
    assert status == 1
    assert "Traceback" not in err
    problems = err.strip().splitlines()
    named = {name: [line for line in problems if name in line] for name in
             ("b-empty.txt", "c-image.txt", "d-latin1.txt", "e-huge.txt", "f-dump.jsonl:2", "f-dump.jsonl:3",
              "nowhere.txt")}
    for name, lines in named.items():
        assert len(lines) == 1, f"{name}: {problems}"
    assert "PNG" in named["c-image.txt"][0]
    assert "UTF-8" in named["d-latin1.txt"][0] and "--encoding" in named["d-latin1.txt"][0]
    assert "too large" in named["e-huge.txt"][0]
    assert len(problems) == len(named)
    analysed = [Analysis.model_validate_json(line) for line in out.strip().splitlines()]
    assert [a.input for a in analysed] == [str(bad_inputs / "a-good.txt"), f"{bad_inputs / 'f-dump.jsonl'}:1"]
    assert analysed[1].id == "x1"


@pytest.mark.parametrize("encoding", ["latin-1", "auto"])
def test_encoding_option_reads_a_latin1_file(capsys, bad_inputs, encoding):
    status, out, err = run(capsys, "analyze", str(bad_inputs / "d-latin1.txt"), "--encoding", encoding)
    assert status == 0
    analysis = Analysis.model_validate_json(out)
    assert "Montréal" in f"{analysis.title}\n{analysis.body}"
    if encoding == "auto":  # a detected encoding is named, once
        [line] = err.splitlines()
        assert line.startswith(f"sitrep: {bad_inputs / 'd-latin1.txt'}: not UTF-8: "
                               "read as cp1252 (detected, confidence")
    else:
        assert err == ""


def test_ingest_twice_stores_each_document_once(capsys, bad_inputs, tmp_path):
    db = tmp_path / "store.db"
    first, _, err1 = run(capsys, "ingest", str(bad_inputs), "--db", str(db))
    second, _, err2 = run(capsys, "ingest", str(bad_inputs), "--db", str(db))
    assert first == second == 1  # the bad inputs are reported both times
    assert "stored 2 new document(s), 0 already" in err1
    assert "stored 0 new document(s), 2 already" in err2
    with Store(str(db)) as store:
        assert store.count() == 2
        assert store.get("x1") is not None


def test_usage_errors_exit_2(capsys, tmp_path):
    Store(str(tmp_path / "s.db")).close()
    status, _, err = run(capsys, "search", "--modality", "rumoured", "--db", str(tmp_path / "s.db"))
    assert status == 2
    assert "modality" in err
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze"])
    assert exit_info.value.code == 2


def test_stdin_is_read_as_a_document(capsys, monkeypatch, seed_text):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_text.encode())))
    status, out, _ = run(capsys, "analyze", "-")
    assert status == 0
    analysis = Analysis.model_validate_json(out)
    assert analysis.input == "-"
    assert analysis.title.startswith("EXCLUSIVE")


def test_search_finds_the_seeds_predicted_attack_on_russia(capsys, seed_path, tmp_path):
    db = str(tmp_path / "s.db")
    assert run(capsys, "ingest", str(seed_path), "--db", db)[0] == 0
    status, out, _ = run(capsys, "search", "--actor", "Islamic State", "--place", "RU",
                         "--modality", "predicted", "--format", "json", "--db", db)
    assert status == 0
    [hit] = [json.loads(line) for line in out.strip().splitlines()]
    assert hit["title"].startswith("EXCLUSIVE")
    assert [(c["actor_name"], c["action"], c["target_names"], c["certainty"]["band"]) for c in hit["claims"]] == \
        [("Islamic State", "ASSAULT", ["Russia"], "likely")]
    status, out, _ = run(capsys, "search", "--actor", "ISIS", "--place", "RU", "--modality", "predicted", "--db", db)
    assert "single source" in out


FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize("command", [["search", "attack"], ["brief"], ["export"], ["serve", "--port", "0"]])
def test_read_only_commands_refuse_a_store_that_does_not_exist(capsys, monkeypatch, tmp_path, command):
    import uvicorn

    def serve(*args, **kwargs):
        raise AssertionError("a server was started")

    monkeypatch.setattr(uvicorn, "run", serve)
    monkeypatch.setattr(uvicorn.Server, "run", serve)
    typo = tmp_path / "sitrpe.db"
    status, out, err = run(capsys, *command, "--db", str(typo))
    assert status == 1 and out == ""
    [line] = err.splitlines()
    assert line == (f"sitrep: no store at {typo} (no such file): check --db (or $SITREP_DB), "
                    "or create the store with `sitrep ingest PATH`")
    assert list(tmp_path.iterdir()) == []


def test_ingest_skips_stored_documents_before_analysing_them(capsys, monkeypatch, bad_inputs, tmp_path):
    db = str(tmp_path / "store.db")
    assert run(capsys, "ingest", str(bad_inputs), "--db", db)[0] == 1
    analysed, cleaned = count_analysed(monkeypatch)
    status, _, err = run(capsys, "ingest", str(bad_inputs), "--db", db)
    assert status == 1 and "stored 0 new document(s), 2 already in the store" in err
    assert analysed == []  # neither the text file (by body hash) nor the record (by its id) was parsed
    assert cleaned == [str(bad_inputs / "a-good.txt")]  # the record was known by its id as read
    story = sorted((FIXTURES / "polnear" / "sample" / "text").glob("*.txt"))[0]
    (bad_inputs / "g-new.txt").write_text(story.read_text(encoding="utf-8"), encoding="utf-8")
    status, _, err = run(capsys, "ingest", str(bad_inputs), "--db", db)
    assert "stored 1 new document(s), 2 already in the store" in err
    assert analysed == [str(bad_inputs / "g-new.txt")]


def count_analysed(monkeypatch) -> tuple[list[str], list[str]]:
    """The inputs of the documents handed to the analysis, and to cleaning, from now on."""
    from sitrep import pipeline
    from sitrep.errors import InputError

    analysed: list[str] = []
    cleaned: list[str] = []
    analyse, clean_one = pipeline.analyze_raw_documents, pipeline.clean_one

    def analysing(documents, **options):
        documents = list(documents)
        analysed.extend(d.input for d in documents if not isinstance(d, InputError))
        return analyse(documents, **options)

    def cleaning(raw, *args):
        cleaned.append(raw.input)
        return clean_one(raw, *args)

    monkeypatch.setattr(pipeline, "analyze_raw_documents", analysing)
    monkeypatch.setattr(pipeline, "clean_one", cleaning)
    return analysed, cleaned


def test_an_unknown_encoding_is_a_usage_error(capsys, bad_inputs):
    with pytest.raises(SystemExit) as exit_info:
        main(["analyze", str(bad_inputs / "d-latin1.txt"), "--encoding", "bogus"])
    assert exit_info.value.code == 2
    assert "unknown encoding 'bogus'" in capsys.readouterr().err


def test_a_broken_jsonl_line_is_described_once(capsys, bad_inputs):
    status, _, err = run(capsys, "analyze", str(bad_inputs / "f-dump.jsonl"))
    assert f"{bad_inputs / 'f-dump.jsonl'}:2: not valid JSON (Invalid control character at: column 17)" in err
    assert "at at" not in err


def test_a_page_of_menu_links_is_refused_naming_the_file(capsys):
    """A real page's breadcrumb menu alone (no article) cleans down to "Home / Opening Bell"."""
    page = FIXTURES / "ingest-cli" / "nav-only-dealbreaker.html"
    status, out, err = run(capsys, "analyze", str(page))
    assert status == 1 and out == ""
    [line] = err.splitlines()
    assert line.startswith(f"sitrep: {page}: no sentence in the article text ('Home / Opening Bell')")


def test_a_folder_walk_says_what_it_skipped(capsys, bad_inputs):
    (bad_inputs / ".drafts").mkdir()
    (bad_inputs / ".drafts" / "draft.txt").write_text("Draft.", encoding="utf-8")
    (bad_inputs / "logo.png").write_bytes(tiny_png())
    (bad_inputs / "notes").write_text((FIXTURES / "polnear" / "excerpts.txt").read_text("utf-8"), encoding="utf-8")
    _, out, err = run(capsys, "analyze", str(bad_inputs))
    assert str(bad_inputs / "notes") in [Analysis.model_validate_json(line).input for line in out.splitlines()]
    summary = "sitrep: skipped 2 item(s) in the folders given: 1 hidden, 1 not a document"
    assert err.splitlines()[-1] == summary + "; --verbose names each"
    _, _, err = run(capsys, "analyze", str(bad_inputs), "--verbose")
    lines = err.splitlines()
    assert f"sitrep: {bad_inputs / '.drafts'}: skipped: a hidden folder (its name starts with '.'); " \
           "name it to read it" in lines
    assert any(line.startswith(f"sitrep: {bad_inputs / 'logo.png'}: skipped: a file of type image/png")
               for line in lines)
    assert lines[-1] == summary


def test_serve_says_nothing_of_an_address_it_cannot_have(capsys, tmp_path):
    db = str(tmp_path / "store.db")
    Store(db).close()
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = str(taken.getsockname()[1])
        status, _, err = run(capsys, "serve", "--db", db, "--port", port)
    assert status == 1
    [line] = err.splitlines()
    assert line.startswith(f"sitrep: cannot listen on 127.0.0.1:{port} (") and "--port" in line


def test_serve_announces_the_address_it_listens_on(tmp_path):
    db = str(tmp_path / "store.db")
    Store(db).close()
    server = subprocess.Popen([sys.executable, "-m", "sitrep.cli", "serve", "--db", db, "--port", "0"],
                              stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        url = re.search(r"on (http://127\.0\.0\.1:\d+/) ", line).group(1)
        assert not url.endswith(":0/")
        with urllib.request.urlopen(url + "api/articles", timeout=30) as response:
            assert response.status == 200 and json.load(response)["items"] == []
    finally:
        server.terminate()
        server.wait(timeout=30)
