"""Attribution cues on the dependency parse: who said what, through which word.

Two jobs: find reported speech outside quotation marks ("X said (that) ...",
"..., X said", "according to X, ...", "X told Y ...", "X urged Y to ...",
"X denied the charges") with its content, and find the cue and speaker of a
direct quotation next to its marks.

The parser's sentences may run over paragraph breaks (a paragraph is often
parsed as the complement of the next one's "he said"), so every span here is
clipped to the cue's own paragraph: an attribution never crosses one.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..annotations import text_of
from .lexicon import (
    PRONOUNS_RELATIVE,
    SPEAKER_DEPS,
    addressee_objects,
    is_cue,
    message_objects,
    reports_infinitive,
    role_nouns,
    stance_verbs,
)
from .quotes import QuoteSpan

_SENTENCE_END = frozenset({".", "!", "?", ";"})
_NEAR_SPEAKER = 3  # "C, X (has long) said": the cue this close after its speaker
_CONTROL_STEPS = 3  # "vocal in rejecting": preposition, adjective, verb
_EDGE_PUNCT = " \t\n\u00a0,;:.—–-"


@dataclass
class Attribution:
    """One statement found: its content span(s), cue and speaker phrase (if any)."""

    content: list[tuple[int, int]]
    direct: bool
    cue: Token | None = None
    speaker: Token | None = None  # head token of the speaker phrase
    speaker_span: Span | None = None  # the phrase itself, when not read off the parse (a label)
    quotes: list[QuoteSpan] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.content[0][0]

    @property
    def anchor(self) -> int:
        """Where the attribution sits in the text, for resolving speakers in reading order."""
        return self.speaker.idx if self.speaker is not None else self.start


class Layout:
    """Paragraphs and quotation marks of a Doc, asked about by token and character."""

    def __init__(self, doc: Doc, paragraphs: list[tuple[int, int]], quotes: list[QuoteSpan],
                 skip_to: int = 0):
        self.doc = doc
        self.paras = paragraphs
        self._starts = [s for s, _ in paragraphs]
        self.quotes = quotes
        self.skip_to = skip_to  # body offset after the dateline: content never starts before it
        self._token_starts = [token.idx for token in doc]
        self._quoted = self._quoted_mask(doc, quotes)

    def token_at(self, char: int) -> Token:
        """The token holding a character offset (whitespace after a token counts as it)."""
        return self.doc[max(bisect_right(self._token_starts, char) - 1, 0)]

    def _quoted_mask(self, doc: Doc, quotes: list[QuoteSpan]) -> list[bool]:
        """Per token: inside a quotation, marks included."""
        mask = [False] * len(doc)
        for q in quotes:
            last = q.close_mark if q.close_mark is not None else max(q.end - 1, q.open_mark)
            for i in range(self.token_at(q.open_mark).i, self.token_at(last).i + 1):
                mask[i] = True
        return mask

    def para(self, char: int) -> int:
        """Index of the paragraph holding a character offset."""
        return max(bisect_right(self._starts, char) - 1, 0)

    def quoted(self, token: Token) -> bool:
        return self._quoted[token.i]

    def same_para(self, a: Token, b: Token) -> bool:
        return self.para(a.idx) == self.para(b.idx)

    def para_tokens(self, token: Token) -> tuple[int, int]:
        """Token range [start, end) of a token's paragraph."""
        p_start, p_end = self.paras[self.para(token.idx)]
        return self.token_at(p_start).i, self.token_at(max(p_end - 1, p_start)).i + 1


# --- speakers ---------------------------------------------------------------------------------

def speaker_of(cue: Token, layout: Layout) -> Token | None:
    """Head token of who speaks through a cue verb, never its addressee or object."""
    if cue.lower_ == "according":
        return _according_to_object(cue)
    subjects = [c for c in cue.children if c.dep_ in SPEAKER_DEPS and layout.same_para(c, cue)
                and not layout.quoted(c)]
    relative = [s for s in subjects if s.lower_ in PRONOUNS_RELATIVE]
    if cue.dep_ == "relcl" and relative:
        return relative[0]  # "officials, who said ...": sources.py reads the noun behind "who"
    if subjects:
        active = [s for s in subjects if s.dep_ != "nsubjpass"]
        if active:
            return min(active, key=lambda s: abs(s.i - cue.i))
        agent = next((c for c in cue.children if c.dep_ == "agent"), None)
        return next((g for g in agent.children if g.dep_ == "pobj"), None) if agent else None
    if cue.dep_ == "acl" and cue.tag_ == "VBG" and (cue.head.pos_ == "PROPN" or cue.head.lemma_ in role_nouns()):
        return cue.head  # "footage of Clinton asking, ...": the person the participle describes
    objects = [c for c in cue.head.children if c.dep_ == "dobj" and c.i < cue.i]
    if cue.dep_ == "xcomp" and objects and not is_cue(cue.head):
        return objects[-1]  # "led X to fear ...": X; but "urged X to say" is the urger's
    if cue.dep_ in ("advcl", "xcomp", "conj") and cue.head is not cue:
        return speaker_of(cue.head, layout) if cue.head.pos_ in ("VERB", "AUX") else None
    if cue.dep_ == "pcomp" and cue.tag_ == "VBG":
        return _controller(cue, layout)
    return None


