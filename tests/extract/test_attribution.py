"""Sources and quotes (extract/attribution) on the seed article and real PolNeAR text."""

from __future__ import annotations

import os
from itertools import pairwise
from pathlib import Path

import pytest

from sitrep.eval import attribution as attribution_eval
from sitrep.extract.annotations import annotations
from sitrep.extract.attribution.quotes import find_quotes, paragraphs

FIXTURES = Path(__file__).parent.parent / "fixtures"
POLNEAR = FIXTURES / "polnear"
SAMPLE = POLNEAR / "sample"
REPO = Path(__file__).resolve().parents[2]
POLNEAR_TEXTS = 924  # PolNeAR's train (840) and dev (84) articles


def polnear_corpus() -> tuple[str, list[Path]]:
    """(which set, its text files): the PolNeAR train+dev corpus where it is checked out
    ($SITREP_DATA, else ../shared/data beside the repo), else the committed sample."""
    roots = [Path(os.environ["SITREP_DATA"])] if os.environ.get("SITREP_DATA") else []
    for root in roots + [REPO.parent / "shared" / "data"]:
        files = attribution_eval.corpus_files(root)
        if files:
            return f"polnear-train+dev-{len(files)}-texts", files
    return "committed-sample-corpus-absent", sorted((SAMPLE / "text").glob("*.txt"))


CORPUS_SET, CORPUS_FILES = polnear_corpus()


def sample_text(stem: str) -> str:
    return (SAMPLE / "text" / f"{stem}.txt").read_text(encoding="utf-8")


def parsed(nlp, text: str):
    """Sources and quotes of a text parsed as is (offsets are the text's)."""
    ann = annotations(nlp(text))
    return ann.sources, ann.quotes


def source_of(sources, quote):
    return next((s for s in sources if s.id == quote.source), None)


def squash(text: str) -> str:
    return " ".join(text.split())


# --- the seed article (seed.expected.md, "Sources and quotes") --------------------------------

def test_seed_has_one_anonymous_arab_intelligence_official(seed_analysis):
    assert len(seed_analysis.sources) == 1
    source = seed_analysis.sources[0]
    assert squash(source.description) == "an Arab intelligence official"
    assert source.named is False and source.name is None
    assert source.role == "intelligence official"
    assert source.affiliation == "Arab"
    sourcing = seed_analysis.sourcing
    assert (sourcing.sources, sourcing.named, sourcing.anonymous, sourcing.single_source) == (1, 0, 1, True)


def test_seed_every_quote_is_the_officials(seed_analysis):
    assert seed_analysis.quotes
    assert {q.source for q in seed_analysis.quotes} == {seed_analysis.sources[0].id}


def test_seed_addressee_and_quoted_words_are_not_sources(seed_analysis):
    described = {squash(s.description).lower() for s in seed_analysis.sources}
    assert not described & {"breitbart jerusalem", "information", "the information", "he", "many of the detainees"}


@pytest.mark.parametrize("opening, direct", [
    ("the Islamic State’s next step after the Brussels bombings is probably", False),
    ("“Chechen division” is making intensive efforts", False),
    ("the Brussels bombings", False),
    ("The information that we have collected", True),
    ("IS tries equally hard", True),
    ("the plans to strike America are being made in Syria", True),
    ("Not that it came as a big surprise", True),
    ("At the same time, it seeks", True),
    ("As painful as they may be", True),
])
def test_seed_statements_found_with_their_kind(seed_analysis, opening, direct):
    hits = [q for q in seed_analysis.quotes if opening in q.text]
    assert hits, opening
    assert any(q.direct is direct for q in hits)


def test_seed_reported_statement_of_the_official_is_the_content_clause(seed_analysis):
    later = next(q for q in seed_analysis.quotes if "were just a matter of time" in squash(q.text))
    assert later.direct is False and later.cue == "said"
    assert not squash(later.text).lower().startswith("the official")


def test_seed_pronoun_and_nominal_speakers_are_mentions_of_the_official(seed_analysis):
    mentions = seed_analysis.sources[0].mentions
    texts = [m.text.lower() for m in mentions]
    assert texts.count("he") >= 4
    assert "the official" in texts
    body = seed_analysis.body
    assert all(body[m.start:m.end] == m.text for m in mentions)


