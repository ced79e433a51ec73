"""The ledger's records as pydantic models: FORECAST of CONTRACT.md, and the ledger's counts.

FORECAST is extended, never changed: besides the contract's fields a forecast
carries the claim's `text`, its article's `published` date and `title`, the
`source_key` corroboration counts its source by, its `source_identity` across the
store (the sources list's; the ledger's per-source table groups by it), and
`made_by`: every claim that makes it (the first, copies of it, the same claim
elsewhere in its story).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

from ..model import Band, PloverType

Status = Literal["open", "happened", "not-seen"]
STATUSES: tuple[str, ...] = Status.__args__  # type: ignore[attr-defined]


class ClaimRef(BaseModel):
    """CLAIM_REF: one claim of one stored article."""

    model_config = ConfigDict(frozen=True)

    article: str
    claim: str


class Horizon(BaseModel):
    """The days a forecast is given, both ends included."""

    model_config = ConfigDict(populate_by_name=True)

    start: dt.date = Field(alias="from", description="the day the forecast was made")
    until: dt.date = Field(description="its last day (its time, else the default window)")


class Forecast(BaseModel):
    """FORECAST: a predicted, planned or threatened claim and what became of it."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    claim: ClaimRef
    source: Optional[str] = Field(description="who made it; null: the outlet's own voice")
    outlet: Optional[str]
    action: PloverType
    actor: Optional[str]
    target: list[str]
    modality: Literal["predicted", "planned", "threatened"]
    band: Band
    horizon: Horizon
    status: Status
    resolved_by: list[ClaimRef] = Field(description="occurred claims of later articles that met it")
    text: str = Field(description="the claim's sentence")
    published: Optional[dt.date] = Field(description="its article's publication date")
    title: Optional[str] = Field(default=None, description="its article's title")
    source_key: str = Field(description="the source as corroboration keys it (a claim card's source_key)")
    source_identity: Optional[str] = Field(None, description="who made it across the store (the sources list's "
                                                             "identity; an outlet's own voice is \"own:<outlet>\")")
    made_by: list[ClaimRef] = Field(description="every claim that makes it: the first, copies, its story's repeats")
    made_total: int = Field(description="how many claims make it (made_by may list only the first few)")
    resolved_total: int = Field(description="how many claims met it (resolved_by may list only the first few)")


class Tally(BaseModel):
    """Forecasts made by one source, outlet or band, and what became of them."""

    key: str
    name: str
    made: int
    happened: int
    not_seen: int
    open: int

    @property
    def resolved(self) -> int:
        """Forecasts whose horizon is over or that happened: the ones a rate can be taken of."""
        return self.happened + self.not_seen

    @property
    def rate(self) -> Optional[float]:
        return self.happened / self.resolved if self.resolved else None


class Calibration(BaseModel):
    """One ICD 203 band: its stated probability range next to how often its forecasts were seen to happen."""

    band: Band
    p_low: float
    p_high: float
    made: int
    happened: int
    not_seen: int
    open: int
    observed: Optional[float] = Field(description="happened / (happened + not seen); null when none is decided")
    low: Optional[float] = Field(description="95% Wilson interval of `observed`, lower end")
    high: Optional[float] = Field(description="95% Wilson interval of `observed`, upper end")


class Ledger(BaseModel):
    """The ledger as of `now`: per ICD 203 band (the calibration table), per source, per outlet."""

    now: dt.date
    made: int
    happened: int
    not_seen: int
    open: int
    bands: list[Calibration]
    sources: list[Tally]
    outlets: list[Tally]