def _controller(gerund: Token, layout: Layout) -> Token | None:
    """The subject of the clause a gerund after a preposition hangs on, which is the gerund's
    own: "they published the results by announcing that ...", "Ryan has been very vocal in
    rejecting ..."."""
    node = gerund.head
    for _ in range(_CONTROL_STEPS):
        if node.pos_ in ("VERB", "AUX"):
            return speaker_of(node, layout)
        if node.head is node:
            return None
        node = node.head
    return None


def _according_to_object(according: Token) -> Token | None:
    """X of "according to X"."""
    doc = according.doc
    if according.i + 1 >= len(doc) or doc[according.i + 1].lower_ != "to":
        return None
    to = doc[according.i + 1]
    return next((c for c in to.children if c.dep_ == "pobj"), None)


def is_according(token: Token) -> bool:
    doc = token.doc
    return token.lower_ == "according" and token.i + 1 < len(doc) and doc[token.i + 1].lower_ == "to"


# --- reported speech -------------------------------------------------------------------------

def reported(doc: Doc, layout: Layout) -> list[Attribution]:
    """Every reported statement outside quotation marks: a cue, a speaker and a content clause."""
    found = []
    for token in doc:
        if layout.quoted(token):
            continue
        if is_according(token):
            att = _according(token, layout)
        elif is_cue(token):
            att = _reported_verb(token, layout)
        else:
            att = None
        if att is not None:
            found.append(att)
    return found


def _reported_verb(cue: Token, layout: Layout) -> Attribution | None:
    """ "X said (that) C", "C, X said", "X told Y C": the content clause of a cue verb."""
    speaker = speaker_of(cue, layout)
    if speaker is None:
        return None
    inserted = _parenthetical_spans(cue, speaker, layout)
    if inserted:
        return Attribution(content=inserted, direct=False, cue=cue, speaker=speaker)
    comps = [c for c in cue.children if c.dep_ == "ccomp" and layout.same_para(c, cue)]
    if comps:
        span = _complement_span(cue, comps, speaker, layout)
    elif (clause := _infinitive(cue, layout)) is not None:
        span = _infinitive_span(cue, clause, layout)
    else:
        span = _object_span(cue, layout) or _fronted_span(cue, speaker, layout)
    if span is None:
        return None
    return Attribution(content=[span], direct=False, cue=cue, speaker=speaker)


def _infinitive(cue: Token, layout: Layout) -> Token | None:
    """The "to" or "-ing" clause a verb of saying or stance reports ("vowed to veto", "urged them
    to reconsider", "wants to build", "supports squeezing out")."""
    if not reports_infinitive(cue):
        return None  # "expects to", "hopes to": beliefs, read only with a "that" clause
    return next((c for c in cue.children if c.dep_ == "xcomp" and c.i > cue.i and layout.same_para(c, cue)
                 and (_gerund_object(cue, c) or any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children))),
                None)


def _gerund_object(cue: Token, clause: Token) -> bool:
    """Whether an "-ing" clause is what a stance verb reports: right after it ("proposed
    barring"), not set off by a comma ("declared, laughing": how it was said). A verb of saying
    with one is no report ("continue supporting", "started talking")."""
    return clause.tag_ == "VBG" and cue.lemma_.lower() in stance_verbs() \
        and not any(t.is_punct for t in cue.doc[cue.i + 1: clause.left_edge.i + 1])


def _infinitive_span(cue: Token, clause: Token, layout: Layout):
    """From the addressee ("urged them") or the "to" to the end of the clause."""
    _, hi = layout.para_tokens(cue)
    addressee = [c.left_edge.i for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < clause.i]
    first = min(addressee + [t.i for t in clause.subtree])
    last = max(t.i for t in clause.subtree if t.i < hi)
    return _char_span(layout, first, last)


def _object_span(cue: Token, layout: Layout):
    """ "X denied the allegations", "X criticized Y for Z": what a verb of saying says is its object."""
    if cue.lemma_.lower() not in message_objects():
        return None  # "told reporters", "continued the attacks": the object is no message
    _, hi = layout.para_tokens(cue)
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i), None) or _prepositional_object(cue)
    if obj is None or layout.quoted(obj) or not layout.same_para(obj, cue):
        return None
    tail = [c for c in cue.children if c.i > obj.i and c.dep_ in ("prep", "xcomp", "advcl", "oprd")][:1]
    if obj.pos_ == "PRON" and not tail:
        return None  # "denied it": the message is elsewhere; but "accused him of lying" says it
    tokens = [t.i for c in [obj] + tail for t in c.subtree if t.i < hi]
    return _char_span(layout, min(tokens), max(tokens))


