"""Change over time: an area's completed assessments about one subject, oldest first."""

from __future__ import annotations

from dataclasses import dataclass

from areas.subjects import subject_filter

from ..models import Assessment, Driver
from ..scoring import AssessmentScores, Score, score_change
from .common import (
    comparable_assessments,
    drivers_by_group,
    drivers_in_order,
    innovation_model,
    innovations_for,
    scores_by_assessment,
)


@dataclass
class Trend:
    assessments: list[Assessment]
    scores: dict[int, AssessmentScores]
    drivers: list[Driver]

    @property
    def latest(self) -> Assessment | None:
        return self.assessments[-1] if self.assessments else None

    @property
    def previous(self) -> Assessment | None:
        return self.assessments[-2] if len(self.assessments) > 1 else None

    def moved(self) -> list[dict]:
        """Per group and driver: previous and latest score and the change, for 'what moved'."""
        latest = self.scores[self.latest.pk] if self.latest else None
        previous = self.scores[self.previous.pk] if self.previous else None
        rows = []
        if latest is None:
            return rows
        for group, label, group_drivers in drivers_by_group(self.drivers):
            rows.append(_moved_row(label, latest.group(group), previous.group(group) if previous else None, True))
            for driver in group_drivers:
                rows.append(
                    _moved_row(
                        driver.name, latest.driver(driver.key), previous.driver(driver.key) if previous else None, False
                    )
                )
        rows.append(_moved_row("Overall", latest.overall, previous.overall if previous else None, True))
        return rows


def _moved_row(label, latest: Score, previous: Score | None, is_total: bool) -> dict:
    return {
        "label": label,
        "latest": latest,
        "previous": previous,
        "change": score_change(previous, latest),
        "is_total": is_total,
    }


def subject_choices(area) -> list[tuple[str, str]]:
    """('programme', 'The programme as a whole') and one choice per innovation of the area."""
    return [("programme", "The programme as a whole")] + [(str(i.pk), i.name) for i in innovations_for(area)]


def subject_for(area, value: str | None):
    """The subject a filter value names: None for the programme, an innovation, or False if unknown."""
    if value in (None, "", "programme"):
        return None
    model = innovation_model()
    if model is None or not str(value).isdigit():
        return False
    return model.objects.filter(area=area, pk=int(value)).first() or False


def trend(area, subject=None) -> Trend:
    """The area's completed assessments about `subject` (None: the programme), oldest first, with
    their scores (five queries)."""
    assessments = list(
        comparable_assessments(area)
        .filter(subject_filter(subject))
        .select_related("item_set")
        .order_by("assessed_on", "pk")
    )
    drivers = drivers_in_order()
    return Trend(assessments=assessments, scores=scores_by_assessment(assessments, drivers), drivers=drivers)


def default_subject_value(area) -> str:
    """Show the progress of what the area last assessed (the programme if nothing yet)."""
    latest = comparable_assessments(area).order_by("-assessed_on", "-pk").values_list("subject_object_id").first()
    return str(latest[0]) if latest and latest[0] is not None else "programme"
