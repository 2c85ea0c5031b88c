"""Quarterly returns and reports in people's to-do lists (see core.todos).

For an area's members and leads: the quarter's return (due, overdue), a return sent back with
comments, and a return accepted lately (for information). For CELCIS, over the areas in scope:
returns waiting for review, late or missing returns, returns sent back and not yet resubmitted,
and report builds that failed or wait to be published. Two queries whatever the data.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from core.todos import Todo, TodoScope, Urgency

from . import quarters
from .models import SECTION_KEYS, QuarterlyReturn, ReportRun, ReportScope, ReturnStatus, RunStatus

DUE_SOON_DAYS = 30  # a return due further off than this is listed as upcoming
ACCEPTED_SHOWN_DAYS = 14  # an accepted return is mentioned for this long
RUN_QUARTERS = 4  # report builds for this many quarters back are looked at


def _day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _returns(scope: TodoScope, areas: list, current: Quarter) -> dict:
    """The returns that can need someone, by (area id, quarter start): one query."""
    recent = timezone.make_aware(datetime.combine(scope.today - timedelta(days=ACCEPTED_SHOWN_DAYS), time.min))
    rows = (
        QuarterlyReturn.objects.filter(area_id__in=[area.pk for area in areas])
        .filter(
            Q(quarter_start__in=[current.start, current.previous().start])
            | Q(status__in=[ReturnStatus.DRAFT, ReturnStatus.RETURNED, ReturnStatus.SUBMITTED])
            | Q(status=ReturnStatus.ACCEPTED, accepted_at__gte=recent)
        )
        .select_related("area")
        .defer("snapshot", *SECTION_KEYS)  # the frozen figures and the narrative: large, and not needed here
    )
    return {(row.area_id, row.quarter_start): row for row in rows}


def _expected(area, quarter: Quarter) -> bool:
    """Whether the area owes a return for the quarter (it had joined the programme by its end)."""
    return area.in_programme and (area.date_joined is None or area.date_joined <= quarter.end)


def _owed(areas: list, returns: dict, current: Quarter):
    """(area, quarter, return or None) for each return not yet submitted: the current and previous
    quarters' (opened or not) and any older draft."""
    for area in areas:
        for quarter in (current.previous(), current):
            row = returns.get((area.pk, quarter.start))
            if (row is None and _expected(area, quarter)) or (row is not None and row.status == ReturnStatus.DRAFT):
                yield area, quarter, row
    for (area_id, start), row in returns.items():
        if row.status == ReturnStatus.DRAFT and start < current.previous().start:
            yield next(a for a in areas if a.pk == area_id), Quarter.of(start), row


def _due_urgency(due: date, today: date) -> Urgency:
    if today > due:
        return Urgency.OVERDUE
    return Urgency.DUE_SOON if (due - today).days <= DUE_SOON_DAYS else Urgency.UPCOMING


def _area_items(scope: TodoScope, areas: list, returns: dict, current: Quarter) -> list[Todo]:
    """What the area's members and leads have to do with their returns."""
    due_days = settings.RETURN_DUE_DAYS
    items = []
    for area, quarter, row in _owed(areas, returns, current):
        due = row.due_on if row else quarters.due_date(quarter, due_days)
        verb = "Continue" if row else "Start"
        lead = scope.leads(area.pk)
        items.append(
            Todo(
                key="reports.return_due",
                title=f"{verb} {'and submit ' if lead else ''}the {quarter.label} return",
                url=row.get_absolute_url() if row else reverse("reports:return_list", kwargs={"area_slug": area.slug}),
                urgency=_due_urgency(due, scope.today),
                area=area.name,
                due=due,
                detail="" if lead else "Write the narrative; an area lead submits it.",
            )
        )
    recent = scope.today - timedelta(days=ACCEPTED_SHOWN_DAYS)
    for row in returns.values():
        area = next(a for a in areas if a.pk == row.area_id)
        if row.status == ReturnStatus.RETURNED:
            lead = scope.leads(area.pk)
            items.append(
                Todo(
                    key="reports.return_sent_back",
                    title=f"Revise {'and resubmit ' if lead else ''}the {row.quarter.label} return sent back by CELCIS",
                    url=row.get_absolute_url(),
                    urgency=Urgency.OVERDUE,
                    area=area.name,
                    since=_day(row.reviewed_at),
                    detail=row.review_comment[:200],
                )
            )
        elif row.status == ReturnStatus.ACCEPTED and row.accepted_at and _day(row.accepted_at) >= recent:
            items.append(
                Todo(
                    key="reports.return_accepted",
                    title=f"The {row.quarter.label} return was accepted by CELCIS",
                    url=row.get_absolute_url(),
                    urgency=Urgency.UPCOMING,
                    area=area.name,
                    since=_day(row.accepted_at),
                    detail="For information: nothing more to do.",
                )
            )
    return items