def test_seed_quote_texts_are_body_slices_in_order(seed_analysis):
    body, quotes = seed_analysis.body, seed_analysis.quotes
    assert all(body[q.start:q.end] == q.text for q in quotes)
    assert [q.id for q in quotes] == [f"q{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)


# --- quotation marks --------------------------------------------------------------------------

def test_quotation_over_paragraphs_is_one_group():
    text = sample_text("breitbart_2016-04-07_ny-post-megyn-kelly-is-no-differ")
    quotes = find_quotes(text)
    rising = next(q for q in quotes if text[q.start:].startswith("Rising to the A-list"))
    group = [q for q in quotes if q.group == rising.group]
    assert len(group) >= 3  # three paragraphs opened with a mark and left open
    assert len({q.paragraph for q in group}) == len(group)
    assert rising.close_mark is None


def test_typewriter_double_single_marks_close_a_quotation():
    text = sample_text("breitbart_2016-04-07_ny-post-megyn-kelly-is-no-differ")
    quotes = find_quotes(text)
    assert any(text[q.start:q.end] == "question" for q in quotes)


def test_quotes_never_cross_paragraphs_or_overlap():
    for path in sorted((SAMPLE / "text").glob("*.txt")) + [POLNEAR / "excerpts.txt"]:
        text = path.read_text(encoding="utf-8")
        paras = paragraphs(text)
        quotes = find_quotes(text)
        for q in quotes:
            p_start, p_end = paras[q.paragraph]
            assert p_start <= q.start < q.end <= p_end, path.name
        spans = sorted((q.start, q.end) for q in quotes)
        assert all(a[1] <= b[0] for a, b in pairwise(spans)), path.name


def test_nested_single_quote_stays_inside_the_double_quote():
    text = (POLNEAR / "excerpts.txt").read_text(encoding="utf-8")
    quotes = find_quotes(text)
    hyde = next(q for q in quotes if text[q.start:].startswith("The late Henry Hyde"))
    assert "‘conservatives were the great unwashed" in text[hyde.start:hyde.end]
    assert text[hyde.start:hyde.end].endswith("Ted Cruz today")


# --- cues and speakers ------------------------------------------------------------------------

def test_cue_after_a_nested_quotation_names_the_speaker(nlp):
    sources, quotes = parsed(nlp, (POLNEAR / "excerpts.txt").read_text(encoding="utf-8"))
    for opening, speaker in [("The late Henry Hyde", "Bozell"), ("I know a lot of my Democratic", "Lamberson")]:
        quote = next(q for q in quotes if q.text.startswith(opening))
        assert quote.direct and speaker in source_of(sources, quote).description


def test_according_to_sources_familiar_with(nlp):
    sources, quotes = parsed(nlp, (POLNEAR / "excerpts.txt").read_text(encoding="utf-8"))
    team = next(q for q in quotes if q.text.startswith("The team is led by"))
    assert team.direct is False and team.cue == "according to"
    source = source_of(sources, team)
    assert "sources familiar with the effort" in source.description
    assert source.named is False and source.role == "source"
    poll = next(q for q in quotes if "Trump garnered 30%" in q.text)
    assert "poll" in source_of(sources, poll).description


def test_mixed_straight_and_curly_marks_and_speakers(nlp):
    sources, quotes = parsed(nlp, sample_text("politico_2016-01-07_seiu-chief-says-trump-can-win"))
    won = next(q for q in quotes if q.text == "But Pete Wilson won")
    assert "Axelrod" in source_of(sources, won).description
    henry = next(q for q in quotes if q.text.startswith("I know. I know."))
    assert source_of(sources, henry).name == source_of(sources, quotes[-1]).name
    assert "Henry" in (source_of(sources, henry).name or "")


def test_split_quote_and_addressee(nlp):
    sources, quotes = parsed(nlp, sample_text("politico_2016-02-19_rep-welch-to-back-sanders-for-pr"))
    voting = next(q for q in quotes if q.text.startswith("I'll be voting"))
    decided = next(q for q in quotes if q.text.startswith("And I've decided"))
    assert voting.direct and decided.direct
    assert voting.source == decided.source
    assert "Welch" in source_of(sources, voting).description
    planned = next(q for q in quotes if "he planned to vote for Sanders" in q.text)
    assert "Welch" in source_of(sources, planned).description  # not Vermont Edition, the addressee


@pytest.fixture(scope="module")
def framing(nlp):
    """Sources and quotes of the framing excerpts (PROVENANCE.md): speakers with no "said"."""
    return parsed(nlp, (POLNEAR / "framing.txt").read_text(encoding="utf-8"))


def test_transcript_labels_change_speaker_inside_one_quoted_block(framing):
    sources, quotes = framing
    ramos = next(q for q in quotes if q.text.startswith("RAMOS:"))
    clinton = next(q for q in quotes if q.text.startswith("CLINTON:"))
    assert source_of(sources, ramos).name == "RAMOS"
    assert source_of(sources, clinton).name == "CLINTON"


def test_colon_paragraph_introduces_the_next_paragraphs_quote(framing):
    sources, quotes = framing
    opening = (POLNEAR / "framing.txt").read_text(encoding="utf-8").index('"The U.S. Department of Justice')
    doj = next(q for q in quotes if q.start == opening + 1)
    assert doj.direct and doj.cue == "stated"
    assert "Ward" in source_of(sources, doj).description  # not CLINTON, the speaker before


def test_quoted_phrase_is_the_subject_of_its_verb(framing):
    sources, quotes = framing
    phrase = next(q for q in quotes if q.text.startswith("offensive and outlandish"))
    assert phrase.cue == "called" and "Rubio" in source_of(sources, phrase).description


def test_relative_pronoun_is_a_mention_of_the_noun_it_stands_for(framing):
    sources, quotes = framing
    waterboarding = next(q for q in quotes if "waterboarding sparingly" in q.text)
    source = source_of(sources, waterboarding)
    assert source.name == "Ted Cruz" and waterboarding.cue == "said"
    assert "who" in {m.text for m in source.mentions}


def test_to_clause_and_object_of_a_verb_of_saying_are_content(framing):
    sources, quotes = framing
    urged = next(q for q in quotes if q.cue == "urged")
    assert urged.text.startswith("people not to spread rumors") and not urged.direct
    assert source_of(sources, urged).description == "Police"
    denied = next(q for q in quotes if q.cue == "denied")
    assert denied.text.startswith("the charges") and "Ailes" in source_of(sources, denied).description


def test_every_record_is_consistent_on_the_sample(nlp):
    for path in sorted((SAMPLE / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sources, quotes = parsed(nlp, text)
        ids = {s.id for s in sources}
        assert all(q.source in ids or q.source is None for q in quotes), path.name
        assert all(text[q.start:q.end] == q.text and q.end > q.start for q in quotes), path.name
        assert all(s.mentions and all(text[m.start:m.end] == m.text for m in s.mentions) for s in sources)
        assert [s.id for s in sources] == [f"s{n}" for n in range(1, len(sources) + 1)]


def test_attribution_survives_unbalanced_and_odd_text(nlp):
    """Dangling marks, a lone mark, marks at the very end: records come back, nothing raises."""
    base = sample_text("breitbart_2016-04-07_ny-post-megyn-kelly-is-no-differ")
    for text in (base, base + " “", "“", "”", base.replace("”", ""), base.replace("\n\n", "\n")):
        _, quotes = parsed(nlp, text)
        assert all(text[q.start:q.end] == q.text for q in quotes)


# --- robustness: the whole corpus -----------------------------------------------------------

@pytest.mark.parametrize("which", [CORPUS_SET])
def test_attribution_raises_on_no_polnear_text(which):
    if which.startswith("polnear"):
        assert len(CORPUS_FILES) == POLNEAR_TEXTS, f"{which}: expected all {POLNEAR_TEXTS} train+dev texts"
    failed = attribution_eval.failures(CORPUS_FILES, workers=min(os.cpu_count() or 1, 2))
    assert failed == [], f"attribution raised on {len(failed)} of {len(CORPUS_FILES)} texts ({which})"


# --- the evaluation ---------------------------------------------------------------------------

def test_brat_statements_follow_the_event_lines():
    for ann in sorted((SAMPLE / "attributions").glob("*.ann")):
        raw = ann.read_text(encoding="utf-8")
        statements = attribution_eval.parse_brat(raw)
        with_content = [line for line in raw.splitlines() if line.startswith("E") and "Content:" in line]
        assert len(statements) == len(with_content)
        assert all(s < e for st in statements for s, e in st.content)


def test_matching_is_one_to_one_and_needs_half_the_shorter_span():
    Statement = attribution_eval.Statement
    gold = [Statement([(0, 100)]), Statement([(200, 210)])]
    predicted = [Statement([(10, 90)]), Statement([(20, 95)]), Statement([(205, 260)])]
    # the second prediction also overlaps gold 0, but gold 0 is taken by the larger overlap
    assert sorted(attribution_eval.match(predicted, gold)) == [(0, 0), (2, 1)]
    # a sliver of a long span is not a match
    assert attribution_eval.match([Statement([(95, 300)])], [Statement([(0, 100)])]) == []


def test_eval_runs_on_the_committed_sample(tmp_path):
    (tmp_path / attribution_eval.FOLDER).mkdir()
    (tmp_path / attribution_eval.FOLDER / "dev").symlink_to(SAMPLE, target_is_directory=True)
    table = attribution_eval.run(tmp_path)
    rows = table.as_dicts()
    row = next(r for r in rows if r["system"] == "sitrep" and r["data"] == "PolNeAR dev")
    assert row["articles"] == len(list((SAMPLE / "text").glob("*.txt")))
    assert row["gold"] > 0 and row["predicted"] > 0
    assert row["F1"] > 0.4 and row["precision"] > 0.6
    # the held-apart world-news set of the repository is scored beside it, all its 40 articles
    world = next(r for r in rows if r["system"] == "sitrep" and r["data"] == "world news, held apart")
    assert world["articles"] == 40 and world["gold"] == 320 and world["F1"] > 0.5


def test_the_pieces_of_one_statement_are_scored_as_one():
    """PolNeAR marks '"A," he said, "B."' as one Content of two spans: sitrep's quotes that
    continue a statement join its first piece, so the second is no false positive."""
    Statement = attribution_eval.Statement
    gold = [Statement([(0, 10), (25, 40)], [(12, 14)])]
    assert attribution_eval.match([Statement([(0, 10), (25, 40)])], gold) == [(0, 0)]
    # and "he" between the pieces is the mention nearest the statement
    assert attribution_eval.nearest([(12, 14), (60, 65)], [(0, 10), (25, 40)]) == [(12, 14)]


# --- one source per speaker, named by its name (issue 19, item 12) ---------------------------
# Real excerpts in tests/fixtures/sources-entities (PROVENANCE.md), each parsed as is.

ISSUE19 = FIXTURES / "sources-entities"
ISSUE19_TEXTS = sorted(ISSUE19.glob("*.txt"))


def fixture_sources(nlp, name: str):
    return parsed(nlp, (ISSUE19 / name).read_text(encoding="utf-8"))


def test_a_speaker_with_two_cues_then_named_in_apposition_is_one_named_source(nlp):
    # "China's ambassador to Britain accused ... and warned ...", later "China's ambassador to
    # Britain Liu Xiaming has said ...", "Liu said ...": three anonymous rows and two more for
    # the named man before; one source, named, linked to his entity, now.
    sources, quotes = fixture_sources(nlp, "express-hong-kong-ambassador.txt")
    ambassadors = [s for s in sources if s.role == "ambassador"]
    assert len(ambassadors) == 1
    liu = ambassadors[0]
    assert (liu.named, liu.name, liu.affiliation) == (True, "Liu Xiaming", "China")
    assert liu.entity is not None
    assert {"China’s ambassador to Britain", "Liu"} <= {m.text for m in liu.mentions}
    # the quoted words are part of his reported statements ('warned that the Chinese government
    # “will not sit on our hands” if ...'), which are his
    for words in ("will not sit on our hands", "resolution and power"):
        holding = [q for q in quotes if words in q.text]
        assert [q.source for q in holding] == [liu.id] and not holding[0].direct


def test_a_hyphenated_name_is_whole_and_is_not_its_own_affiliation(nlp):
    sources, _ = fixture_sources(nlp, "express-hong-kong-ambassador.txt")
    commander = next(s for s in sources if s.role == "commander")
    assert (commander.named, commander.name, commander.affiliation) == (True, "Cheuk Hau-yip", None)


def test_a_name_the_tagger_reads_as_a_noun_is_the_person_named_elsewhere(nlp):
    # "Trump thought voters would ..." opens a sentence; the tagger calls "Trump" a noun there.
    sources, _ = fixture_sources(nlp, "nytimes-trump-impeachment.txt")
    assert [(s.name, s.named) for s in sources] == [("Trump", True)]
    text = (ISSUE19 / "nytimes-trump-impeachment.txt").read_text(encoding="utf-8")
    thought = text.index("Trump thought")
    assert any(m.start == thought for m in sources[0].mentions)


def test_an_office_is_named_by_all_its_proper_nouns(nlp):
    sources, _ = fixture_sources(nlp, "nbcnews-carlineo-plea.txt")
    assert [s.name for s in sources] == ["U.S. Attorney’s Office for the Western District of New York"]
    assert sources[0].named


def test_negated_and_random_speakers_are_no_sources(nlp):
    # "no one knows just how much disruption ..."; "saying anybody who complains about a
    # microphone 'is not having a good night'": the statements stay, with no source.
    sources, quotes = fixture_sources(nlp, "latimes-disney-streaming.txt")
    assert [s.name for s in sources] == ["Mayer"]
    assert any(q.text.startswith("just how much disruption") and q.source is None for q in quotes)
    sources, _ = fixture_sources(nlp, "ap-clinton-microphone.txt")
    assert [s.name for s in sources] == ["Hillary Clinton"]


def test_the_writers_own_first_person_is_one_source_the_writer(nlp):
    sources, quotes = fixture_sources(nlp, "vg247-jedi-review.txt")
    assert len(sources) == 1
    writer = sources[0]
    assert (writer.description, writer.named, writer.role) == ("the writer", False, "writer")
    assert [m.text for m in writer.mentions] == ["I", "I"]
    assert quotes and {q.source for q in quotes} == {writer.id}


@pytest.mark.parametrize("path", ISSUE19_TEXTS, ids=lambda p: p.stem)
def test_no_source_repeats_another_or_is_a_pronoun(nlp, path):
    sources, _ = parsed(nlp, path.read_text(encoding="utf-8"))
    names = [s.name for s in sources if s.named]
    descriptions = [squash(s.description).lower() for s in sources if not s.named]
    entities = [s.entity for s in sources if s.entity]
    assert len(names) == len(set(names)) and len(descriptions) == len(set(descriptions))
    assert len(entities) == len(set(entities))
    pronouns = {"i", "we", "you", "us", "me", "he", "she", "they", "it", "anybody", "anyone", "no one"}
    assert not {squash(s.description).lower() for s in sources} & pronouns
    assert all(s.name is None or s.name[:1].isupper() for s in sources)


# --- positions and statements as PolNeAR marks them (issue 17, item 4) -------------------------
# Real paragraphs of PolNeAR train in tests/fixtures/polnear/positions.txt (PROVENANCE.md).

POSITIONS = POLNEAR / "positions.txt"


@pytest.fixture(scope="module")
def positions(nlp):
    text = POSITIONS.read_text(encoding="utf-8")
    sources, quotes = parsed(nlp, text)
    return text, sources, quotes


def quote_with_cue(quotes, cue):
    return next(q for q in quotes if q.cue == cue)


def test_a_stance_verb_reports_its_object_as_the_position_of_its_subject(positions):
    _, sources, quotes = positions
    proposed = quote_with_cue(quotes, "proposed")  # "Trump proposed barring all foreign Muslims ..."
    assert proposed.text.startswith("barring all foreign Muslims from entering") and not proposed.direct
    assert source_of(sources, proposed).name.endswith("Trump")


def test_called_for_reports_what_was_called_for(positions):
    _, sources, quotes = positions
    called = quote_with_cue(quotes, "called")
    assert called.text.startswith("a temporary ban on admitting Muslims")
    assert source_of(sources, called).name == "Donald Trump"


def test_a_belief_inside_a_statement_is_the_speakers_statement_not_another(positions):
    text, sources, quotes = positions
    paragraph = text.index("By now, Sexton said")
    inside = [q for q in quotes if paragraph <= q.start < paragraph + 90]
    assert [q.cue for q in inside] == ["said"]  # not "believes": the belief is Sexton's reading of Trump
    assert inside[0].text.startswith("he’s unconvinced that Trump believes")
    assert source_of(sources, inside[0]).name == "Sexton"


def test_a_quotation_going_on_after_its_cue_is_one_statement_in_two_pieces(positions):
    text, sources, quotes = positions
    paragraph = text.index("“Some changes need to be made")
    pieces = [q for q in quotes if paragraph <= q.start < text.index("\n", paragraph) and q.direct]
    assert [q.text[:12] for q in pieces] == ["Some changes", "I like Hilla"]
    assert pieces[0].continues is None and pieces[1].continues == pieces[0].id
    assert pieces[1].source == pieces[0].source and source_of(sources, pieces[0]).name == "Woodrow Benford"


def test_a_quotation_split_around_its_cue_is_one_statement(nlp):
    """politico_2016-02-19_rep-welch-to-back-sanders-for-pr: a quote split around its cue."""
    sources, quotes = parsed(nlp, sample_text("politico_2016-02-19_rep-welch-to-back-sanders-for-pr"))
    continuing = [q for q in quotes if q.continues]
    assert continuing, "no quotation piece continues another"
    by_id = {q.id: q for q in quotes}
    for piece in continuing:
        first = by_id[piece.continues]
        assert first.start < piece.start and first.source == piece.source and first.continues is None


def test_two_apostrophes_mark_a_quotation_and_an_inverted_cue_names_its_speaker(positions):
    # ''Several of us were arguing ...,'' recalled Mr. Rhodes. ''He said, 'I just need ...'.''
    text, sources, quotes = positions
    paragraph = text.index("''Several of us")
    pieces = [q for q in quotes if paragraph <= q.start < paragraph + 300]
    assert pieces[0].text == "Several of us were arguing we have to wait for the moment"
    assert pieces[0].direct and pieces[0].cue == "recalled"
    assert source_of(sources, pieces[0]).name.endswith("Rhodes")
    # the next quotation goes on with his words; the "said" inside it is quoted, not a new statement
    assert pieces[1].text.startswith("He said") and pieces[1].continues == pieces[0].id


def test_a_quoted_phrase_inside_a_reported_statement_is_part_of_it(positions):
    # 'FBI general counsel James Baker said the probe is “ongoing.”': one statement, Baker's
    text, sources, quotes = positions
    phrase = text.index("“ongoing.”")
    holding = [q for q in quotes if q.start <= phrase + 1 < q.end]
    assert len(holding) == 1 and holding[0].cue == "said" and not holding[0].direct
    assert holding[0].text.startswith("the probe is") and source_of(sources, holding[0]).name == "James Baker"


def test_he_after_a_new_paragraphs_subject_is_that_person_not_the_speaker_before(positions):
    # “No, I meant he’s the founder of ISIS,” Trump responded. ... / Rep. Sean Duffy (R-Wisc.) also
    # addressed the controversy ... “Maybe not literally, ...,” he said.
    text, sources, quotes = positions
    maybe = next(q for q in quotes if q.text.startswith("Maybe not literally"))
    assert source_of(sources, maybe).name.endswith("Duffy")
    founder = next(q for q in quotes if q.text.startswith("No, I meant"))
    assert source_of(sources, founder).name.endswith("Trump")


def test_a_cue_set_off_by_commas_reports_the_words_on_both_sides(positions):
    # "In both cases, Eric Trump said, those donations paid for “sponsorships” at ..."
    _, sources, quotes = positions
    first = next(q for q in quotes if q.text == "In both cases")
    rest = next(q for q in quotes if q.continues == first.id)
    assert first.cue == "said" and rest.text.startswith("those donations paid for")
    assert source_of(sources, first).name == "Eric Trump"


def test_a_fronted_phrase_is_not_what_a_cue_with_its_own_message_says(positions):
    # "In a scathing opinion piece, The Wall Street Journal called on Trump to get his act together ..."
    text, sources, quotes = positions
    paragraph = text.index("In a scathing opinion piece")
    called = [q for q in quotes if q.start >= paragraph and q.cue == "called"]
    assert len(called) == 1 and called[0].text.startswith("to get his act together")
    assert source_of(sources, called[0]).name == "The Wall Street Journal"
