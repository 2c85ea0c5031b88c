"""Drivers at scale: two completed drivers assessments an area a year, about six months apart, with
scores that grow over the years (competency drivers first, systems work slowest), facilitated by
CELCIS. Each goes through the drivers services: started, answered, completed."""

from __future__ import annotations

from datetime import timedelta

from areas.scale import LABEL, at

from . import services
from .models import Assessment, Driver

PER_YEAR = 2
SLOW = {"systems-intervention": -0.4, "decision-support-data-system": -0.2, "coaching": 0.2}
GROUP_START = {"competency": 0.7, "organisation": 0.5, "leadership": 0.9}
EVIDENCE = {
    2: f"Seen in practice and written down; the team agreed. {LABEL}",
    1: f"Started, but not yet consistent across services. {LABEL}",
    0: f"Not yet in place; the team agreed this is a gap. {LABEL}",
}
PARTICIPANTS = [
    {"role": f"Implementation team members {LABEL}", "count": 6},
    {"role": f"Team managers {LABEL}", "count": 3},
    {"role": f"Practitioners {LABEL}", "count": 4},
]


def _answers(items, drivers, progress: float, rng) -> dict:
    """Every item answered: the driver's level now (0–2 points), with a little variation."""
    answers = {}
    for item in items:
        driver = drivers[item.driver_id]
        level = GROUP_START[driver.group] + progress * (1.2 + SLOW.get(driver.key, 0))
        score = max(0, min(2, round(level + rng.uniform(-0.6, 0.6))))
        answers[item.pk] = services.Answer(score=score, evidence=EVIDENCE[score])
    return answers


def seed(scale, *, rng, stdout=None) -> None:
    """Assessments for every area at scale, completed on the day they were held."""
    drivers = {driver.pk: driver for driver in Driver.objects.all()}
    made = 0
    pace = {scale_area.area.pk: rng.uniform(0.6, 1.4) for scale_area in scale.areas}
    for scale_area in scale.areas:
        area, lead = scale_area.area, scale_area.lead
        for year, (first, last) in enumerate(scale.year_spans()):
            for number in range(PER_YEAR):
                assessed_on = min(first + timedelta(days=60 + 180 * number + rng.randint(-20, 20)), last)
                progress = min(1.0, (year + number / PER_YEAR) / 5 * pace[area.pk])
                assessment = services.assessment_create(
                    area=area,
                    actor=lead,
                    assessed_on=assessed_on,
                    facilitator=scale.celcis,
                    participants=PARTICIPANTS,
                    notes=f"Facilitated session with the implementation team. {LABEL}",
                )
                items = list(assessment.item_set.items.order_by("order", "pk"))
                services.assessment_save_draft(
                    assessment=assessment,
                    actor=lead,
                    expected_version=assessment.version,
                    answers=_answers(items, drivers, progress, rng),
                )
                services.assessment_complete(assessment=assessment, actor=lead)
                # Completed at the session itself, not when the scale-test data was loaded.
                Assessment.objects.filter(pk=assessment.pk).update(completed_at=at(assessed_on, hour=15))
                made += 1
    if stdout:
        stdout.write(f"Drivers at scale: {made} completed assessments.")