def _prepositional_object(cue: Token) -> Token | None:
    """The object of the preposition right after a cue with no direct object: "called for X",
    "pointed to X", "railed against X" (a later prepositional phrase is no message: "spoke in Iowa")."""
    doc = cue.doc
    nxt = cue.i + 1 + (cue.i + 1 < len(doc) and doc[cue.i + 1].dep_ == "prt")
    if nxt >= len(doc) or doc[nxt].dep_ != "prep" or doc[nxt].head.i != cue.i:
        return None
    return next((c for c in doc[nxt].children if c.dep_ in ("pobj", "pcomp")), None)


def _complement_span(cue: Token, comps: list[Token], speaker: Token, layout: Layout):
    """Characters of the complement clause(s) on one side of the cue, inside the paragraph.

    The parser sometimes splits one complement into two ccomp children
    ("IS’ “Chechen division” is making ..."), so all on the nearer side count.
    """
    lo, hi = layout.para_tokens(cue)
    blocked = {t.i for t in speaker.subtree} | {cue.i}
    nearest = min(comps, key=lambda c: abs(c.i - cue.i))
    after = nearest.i > cue.i
    tokens = [t.i for c in comps if (c.i > cue.i) == after for t in c.subtree
              if lo <= t.i < hi and (t.i > cue.i) == after and t.i not in blocked]
    if not tokens:
        return None
    if after:
        return _char_span(layout, min(tokens), max(tokens))
    start = max(_sentence_start(nearest, layout), lo)
    return _char_span(layout, min(start, min(tokens)), max(tokens))


def _parenthetical_spans(cue: Token, speaker: Token, layout: Layout) -> list[tuple[int, int]]:
    """ "The museum, Mr. Bush said, celebrated ...": a cue clause set off by commas inside the
    sentence it reports (the parser hangs it on the sentence's verb, or makes it the root and
    the rest its object): the words on both sides."""
    if not (cue.dep_ == "parataxis" and cue.head.i > cue.i or cue.dep_ == "ROOT") \
            or any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children):
        return []
    doc = cue.doc
    first = min([cue.i] + [t.i for t in speaker.subtree])
    after = next((t.i for t in doc[cue.i + 1: cue.i + 1 + _NEAR_SPEAKER] if t.text == ","), None)
    lo, hi = layout.para_tokens(cue)
    start, end = max(cue.sent.start, lo), min(cue.sent.end, hi)
    if after is None or first - 1 <= start or doc[first - 1].text != "," or end - after < 4:
        return []
    if any(not (t.dep_ in ("advmod", "npadvmod", "prep") or t.head.i > cue.i) for t in doc[cue.i + 1: after]):
        return []  # only "often", "on Tuesday" between the cue and its comma
    spans = [_char_span(layout, start, first - 2), _char_span(layout, after + 1, end - 1)]
    return [span for span in spans if span] if all(spans) else []


def _fronted_span(cue: Token, speaker: Token, layout: Layout):
    """ "C, X said.": the parse missed the complement, but the cue clause follows a comma."""
    doc = cue.doc
    if cue.i - max(t.i for t in speaker.subtree) > _NEAR_SPEAKER:
        return None  # "C, the Post will brand you a liar and ... will accuse": not "C, X said"
    addressee = cue.lemma_.lower() in addressee_objects()  # "C, an official told Breitbart Jerusalem."
    if any(c.i > cue.i and (c.dep_ in ("ccomp", "xcomp") or c.dep_ in ("dobj", "oprd") and not addressee)
           for c in cue.children):
        return None  # "In a statement, X called Clinton a champion": what it says follows it
    first = min([cue.i] + [t.i for t in speaker.subtree])
    lo, _ = layout.para_tokens(cue)
    prev = first - 1
    while prev >= lo and doc[prev].is_space:
        prev -= 1
    if prev < lo or doc[prev].text not in (",", "—", "–"):
        return None
    start = max(_sentence_start(doc[prev], layout), lo)
    if prev - start < 3:
        return None
    return _char_span(layout, start, prev - 1)


