"""One area's part of a report run: its return's facts, its figures and narrative, and its history.

Built by its own task (see reports.tasks) and stored as JSON-ready values, so the combining step
reads every area the same way whether the figures were frozen in a return or taken now. A frozen
snapshot in an older format is brought up to date (`reports.snapshot.upgrade`) as the part is built,
and again for parts stored before a format change (`current`).
"""

from __future__ import annotations

from django.utils import timezone

from core.quarters import Quarter

from ..models import QuarterlyReturn, ReportRun, ReturnStatus
from ..snapshot import build_snapshot, upgrade

HISTORY_QUARTERS = 4


def _return_facts(quarterly_return: QuarterlyReturn | None) -> dict:
    if quarterly_return is None:
        return {
            "status": None,
            "status_label": "Not opened",
            "submitted_on": None,
            "accepted_on": None,
            "on_time": None,
        }
    first = quarterly_return.first_submitted_at
    return {
        "status": quarterly_return.status,
        "status_label": quarterly_return.get_status_display(),
        "due_on": quarterly_return.due_on.isoformat(),
        "submitted_on": timezone.localdate(first).isoformat() if first else None,
        "accepted_on": timezone.localdate(quarterly_return.accepted_at).isoformat()
        if quarterly_return.accepted_at
        else None,
        "on_time": (timezone.localdate(first) <= quarterly_return.due_on) if first else None,
    }


def area_part(run: ReportRun, area) -> dict:
    """One area's section of a run, as JSON-ready values.

    A national report uses accepted returns only (their frozen figures and narrative). An area
    report uses the area's submitted or accepted return, or, before there is one, the figures as
    they stand now.
    """
    quarter = run.quarter
    returns = {
        r.quarter_start: r
        for r in QuarterlyReturn.objects.filter(
            area=area,
            quarter_start__lte=quarter.start,
            quarter_start__gte=_quarters_back(quarter, HISTORY_QUARTERS - 1).start,
        )
    }
    this = returns.get(quarter.start)
    if run.is_national:
        included = this is not None and this.status == ReturnStatus.ACCEPTED
        snapshot = upgrade(this.snapshot) if included else None
        narrative = this.narrative() if included else {}
        source = "accepted return" if included else None
    elif this is not None and this.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) and this.snapshot:
        included, snapshot, narrative = True, upgrade(this.snapshot), this.narrative()
        source = f"{this.get_status_display().lower()} return"
    else:
        included, snapshot = True, build_snapshot(area, quarter)
        narrative = this.narrative() if this else {}
        source = "figures as they stand (the return has not been submitted)"
    history = []
    for start in sorted(returns):
        if start == quarter.start:
            figures = snapshot if included else None
        else:
            earlier = returns[start]
            usable = (ReturnStatus.ACCEPTED,) if run.is_national else (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED)
            figures = earlier.snapshot if earlier.status in usable else None
        if figures:
            innovations = figures.get("innovations") or []
            history.append(
                {
                    "quarter": Quarter.of(start).label,
                    "current": start == quarter.start,
                    "drivers": figures["drivers"]["overall"],
                    "stage": figures["stages"]["programme"]["label"],
                    "intended": sum(i.get("intended") or 0 for i in innovations),
                    "at_fidelity": sum(i.get("at_fidelity") or 0 for i in innovations),
                }
            )
    return {
        "area": {"id": area.pk, "slug": area.slug, "name": area.name},
        "return": _return_facts(this),
        "included": included,
        "source": source,
        "snapshot": snapshot,
        "narrative": narrative,
        "history": history,
    }


def current(parts: list[dict]) -> list[dict]:
    """The parts with their snapshots in the current format: a part built before a format change
    keeps its stored snapshot (and what it kept beside it, `extras`), brought up to date here."""
    return [
        {**part, "snapshot": upgrade(part["snapshot"], extras=part.get("extras"))} if part.get("snapshot") else part
        for part in parts
    ]


def _quarters_back(quarter: Quarter, count: int) -> Quarter:
    for _ in range(count):
        quarter = quarter.previous()
    return quarter
