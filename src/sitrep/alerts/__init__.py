"""Watchlists and alerts (issue 16, item 2): saved searches that raise one alert per story.

One module per concern:
- tables: the rows in the store (watchlists, alerts, their articles, the arrivals cursor);
- records: the Watchlist and ALERT records readers get;
- watchlists: saving, listing and removing watchlists (the filters of `sitrep search`);
- match: new articles matched with the store's own search, alerts made or updated;
- inbox: alerts newest first, and their triage status;
- outbox, delivery: each new alert queued for its watchlist's webhook and e-mail address with
  the alert, then sent (signed JSON POST, SMTP), retried, and never twice to who acknowledged it;
- digest: a shift's alerts as one text or e-mail;
- text: both as a terminal shows them; command: `sitrep watchlist` and `sitrep alerts`.
The REST routes are in api/alerts.py.

Kept light on import: store/schema.py imports `tables` from here.
"""
