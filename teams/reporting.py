"""The teams part of a quarterly return (core.reporting): local partners' dedicated time by partner
organisation on the figures date and in all, CELCIS staff's time apart from it (an area's resourcing
never counts the national support it receives), meetings held and actions opened, closed and overdue
in the quarter — from the selectors behind the resourcing, meetings and action pages."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, each, one

from . import selectors
from .figures import hours_to_fte
from .models import PartnerOrganisation


def _hours(hours) -> str:
    """Weekly hours as the return keeps them, to one place ("15.0") whatever the database sums to."""
    return str(Decimal(hours).quantize(Decimal("0.1")))


def _time(row) -> dict:
    return {"members": row.members, "hours": _hours(row.hours), "fte": str(row.fte)}


def build(period: ReturnPeriod) -> dict:
    """Local partners' dedicated time by organisation and in all on the figures date, CELCIS staff's
    apart, meetings held and actions opened, closed and overdue."""
    area = period.area
    by_organisation, _total = selectors.resourcing_by_organisation(area, on=period.upto)
    local, celcis = selectors.local_and_celcis(by_organisation)
    opened_from, opened_before = period.bounds
    actions = selectors.action_figures(
        area, start=period.start, end=period.upto, opened_from=opened_from, opened_before=opened_before
    )
    return {
        "by_organisation": [
            {"organisation": row.organisation, "label": row.label, **_time(row)}
            for row in by_organisation
            if row.organisation != PartnerOrganisation.CELCIS
        ],
        "local": _time(local),
        "celcis": _time(celcis),
        "meetings_held": selectors.meetings_held(area, period.start, period.upto),
        "actions_opened": actions["opened"],
        "actions_closed": actions["closed"],
        "actions_overdue": actions["overdue"],
    }


def upgrade_from_1(part: dict, snapshot: dict, extras: dict) -> dict:
    """Version 1 listed CELCIS staff among the partner organisations and totalled every member;
    version 2 keeps local partners' time and CELCIS staff's apart, from the same rows."""
    part = {key: value for key, value in part.items() if key not in ("members", "hours", "fte")}
    rows = part.get("by_organisation", [])
    part["by_organisation"] = [r for r in rows if r["organisation"] != PartnerOrganisation.CELCIS]

    def total(chosen) -> dict:
        hours = sum((Decimal(r["hours"]) for r in chosen), Decimal(0))
        return {"members": sum(r["members"] for r in chosen), "hours": _hours(hours), "fte": str(hours_to_fte(hours))}

    part["local"] = total([r for r in rows if r["organisation"] != PartnerOrganisation.CELCIS])
    part["celcis"] = total([r for r in rows if r["organisation"] == PartnerOrganisation.CELCIS])
    return part


# --- Where the portal shows these figures ------------------------------------------------------------


def _resourcing(period, item=None) -> str:
    return reverse("teams:resourcing", args=[period.area.slug])


def _organisation_row(response, item):
    return next(row for row in response.context["resourcing"].by_organisation if row.organisation == item)


def _meetings(period, item=None) -> str:
    return reverse("teams:meetings", args=[period.area.slug]) + f"?start={period.start}&end={period.upto}"


def _actions(period, item=None) -> str:
    return reverse("teams:actions", args=[period.area.slug])


def _listed(response) -> list:
    """Every row of a list page, all its pages together."""
    return list(response.context["paginator"].object_list)


FIGURES = (
    Figure(
        "teams.members_by_organisation",
        "Team members by partner organisation",
        lambda part: each(part["by_organisation"], "members", key="organisation"),
        Page(_resourcing, lambda response, item, period: _organisation_row(response, item).members),
    ),
    Figure(
        "teams.hours_by_organisation",
        "Dedicated hours a week by partner organisation",
        lambda part: each(part["by_organisation"], "hours", key="organisation"),
        Page(_resourcing, lambda response, item, period: _hours(_organisation_row(response, item).hours)),
    ),
    Figure(
        "teams.fte_by_organisation",
        "Dedicated time (FTE) by partner organisation",
        lambda part: each(part["by_organisation"], "fte", key="organisation"),
        Page(_resourcing, lambda response, item, period: str(_organisation_row(response, item).fte)),
    ),
    Figure(
        "teams.local_members",
        "Team members from local partners",
        lambda part: one(part["local"]["members"]),
        Page(_resourcing, lambda response, item, period: response.context["resourcing"].local.members),
    ),
    Figure(
        "teams.local_fte",
        "Local partners' dedicated time (FTE)",
        lambda part: one(part["local"]["fte"]),
        Page(_resourcing, lambda response, item, period: str(response.context["resourcing"].local.fte)),
    ),
    Figure(
        "teams.celcis_members",
        "CELCIS staff on the area's teams",
        lambda part: one(part["celcis"]["members"]),
        Page(_resourcing, lambda response, item, period: response.context["resourcing"].celcis.members),
    ),
    Figure(
        "teams.celcis_fte",
        "CELCIS staff time (FTE)",
        lambda part: one(part["celcis"]["fte"]),
        Page(_resourcing, lambda response, item, period: str(response.context["resourcing"].celcis.fte)),
    ),
    Figure(
        "teams.meetings_held",
        "Meetings held in the quarter",
        lambda part: one(part["meetings_held"]),
        # The meetings list filtered to the quarter up to the figures date.
        Page(_meetings, lambda response, item, period: response.context["paginator"].count),
    ),
    Figure(
        "teams.actions_opened",
        "Actions opened in the quarter",
        lambda part: one(part["actions_opened"]),
        Page(
            _actions,
            lambda response, item, period: sum(
                period.contains(timezone.localdate(a.created_at)) for a in _listed(response)
            ),
        ),
    ),
    Figure(
        "teams.actions_closed",
        "Actions closed in the quarter",
        lambda part: one(part["actions_closed"]),
        Page(
            _actions,
            lambda response, item, period: sum(
                (not a.is_open) and period.contains(a.completed_on) for a in _listed(response)
            ),
        ),
    ),
    Figure(
        "teams.actions_overdue",
        "Actions overdue on the figures date",
        lambda part: one(part["actions_overdue"]),
        Page(_actions, lambda response, item, period: response.context["overdue_count"]),
    ),
)

SECTIONS = [
    ReturnSection(
        key="teams",
        title="Implementation teams",
        order=20,
        build=build,
        figures=FIGURES,
        upgrades={1: upgrade_from_1},
    )
]