def _review_url(quarter: Quarter) -> str:
    return f"{reverse('reports:review')}?quarter={quarter.slug}"


def _celcis_return_items(scope: TodoScope, areas: list, returns: dict, current: Quarter) -> list[Todo]:
    """For CELCIS: returns to review, late or missing, and sent back but not yet resubmitted."""
    items = []
    for area, quarter, row in _owed(areas, returns, current):
        due = row.due_on if row else quarters.due_date(quarter, settings.RETURN_DUE_DAYS)
        if scope.today > due:
            items.append(
                Todo(
                    key="reports.return_late",
                    title=f"Follow up {area.name}'s {quarter.label} return: "
                    + ("not submitted" if row else "not started"),
                    url=row.get_absolute_url() if row else _review_url(quarter),
                    urgency=Urgency.OVERDUE,
                    area=area.name,
                    due=due,
                )
            )
    for row in returns.values():
        area = next(a for a in areas if a.pk == row.area_id)
        if row.status == ReturnStatus.SUBMITTED:
            url = reverse("reports:return_review", kwargs={"area_slug": area.slug, "quarter": row.slug})
            title, key, urgency, since = (
                f"Review {area.name}'s {row.quarter.label} return",
                "reports.return_review",
                Urgency.DUE_SOON,
                row.submitted_at,
            )
        elif row.status == ReturnStatus.RETURNED:
            url = row.get_absolute_url()
            title = f"{area.name}'s {row.quarter.label} return, sent back for changes, is not yet resubmitted"
            key, urgency, since = "reports.return_not_resubmitted", Urgency.UPCOMING, row.reviewed_at
        else:
            continue
        items.append(Todo(key=key, title=title, url=url, urgency=urgency, area=area.name, since=_day(since)))
    return items


def _run_items(scope: TodoScope, current: Quarter) -> list[Todo]:
    """For CELCIS: the latest build of each report that failed, and national reports built and not
    yet published (one query)."""
    oldest = current
    for _ in range(RUN_QUARTERS):
        oldest = oldest.previous()
    runs = ReportRun.objects.filter(
        Q(scope=ReportScope.NATIONAL) | Q(area_id__in=scope.area_ids), quarter_start__gte=oldest.start
    ).select_related("area")
    groups: dict[tuple, list[ReportRun]] = {}
    for run in runs:
        groups.setdefault((run.scope, run.area_id, run.quarter_start), []).append(run)
    items = []
    for group in groups.values():
        latest = max(group, key=lambda run: run.number)
        if latest.status == RunStatus.FAILED:
            items.append(
                Todo(
                    key="reports.run_failed",
                    title=f"Build the {latest.title} again: the last build failed",
                    url=latest.get_absolute_url(),
                    urgency=Urgency.DUE_SOON,
                    area=latest.area.name if latest.area_id else "",
                    since=_day(latest.finished_at or latest.queued_at),
                    detail=latest.error[:200],
                )
            )
        elif latest.is_national and latest.status == RunStatus.DONE and not any(run.published for run in group):
            items.append(
                Todo(
                    key="reports.run_unpublished",
                    title=f"Check and publish the {latest.title}",
                    url=latest.get_absolute_url(),
                    urgency=Urgency.DUE_SOON,
                    since=_day(latest.finished_at),
                    detail=f"Version {latest.number} is built and not yet published.",
                )
            )
    return items


def items(scope: TodoScope) -> list[Todo]:
    """Returns and reports waiting for the person in `scope` (two queries at most)."""
    current = Quarter.of(scope.today)
    areas = [area for area in scope.areas if area.in_programme]
    returns = _returns(scope, areas, current) if areas else {}
    if scope.celcis:
        return _celcis_return_items(scope, areas, returns, current) + _run_items(scope, current)
    return _area_items(scope, areas, returns, current)
