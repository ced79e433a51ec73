"""analyze_raw_documents: one document the parser cannot take is refused, its neighbours analysed."""

from __future__ import annotations

from sitrep.documents import RawDocument
from sitrep.errors import InputError
from sitrep.pipeline import analyze_raw_documents


def test_text_longer_than_the_parser_takes_is_one_clear_error(nlp, seed_text):
    long_text = "Title\n\n" + "word " * (nlp.max_length // 5 + 10)
    results = list(analyze_raw_documents([RawDocument(input="long.txt", text=long_text),
                                          RawDocument(input="seed.txt", text=seed_text)]))
    assert isinstance(results[0], InputError)
    assert results[0].source == "long.txt" and "split it" in results[0].problem
    assert results[1].input == "seed.txt" and results[1].claims
