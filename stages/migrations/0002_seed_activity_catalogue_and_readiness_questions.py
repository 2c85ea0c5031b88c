"""Seed the stage-based activity catalogue and the readiness-for-change questions.

The wording is the portal's own (after shared/DOMAIN.md); CELCIS edits both in the portal or in
Django admin, so these are starting data, not code.
"""

from django.db import migrations
from django.utils import timezone

CATALOGUE = {
    "exploration": [
        "Form or repurpose an implementation team with a clear remit",
        "Agree a communication plan",
        "Analyse local data on need",
        "Engage stakeholders at every level on strengths, weaknesses and priorities",
        "List candidate innovations",
        "Assess the candidate innovations (Hexagon)",
        "Check readiness for change",
        "Leadership records the decision to proceed or not",
    ],
    "installation": [
        "Secure dedicated time, space and funding",
        "Adjust policies, procedures and roles",
        "Agree selection criteria and select the first practitioners",
        "Prepare and deliver training to the first cohort",
        "Arrange coaching",
        "Agree measures and set up data collection",
        "Agree the fidelity assessment and its schedule",
        "Define the first slice of the system (transformation zone)",
    ],
    "initial": [
        "First practitioners start using the innovation",
        "Coaching delivered as planned",
        "Usability-testing cycles run and acted on",
        "Fidelity assessed and used",
        "Data reviewed at team meetings",
        "PDSA cycles run on barriers",
        "Practice–policy feedback loop working",
        "Stakeholders kept informed",
    ],
    "full": [
        "Half or more of intended practitioners at fidelity",
        "Drivers part of routine operations",
        "Outcomes monitored",
        "Plan for further slices of the system",
        "Sustainability plan covering funding and staff turnover",
    ],
}

READINESS_QUESTIONS = [
    "The need for change is widely understood",
    "Leaders visibly back the change",
    "Staff have time to take part",
    "Past changes here were carried through",
    "Partner agencies are committed",
]


def seed(apps, schema_editor):
    StageActivity = apps.get_model("stages", "StageActivity")
    HistoricalStageActivity = apps.get_model("stages", "HistoricalStageActivity")
    ReadinessQuestion = apps.get_model("stages", "ReadinessQuestion")
    HistoricalReadinessQuestion = apps.get_model("stages", "HistoricalReadinessQuestion")
    now = timezone.now()
    reason = "Seed catalogue"
    for stage, titles in CATALOGUE.items():
        for order, title in enumerate(titles, start=1):
            activity = StageActivity.objects.create(stage=stage, title=title, order=order * 10)
            # Migrations bypass django-simple-history; write the first history record ourselves.
            HistoricalStageActivity.objects.create(
                id=activity.pk,
                stage=stage,
                title=title,
                description="",
                order=activity.order,
                history_date=now,
                history_type="+",
                history_change_reason=reason,
            )
    for order, text in enumerate(READINESS_QUESTIONS, start=1):
        question = ReadinessQuestion.objects.create(text=text, order=order * 10)
        HistoricalReadinessQuestion.objects.create(
            id=question.pk,
            text=text,
            order=question.order,
            history_date=now,
            history_type="+",
            history_change_reason=reason,
        )


def unseed(apps, schema_editor):
    apps.get_model("stages", "StageActivity").objects.filter(progress__isnull=True).delete()
    apps.get_model("stages", "ReadinessQuestion").objects.filter(answers__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("stages", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
