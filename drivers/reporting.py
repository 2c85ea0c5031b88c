"""The drivers part of a quarterly return (core.reporting): the latest completed assessment of the
programme on the figures date (the one rule of the drivers pages, the heat map and the reports), every
score with how many of its items were answered, and the change from the assessment before."""

from __future__ import annotations

from django.urls import reverse

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, one

from . import selectors
from .models import Assessment
from .scoring import change, describe_change

NONE = {
    "assessment_id": None,
    "assessed_on": None,
    "previous_assessed_on": None,
    "overall": None,
    "overall_answered": None,
    "overall_total": None,
    "overall_change": None,
    "overall_change_text": describe_change(None),
    "drivers": [],
}


def build(period: ReturnPeriod) -> dict:
    """The latest completed assessment of the programme by the figures date, its scores (each with
    items answered of items in all) and their change from the one before."""
    assessments = list(selectors.programme_assessments(period.area, on=period.upto)[:2])
    if not assessments:
        return dict(NONE)
    drivers = selectors.drivers_in_order()
    scores = selectors.scores_by_assessment(assessments, drivers)
    latest = scores[assessments[0].pk]
    previous = scores[assessments[1].pk] if len(assessments) > 1 else None

    def moved(key: str | None) -> int | None:
        if previous is None:
            return None
        before, now = (previous.overall, latest.overall) if key is None else (previous.driver(key), latest.driver(key))
        return change(before.percent, now.percent)

    return {
        "assessment_id": assessments[0].pk,
        "assessed_on": assessments[0].assessed_on.isoformat(),
        "previous_assessed_on": assessments[1].assessed_on.isoformat() if previous else None,
        "overall": latest.overall.percent,
        "overall_answered": latest.overall.answered,
        "overall_total": latest.overall.total,
        "overall_change": moved(None),
        "overall_change_text": describe_change(moved(None)),
        "drivers": [
            {
                "key": driver.key,
                "name": driver.name,
                "group": driver.get_group_display(),
                "percent": latest.driver(driver.key).percent,
                "answered": latest.driver(driver.key).answered,
                "total": latest.driver(driver.key).total,
                "change": moved(driver.key),
            }
            for driver in drivers
        ],
    }


def upgrade_from_1(part: dict, snapshot: dict, extras: dict) -> dict:
    """Version 1 froze the scores without their items answered. A completed assessment is locked, so
    the counts are read from it (or from what a report part kept beside the snapshot); an assessment
    that cannot be found leaves them unknown."""
    part = {**part, "overall_answered": None, "overall_total": None}
    part["drivers"] = [{**row, "answered": None, "total": None} for row in part.get("drivers", [])]
    kept = extras.get("drivers") or {}
    if not kept and part.get("assessment_id"):
        area_id = (snapshot.get("area") or {}).get("id")
        assessment = Assessment.objects.filter(pk=part["assessment_id"], area_id=area_id).first()
        if assessment is not None:
            drivers = selectors.drivers_in_order()
            scores = selectors.scores_by_assessment([assessment], drivers)[assessment.pk]
            kept = {
                "overall": {"answered": scores.overall.answered, "total": scores.overall.total},
                "by_driver": {
                    d.key: {"answered": scores.driver(d.key).answered, "total": scores.driver(d.key).total}
                    for d in drivers
                },
            }
    if kept.get("overall"):
        part["overall_answered"], part["overall_total"] = kept["overall"]["answered"], kept["overall"]["total"]
    for row in part["drivers"]:
        score = kept.get("by_driver", {}).get(row["key"])
        if score:
            row["answered"], row["total"] = score["answered"], score["total"]
    return part


# --- Where the portal shows these figures ------------------------------------------------------------


def _overview(period, item=None) -> str:
    return reverse("areas:overview", args=[period.area.slug])


def _panel(response) -> dict:
    # The overview's panels reach the page as HTML (kept until the area's data changes): read the
    # drivers panel's figures as it was drawn from, for the person who opened the page.
    from areas.access import access_for

    return selectors.overview_panel(response.context["area"], access_for(response.wsgi_request))


def _score(score) -> list | None:
    return None if score is None else [score.percent, score.answered, score.total]


def _assessment(period, item) -> str:
    pk = item[0] if isinstance(item, tuple) else item
    return reverse("drivers:assessment_detail", args=[period.area.slug, pk])


def _driver_change(response, key: str) -> int | None:
    return next(row.change for row in response.context["report"].driver_rows if row.driver.key == key)


FIGURES = (
    Figure(
        "drivers.assessed_on",
        "Date of the latest completed assessment of the programme",
        lambda part: one(part["assessed_on"]),
        Page(
            _overview,
            lambda response, item, period: (
                _panel(response)["latest"].assessed_on.isoformat() if _panel(response)["latest"] else None
            ),
        ),
    ),
    Figure(
        "drivers.overall",
        "Overall score (%), items answered and items in all",
        lambda part: (
            one([part["overall"], part["overall_answered"], part["overall_total"]])
            if part["assessment_id"]
            else one(None)
        ),
        Page(_overview, lambda response, item, period: _score(_panel(response)["overall"])),
    ),
    Figure(
        "drivers.by_driver",
        "Each driver's score (%), items answered and items in all",
        lambda part: {row["key"]: [row["percent"], row["answered"], row["total"]] for row in part["drivers"]},
        Page(
            _overview,
            lambda response, item, period: next(
                _score(row["score"]) for row in _panel(response)["rows"] if row["driver"].key == item
            ),
        ),
    ),
    Figure(
        "drivers.overall_change",
        "Change in the overall score since the assessment before (points)",
        lambda part: {part["assessment_id"]: part["overall_change"]} if part["assessment_id"] else {},
        Page(_assessment, lambda response, item, period: response.context["report"].overall_change),
    ),
    Figure(
        "drivers.change_by_driver",
        "Change in each driver's score since the assessment before (points)",
        lambda part: {(part["assessment_id"], row["key"]): row["change"] for row in part["drivers"]},
        Page(_assessment, lambda response, item, period: _driver_change(response, item[1])),
    ),
)

SECTIONS = [
    ReturnSection(
        key="drivers",
        title="Implementation drivers",
        order=40,
        build=build,
        figures=FIGURES,
        upgrades={1: upgrade_from_1},
    )
]
