"""The forecast ledger on a real store (SQLite and PostgreSQL): forecasts made as articles are
stored, met by later reports, not seen past their horizon, once however often repeated."""

from __future__ import annotations

import datetime as dt

from sitrep.ledger.read import LedgerFilters
from sitrep.ledger.records import ClaimRef, Forecast
from sitrep.model import Analysis

from support.ledger_corpus import dated, new_york_threat, rubio_orlando

BEFORE_HORIZON = dt.date(2016, 6, 1)     # the seed's 12 months still running
AFTER_HORIZON = dt.date(2017, 6, 1)      # the seed's (2016-03-25 + 12 months) and the threat's over


def claim_of(analysis: Analysis, action: str, country: str, modality: str):
    """The first claim of the Islamic State with this action, modality and target country."""
    places = {p.id: p.country for p in analysis.places}
    actors = {e.id: e.name for e in analysis.entities}
    return next(c for c in analysis.claims if c.action == action and c.modality == modality
                and actors.get(c.actor or "") == "Islamic State" and country in {places.get(t) for t in c.target})


def forecast_of(store, analysis: Analysis, claim_id: str, now: dt.date) -> Forecast:
    """The forecast a claim makes (first or repeated)."""
    ref = ClaimRef(article=analysis.id, claim=claim_id)
    found = [f for f in store.forecasts(LedgerFilters(now=now), limit=None) if ref in f.made_by]
    assert len(found) == 1, f"{claim_id} makes {len(found)} forecasts"
    return found[0]


def test_a_predicted_attack_a_later_article_reports_resolves_as_happened_with_both_links(store, seed):
    predicted = claim_of(seed, "ASSAULT", "US", "predicted")
    assert predicted.certainty.band == "likely"
    store.save([seed])
    before = forecast_of(store, seed, predicted.id, BEFORE_HORIZON)
    assert (before.status, before.resolved_by) == ("open", [])
    assert (before.horizon.start, before.horizon.until) == (dt.date(2016, 3, 25), dt.date(2017, 3, 25))

    report = rubio_orlando()
    store.save([report])
    after = forecast_of(store, seed, predicted.id, BEFORE_HORIZON)
    evidence = ClaimRef(article=report.id, claim="c1")
    assert after.status == "happened" and after.resolved_by == [evidence]
    assert after.claim == ClaimRef(article=seed.id, claim=predicted.id)
    assert (after.actor, after.action, after.target, after.band) == ("Islamic State", "ASSAULT", ["United States"],
                                                                     "likely")
    # the other way: the report's claim leads back to what it resolved
    back = store.forecasts(LedgerFilters(article=report.id, claim="c1", now=BEFORE_HORIZON), limit=None)
    assert after.id in {f.id for f in back}
    assert all(evidence in f.resolved_by for f in back)
    # and stays happened once the horizon is over
    assert forecast_of(store, seed, predicted.id, AFTER_HORIZON).status == "happened"


def test_a_forecast_past_its_horizon_with_no_report_is_not_seen(store, seed):
    russia = claim_of(seed, "ASSAULT", "RU", "predicted")
    store.save([seed, rubio_orlando()])  # a report of an attack in the United States, not Russia
    assert forecast_of(store, seed, russia.id, BEFORE_HORIZON).status == "open"
    gone = forecast_of(store, seed, russia.id, AFTER_HORIZON)
    assert (gone.status, gone.resolved_by) == ("not-seen", [])
    assert [f.id for f in store.forecasts(LedgerFilters(status="not-seen", now=AFTER_HORIZON), limit=None)
            if f.id == gone.id] == [gone.id]
    assert gone.id not in {f.id for f in store.forecasts(LedgerFilters(status="not-seen", now=BEFORE_HORIZON),
                                                        limit=None)}


def test_copies_of_the_prediction_make_no_more_forecasts(store, seed, seed_copy):
    store.save([seed])
    alone = {f.id for f in store.forecasts(limit=None)}
    assert alone
    store.save([seed_copy])
    assert store.copy_of(seed_copy.id) == seed.id
    forecasts = store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None)
    assert {f.id for f in forecasts} == alone
    predicted = claim_of(seed_copy, "ASSAULT", "US", "predicted")
    made = forecast_of(store, seed_copy, predicted.id, BEFORE_HORIZON)
    assert made.claim.article == seed.id  # the original's claim made it first
    assert ClaimRef(article=seed_copy.id, claim=predicted.id) in made.made_by
    # one report resolves it once, not once per copy
    report = rubio_orlando()
    store.save([report])
    assert forecast_of(store, seed, predicted.id, BEFORE_HORIZON).resolved_by == [ClaimRef(article=report.id,
                                                                                            claim="c1")]
    ledger = store.forecast_ledger(LedgerFilters(now=BEFORE_HORIZON))
    assert ledger.made == len(alone)