def _according(according: Token, layout: Layout) -> Attribution | None:
    """ "According to X, C." / "C, according to X.": the rest of the sentence is the content."""
    speaker = _according_to_object(according)
    if speaker is None:
        return None
    lo, hi = layout.para_tokens(according)
    phrase = [t.i for t in according.subtree] + [t.i for t in speaker.subtree] + [according.i + 1]
    p_start, p_end = min(phrase), max(phrase)
    s_start = max(_sentence_start(according, layout), lo)
    s_end = min(_sentence_end(according, layout), hi)
    after = (p_end + 1, s_end - 1)
    before = (s_start, p_start - 1)
    side = after if after[1] - after[0] >= before[1] - before[0] else before
    if side[1] - side[0] < 2:
        return None
    span = _char_span(layout, side[0], side[1])
    return Attribution(content=[span], direct=False, cue=according, speaker=speaker) if span else None


def _sentence_start(token: Token, layout: Layout) -> int:
    return token.sent.start


def _sentence_end(token: Token, layout: Layout) -> int:
    return token.sent.end


def _char_span(layout: Layout, first: int, last: int) -> tuple[int, int] | None:
    """Characters from token first to token last, trimmed of edge punctuation and the dateline."""
    doc = layout.doc
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    text = text_of(doc)
    if start < layout.skip_to <= end:
        start = layout.skip_to
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    return (start, end) if end - start >= 2 else None


# --- direct quotations -----------------------------------------------------------------------

def direct_cue(quote: QuoteSpan, layout: Layout) -> tuple[Token | None, Token | None, int]:
    """(cue, speaker, distance in tokens) for a quotation, from the words around its marks.

    After the marks first ("...," he said), but only when the quotation did not
    end its own sentence: after "A." a capitalised "Smith said" starts the next
    sentence and belongs to what follows. Then before the marks, back to the
    previous sentence end ("Smith said: ...", "Smith said, ...").
    """
    after = _window_after(quote, layout)
    if after and _continues_sentence(quote, layout, after[0]):
        hit = _first_cue(after, layout) or _inverted(after)
        if hit:
            return hit
    before = _window_before(quote, layout)
    return _first_cue(list(reversed(before)), layout) or (None, None, 0)


def _first_cue(tokens: list[Token], layout: Layout):
    for distance, token in enumerate(tokens):
        if is_according(token) or is_cue(token, direct=True) or _puts_it(token):
            speaker = speaker_of(token, layout) or _inverted_speaker(token)
            if speaker is not None:
                return token, speaker, distance
    return None


def _puts_it(token: Token) -> bool:
    """ "As Ms. Simonyan put it, RT is “...”": "as X put it" frames the quotation as X's words."""
    return token.lemma_.lower() == "put" and any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children) \
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children)


def _inverted(after: list[Token]):
    """ '“...,” recalled Mr. Rhodes.': a verb of saying right after the quotation, its speaker
    after it, which the parser takes for its object."""
    first = after[1] if after[0].is_punct and len(after) > 1 else after[0]
    speaker = _inverted_speaker(first) if is_cue(first, direct=True) else None
    return (first, speaker, 0) if speaker is not None else None


def _inverted_speaker(cue: Token) -> Token | None:
    """The name or role after a verb of saying that the parser took for its object ("recalled
    Mr. Rhodes", "Said Ellis: ..."): next to a quotation the quotation is the message, so an object
    there is the speaker, unless the verb's object is whom it was said to ("told reporters")."""
    if cue.lemma_.lower() in addressee_objects() or not is_cue(cue, direct=True):
        return None
    return next((c for c in cue.children if c.dep_ in ("dobj", "npadvmod", "appos") and c.i > cue.i
                 and (c.pos_ == "PROPN" or c.lemma_.lower() in role_nouns())), None)


def _window_after(quote: QuoteSpan, layout: Layout) -> list[Token]:
    """Tokens after the closing mark up to the sentence end or the next quotation."""
    if quote.close_mark is None:
        return []
    doc = layout.doc
    mark = layout.token_at(quote.close_mark)
    _, hi = layout.para_tokens(mark)
    out = []
    for i in range(mark.i + 1, hi):
        token = doc[i]
        if layout.quoted(token):
            break
        out.append(token)
        if token.text in _SENTENCE_END:
            break
    return [t for t in out if not t.is_space]


def _window_before(quote: QuoteSpan, layout: Layout) -> list[Token]:
    """Tokens before the opening mark back to the previous sentence end or quotation."""
    doc = layout.doc
    mark = layout.token_at(quote.open_mark)
    lo, _ = layout.para_tokens(mark)
    out = []
    for i in range(mark.i - 1, lo - 1, -1):
        token = doc[i]
        if layout.quoted(token) or token.text in _SENTENCE_END:
            break
        out.append(token)
    return [t for t in reversed(out) if not t.is_space]


def _continues_sentence(quote: QuoteSpan, layout: Layout, first_after: Token) -> bool:
    """Whether the words after a quotation still belong to its sentence."""
    text = text_of(layout.doc)[quote.start:quote.end].rstrip()
    if not text.endswith((".", "…")):
        return True
    return first_after.text[:1].islower()
