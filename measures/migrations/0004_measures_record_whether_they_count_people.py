"""Measure definitions record whether every value counts people, so figures published beyond the
area protect them (shared/DOMAIN.md, "Disclosure control").

Existing definitions are set from their words, by the rule the reports used before the field existed:
a measure counts people when its unit (what a count counts), or for a proportion its numerator,
denominator or name, or failing those its name, names people — children, families, referrals,
practitioners, young people, parents or carers (and persons, staff, pupils). Each definition set this
way keeps a history row saying why.
"""

import re

from django.db import migrations, models
from django.utils import timezone

PEOPLE_WORDS = (
    "child", "children", "family", "families", "referral", "referrals", "practitioner", "practitioners",
    "young person", "young people", "parent", "parents", "carer", "carers", "person", "people", "staff",
    "pupil", "pupils",
)  # fmt: skip
PEOPLE = re.compile(r"\b(" + "|".join(re.escape(word) for word in PEOPLE_WORDS) + r")\b", re.IGNORECASE)
REASON = "Counts people: set from the definition's words when the field was added."
HELP = (
    "Tick if every value counts people — children, families, practitioners. Figures published beyond the area are "
    "then protected."
)


def _counts_people(definition) -> bool:
    if definition.is_proportion:
        words = " ".join((definition.numerator_definition, definition.denominator_definition, definition.name))
        return bool(PEOPLE.search(words))
    if definition.unit:
        return bool(PEOPLE.search(definition.unit))
    return bool(PEOPLE.search(definition.name))


def set_from_words(apps, schema_editor):
    now = timezone.now()
    for name in ("SharedMeasure", "Measure"):
        model = apps.get_model("measures", name)
        historical = apps.get_model("measures", f"Historical{name}")
        kept = {field.attname for field in historical._meta.fields}
        for definition in model.objects.all():
            if not _counts_people(definition):
                continue
            definition.counts_people = True
            definition.save(update_fields=["counts_people"])
            values = {
                field.attname: getattr(definition, field.attname)
                for field in model._meta.concrete_fields
                if field.attname in kept
            }
            historical.objects.create(**values, history_date=now, history_type="~", history_change_reason=REASON)


class Migration(migrations.Migration):
    dependencies = [
        ("measures", "0003_mark_counts_and_round_their_values"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeasure",
            name="counts_people",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="counts people"),
        ),
        migrations.AddField(
            model_name="historicalsharedmeasure",
            name="counts_people",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="counts people"),
        ),
        migrations.AddField(
            model_name="measure",
            name="counts_people",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="counts people"),
        ),
        migrations.AddField(
            model_name="sharedmeasure",
            name="counts_people",
            field=models.BooleanField(default=False, help_text=HELP, verbose_name="counts people"),
        ),
        migrations.RunPython(set_from_words, migrations.RunPython.noop),
    ]
