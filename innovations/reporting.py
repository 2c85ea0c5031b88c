"""The innovations part of a quarterly return (core.reporting): each innovation in use or on its way,
with its usability criteria met, practitioners intended and trained (the latest dated figures by the
quarter's last day, summed over the slices where slices are used), at fidelity and with their check
overdue on the figures date, and its slices — the rules of the innovation pages (innovations.fidelity),
for every innovation at once."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, each

from . import selectors
from .fidelity import CheckOutcome, fidelity_status, quarterly_figures
from .models import FidelityCheck, PractitionerFigures, SystemSlice, UsabilityCriterion


def _records(period: ReturnPeriod, ids: list[int]) -> tuple[dict, dict, dict, dict, dict]:
    """Every innovation's dated figures, check outcomes, slices started by the figures date, and the
    practitioners' leaving dates and slices (three queries for any number of innovations)."""
    figures = defaultdict(list)
    for innovation_id, *row in PractitionerFigures.objects.filter(innovation_id__in=ids).values_list(
        "innovation_id", *selectors.FIGURE_COLUMNS
    ):
        figures[innovation_id].append(row)
    checks, left_on, slice_of = defaultdict(list), {}, {}
    for innovation_id, practitioner, checked_on, meets, pk, left, slice_id in FidelityCheck.objects.filter(
        innovation_id__in=ids
    ).values_list(
        "innovation_id",
        "practitioner_id",
        "checked_on",
        "meets_fidelity",
        "pk",
        "practitioner__left_on",
        "practitioner__slice_id",
    ):
        checks[innovation_id].append(CheckOutcome(practitioner, checked_on, meets, pk))
        if left:
            left_on[practitioner] = left
        if slice_id:
            slice_of[practitioner] = slice_id
    slices = defaultdict(list)
    for one in SystemSlice.objects.filter(innovation_id__in=ids, started_on__lte=period.upto).order_by(
        "started_on", "pk"
    ):
        slices[one.innovation_id].append(one)
    return figures, checks, slices, left_on, slice_of


def build(period: ReturnPeriod) -> list[dict]:
    """Each current innovation's usability and fidelity figures for the quarter, and its slices'."""
    innovations = list(selectors.current_innovations(period.area))
    ids = [i.pk for i in innovations]
    verdicts = selectors.usability_verdicts(innovations, on=period.upto)
    figures, checks, slices, left_on, slice_of = _records(period, ids)
    labels = dict(UsabilityCriterion.choices)
    rows = []
    for innovation in innovations:
        dated = selectors._dated_figures(figures[innovation.pk])
        validity = innovation.fidelity_validity_months
        quarter = quarterly_figures(
            [period.quarter], dated, checks[innovation.pk], today=period.upto, validity_months=validity, left_on=left_on
        )[0]
        status = fidelity_status(checks[innovation.pk], period.upto, validity_months=validity, left_on=left_on)
        by_slice = selectors.figures_by_slice(slices[innovation.pk], dated, status, slice_of, period.quarter.end)
        usability = verdicts[innovation.pk]
        rows.append(
            {
                "id": innovation.pk,
                "name": innovation.name,
                "status": innovation.get_status_display(),
                "usability_met": usability.met_count,
                "usability_criteria_met": [labels[c] for c in usability.met],
                "intended": quarter.intended,
                "trained": quarter.trained,
                "at_fidelity": quarter.at_fidelity,
                "check_overdue": quarter.overdue,
                "percent_at_fidelity": quarter.percent,
                "slices": [
                    {
                        "id": row.slice.pk,
                        "name": row.slice.name,
                        "kind": row.slice.get_kind_display(),
                        "intended": row.figures.intended,
                        "trained": row.figures.trained,
                        "at_fidelity": row.figures.at_fidelity,
                    }
                    for row in by_slice
                ],
            }
        )
    return rows


# --- Where the portal shows these figures ------------------------------------------------------------


def _detail(period, item) -> str:
    innovation = item[0] if isinstance(item, tuple) else item
    return reverse("innovations:detail", args=[period.area.slug, innovation])


def _fidelity(response, name: str):
    """A figure of the innovation page's summary for this quarter ("—" there when nothing is recorded)."""
    figures = response.context["summary"].fidelity
    if figures is None:
        return {"intended": None, "trained": None, "at_fidelity": 0, "overdue": 0, "percent": None}[name]
    return getattr(figures, name)


def _slice(response, item, name: str):
    row = next(row for row in response.context["slice_rows"] if row.slice.pk == item[1])
    return getattr(row.figures, name)


def _per_slice(part: list[dict], name: str) -> dict:
    return {(row["id"], one["id"]): one[name] for row in part for one in row["slices"]}


def _figure(name: str, label: str, page_name: str) -> Figure:
    return Figure(
        f"innovations.{name}",
        label,
        lambda part: each(part, name),
        Page(_detail, lambda response, item, period: _fidelity(response, page_name)),
    )


def _slice_figure(name: str, label: str) -> Figure:
    return Figure(
        f"innovations.slice_{name}",
        label,
        lambda part: _per_slice(part, name),
        Page(_detail, lambda response, item, period: _slice(response, item, name)),
    )


FIGURES = (
    Figure(
        "innovations.status",
        "Innovation's status",
        lambda part: each(part, "status"),
        Page(_detail, lambda response, item, period: response.context["innovation"].get_status_display()),
    ),
    Figure(
        "innovations.usability_met",
        "Usability criteria met",
        lambda part: each(part, "usability_met"),
        Page(_detail, lambda response, item, period: response.context["summary"].usability.met_count),
    ),
    _figure("intended", "Practitioners intended", "intended"),
    _figure("trained", "Practitioners trained", "trained"),
    _figure("at_fidelity", "Practitioners at fidelity", "at_fidelity"),
    _figure("check_overdue", "Practitioners whose fidelity check is overdue", "overdue"),
    _figure("percent_at_fidelity", "Proportion at fidelity (%)", "percent"),
    _slice_figure("intended", "Practitioners intended in a slice"),
    _slice_figure("trained", "Practitioners trained in a slice"),
    _slice_figure("at_fidelity", "Practitioners at fidelity in a slice"),
)

SECTIONS = [ReturnSection(key="innovations", title="Usable innovations", order=10, build=build, figures=FIGURES)]
