"""The Community of Practice part of a quarterly return (core.reporting): the events held in the
quarter that the area's people attended, with their attendances, and the area's practice examples
published in the quarter (`selectors.area_participation`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, each, one

from . import selectors


def build(period: ReturnPeriod) -> dict:
    """Events attended (each with its attendances) and practice examples published in the quarter."""
    found = selectors.area_participation(period.area, start=period.start, end=period.upto)
    return {
        "events": found["events"],
        "events_attended": len(found["events"]),
        "attendances": sum(row["attendances"] for row in found["events"]),
        "examples_published": found["examples_published"],
    }


def upgrade_from_1(part: dict, snapshot: dict, extras: dict) -> dict:
    """Version 1 kept the totals only; which events they came from is not known."""
    return {**part, "events": []}


# --- Where the portal shows these figures ------------------------------------------------------------


def _attendance(period, item) -> str:
    return reverse("community:event_attendance", args=[item])


def _examples(period, item=None) -> str:
    return reverse("community:example_list") + f"?area={period.area.slug}"


FIGURES = (
    Figure(
        "community.attendances",
        "Attendances of the area's people at each event held in the quarter",
        lambda part: each(part["events"], "attendances"),
        # The event's registrations and attendance, which its organisers (here CELCIS) keep.
        Page(
            _attendance,
            lambda response, item, period: sum(
                r.attended and r.area_id == period.area.pk for r in response.context["registrations"]
            ),
            viewer="celcis",
        ),
    ),
    Figure(
        "community.examples_published",
        "The area's practice examples published in the quarter",
        lambda part: one(part["examples_published"]),
        Page(
            _examples,
            lambda response, item, period: sum(
                period.contains(timezone.localdate(example.published_at))
                for example in response.context["paginator"].object_list
            ),
        ),
    ),
)

SECTIONS = [
    ReturnSection(
        key="community",
        title="Community of Practice",
        order=80,
        build=build,
        figures=FIGURES,
        upgrades={1: upgrade_from_1},
    )
]
