"""The CELCIS review (national): every programme area's return and position for a chosen quarter,
with completeness and timeliness over recent quarters. It opens on the latest quarter with returns
waiting for review, and lists first what needs action: returns waiting, late, or sent back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from areas.access import NationalMixin
from areas.models import LocalArea
from core import freshness
from core.quarters import Quarter, parse_slug, quarter_slug, recent_quarters

from .. import selectors
from ..forms import ReviewFilterForm
from ..models import QuarterlyReturn, ReturnStatus
from ..quarters import is_late

COMPLETENESS_QUARTERS = 8


def opening_quarter(today: date) -> Quarter:
    """The latest quarter with a return waiting for review; otherwise the last finished quarter."""
    waiting = (
        QuarterlyReturn.objects.filter(status=ReturnStatus.SUBMITTED, area__in_programme=True)
        .order_by("-quarter_start")
        .values_list("quarter_start", flat=True)
        .first()
    )
    return Quarter.of(waiting) if waiting else Quarter.of(today).previous()


@dataclass
class NeedsAction:
    """The returns that need someone now, across every quarter (one query)."""

    waiting: list[QuarterlyReturn]  # submitted, for CELCIS to accept or send back
    late: list[QuarterlyReturn]  # past their due date and not submitted
    sent_back: list[QuarterlyReturn]  # returned with comments, not yet resubmitted

    def __bool__(self) -> bool:
        return bool(self.waiting or self.late or self.sent_back)


def needs_action(today: date) -> NeedsAction:
    returns = (
        QuarterlyReturn.objects.filter(area__in_programme=True)
        .filter(
            Q(status__in=[ReturnStatus.SUBMITTED, ReturnStatus.RETURNED])
            | Q(status=ReturnStatus.DRAFT, due_on__lt=today)
        )
        .select_related("area")
        .defer("snapshot")  # the frozen figures: large, and not shown here
        .order_by("due_on", "area__name")
    )
    found = NeedsAction(waiting=[], late=[], sent_back=[])
    for quarterly_return in returns:
        if quarterly_return.status == ReturnStatus.SUBMITTED:
            found.waiting.append(quarterly_return)
        elif quarterly_return.status == ReturnStatus.RETURNED:
            found.sent_back.append(quarterly_return)
        # Late by the one rule (reports.quarters.is_late): first submitted after the due date, or not
        # yet submitted once it has passed. A return sent back after an on-time submission is not late.
        first = quarterly_return.first_submitted_at
        submitted_on = timezone.localtime(first).date() if first else None
        if quarterly_return.status != ReturnStatus.SUBMITTED and is_late(
            due_on=quarterly_return.due_on, submitted_on=submitted_on, today=today
        ):
            quarterly_return.days_late = ((submitted_on or today) - quarterly_return.due_on).days
            found.late.append(quarterly_return)
    return found


class ReviewView(NationalMixin, TemplateView):
    """Every programme area's return and position for a chosen quarter, with completeness over time."""

    template_name = "reports/review.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        # The areas change rarely (an area's own record renews the programme's token too); what
        # needs someone and the opening quarter change with any area's returns, and with the day.
        areas = freshness.cached(
            "reports:review:areas", [], lambda: list(LocalArea.objects.in_programme().order_by("name"))
        )
        area_ids = [area.pk for area in areas]
        default, waiting = freshness.cached(
            f"reports:review:opening:{today.isoformat()}",
            area_ids,
            lambda: (opening_quarter(today), needs_action(today)),
        )
        form = ReviewFilterForm(self.request.GET or None, initial={"quarter": quarter_slug(default)})
        quarter, status, sort = default, "", "area"
        if form.is_valid():
            if form.cleaned_data["quarter"]:
                quarter = parse_slug(form.cleaned_data["quarter"])
            status = form.cleaned_data["status"]
            sort = form.cleaned_data["sort"] or "area"

        def drawn() -> tuple[int, str, list]:
            rows = selectors.review_rows(quarter, areas, today=today)
            shown = selectors.sort_rows([row for row in rows if not status or row.status == status], sort)
            table = {"rows": shown, "total": len(rows), "sort": sort, "quarter_slug": quarter_slug(quarter)}
            history = selectors.completeness(recent_quarters(today, COMPLETENESS_QUARTERS), len(rows))
            return len(rows), render_to_string("reports/_review_table.html", table), history  # newest first

        # Worked out and drawn once a day until a record of a programme area (or of the programme) changes.
        total, rows_html, history = freshness.cached(
            f"reports:review:{quarter_slug(quarter)}:{today.isoformat()}:{status}:{sort}",
            area_ids,
            drawn,
        )
        return super().get_context_data(
            form=form,
            filter_form=form,
            quarter=quarter,
            quarter_slug=quarter_slug(quarter),
            rows_html=mark_safe(rows_html),  # noqa: S308 - rendered by our template
            total=total,
            completeness=history,
            sort=sort,
            needs_action=waiting,
            **kwargs,
        )
