"""Moving through the desk: the parameters a page does not take, a list's filter and sort, its pages.

`unknown_filters` is a dependency of the desk's routers (pages.py, forecasts.py), so every
page, one added later too, says which query parameters it ignored instead of dropping them in
silence: it compares the request's query with the parameters the matched route declares (its
dependencies' included), and base.html shows one message per stray parameter, autoescaped like
every other text on the page. A list page (entities, sources, stories, articles) reads its name
filter and sort choice with `read_listing` and links to its other pages through `Paging`, whose
links keep the page's other parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Optional, Sequence, TypeVar

from fastapi import Request
from fastapi.dependencies.models import Dependant

from .rest import MAX_NAME_CHARS

# An unknown parameter's name or value is shown up to this many characters.
SHOWN_CHARS = 80

Sort = TypeVar("Sort", bound=str)


def unknown_filters(request: Request) -> None:
    """Set request.state.unknown_filters: a message for each query parameter the page's route
    does not take, in the order given."""
    known = query_names(request.scope["route"].dependant)
    request.state.unknown_filters = [unknown_message(name, value, known)
                                     for name, value in request.query_params.multi_items() if name not in known]


def query_names(dependant: Dependant) -> list[str]:
    """The query parameters a route (or dependency) declares, its dependencies' too, in order."""
    names = [field.alias for field in dependant.query_params]
    for dependency in dependant.dependencies:
        names += query_names(dependency)
    return list(dict.fromkeys(names))


def unknown_message(name: str, value: str, known: Sequence[str]) -> str:
    """What the page says about a parameter it ignored (plain text: the template escapes it)."""
    given = f" = '{_shortened(value)}'" if value else ""
    takes = f"known: {', '.join(known)}" if known else "this page takes no filters"
    return f"unknown filter '{_shortened(name)}'{given} ignored; {takes}"


def _shortened(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


@dataclass(frozen=True)
class Listing(Generic[Sort]):
    """A list page's name filter `q` and sort choice as asked (for the form), the sort to use,
    and a message when either is refused (then nothing is listed)."""

    q: str
    sort: Sort
    sorts: tuple[Sort, ...]
    error: Optional[str] = None

    @property
    def name(self) -> Optional[str]:
        """The name filter for the store: None for none."""
        return self.q.strip() or None


def read_listing(q: str, sort: str, sorts: tuple[Sort, ...]) -> Listing[Sort]:
    """Read `?q=` and `?sort=` (blank: the list's first sort); an over-long filter or a sort the
    list does not offer becomes a message on the page, not an error page."""
    if len(q) > MAX_NAME_CHARS:
        return Listing(q, sorts[0], sorts, f"q is over {MAX_NAME_CHARS} characters")
    chosen = next((choice for choice in sorts if choice == (sort or sorts[0])), None)
    if chosen is None:
        return Listing(q, sorts[0], sorts, f"sort must be one of {', '.join(sorts)}, not '{_shortened(sort)}'")
    return Listing(q, chosen, sorts)


@dataclass(frozen=True)
class Paging:
    """Where a page is in its list of `total` items, `size` at a time, and the offsets of the
    pages a link can lead to (None: no such page from here)."""

    offset: int
    size: int
    total: int

    @property
    def shown(self) -> Optional[tuple[int, int]]:
        """The positions (from 1) of this page's first and last items, None past the end."""
        return (self.offset + 1, min(self.offset + self.size, self.total)) if self.offset < self.total else None

    @property
    def last(self) -> int:
        """The offset of the page holding the last item."""
        return max(self.total - 1, 0) // self.size * self.size

    @property
    def previous(self) -> Optional[int]:
        """The page before this one (the last page, from past the end)."""
        return max(min(self.offset - self.size, self.last), 0) if self.offset > 0 else None

    @property
    def next(self) -> Optional[int]:
        return self.offset + self.size if self.offset + self.size < self.total else None


def page_link(request: Request, offset: int) -> str:
    """This page's path and query with `offset` set (dropped for the first page): a relative
    link that keeps every other parameter the page was asked with."""
    url = request.url.remove_query_params("offset")
    if offset:
        url = url.include_query_params(offset=offset)
    return f"{url.path}?{url.query}" if url.query else url.path
