"""The measures part of a quarterly return (core.reporting): each of the area's measures with its
latest value on the figures date and the signals with a point in the quarter (the measures pages'
reading, `selectors.summaries`), frozen with what a report needs to publish it: the definition
(whether every value counts people, a proportion of what), the baseline, the latest value's numerator
and denominator, and the series up to the figures date for the report's charts."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse

from core.reporting import Figure, Page, ReturnPeriod, ReturnSection, each

from . import selectors
from .interpretation import summary_label
from .models import Measure


def definition(measure: Measure) -> dict:
    """What a report needs to know of a measure's definition."""
    return {
        "name": measure.name,
        "unit": measure.display_unit,
        "is_count": measure.is_count,
        "is_proportion": measure.is_proportion,
        "counts_people": measure.counts_people,
        "numerator_definition": measure.numerator_definition,
        "denominator_definition": measure.denominator_definition,
        "frequency": measure.frequency,
        "direction": measure.get_direction_display(),
        "shared_id": measure.shared_id,
        "shared_name": measure.shared.name if measure.shared_id else None,
    }


def _published_figures(summary) -> dict:
    """The baseline, the latest value's numerator and denominator, and the series: each period's
    value with its numerator and denominator (a gap: all None)."""
    analysis, series = summary.analysis, summary.series
    latest = summary.rows[-1] if summary.rows else None
    parts = {row[0]: (row[2], row[3]) for row in summary.rows}
    return {
        "baseline": analysis.run.get("median") if analysis.points else None,
        "baseline_points": analysis.baseline_points,
        "numerator": latest[2] if latest else None,
        "denominator": latest[3] if latest else None,
        "series": [
            {
                "period": period.isoformat(),
                "value": value,
                "numerator": parts.get(period, (None, None))[0],
                "denominator": parts.get(period, (None, None))[1],
            }
            for period, value in zip(series.periods, series.values, strict=True)
        ],
    }


def build(period: ReturnPeriod) -> list[dict]:
    """Each measure's latest value on the figures date and the signals with a point in the quarter."""
    rows = []
    for summary in selectors.summaries(selectors.area_measures(period.area), upto=period.upto):
        measure, latest = summary.measure, summary.latest
        signals = selectors.signals_in(summary, period.start, period.upto)
        rows.append(
            {
                "id": measure.pk,
                "name": measure.name,
                "unit": measure.display_unit,
                "latest_period": latest[0].isoformat() if latest else None,
                "latest_label": summary.latest_label or None,
                "latest_value": latest[1] if latest else None,
                "latest_text": summary.latest_text,
                "signals": [{"rule": s.rule, "name": s.name, "tone": s.tone, "text": s.text} for s in signals],
                "signal_label": summary_label({s.tone for s in signals}, points=summary.analysis.points)
                if summary.analysis.points >= 2
                else "Not enough data",
                "definition": definition(measure),
                **_published_figures(summary),
            }
        )
    return rows


# --- Snapshots of version 1 ----------------------------------------------------------------------------

# What a measure counts when it counts people, in the words definitions use (singular or plural). Only
# for returns frozen before a definition said whether it counts people (snapshot version 1).
PEOPLE_WORDS = (
    "child",
    "children",
    "family",
    "families",
    "referral",
    "referrals",
    "practitioner",
    "practitioners",
    "young person",
    "young people",
    "parent",
    "parents",
    "carer",
    "carers",
    "person",
    "people",
    "staff",
    "pupil",
    "pupils",
)
_PEOPLE = re.compile(r"\b(" + "|".join(re.escape(word) for word in PEOPLE_WORDS) + r")\b", re.IGNORECASE)


def seems_to_count_people(measure: dict) -> bool:
    """Whether a definition's words name people: its unit (what a count counts), or for a proportion
    its numerator, denominator or name, or failing those its name. The rule used before definitions
    recorded it, kept for version-1 snapshots (and the data migration that set the field)."""
    if measure.get("is_proportion") or measure.get("unit") == "%":
        words = " ".join(measure.get(key) or "" for key in ("numerator_definition", "denominator_definition", "name"))
        return bool(_PEOPLE.search(words))
    unit = measure.get("unit") or ""
    if unit:
        return bool(_PEOPLE.search(unit))
    return bool(_PEOPLE.search(measure.get("name") or ""))


