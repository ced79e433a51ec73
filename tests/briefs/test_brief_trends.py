"""The exported brief's trend lines (briefs/gather.py actor_trends): beside each named actor, its
dated claims over the brief's range as one block character a period, checked against the store's
own claim cards, in Markdown and in the HTML file."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from sitrep.briefs import gather_brief, render
from sitrep.store import Filters, Store
from sitrep.store.schema import name_key
from sitrep.timebins import binned
from support.cli import run

HEADING = re.compile(r"^#### (.+) \((\d+)\) ([▁▂▃▄▅▆▇█]+)$", re.M)


def test_each_named_actor_has_its_claims_over_time_beside_it(capsys, brief_db):
    status, out, err = run(capsys, "brief", "--format", "markdown", "--db", brief_db)
    assert status == 0, err
    unit, first, last = re.search(r"its dated claims per (\w+) from ([\d-]+) to ([\d-]+)", out).groups()
    first_day, last_day = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    with Store(brief_db) as store:
        cards = store.claim_cards(Filters(), limit=1000)
    assert first_day == min(c.published for c in cards if c.published)
    assert last_day == max(c.published for c in cards if c.published)
    lines = HEADING.findall(out)
    assert lines and "Unknown actor" not in [name for name, *_ in lines]
    for name, _, line in lines:
        actor = name_key(name.replace("\\", ""))
        days = Counter(c.published for c in cards if c.published and c.actor and name_key(c.actor) == actor)
        periods = binned(days.items(), first_day, last_day, unit)
        assert len(line) == len(periods) <= 24
        assert [block != "▁" for block in line] == [p.count > 0 for p in periods], name
        most = max(p.count for p in periods)
        assert [block == "█" for block in line] == [p.count == most > 0 for p in periods], name


def test_the_html_brief_shows_the_same_lines_escaped(brief_db):
    with Store(brief_db) as store:
        brief = gather_brief(store, Filters(), 100)
    html = render(brief, "html").decode()
    markdown = render(brief, "markdown").decode()
    spans = re.findall(r'<span class="trend">([▁▂▃▄▅▆▇█]+)</span>', html)
    assert spans and spans == [line for *_, line in HEADING.findall(markdown)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Group" in html and "<script>" not in html