def test_a_threat_by_a_group_and_its_later_attack_under_another_alias_resolve_together(store, seed):
    threat, report = new_york_threat(), rubio_orlando()
    store.save([threat, seed])
    store.save([report])
    threatened = forecast_of(store, threat, "c1", BEFORE_HORIZON)
    assert (threatened.modality, threatened.actor, threatened.horizon.until) == ("threatened", "Islamic State",
                                                                                 dt.date(2016, 11, 18))
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, BEFORE_HORIZON)
    evidence = ClaimRef(article=report.id, claim="c1")
    assert threatened.status == predicted.status == "happened"
    assert threatened.resolved_by == predicted.resolved_by == [evidence]
    met = {f.id for f in store.forecasts(LedgerFilters(article=report.id, claim="c1"), limit=None)}
    assert {threatened.id, predicted.id} <= met


def test_the_report_may_come_first_and_the_forecast_still_finds_it(store, seed):
    report = rubio_orlando()
    store.save([report])
    store.save([seed])  # stored later, published earlier
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, BEFORE_HORIZON)
    assert predicted.resolved_by == [ClaimRef(article=report.id, claim="c1")]


def test_a_report_published_before_the_forecast_or_outside_its_horizon_resolves_nothing(store, seed):
    earlier = dated(rubio_orlando(), "2016-03-01")   # before the seed was published
    later = dated(rubio_orlando(), "2017-05-01")     # after its 12 months
    store.save([seed, earlier, later])
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, AFTER_HORIZON)
    assert (predicted.status, predicted.resolved_by) == ("not-seen", [])


def test_an_actor_under_another_name_that_is_no_alias_resolves_nothing(store, seed):
    other = rubio_orlando()
    entities = [e.model_copy(update={"name": "al-Qaeda"}) if e.id == "e2" else e for e in other.entities]
    store.save([seed, other.model_copy(update={"entities": entities, "id": other.id + "-aq"})])
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, AFTER_HORIZON)
    assert predicted.status == "not-seen"


def test_a_rescan_rebuilds_the_same_ledger(store, seed, seed_copy):
    store.save([new_york_threat(), seed])
    store.save([seed_copy])
    store.save([rubio_orlando()])
    before = [f.model_dump() for f in store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None)]
    assert store.rescan_forecasts() == len(before)
    after = [f.model_dump() for f in store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None)]
    assert after == before


def test_the_ledger_counts_per_band_source_and_outlet(store, seed):
    store.save([new_york_threat(), seed, rubio_orlando()])
    ledger = store.forecast_ledger(LedgerFilters(now=AFTER_HORIZON))
    forecasts = store.forecasts(LedgerFilters(now=AFTER_HORIZON), limit=None)
    assert ledger.made == len(forecasts) == ledger.happened + ledger.not_seen + ledger.open
    likely = next(b for b in ledger.bands if b.band == "likely")
    assert (likely.p_low, likely.p_high) == (0.55, 0.80)
    assert (likely.made, likely.happened, likely.not_seen) == (2, 1, 1)  # the United States yes, Russia no
    assert likely.observed == 0.5 and likely.low is not None and likely.low < 0.5 < likely.high
    assert [b.band for b in ledger.bands][:7] == ["almost no chance", "very unlikely", "unlikely",
                                                  "roughly even chance", "likely", "very likely", "almost certain"]
    official = next(t for t in ledger.sources if t.name == "an Arab intelligence official")
    assert official.made == sum(f.source == "an Arab intelligence official" for f in forecasts)
    assert official.happened == sum(f.source == "an Arab intelligence official" and f.status == "happened"
                                    for f in forecasts) >= 1
    outlets = {t.name: t for t in ledger.outlets}
    assert outlets["Politico"].made == 1 and outlets["Politico"].happened == 1
    assert outlets["Breitbart News"].made == official.made + sum(f.source is None for f in forecasts
                                                                 if f.outlet == "Breitbart News")
    only = store.forecast_ledger(LedgerFilters(outlet="politico", now=AFTER_HORIZON))
    assert only.made == 1 and [t.name for t in only.outlets] == ["Politico"]
    by_source = store.forecasts(LedgerFilters(source="An Arab Intelligence Official"), limit=None)
    assert by_source and {f.source for f in by_source} == {"an Arab intelligence official"}


def test_negated_and_occurred_claims_are_no_forecasts(store, seed):
    store.save([seed])
    made = {ref for f in store.forecasts(limit=None) for ref in f.made_by}
    kinds = {c.id: (c.modality, c.negated) for c in seed.claims}
    assert made and all(kinds[ref.claim][0] in ("predicted", "planned", "threatened") and not kinds[ref.claim][1]
                        for ref in made)
    assert {ref.claim for ref in made} == {c.id for c in seed.claims if c.modality in ("predicted", "planned",
                                                                                         "threatened")
                                           and not c.negated}


# The cap: a forecast keeps RESOLUTIONS_KEPT reports as its evidence, and is not looked up once it has them.

