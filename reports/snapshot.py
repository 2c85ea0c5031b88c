"""A quarterly return's figures, read from the area's framework records.

`build_snapshot(area, quarter)` gathers every figure a return reports, as plain JSON-ready values,
so the same dictionary is shown on the return page, frozen into the return when it is submitted,
and read by the report builders. Figures describe the quarter up to its last day (or up to today
while the quarter is still running): "in the quarter" means from its first day to that day, and
states such as the current stage or overdue actions are as they stood on that day.

Counts are exact here. The small-numbers rule is applied by whatever publishes them nationally.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from community.models import EventRegistration, ExampleStatus, PracticeExample
from core.quarters import Quarter
from cycles.models import Decision
from cycles.selectors import quarter_figures
from drivers.models import AssessmentStatus, Driver
from drivers.scoring import change, describe_change
from drivers.selectors import comparable_assessments, drivers_in_order, scores_by_assessment
from innovations.fidelity import (
    CheckOutcome,
    DatedFigures,
    fidelity_status,
    percent,
    practitioners_on,
    proportion,
    slice_figures_on,
)
from innovations.models import (
    FidelityCheck,
    Innovation,
    InnovationStatus,
    Practitioner,
    PractitionerFigures,
    SystemSlice,
    UsabilityCriterion,
    UsabilityJudgement,
)
from innovations.usability import Judgement, verdict
from measures.charting import analyse_measure, build_series
from measures.interpretation import format_number, summary_label
from measures.models import Measure, MeasureValue
from measures.periods import period_label
from stages.models import StakeholderEngagement, SystemLevel
from stages.reporting import stages_section
from teams.figures import hours_to_fte
from teams.models import CLOSED_STATUSES, Action, Meeting, PartnerOrganisation, TeamMember

SNAPSHOT_VERSION = 1


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _local_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes from the start of `start` to the start of the day after `end` (local time)."""
    return (
        timezone.make_aware(datetime.combine(start, time.min)),
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)),
    )


def figures_date(quarter: Quarter, today: date | None = None) -> date:
    """The day a snapshot describes: the quarter's last day, or today while the quarter runs."""
    today = today or timezone.localdate()
    return min(today, quarter.end)


# --- Teams ---------------------------------------------------------------------------------------


def teams_section(area, quarter: Quarter, upto: date) -> dict:
    """Dedicated time by partner organisation on the figures date, meetings held and actions
    opened, closed and overdue."""
    members = (
        TeamMember.objects.filter(area=area, joined_on__lte=upto)
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=upto))
        .values_list("organisation", "hours_per_week")
    )
    people: Counter = Counter()
    hours: dict[str, Decimal] = defaultdict(Decimal)
    for organisation, weekly in members:
        people[organisation] += 1
        hours[organisation] += weekly or Decimal(0)
    by_organisation = [
        {
            "organisation": organisation.value,
            "label": organisation.label,
            "members": people[organisation],
            "hours": str(hours[organisation]),
            "fte": str(hours_to_fte(hours[organisation])),
        }
        for organisation in PartnerOrganisation
        if people[organisation]
    ]
    total_hours = sum(hours.values(), Decimal(0))

    meetings = Meeting.objects.filter(area=area, held_on__gte=quarter.start, held_on__lte=upto).count()
    starts, ends = _local_bounds(quarter.start, upto)
    actions = Action.objects.filter(area=area)
    opened = actions.filter(created_at__gte=starts, created_at__lt=ends).count()
    closed = actions.filter(status__in=CLOSED_STATUSES, completed_on__gte=quarter.start, completed_on__lte=upto).count()
    # Open on the figures date: not closed then (closed later, or still open), made by then, and due before it.
    overdue = (
        actions.filter(created_at__lt=ends, due_date__lt=upto)
        .filter(~Q(status__in=CLOSED_STATUSES) | Q(completed_on__gt=upto))
        .count()
    )
    return {
        "by_organisation": by_organisation,
        "members": sum(people.values()),
        "hours": str(total_hours),
        "fte": str(hours_to_fte(total_hours)),
        "meetings_held": meetings,
        "actions_opened": opened,
        "actions_closed": closed,
        "actions_overdue": overdue,
    }


# --- Innovations ---------------------------------------------------------------------------------


def reported_innovations(area) -> list[Innovation]:
    """The innovations a return reports on: all but those not selected or discontinued."""
    return list(
        Innovation.objects.filter(area=area)
        .exclude(status__in=[InnovationStatus.NOT_SELECTED, InnovationStatus.DISCONTINUED])
        .order_by("name", "pk")
    )


