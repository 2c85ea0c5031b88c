"""The improvement cycles part of a quarterly return (core.reporting): PDSA cycles started and closed
by decision, and practice–policy feedback items raised and resolved (with the median days to
resolve) in the quarter, and items open more than 60 days on the figures date — the cycles app's
figures for a period (`selectors.quarter_figures`), the rules of the cycle and feedback pages."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, one

from . import figures, selectors
from .models import Decision, FeedbackStatus


def build(period: ReturnPeriod) -> dict:
    """The quarter's cycles and feedback figures, from its first day to the figures date."""
    found = selectors.quarter_figures(period.area, period.start, period.upto)
    closed = found.cycles_closed
    return {
        "cycles_started": found.cycles_started,
        "closed_adopt": closed.get(Decision.ADOPT, 0),
        "closed_adapt": closed.get(Decision.ADAPT, 0),
        "closed_abandon": closed.get(Decision.ABANDON, 0),
        "cycles_closed": found.cycles_closed_total,
        "feedback_raised": found.feedback_raised,
        "feedback_resolved": found.feedback_resolved,
        "median_days_to_resolve": found.median_days_to_resolve,
        "open_over_60_days": found.open_over_60_days,
    }


# --- Where the portal shows these figures ------------------------------------------------------------


def _in_quarter(name: str):
    """A list page filtered to the quarter up to the figures date (by its rows' start or raised date)."""

    def url(period, item=None) -> str:
        return reverse(name, args=[period.area.slug]) + f"?start={period.start}&end={period.upto}"

    return url


def _list(name: str, query: str = ""):
    def url(period, item=None) -> str:
        return reverse(name, args=[period.area.slug]) + query

    return url


def _rows(response) -> list:
    return list(response.context["paginator"].object_list)


def _closed(decision: str) -> Figure:
    return Figure(
        f"cycles.closed_{decision}",
        f"PDSA cycles closed in the quarter with the decision to {decision}",
        lambda part: one(part[f"closed_{decision}"]),
        # The cycle list of this decision, counted by the day each was closed.
        Page(
            _list("cycles:list", f"?decision={decision}"),
            lambda response, item, period: sum(period.contains(c.closed_on) for c in _rows(response)),
        ),
    )


def _resolved_spans(response, period) -> list[tuple[date, date]]:
    return [
        (item.raised_on, item.done_on)
        for item in _rows(response)
        if item.status == FeedbackStatus.RESOLVED and period.contains(item.done_on)
    ]


FIGURES = (
    Figure(
        "cycles.cycles_started",
        "PDSA cycles started in the quarter",
        lambda part: one(part["cycles_started"]),
        Page(_in_quarter("cycles:list"), lambda response, item, period: response.context["paginator"].count),
    ),
    *(_closed(decision) for decision in Decision.values),
    Figure(
        "cycles.feedback_raised",
        "Feedback items raised in the quarter",
        lambda part: one(part["feedback_raised"]),
        Page(_in_quarter("cycles:feedback_list"), lambda response, item, period: response.context["paginator"].count),
    ),
    Figure(
        "cycles.feedback_resolved",
        "Feedback items resolved in the quarter (change made and shared back)",
        lambda part: one(part["feedback_resolved"]),
        Page(_list("cycles:feedback_list"), lambda response, item, period: len(_resolved_spans(response, period))),
    ),
    Figure(
        "cycles.median_days_to_resolve",
        "Median days to resolve, of the items resolved in the quarter",
        lambda part: one(part["median_days_to_resolve"]),
        Page(
            _list("cycles:feedback_list"),
            lambda response, item, period: figures.median_days(_resolved_spans(response, period)),
        ),
    ),
    Figure(
        "cycles.open_over_60_days",
        "Feedback items open more than 60 days on the figures date",
        lambda part: one(part["open_over_60_days"]),
        Page(_list("cycles:feedback_list"), lambda response, item, period: response.context["figures"].overdue_count),
    ),
)

SECTIONS = [ReturnSection(key="cycles", title="Improvement cycles", order=50, build=build, figures=FIGURES)]
