"""The attribution component: sources and quotes (who said what), as Doc._.sources and
Doc._.quotes with their spans (annotations.py).

The flow, one module per step:
- quotes.py finds direct quotations from the quotation marks alone;
- cues.py finds reported speech on the dependency parse, and the cue and
  speaker next to each quotation's marks;
- framing.py names the speaker of a quotation with no speech verb beside it
  from its frame: a name label, a dash signature, a colon, the verb it hangs on;
- sources.py turns speaker phrases into distinct sources, resolving "he" and
  "the official" to the source introduced before them, and words that name
  nobody ("whether anybody had accessed", "you know") to no source;
- this module puts them together: a quotation with no cue of its own
  continues the speaker before it (the newsroom convention for a quote that
  runs on in a new paragraph), reported speech caught inside a quotation is
  the quoted speaker's words and not a new source's, and each record gets its
  contract id.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from ...model import Quote
from ..annotations import ASSIGNS, annotations, document, text_of, write
from .cues import Attribution, Layout, direct_cue, is_according, reported
from .lexicon import is_cue
from .framing import framed_speaker, label
from .quotes import QuoteSpan, find_quotes, paragraphs
from .sources import SourceTable

_MIN_STATEMENT_WORDS = 6
_ADJACENT = 4  # a bare quoted phrase counts as a quotation only this close to its cue
_AFTER_DATELINE = re.compile(r"[\s,–—:-]*")


@Language.factory("sitrep_attribution", assigns=ASSIGNS["sitrep_attribution"],
                  requires=["doc._.entity_tokens", "doc._.place_tokens", "token.dep", "token.pos", "token.morph"])
def make_component(nlp: Language, name: str):
    """spaCy factory: the component runs after sitrep_entities and sitrep_places."""
    return attribute


def attribute(doc: Doc) -> Doc:
    """Write the sources and quotes of a parsed Doc."""
    ann = annotations(doc)
    layout = Layout(doc, paragraphs(text_of(doc)), find_quotes(text_of(doc)), _skip_to(doc))
    reported_ = _reported_outside_quotes(doc, layout)
    statements = _outermost_positions(_runs(_direct(doc, layout), reported_, layout) + reported_)
    table = SourceTable(doc, ann)
    speakers = _resolve(statements, table)
    sources, ids = table.records()
    write(doc, "sources", sources, label=lambda source: "SOURCE")
    write(doc, "quotes", _quotes(doc, statements, speakers, ids),
          label=lambda quote: "DIRECT" if quote.direct else "REPORTED")
    return doc


def _skip_to(doc: Doc) -> int:
    """Body offset after the dateline ("JAFFA, Israel – "): no statement starts inside it."""
    dateline = document(doc).dateline
    if dateline is None or dateline.start > 0 and text_of(doc)[: dateline.start].strip():
        return 0
    return dateline.end + _AFTER_DATELINE.match(text_of(doc), dateline.end).end() - dateline.end


def _direct(doc: Doc, layout: Layout) -> list[Attribution]:
    """One Attribution per quotation (pieces over paragraphs together), bare phrases left out."""
    found = []
    for pieces in _turns(layout):
        cue = speaker = None
        distance = 0
        for piece in pieces:
            cue, speaker, distance = direct_cue(piece, layout)
            if cue is not None:
                break
        att = Attribution(content=[(q.start, q.end) for q in pieces], direct=True,
                          cue=cue, speaker=speaker, quotes=pieces)
        if cue is None:
            _frame(att, layout)
        if not (cue is not None and distance <= _ADJACENT or _is_statement(doc, pieces, att.cue is not None)):
            continue  # a term or title in quotation marks, not somebody's words
        if found and cue is not None and found[-1].cue is not None and found[-1].cue.i == cue.i:
            found[-1].content += att.content  # '"A," he said, "B."': one statement, its cue between
            found[-1].quotes += att.quotes
            continue
        found.append(att)
    return found


def _turns(layout: Layout) -> list[list[QuoteSpan]]:
    """Quotation pieces grouped into one speaker's turns.

    Pieces of one quotation running over paragraphs belong together, except
    where a piece opens with a name label: a transcript quoted as one block
    ("RAMOS: ... / CLINTON: ...") changes speaker there.
    """
    turns: list[list[QuoteSpan]] = []
    for q in layout.quotes:
        if turns and turns[-1][-1].group == q.group and label(q, layout, own=True) is None:
            turns[-1].append(q)
        else:
            turns.append([q])
    return turns


def _frame(att: Attribution, layout: Layout) -> None:
    """Give a cue-less quotation the speaker its frame names (framing.py); left without one,
    it continues the speaker before it (see _resolve)."""
    for piece in att.quotes:
        cue, speaker = framed_speaker(piece, layout)
        if speaker is None:
            continue
        att.cue = cue
        if isinstance(speaker, Span):
            att.speaker, att.speaker_span = speaker[-1], speaker
        else:
            att.speaker = speaker
        return


def _is_statement(doc: Doc, pieces: list[QuoteSpan], framed: bool) -> bool:
    """Whether quoted words are somebody's words: a verb, some length, or sentence punctuation
    with a capital ("Never.") or a speaker's verb framing them ('X called it “offensive and
    outlandish.”'). A phrase that only closes its sentence, framed by nobody ('the claim was
    “true.”'), is not: the period inside the marks is only house style."""
    text = " ".join(text_of(doc)[q.start:q.end] for q in pieces)
    if len(text.split()) >= _MIN_STATEMENT_WORDS:
        return True
    if text.rstrip().endswith((".", "!", "?", ",")) and (framed or text.lstrip()[:1].isupper()):
        return True
    span = doc.char_span(pieces[0].start, pieces[0].end, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _reported_outside_quotes(doc: Doc, layout: Layout) -> list[Attribution]:
    """Reported speech whose content is not mostly a quotation already found."""
    quoted = [(q.open_mark, (q.close_mark or q.end) + 1) for q in layout.quotes]
    kept = []
    for att in reported(doc, layout):
        start, end = att.content[0]
        covered = sum(max(0, min(end, e) - max(start, s)) for s, e in quoted)
        if covered < 0.5 * (end - start):
            kept.append(att)
    return kept


def _runs(direct: list[Attribution], reported_: list[Attribution], layout: Layout) -> list[Attribution]:
    """Direct statements as the reader takes them: a quotation that names no speaker and follows
    another in its paragraph or the next, with no other statement between, goes on with it
    ('"A," he said. "B."': one statement in two pieces); quoted words inside a reported statement
    are part of it ('she said Trump is reduced to "taunts and insults"'), not one more."""
    def within_reported(att: Attribution) -> bool:  # (its closing period may fall outside)
        size = sum(e - s for s, e in att.content)
        return any(2 * _shared(att.content, r.content) >= size for r in reported_)

    def reported_between(start: int, end: int) -> bool:
        return any(start <= r.anchor < end or start <= r.start < end for r in reported_)

    kept: list[Attribution] = []
    for att in direct:
        if within_reported(att):
            continue
        before = kept[-1] if kept else None
        if (before is not None and att.cue is None and att.speaker is None
                and layout.para(att.start) - layout.para(before.content[-1][1]) <= 1
                and not reported_between(before.content[-1][1], att.start)):
            before.content += att.content
            before.quotes += att.quotes
            continue
        kept.append(att)
    return kept


def _shared(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    """Characters two sets of spans have in common."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def _outermost_positions(statements: list[Attribution]) -> list[Attribution]:
    """Drop a position (a belief or stance: "hopes", "wants", "backs") reported inside another
    statement's content: "He said Obama hopes that ..." is his statement, the hope his reading of
    Obama, as the PolNeAR annotators mark it. Speech inside speech stays ("they said they had
    told ...": two statements)."""
    def inside(att: Attribution) -> bool:
        at = att.cue.idx
        return any(other is not att and any(s <= at < e for s, e in other.content) for other in statements)

    return [att for att in statements
            if att.direct or att.cue is None or is_cue(att.cue, direct=True) or is_according(att.cue)
            or not inside(att)]


def _resolve(statements: list[Attribution], table: SourceTable) -> dict[int, int | None]:
    """Statement index -> source table index, speakers resolved in reading order.

    A statement without a speaker (a quotation standing alone in its paragraph)
    continues the nearest statement before it that has one.
    """
    speakers: dict[int, int | None] = {}
    order = sorted(range(len(statements)), key=lambda i: statements[i].anchor)
    for i in order:
        if statements[i].speaker is not None:
            speakers[i] = table.resolve(statements[i].speaker, statements[i].speaker_span)
    by_start = sorted(range(len(statements)), key=lambda i: statements[i].start)
    last: int | None = None
    for i in by_start:
        if i in speakers:
            last = speakers[i] if speakers[i] is not None else last
        else:
            speakers[i] = last
    return speakers


def _quotes(doc: Doc, statements, speakers, ids) -> list[Quote]:
    """Contract Quote records in body order, one per quotation piece; a statement's later
    pieces name its first (`continues`)."""
    rows = []
    for i, att in enumerate(statements):
        sid = ids.get(speakers[i]) if speakers[i] is not None else None
        cue = _cue_text(att)
        for start, end in att.content:
            rows.append((start, end, att.direct, cue, sid, i))
    rows.sort()
    text = text_of(doc)
    opened: dict[int, str] = {}  # statement -> id of its first piece
    quotes = []
    for n, (s, e, d, c, sid, i) in enumerate(rows, start=1):
        quotes.append(Quote(id=f"q{n}", text=text[s:e], start=s, end=e, direct=d, cue=c, source=sid,
                            continues=opened.get(i)))
        opened.setdefault(i, f"q{n}")
    return quotes


def _cue_text(att: Attribution) -> str | None:
    if att.cue is None:
        return None
    if att.cue.lower_ == "according":
        return "according to"
    return att.cue.text
