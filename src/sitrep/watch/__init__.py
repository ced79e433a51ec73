"""`sitrep watch`: live collection. Sources polled on their schedules, new articles stored.

One module per concern:
- sources: the TOML sources file, each bad source one line;
- safety: http(s) only, no private addresses unless allowed;
- fetch, robots: the polite, bounded, asynchronous HTTP client (httpx) every request goes through;
- discover: what a feed, sitemap or page lists (feedparser, trafilatura);
- dedup: canonical URLs (rel=canonical, tracking parameters stripped) before any analysis;
- health: when to poll next, failing and stale sources;
- tables, state: the watch's rows in the store (sources, leases, items seen, arrivals);
- loop: the cycle and the loop until SIGTERM; command: the CLI.

Kept light on import: store/schema.py imports `tables` from here.
"""
