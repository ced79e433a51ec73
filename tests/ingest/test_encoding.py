"""--encoding auto: real accented news text saved as Latin-1 or Windows-1252 reads back unchanged,
and the encoding detected is named."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sitrep.documents import RawDocument
from sitrep.ingest import read_paths
from sitrep.ingest.decode import DecodeError, check_encoding, decode_text, garbles_a_word
from sitrep.settings import Settings

# Real excerpts (tests/fixtures/PROVENANCE.md), kept in UTF-8 and saved by the tests in the
# legacy encoding each names.
EXCERPTS = [json.loads(line) for line in
            (Path(__file__).parent.parent / "fixtures" / "ingest-cli" / "accented.jsonl")
            .read_text("utf-8").splitlines()]


@pytest.mark.parametrize("excerpt", EXCERPTS, ids=[e["text"][:24] for e in EXCERPTS])
def test_auto_reads_legacy_encoded_news_text_unchanged(excerpt):
    decoded = decode_text(excerpt["text"].encode(excerpt["encoding"]), "auto")
    assert decoded.text == excerpt["text"]
    assert decoded.detected.encoding == "cp1252" and decoded.detected.confidence > 0.9


def test_joao_is_not_read_as_windows_1250(tmp_path):
    """charset-normalizer's first pick read this Latin-1 excerpt as Windows-1250: "Joăo"."""
    path = tmp_path / "egyptair.txt"
    path.write_bytes(EXCERPTS[0]["text"].encode("latin-1"))
    notices = []
    [document] = read_paths([str(path)], Settings(encoding="auto"), notify=notices.append)
    assert document.text.startswith("João Silva") and "Joăo" not in document.text
    [notice] = notices
    assert notice.source == str(path) and notice.skipped is None
    assert "read as cp1252" in notice.message and "confidence 1.00" in notice.message
    assert "cp1250" in notice.message  # the rival that reads it as cleanly is named too


def test_a_record_dump_in_latin1_is_detected_once_for_the_file(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes("".join(json.dumps({"text": e["text"]}, ensure_ascii=False) + "\n"
                             for e in EXCERPTS[:3]).encode("latin-1"))
    notices = []
    documents = list(read_paths([str(path)], Settings(encoding="auto"), notify=notices.append))
    assert [d.text for d in documents] == [e["text"] for e in EXCERPTS[:3]]
    assert [n.source for n in notices] == [str(path)] and "cp1252" in notices[0].message


def test_utf8_is_read_without_a_notice(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(EXCERPTS[3]["text"], encoding="utf-8")
    notices = []
    [document] = read_paths([str(path)], Settings(encoding="auto"), notify=notices.append)
    assert isinstance(document, RawDocument) and document.text == EXCERPTS[3]["text"] and notices == []


def test_text_in_another_script_keeps_its_own_encoding():
    """The preference for Windows-1252 only breaks ties: Cyrillic and Chinese bytes do not
    read cleanly in it."""
    russian = "Полиция задержала двоих мужчин во вторник в Москве, сообщили в ведомстве."
    chinese = "香港警方週二拘捕兩名男子，指他們涉嫌在旺角縱火。"
    assert decode_text(russian.encode("cp1251"), "auto").text == russian
    assert decode_text(chinese.encode("big5"), "auto").text == chinese


def test_a_wrong_code_page_is_seen_in_the_words_it_garbles():
    assert garbles_a_word("Police in S緌 Paulo arrested two men")  # Latin-1 read as Big5
    assert garbles_a_word("Un café à ZÃ¼rich")  # UTF-8 read as Latin-1
    assert not garbles_a_word(EXCERPTS[3]["text"]) and not garbles_a_word("Полиция задержала")
    assert not garbles_a_word("a dose of 10µg, nº 5")  # letters of the Latin-1 block Unicode names otherwise


@pytest.mark.parametrize("name", ["bogus", "rot13", "base64"])
def test_a_name_that_is_no_text_encoding_is_refused(name):
    with pytest.raises(DecodeError, match="unknown encoding"):
        check_encoding(name)
    assert check_encoding("latin-1") == "iso8859-1" and check_encoding("auto") == "auto"
