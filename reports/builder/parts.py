"""One area's part of a report run: its return's facts, its figures and narrative, and its history.

Built by its own task (see reports.tasks) and stored as JSON-ready values, so the combining step
reads every area the same way whether the figures were frozen in a return or taken now.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from core.quarters import Quarter
from drivers.models import Assessment
from drivers.selectors import drivers_in_order, scores_by_assessment
from measures.charting import analyse_measure, build_series
from measures.models import Measure, MeasureValue

from ..models import QuarterlyReturn, ReportRun, ReturnStatus
from ..snapshot import build_snapshot

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
        snapshot = this.snapshot if included else None
        narrative = this.narrative() if included else {}
        source = "accepted return" if included else None
    elif this is not None and this.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) and this.snapshot:
        included, snapshot, narrative = True, this.snapshot, this.narrative()
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
            history.append({"quarter": Quarter.of(start).label, "drivers": figures["drivers"]["overall"]})
    return {
        "area": {"id": area.pk, "slug": area.slug, "name": area.name},
        "return": _return_facts(this),
        "included": included,
        "source": source,
        "snapshot": snapshot,
        "narrative": narrative,
        "history": history,
        "extras": part_extras(snapshot) if included and snapshot else {},
    }


def _score(score) -> dict:
    return {"percent": score.percent, "answered": score.answered, "total": score.total}


def _drivers_extras(snapshot: dict) -> dict:
    """How many items were answered behind each score of the snapshot's assessment (a completed
    assessment is locked, so these never change after the return froze its scores)."""
    assessment = Assessment.objects.filter(pk=snapshot.get("drivers", {}).get("assessment_id")).first()
    if assessment is None:
        return {}
    drivers = drivers_in_order()
    scores = scores_by_assessment([assessment], drivers)[assessment.pk]
    return {
        "overall": _score(scores.overall),
        "by_driver": {driver.key: _score(scores.driver(driver.key)) for driver in drivers},
    }


def _measures_extras(snapshot: dict) -> dict:
    """Each measure's definition (is it a count of people? a proportion of what?), its latest value's
    numerator and denominator, and its series up to the figures date for the report's charts."""
    upto = date.fromisoformat(snapshot.get("figures_date") or snapshot["end"])
    ids = [m["id"] for m in snapshot.get("measures", [])]
    measures = {m.pk: m for m in Measure.objects.filter(pk__in=ids).select_related("shared")}
    rows: dict[int, list] = {pk: [] for pk in measures}
    for measure_id, period, value, numerator, denominator in MeasureValue.objects.filter(
        measure_id__in=list(measures), period_start__lte=upto
    ).values_list("measure_id", "period_start", "value", "numerator", "denominator"):
        rows[measure_id].append((period, value, numerator, denominator))
    found = {}
    for pk, measure in measures.items():
        series = build_series(measure.frequency, [(r[0], r[1]) for r in rows[pk]])
        analysis = analyse_measure(measure, series)
        latest = max(rows[pk], key=lambda r: r[0], default=None)
        denominators = {r[0]: r[3] for r in rows[pk]}
        found[str(pk)] = {
            "name": measure.name,
            "shared_id": measure.shared_id,
            "shared_name": measure.shared.name if measure.shared_id else None,
            "unit": measure.display_unit,
            "is_count": measure.is_count,
            "is_proportion": measure.is_proportion,
            "numerator_definition": measure.numerator_definition,
            "denominator_definition": measure.denominator_definition,
            "frequency": measure.frequency,
            "direction": measure.get_direction_display(),
            "baseline": analysis.run.get("median") if analysis.points else None,
            "baseline_points": analysis.baseline_points,
            "numerator": latest[2] if latest else None,
            "denominator": latest[3] if latest else None,
            "series": [
                [period.isoformat(), value, denominators.get(period)]
                for period, value in zip(series.periods, series.values, strict=True)
            ],
        }
    return found


def part_extras(snapshot: dict) -> dict:
    """What the report needs beyond a return's frozen figures, read when the part is built."""
    return {"drivers": _drivers_extras(snapshot), "measures": _measures_extras(snapshot)}


def _quarters_back(quarter: Quarter, count: int) -> Quarter:
    for _ in range(count):
        quarter = quarter.previous()
    return quarter
