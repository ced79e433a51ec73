"""Speakers of quotations that no speech verb stands next to, from how the text frames them.

News text marks a speaker in ways other than "X said": a transcript or a
headline puts a name label before the words ("RAMOS: Secretary Clinton, ..."), a list of
reactions signs each quotation with a dash ("..." ― Jane Roe), a clause
ending in a colon introduces the quotation that follows, in the same or the
next paragraph ("The New York Times reports:"), and a quoted phrase is often
the object of the quoting person's own verb ("X called the plan 'a disgrace'",
"X likened the rules to 'burning the Constitution'"). Each rule here reads
one of those frames; they only name a speaker, they never make a quotation.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..annotations import text_of
from .cues import Layout, speaker_of
from .quotes import QuoteSpan

Speaker = Token | Span
_LABEL = re.compile(r"([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s")
# after a closing mark: a dash, then a name running to the end of its line
_SIGNATURE = re.compile(r"[ \t\u00a0]*(―|—|–|--?)[ \t\u00a0]*([^\n;:,“”\"]+?)[ \t\u00a0.]*(?:\n|$)")
_NAME_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
_MAX_NAME = 5
_VERBS = ("VERB", "AUX")
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_CLIMB = 4  # steps from a quoted phrase up to the verb it belongs to


def framed_speaker(quote: QuoteSpan, layout: Layout) -> tuple[Token | None, Speaker | None]:
    """(cue, speaker) of a quotation from its frame, or (None, None) when none is found."""
    for rule in (_signature, _label, _colon, _embedding):
        cue, speaker = rule(quote, layout)
        if speaker is not None:
            return cue, speaker
    return None, None


# --- names: a label or a signature -----------------------------------------------------------

def _is_name(tokens: list[Token], *, capitals: bool = False) -> bool:
    """Whether tokens are a short name: proper nouns or named-entity words only, or with
    `capitals` words in capitals, as transcripts write speakers ("RAMOS:")."""
    return 0 < len(tokens) <= _MAX_NAME and all(
        t.pos_ == "PROPN" or t.ent_type_ in _NAME_ENTS or (capitals and t.is_upper and len(t) > 1)
        for t in tokens)


def _signature(quote: QuoteSpan, layout: Layout):
    """ "...” ― Jane Roe": a dash and a name closing the line after the quotation."""
    if quote.close_mark is None:
        return None, None
    m = _SIGNATURE.match(text_of(layout.doc), quote.close_mark + 1)
    if m is None:
        return None, None
    span = layout.doc.char_span(m.start(2), m.end(2), alignment_mode="contract")
    if span is None or not _is_name(list(span)) or any(layout.quoted(t) for t in span):
        return None, None
    return layout.token_at(m.start(1)), span


def label(quote: QuoteSpan, layout: Layout, *, own: bool = False) -> Span | None:
    """The name label a quotation opens with ("RAMOS: Secretary Clinton, ..."), or unless
    `own` the one its paragraph opens with (a headline "Hillary: ... ‘Absolutely Wrong’ ...")."""
    text = text_of(layout.doc)
    p_start, _ = layout.paras[quote.paragraph]
    for start in (quote.start,) if own else (quote.start, p_start):
        m = _LABEL.match(text, start)
        if m is None:
            continue
        span = layout.doc.char_span(m.start(1), m.end(1), alignment_mode="contract")
        if span is not None and _is_name(list(span), capitals=start == quote.start):
            return span  # capitals only inside the quotation: a headline's "BREAKING:" is no one
    return None


def _label(quote: QuoteSpan, layout: Layout):
    span = label(quote, layout)
    return (None, None) if span is None else (layout.token_at(span.end_char), span)


# --- a clause that introduces the quotation --------------------------------------------------

def _colon(quote: QuoteSpan, layout: Layout):
    """ "X scolded him: “...”" or a paragraph "X reports:" before the quotation's paragraph."""
    doc, text = layout.doc, text_of(layout.doc)
    p_start, _ = layout.paras[quote.paragraph]
    before = text[p_start:quote.open_mark].rstrip()
    if before.endswith(":"):
        colon = layout.token_at(p_start + len(before) - 1)
    elif not before and quote.paragraph > 0:
        prev_start, prev_end = layout.paras[quote.paragraph - 1]
        prev = text[prev_start:prev_end].rstrip()
        if not prev.endswith(":"):
            return None, None
        colon = layout.token_at(prev_start + len(prev) - 1)
    else:
        return None, None
    lo, _ = layout.para_tokens(colon)
    for i in range(colon.i - 1, max(colon.sent.start, lo) - 1, -1):
        token = doc[i]
        if layout.quoted(token):
            break
        if token.pos_ in _VERBS:
            speaker = speaker_of(token, layout)
            if speaker is not None:
                return token, speaker
    return None, None


def _is_clause(token: Token) -> bool:
    """Whether a quoted token heads a clause of its own (it has a subject), not a phrase."""
    return any(c.dep_ in _SUBJECTS for c in token.children)


def _embedding(quote: QuoteSpan, layout: Layout):
    """ "X called the plan “a disgrace”": the subject of the verb a quoted phrase hangs on.

    Only for a phrase: a quoted clause with its own subject is somebody's statement,
    which the parser may still hang on the sentence around it ("Whereas X took part in
    ..., “the plans are being made in Syria”"). And not a copula's subject: in "the claim
    was “true”" the subject is what is judged, not who judges.
    """
    inside = range(layout.token_at(quote.start).i, layout.token_at(max(quote.end - 1, quote.start)).i + 1)
    outward = [t.head for t in layout.doc[inside.start: inside.stop]
               if t.head.i not in inside and not t.head.is_punct and not layout.quoted(t.head)
               and not t.is_punct and not t.is_space and not _is_clause(t)]
    for head in outward:
        verb = head
        for _ in range(_CLIMB):
            if verb.pos_ in _VERBS or verb.head is verb:
                break
            verb = verb.head
        if verb.pos_ in _VERBS and verb.lemma_ != "be" and not layout.quoted(verb) \
                and layout.same_para(verb, head):
            speaker = speaker_of(verb, layout)
            if speaker is not None:
                return verb, speaker
    return None, None
