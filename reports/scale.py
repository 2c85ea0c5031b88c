"""Quarterly returns at scale: for every area, a return for each quarter of the years that has
ended, written, submitted by the area's lead and accepted by CELCIS through the returns services
(so each return's snapshot is built from the framework records as they stood at the quarter's end),
and the current quarter's return open as a draft. A quarter an area already has a return for (the
demo's) keeps it. Submission and review are dated back to around the due date, as the demo's are."""

from __future__ import annotations

from datetime import timedelta

from areas.scale import LABEL
from core.quarters import Quarter, quarters_between

from . import services
from .demo import _backdate
from .models import SECTION_KEYS, QuarterlyReturn

NARRATIVE = {
    "progress": "The next cohort of practitioners began using the innovation with coaching.",
    "helped": "Protected time agreed by the council and the health board for the implementation team.",
    "challenges": "Two practitioners moved to other posts during the quarter.",
    "support": "Help from CELCIS with the fidelity checks and the run charts.",
    "plans": "Train the next cohort and review the run charts at each team meeting.",
    "risks": "Funding for dedicated time beyond March is not yet agreed.",
}


def _narrative(area, quarter: Quarter) -> dict:
    label = f"({area.name}, {quarter}) {LABEL}"
    return {key: f"{NARRATIVE.get(key, 'Nothing to add this quarter.')} {label}" for key in SECTION_KEYS}


def _return(scale_area, quarter: Quarter, scale, rng) -> bool:
    """One ended quarter's return, accepted; False when the area had one already."""
    area, lead = scale_area.area, scale_area.lead
    if QuarterlyReturn.objects.filter(area=area, quarter_start=quarter.start).exists():
        return False
    quarterly_return = services.return_open(area=area, quarter=quarter, actor=lead)
    quarterly_return = services.return_save_narrative(
        quarterly_return=quarterly_return,
        actor=lead,
        data=_narrative(area, quarter),
        expected_version=quarterly_return.version,
    )
    submitted_on = max(quarter.end + timedelta(days=1), quarterly_return.due_on - timedelta(days=rng.randint(-3, 10)))
    submitted_on = min(submitted_on, scale.today)
    services.return_submit(quarterly_return=quarterly_return, actor=lead, today=submitted_on)
    services.return_accept(quarterly_return=quarterly_return, actor=scale.celcis, note=f"A clear return. {LABEL}")
    accepted_on = min(submitted_on + timedelta(days=rng.randint(2, 14)), scale.today)
    _backdate(quarterly_return, submitted_on, accepted_on)
    return True


def seed(scale, *, rng, stdout=None) -> None:
    """Returns for every ended quarter of the years, accepted, and this quarter's open."""
    current = Quarter.of(scale.today)
    made = 0
    for scale_area in scale.areas:
        for quarter in quarters_between(Quarter.of(scale.start), current.previous()):
            made += _return(scale_area, quarter, scale, rng)
        services.return_open(area=scale_area.area, quarter=current, actor=scale_area.lead)
    if stdout:
        stdout.write(f"Returns at scale: {made} returns submitted and accepted, snapshots frozen.")
