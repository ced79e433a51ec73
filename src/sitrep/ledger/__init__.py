"""The forecast ledger: predicted, planned and threatened claims as forecasts, and what became of them.

- `horizon.py` — when a forecast is due (its time, else DEFAULT_DAYS) and when a reported event happened;
- `facts.py` — what the ledger needs of a stored claim (matching keys, names), read from its analysis;
- `tables.py` — the ledger's tables (migration 0009), on the store's metadata;
- `resolve.py` — forecasts made and met as articles are stored, and the rescan that rebuilds them;
- `read.py` — the FORECAST records and the ledger's counts per ICD 203 band, source and outlet;
- `records.py` — those records as pydantic models (CONTRACT.md FORECAST).

Kept light on import: store/schema.py imports `tables` while the store package is loading.
"""
