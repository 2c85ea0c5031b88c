"""Seed the Hexagon Tool's indicators: the current (2018) version and the older (2013) one.

The prompts are the portal's own wording (after shared/DOMAIN.md); CELCIS edits them in Django
admin, so these are starting data, not code.
"""

from django.db import migrations
from django.utils import timezone

INDICATORS = {
    "2018": [
        ("Evidence", "programme", "How strong is the evidence that it works, for whom and with what outcomes?"),
        ("Supports", "programme", "What training, coaching, data systems and expert help come with it?"),
        ("Usability", "programme", "Are its essential functions clear, operationally defined and assessable?"),
        ("Need", "site", "How well does it meet the need shown by local data and stakeholders?"),
        ("Fit", "site", "How well does it fit local priorities, values, services and other initiatives?"),
        ("Capacity", "site", "Do we have the staff, time, funding, leadership and data to use it well?"),
    ],
    "2013": [
        ("Need", "", "How well does it meet the need shown by local data?"),
        ("Fit", "", "How well does it fit local priorities, values and services?"),
        ("Resource availability", "", "Are training, coaching, funding and data systems available?"),
        ("Evidence", "", "How strong is the evidence of outcomes?"),
        ("Readiness for replication", "", "Has it been used well elsewhere, with clear guidance and experts?"),
        ("Capacity to implement", "", "Can the area staff and sustain it?"),
    ],
}


def seed(apps, schema_editor):
    HexagonIndicator = apps.get_model("innovations", "HexagonIndicator")
    HistoricalHexagonIndicator = apps.get_model("innovations", "HistoricalHexagonIndicator")
    now = timezone.now()
    for tool_version, rows in INDICATORS.items():
        for order, (name, group, prompt) in enumerate(rows, start=1):
            indicator = HexagonIndicator.objects.create(
                tool_version=tool_version, name=name, group=group, order=order * 10, prompt=prompt
            )
            # Migrations bypass django-simple-history; write the first history record ourselves.
            HistoricalHexagonIndicator.objects.create(
                id=indicator.pk,
                tool_version=tool_version,
                name=name,
                group=group,
                order=indicator.order,
                prompt=prompt,
                history_date=now,
                history_type="+",
                history_change_reason="Seed Hexagon Tool indicators",
            )


def unseed(apps, schema_editor):
    HexagonIndicator = apps.get_model("innovations", "HexagonIndicator")
    HexagonRating = apps.get_model("innovations", "HexagonRating")
    HexagonIndicator.objects.exclude(pk__in=HexagonRating.objects.values("indicator")).delete()


class Migration(migrations.Migration):
    dependencies = [("innovations", "0001_registers_hexagon_fidelity_and_slices")]

    operations = [migrations.RunPython(seed, unseed)]