def _from_records(part: list[dict], snapshot: dict) -> dict:
    """Each measure's definition and published figures read from the records (up to the figures
    date), for measures of the snapshot's area that still exist (two queries)."""
    upto = date.fromisoformat(snapshot.get("figures_date") or snapshot["end"])
    area_id = (snapshot.get("area") or {}).get("id")
    ids = [row["id"] for row in part]
    measures = Measure.objects.filter(pk__in=ids, area_id=area_id).select_related("shared")
    found = {}
    for summary in selectors.summaries(measures, upto=upto):
        found[str(summary.measure.pk)] = {**definition(summary.measure), **_published_figures(summary)}
    return found


def upgrade_from_1(part: list[dict], snapshot: dict, extras: dict) -> list[dict]:
    """Version 1 froze each measure's latest value and signals only. Its definition and published
    figures come from what a report part kept beside the snapshot, or else from the records; whether
    it counts people is decided by the old rule from its words."""
    kept = extras.get("measures") or _from_records(part, snapshot)
    rows = []
    for row in part:
        found = dict(kept.get(str(row["id"])) or {})
        published = {key: found.pop(key, None) for key in ("baseline", "baseline_points", "numerator", "denominator")}
        # A report part kept each point as [period, value, denominator].
        series = [
            point
            if isinstance(point, dict)
            else {"period": point[0], "value": point[1], "numerator": None, "denominator": point[2]}
            for point in found.pop("series", [])
        ]
        words = {"name": row["name"], "unit": row["unit"], "is_proportion": row["unit"] == "%", **found}
        words["counts_people"] = seems_to_count_people(words)
        rows.append({**row, "definition": words, **published, "series": series})
    return rows


# --- Where the portal shows these figures ------------------------------------------------------------


def _list(period, item=None) -> str:
    return reverse("measures:list", args=[period.area.slug])


def _detail(period, item) -> str:
    return reverse("measures:detail", args=[period.area.slug, item])


def _summary(response, item):
    return next(s for s in response.context["paginator"].object_list if s.measure.pk == item)


def _latest(response, item, index: int):
    latest = _summary(response, item).latest
    if latest is None:
        return None
    return latest[0].isoformat() if index == 0 else latest[1]


def _signals_on_page(response, item, period) -> list[str]:
    """The signals the measure's page explains (its charts' analysis) that have a point in the
    quarter, by their words; the page's series says which point is which period."""
    measure = response.context["measure"]
    shown = selectors.MeasureSummary(
        measure=measure, series=selectors.series_for(measure), analysis=response.context["charts"].analysis
    )
    return sorted(signal.text for signal in selectors.signals_in(shown, period.start, period.upto))


FIGURES = (
    Figure(
        "measures.latest_period",
        "Period of the latest value",
        lambda part: each(part, "latest_period"),
        Page(_list, lambda response, item, period: _latest(response, item, 0)),
    ),
    Figure(
        "measures.latest_value",
        "Latest value",
        lambda part: each(part, "latest_value"),
        Page(_list, lambda response, item, period: _latest(response, item, 1)),
    ),
    Figure(
        "measures.latest_text",
        "Latest value as shown",
        lambda part: each(part, "latest_text"),
        Page(_list, lambda response, item, period: _summary(response, item).latest_text),
    ),
    Figure(
        "measures.counts_people",
        "Counts people (so protected beyond the area)",
        lambda part: {row["id"]: row["definition"]["counts_people"] for row in part},
        Page(_detail, lambda response, item, period: response.context["measure"].counts_people),
    ),
    Figure(
        "measures.baseline",
        "Baseline (the run chart's centre line)",
        lambda part: each(part, "baseline"),
        Page(
            _detail,
            lambda response, item, period: (
                response.context["charts"].analysis.run.get("median")
                if response.context["charts"].analysis.points
                else None
            ),
        ),
    ),
    Figure(
        "measures.signals",
        "Signals with a point in the quarter",
        lambda part: {row["id"]: sorted(s["text"] for s in row["signals"]) for row in part},
        Page(_detail, _signals_on_page),
    ),
)

SECTIONS = [
    ReturnSection(
        key="measures",
        title="Measures",
        order=60,
        build=build,
        figures=FIGURES,
        upgrades={1: upgrade_from_1},
    )
]