def innovations_section(area, quarter: Quarter, upto: date, innovations: list[Innovation]) -> list[dict]:
    """Each innovation's usability criteria met, practitioners intended and trained (the latest dated
    figures on the figures date, summed over the slices where slices are used), at fidelity and with
    their check overdue (older than the instrument's validity period), and its slices."""
    ids = [i.pk for i in innovations]
    judgements = defaultdict(list)
    for innovation_id, criterion, rating, evidence, judged_on in (
        UsabilityJudgement.objects.filter(innovation_id__in=ids, review__reviewed_on__lte=upto)
        .order_by("review__reviewed_on", "review_id")
        .values_list("innovation_id", "criterion", "rating", "evidence", "review__reviewed_on")
    ):
        judgements[innovation_id].append(Judgement(criterion, rating, evidence, judged_on))
    recorded = defaultdict(list)
    for innovation_id, day, intended, trained, slice_id, pk in PractitionerFigures.objects.filter(
        innovation_id__in=ids, effective_on__lte=upto
    ).values_list("innovation_id", "effective_on", "practitioners_intended", "practitioners_trained", "slice_id", "pk"):
        recorded[innovation_id].append(DatedFigures(day, intended, trained, slice_id, pk))
    checks = defaultdict(list)
    for innovation_id, practitioner_id, checked_on, meets, pk in FidelityCheck.objects.filter(
        innovation_id__in=ids, checked_on__lte=upto
    ).values_list("innovation_id", "practitioner_id", "checked_on", "meets_fidelity", "pk"):
        checks[innovation_id].append(CheckOutcome(practitioner_id, checked_on, meets, pk))
    practitioners = {
        pk: (slice_id, left_on)
        for pk, slice_id, left_on in Practitioner.objects.filter(innovation_id__in=ids).values_list(
            "pk", "slice_id", "left_on"
        )
    }
    left_on = {pk: left for pk, (_, left) in practitioners.items() if left}
    slices = defaultdict(list)
    for one in SystemSlice.objects.filter(innovation_id__in=ids, started_on__lte=upto).order_by("started_on", "pk"):
        slices[one.innovation_id].append(one)

    labels = dict(UsabilityCriterion.choices)
    rows = []
    for innovation in innovations:
        usability = verdict(judgements[innovation.pk])
        status = fidelity_status(
            checks[innovation.pk], upto, validity_months=innovation.fidelity_validity_months, left_on=left_on
        )
        fidelity = status.at_fidelity
        intended, trained = practitioners_on(recorded[innovation.pk], upto) or (None, None)
        slice_figures = slice_figures_on(recorded[innovation.pk], upto)
        slice_counts: Counter = Counter(practitioners[p][0] for p in fidelity if practitioners[p][0])
        rows.append(
            {
                "id": innovation.pk,
                "name": innovation.name,
                "status": innovation.get_status_display(),
                "usability_met": usability.met_count,
                "usability_criteria_met": [labels[c] for c in usability.met],
                "intended": intended,
                "trained": trained,
                "at_fidelity": len(fidelity),
                "check_overdue": len(status.overdue),
                "percent_at_fidelity": percent(proportion(len(fidelity), intended)),
                "slices": [
                    {
                        "name": one.name,
                        "kind": one.get_kind_display(),
                        "intended": slice_figures[one.pk].intended if one.pk in slice_figures else None,
                        "trained": slice_figures[one.pk].trained if one.pk in slice_figures else None,
                        "at_fidelity": slice_counts[one.pk],
                    }
                    for one in slices[innovation.pk]
                ],
            }
        )
    return rows


# --- Drivers -------------------------------------------------------------------------------------


def drivers_section(area, upto: date) -> dict:
    """The latest completed drivers assessment of the programme on the figures date, its scores and
    their change from the one before."""
    assessments = list(
        comparable_assessments(area)
        .filter(subject_content_type__isnull=True, assessed_on__lte=upto, status=AssessmentStatus.COMPLETED)
        .order_by("-assessed_on", "-pk")[:2]
    )
    if not assessments:
        return {
            "assessment_id": None,
            "assessed_on": None,
            "previous_assessed_on": None,
            "overall": None,
            "overall_change": None,
            "overall_change_text": describe_change(None),
            "drivers": [],
        }
    drivers: list[Driver] = drivers_in_order()
    scores = scores_by_assessment(assessments, drivers)
    latest = scores[assessments[0].pk]
    previous = scores[assessments[1].pk] if len(assessments) > 1 else None
    return {
        "assessment_id": assessments[0].pk,
        "assessed_on": _iso(assessments[0].assessed_on),
        "previous_assessed_on": _iso(assessments[1].assessed_on) if previous else None,
        "overall": latest.overall.percent,
        "overall_change": change(previous.overall.percent, latest.overall.percent) if previous else None,
        "overall_change_text": describe_change(
            change(previous.overall.percent, latest.overall.percent) if previous else None
        ),
        "drivers": [
            {
                "key": driver.key,
                "name": driver.name,
                "group": driver.get_group_display(),
                "percent": latest.driver(driver.key).percent,
                "change": change(previous.driver(driver.key).percent, latest.driver(driver.key).percent)
                if previous
                else None,
            }
            for driver in drivers
        ],
    }


# --- Measures ------------------------------------------------------------------------------------