def monthly_reports(count: int) -> list[Analysis]:
    """The Orlando report, said to be published on the 11th of each month from April 2016: inside the
    seed's and the threat's horizons."""
    return [dated(rubio_orlando(), f"2016-{month:02d}-11") for month in range(4, 4 + count)]


def key_rows(store, forecast_id: str) -> int:
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from sitrep.ledger.tables import ForecastKeyRow

    with Session(store.engine) as session:
        return session.scalar(select(func.count()).select_from(ForecastKeyRow)
                              .where(ForecastKeyRow.forecast_id == forecast_id)) or 0


def test_a_forecast_keeps_the_first_reports_up_to_the_cap_and_is_no_longer_looked_up(store, seed):
    from sitrep.ledger.resolve import RESOLUTIONS_KEPT

    threat = new_york_threat()
    store.save([threat, seed])
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, BEFORE_HORIZON)
    assert key_rows(store, predicted.id) > 0
    reports = monthly_reports(RESOLUTIONS_KEPT + 2)
    for report in reports:
        store.save([report])
    kept = [ClaimRef(article=r.id, claim="c1") for r in reports[:RESOLUTIONS_KEPT]]
    for forecast in (forecast_of(store, seed, predicted.claim.claim, BEFORE_HORIZON),
                     forecast_of(store, threat, "c1", BEFORE_HORIZON)):
        assert (forecast.status, forecast.resolved_by) == ("happened", kept)
        assert key_rows(store, forecast.id) == 0  # later reports do not read it
    # the later reports still point to nothing they did not resolve
    assert store.forecasts(LedgerFilters(article=reports[-1].id, claim="c1"), limit=None) == []
    ledger = store.forecast_ledger(LedgerFilters(now=AFTER_HORIZON))
    assert ledger.happened == len([f for f in store.forecasts(LedgerFilters(now=AFTER_HORIZON), limit=None)
                                   if f.resolved_by])


def test_a_forecast_stored_after_many_reports_keeps_the_cap_of_them(store, seed):
    from sitrep.ledger.resolve import RESOLUTIONS_KEPT

    reports = monthly_reports(RESOLUTIONS_KEPT + 2)
    store.save(reports)
    store.save([seed])  # stored later, published earlier: it finds the reports, the cap of them
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, BEFORE_HORIZON)
    assert predicted.status == "happened" and len(predicted.resolved_by) == RESOLUTIONS_KEPT
    assert {ref.article for ref in predicted.resolved_by} < {r.id for r in reports}
    assert key_rows(store, predicted.id) == 0
    store.save([dated(rubio_orlando(), "2016-12-11")])
    assert len(forecast_of(store, seed, predicted.claim.claim, BEFORE_HORIZON).resolved_by) == RESOLUTIONS_KEPT


def test_a_rescan_under_the_cap_rebuilds_the_same_ledger(store, seed):
    from sitrep.ledger.resolve import RESOLUTIONS_KEPT

    store.save([new_york_threat(), seed])
    for report in monthly_reports(RESOLUTIONS_KEPT + 1):
        store.save([report])
    before = [f.model_dump() for f in store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None)]
    assert max(len(f["resolved_by"]) for f in before) == RESOLUTIONS_KEPT
    assert store.rescan_forecasts() == len(before)
    assert [f.model_dump() for f in store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None)] == before


def test_a_forecast_an_older_store_met_past_the_cap_takes_no_more_reports(store, seed):
    """A store whose ledger was built before the cap holds forecasts met more often and still
    looked up: a report that finds one adds nothing and takes it out of the look-ups."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from sitrep.ledger.resolve import RESOLUTIONS_KEPT
    from sitrep.ledger.tables import ForecastRow

    store.save([seed])
    predicted = forecast_of(store, seed, claim_of(seed, "ASSAULT", "US", "predicted").id, BEFORE_HORIZON)
    with Session(store.engine) as session, session.begin():
        session.execute(update(ForecastRow).where(ForecastRow.id == predicted.id)
                        .values(resolutions=RESOLUTIONS_KEPT + 3))
    store.save([rubio_orlando()])
    after = forecast_of(store, seed, predicted.claim.claim, BEFORE_HORIZON)
    assert (after.status, after.resolved_by) == ("happened", [])
    assert key_rows(store, predicted.id) == 0


def test_a_page_can_list_the_first_claims_of_a_forecast_met_many_times(store, seed):
    report = rubio_orlando()
    store.save([seed])
    store.save([dated(report, f"2016-06-{day:02d}") for day in range(12, 17)])
    predicted = claim_of(seed, "ASSAULT", "US", "predicted").id
    every = forecast_of(store, seed, predicted, BEFORE_HORIZON)
    assert every.resolved_total == len(every.resolved_by) == 5 and every.made_total == len(every.made_by)
    cut = {f.id: f for f in store.forecasts(LedgerFilters(now=BEFORE_HORIZON), limit=None, claims=2)}[every.id]
    assert cut.resolved_by == every.resolved_by[:2] and cut.resolved_total == 5
    assert cut.made_by == every.made_by[:2] and cut.made_total == every.made_total
