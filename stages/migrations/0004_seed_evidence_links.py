"""Link the seeded catalogue activities to the kinds of portal record that evidence them
(stages.evidence.KINDS). CELCIS changes the links on the catalogue pages; these are starting data.

Activities are found by their seeded title, so one CELCIS has reworded or removed is left alone.
"""

from django.db import migrations
from django.utils import timezone

LINKS = {
    "Form or repurpose an implementation team with a clear remit": ["team_formed"],
    "Engage stakeholders at every level on strengths, weaknesses and priorities": ["engagement_logged"],
    "Assess the candidate innovations (Hexagon)": ["hexagon_assessment"],
    "Check readiness for change": ["readiness_check"],
    "Leadership records the decision to proceed or not": ["hexagon_decision"],
    "Define the first slice of the system (transformation zone)": ["slice_defined"],
    "Usability-testing cycles run and acted on": ["usability_test_run"],
    "Fidelity assessed and used": ["first_fidelity_check"],
    "PDSA cycles run on barriers": ["pdsa_cycle_closed"],
    "Drivers part of routine operations": ["drivers_assessment_completed"],
}
REASON = "Seed evidence links"


def _set(apps, links_for):
    StageActivity = apps.get_model("stages", "StageActivity")
    HistoricalStageActivity = apps.get_model("stages", "HistoricalStageActivity")
    now = timezone.now()
    for activity in StageActivity.objects.filter(title__in=list(LINKS)):
        kinds = links_for(activity)
        if kinds == activity.evidence_kinds:
            continue
        activity.evidence_kinds = kinds
        activity.save(update_fields=["evidence_kinds"])
        # Migrations bypass django-simple-history; write the history record ourselves.
        HistoricalStageActivity.objects.create(
            id=activity.pk,
            stage=activity.stage,
            title=activity.title,
            description=activity.description,
            order=activity.order,
            retired_on=activity.retired_on,
            evidence_kinds=kinds,
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )


def seed(apps, schema_editor):
    _set(apps, lambda activity: sorted(set(activity.evidence_kinds) | set(LINKS[activity.title])))


def unseed(apps, schema_editor):
    _set(apps, lambda activity: [k for k in activity.evidence_kinds if k not in LINKS[activity.title]])


class Migration(migrations.Migration):
    dependencies = [("stages", "0003_activity_targets_and_evidence")]

    operations = [migrations.RunPython(seed, unseed)]