def measures_section(area, quarter: Quarter, upto: date) -> list[dict]:
    """Each measure's latest value on the figures date and any signal with a point in the quarter."""
    measures = list(Measure.objects.filter(area=area).order_by("name", "pk"))
    values = defaultdict(list)
    for measure_id, period, value in MeasureValue.objects.filter(area=area, period_start__lte=upto).values_list(
        "measure_id", "period_start", "value"
    ):
        values[measure_id].append((period, value))
    rows = []
    for measure in measures:
        series = build_series(measure.frequency, values[measure.pk])
        analysis = analyse_measure(measure, series)  # the same reading as the measures pages
        in_quarter = {
            index
            for index, period in enumerate(series.periods)
            if quarter.start <= period <= upto and series.values[index] is not None
        }
        signals = [
            {"rule": signal.rule, "name": signal.name, "tone": signal.tone, "text": signal.text}
            for signal in analysis.signals
            if (set(signal.indices) & in_quarter) or (not signal.indices and in_quarter)
        ]
        latest = series.latest
        rows.append(
            {
                "id": measure.pk,
                "name": measure.name,
                "unit": measure.display_unit,
                "latest_period": _iso(latest[0]) if latest else None,
                "latest_label": period_label(measure.frequency, latest[0]) if latest else None,
                "latest_value": latest[1] if latest else None,
                "latest_text": format_number(latest[1], measure.display_unit) if latest else "—",
                "signals": signals,
                "signal_label": summary_label({s["tone"] for s in signals}, points=analysis.points)
                if analysis.points >= 2
                else "Not enough data",
            }
        )
    return rows


# --- Engagement and the Community of Practice ------------------------------------------------------


def engagement_section(area, quarter: Quarter, upto: date) -> dict:
    """Stakeholder engagement in the quarter, by level of the system."""
    engagements: Counter = Counter()
    participants: Counter = Counter()
    for level, count in StakeholderEngagement.objects.filter(
        area=area, held_on__gte=quarter.start, held_on__lte=upto
    ).values_list("level", "participants"):
        engagements[level] += 1
        participants[level] += count
    return {
        "levels": [
            {"level": level, "label": label, "engagements": engagements[level], "participants": participants[level]}
            for level, label in SystemLevel.choices
        ],
        "engagements": sum(engagements.values()),
        "participants": sum(participants.values()),
    }


def community_section(area, quarter: Quarter, upto: date) -> dict:
    """Community of Practice participation: events the area's people attended, and the area's
    practice examples published in the quarter."""
    starts, ends = _local_bounds(quarter.start, upto)
    attended = EventRegistration.objects.filter(
        area=area, attended=True, event__starts_at__gte=starts, event__starts_at__lt=ends
    )
    published = PracticeExample.objects.filter(
        area=area, status=ExampleStatus.PUBLISHED, published_at__gte=starts, published_at__lt=ends
    )
    return {
        "events_attended": attended.values("event").distinct().count(),
        "attendances": attended.count(),
        "examples_published": published.count(),
    }


# --- Improvement cycles ----------------------------------------------------------------------------


def cycles_section(area, quarter: Quarter, upto: date) -> dict:
    """PDSA cycles started and closed by decision, and practice–policy feedback items raised and
    resolved (with the median days to resolve) in the quarter, from the cycles app's figures."""
    figures = quarter_figures(area, quarter.start, upto)
    closed = figures.cycles_closed
    return {
        "cycles_started": figures.cycles_started,
        "closed_adopt": closed.get(Decision.ADOPT, 0),
        "closed_adapt": closed.get(Decision.ADAPT, 0),
        "closed_abandon": closed.get(Decision.ABANDON, 0),
        "cycles_closed": figures.cycles_closed_total,
        "feedback_raised": figures.feedback_raised,
        "feedback_resolved": figures.feedback_resolved,
        "median_days_to_resolve": figures.median_days_to_resolve,
        "open_over_60_days": figures.open_over_60_days,
    }


# --- The whole snapshot ------------------------------------------------------------------------------


def build_snapshot(area, quarter: Quarter, *, today: date | None = None) -> dict:
    """Every figure of the area's return for `quarter`, as JSON-ready values."""
    upto = figures_date(quarter, today)
    innovations = reported_innovations(area)
    return {
        "version": SNAPSHOT_VERSION,
        "area": {"id": area.pk, "slug": area.slug, "name": area.name},
        "quarter": quarter.label,
        "start": _iso(quarter.start),
        "end": _iso(quarter.end),
        "figures_date": _iso(upto),
        "taken_at": timezone.now().isoformat(),
        "stages": stages_section(area, quarter, upto, innovations),
        "teams": teams_section(area, quarter, upto),
        "innovations": innovations_section(area, quarter, upto, innovations),
        "drivers": drivers_section(area, upto),
        "cycles": cycles_section(area, quarter, upto),
        "measures": measures_section(area, quarter, upto),
        "engagement": engagement_section(area, quarter, upto),
        "community": community_section(area, quarter, upto),
    }
