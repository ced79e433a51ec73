"""Hostile articles: real news paragraphs with attack strings in every field a page shows.

`PAYLOADS` are the classic ways untrusted text tries to become markup or
script. Each one that is a tag carries a `data-xss` attribute, so a browser
test finds any that became an element with one selector. `hostile_analysis(n)`
is an article of two real paragraphs (support/realtext.py) with payload n
spliced into its title, outlet, URL, dateline, body, byline, quote, entity,
alias, place, source (name, description, role, affiliation) and a claim's cue,
every span pointing at where the payload sits in the body. The paragraphs
differ per article, so none is stored as a copy of another (copies are left
out of the desk's lists).
"""

from __future__ import annotations

from sitrep.model import Analysis, Certainty, Claim, Dateline, Entity, Mention, Place, Quote, Removed, Source
from sitrep.pipeline import document_id
from support.realtext import paragraphs

PAYLOADS = [
    '<script data-xss>alert("xss-1")</script>',
    '<img data-xss src=x onerror=alert("xss-2")>',
    '"><svg data-xss onload=alert("xss-3")>',
    "'><svg data-xss onload=alert('xss-4')>",
    '</textarea><script data-xss>alert("xss-5")</script>',
    '</title><script data-xss>alert("xss-6")</script>',
    '<iframe data-xss src="javascript:alert(\'xss-7\')"></iframe>',
    '<a data-xss href="javascript:alert(\'xss-8\')">click</a>',
    "{{7*7}} ${7*7} {% print 7*7 %} #{7*7}",
    '<style data-xss>body{display:none}</style>',
    '<base data-xss href="https://evil.example/">',
    '<meta data-xss http-equiv="refresh" content="0;url=javascript:alert(\'xss-12\')">',
    '&lt;script data-xss&gt;alert("xss-13")&lt;/script&gt;',
    '<svg data-xss><script>alert("xss-14")</script></svg>',
    '<math><mtext></p><img data-xss src=x onerror=alert("xss-15")></mtext></math>',
    '<div data-xss style="background:url(javascript:alert(16))" onmouseover="alert(16)">?#%2F/..</div>',
]
# Where each hostile article points its link: none of these may become a live href.
URLS = ["javascript:alert('xss-url')", "data:text/html,<script>alert('xss-url')</script>",
        "vbscript:msgbox('xss-url')", " javascript:alert('xss-url')"]
# The fields of an Analysis that carry the payload, as counted in SECURITY.md.
FIELDS = ("title", "outlet", "dateline", "body", "byline", "quote", "entity name", "entity alias",
          "place name", "source name", "source description", "source role", "source affiliation", "claim cue")


def _span(body: str, text: str, after: int = 0) -> Mention:
    start = body.index(text, after)
    return Mention(start=start, end=start + len(text), text=text)


def hostile_analysis(n: int) -> Analysis:
    """An article of real paragraphs with PAYLOADS[n] in every field."""
    p = PAYLOADS[n]
    quote = f"“{p} will strike again,” said {p} Spokesman."
    claim_text = f"{p} Brigade will probably attack {p} City next month."
    real = paragraphs()
    body = "\n\n".join([f"{p} Brigade claimed the attack.", real[2 * n], claim_text, real[2 * n + 1], quote])
    brigade, city, spokesman = (_span(body, f"{p} Brigade"), _span(body, f"{p} City"),
                                _span(body, f"{p} Spokesman"))
    claim, said = _span(body, claim_text), _span(body, quote)
    return Analysis(
        id=document_id(body), input=f"hostile-{n}.html", url=URLS[n % len(URLS)], outlet=f"{p} News",
        title=f"{p} headline {n}", published=f"2016-03-{n + 1:02d}", body=body,
        dateline=Dateline(text=p, place="p1"),
        removed=[Removed(kind="byline", text=f"By {p}"), Removed(kind="caption", text=f"{p} (AFP PHOTO)")],
        entities=[Entity(id="e1", name=f"{p} Brigade", type="GROUP", aliases=[p], mentions=[brigade])],
        places=[Place(id="p1", name=f"{p} City", kind="city", country="RU", lat=55.75, lon=37.62, mentions=[city]),
                Place(id="p2", name="Russia", kind="country", country="RU", lat=60.0, lon=100.0)],
        sources=[Source(id="s1", name=f"{p} Spokesman", description=f"a spokesman of {p}", named=True,
                        role=p, affiliation=p, mentions=[spokesman]),
                 Source(id="s2", description=f"an official of {p}", named=False, role=p, affiliation=p)],
        quotes=[Quote(id="q1", text=said.text, start=said.start, end=said.end, direct=True, cue="said", source="s1")],
        claims=[Claim(id="c1", text=claim.text, start=claim.start, end=claim.end, source="s1", actor="e1",
                      action="ASSAULT", target=["p1"], place="p1", modality="predicted",
                      certainty=Certainty(cue=f"probably {p}", band="likely", p_low=0.55, p_high=0.8)),
                Claim(id="c2", text=brigade.text, start=brigade.start, end=brigade.end, source="s2", actor="e1",
                      action="ASSAULT", target=["p2"], modality="alleged")],
    )
