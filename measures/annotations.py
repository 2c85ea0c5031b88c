"""Dated events drawn on a measure's charts, contributed by the apps that own them.

Measures must not import the apps that annotate its charts (the cycles app, say), so each app
registers a provider from its AppConfig.ready():

    from measures.annotations import ChartAnnotation, register_annotation_provider

    def pdsa_annotations(measure):
        return [ChartAnnotation(on=c.started_on, label=f"PDSA cycle: {c.title}", kind="pdsa", url=...) for c in ...]

    register_annotation_provider(key="pdsa", provider=pdsa_annotations, order=20)

A provider takes one Measure and returns ChartAnnotation objects; it must use a fixed number of
queries (one, typically). The annotations are part of the chart cache key, so a new or changed
annotation redraws the chart and nothing else needs to be told.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse


@dataclass(frozen=True)
class ChartAnnotation:
    """Something that happened on a date, worth seeing beside the data."""

    on: date
    label: str
    kind: str = ""  # the provider's key, e.g. "stage" or "pdsa"
    url: str = ""  # where to read more (the cycle's page, say); listed beside the chart as a link


@dataclass(frozen=True)
class AnnotationProvider:
    key: str
    provider: Callable  # (measure) -> Iterable[ChartAnnotation]
    order: int = 100


_PROVIDERS: dict[str, AnnotationProvider] = {}


def register_annotation_provider(*, key: str, provider: Callable, order: int = 100) -> None:
    """Add (or replace) a source of chart annotations."""
    _PROVIDERS[key] = AnnotationProvider(key=key, provider=provider, order=order)


def unregister_annotation_provider(key: str) -> None:
    """Remove a source of annotations (tests use this to clean up)."""
    _PROVIDERS.pop(key, None)


def annotations_for(measure) -> list[ChartAnnotation]:
    """Every registered provider's annotations for `measure`, by date (then provider order)."""
    found: list[tuple[date, int, int, ChartAnnotation]] = []
    for provider in sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key)):
        items: Iterable[ChartAnnotation] = provider.provider(measure) or ()
        for position, item in enumerate(items):
            found.append((item.on, provider.order, position, item))
    return [item for *_, item in sorted(found, key=lambda row: row[:3])]


def stage_change_annotations(measure) -> list[ChartAnnotation]:
    """Confirmed changes of the area programme's implementation stage (one query)."""
    from stages.models import StageChangeStatus
    from stages.selectors import stage_timeline

    changes = stage_timeline(measure.area).filter(status=StageChangeStatus.CONFIRMED).order_by("entered_on", "pk")
    url = reverse("stages:overview", kwargs={"area_slug": measure.area.slug})
    return [
        ChartAnnotation(
            on=change.entered_on, label=f"Stage change: {change.get_stage_display().lower()}", kind="stage", url=url
        )
        for change in changes
    ]
