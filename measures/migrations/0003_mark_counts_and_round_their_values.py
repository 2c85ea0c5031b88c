"""Existing measures that count things become counts, and any fraction recorded for them is rounded.

Before this, no measure said whether it was a count, so "15.8 families" could be saved. A measure is
taken to be a count when it is not a proportion and its unit names things (families, referrals,
meetings…) rather than a measurement (days, hours, a rate…). Each rounded value keeps a history row
saying why, and its measure's charts are redrawn (data_version moves on).
"""

from decimal import ROUND_HALF_UP, Decimal

from django.db import migrations
from django.db.models import F
from django.utils import timezone

# Units that measure rather than count: values in them may rightly have fractions.
MEASUREMENT_UNITS = {
    "day", "days", "hour", "hours", "minute", "minutes", "week", "weeks", "month", "months", "year", "years",
    "%", "per cent", "percent", "£", "pounds", "rate", "score", "points", "fte", "ratio", "average",
}  # fmt: skip
REASON = "Rounded to a whole number: this measure is a count, and counts take whole numbers only."


def _is_count(definition) -> bool:
    unit = (definition.unit or "").strip().lower()
    return not definition.is_proportion and bool(unit) and unit not in MEASUREMENT_UNITS


def mark_counts_and_round(apps, schema_editor):
    SharedMeasure = apps.get_model("measures", "SharedMeasure")
    Measure = apps.get_model("measures", "Measure")
    MeasureValue = apps.get_model("measures", "MeasureValue")
    HistoricalMeasureValue = apps.get_model("measures", "HistoricalMeasureValue")
    for model in (SharedMeasure, Measure):
        ids = [definition.pk for definition in model.objects.all() if _is_count(definition)]
        model.objects.filter(pk__in=ids).update(is_count=True)
    now = timezone.now()
    redrawn = set()
    for value in MeasureValue.objects.filter(measure__is_count=True, numerator__isnull=True):
        whole = Decimal(value.value).quantize(Decimal(1), ROUND_HALF_UP)
        if whole == value.value:
            continue
        value.value = whole
        value.save(update_fields=["value"])
        HistoricalMeasureValue.objects.create(
            id=value.pk,
            area_id=value.area_id,
            measure_id=value.measure_id,
            period_start=value.period_start,
            value=value.value,
            numerator=value.numerator,
            denominator=value.denominator,
            note=value.note,
            recorded_by_id=value.recorded_by_id,
            updated_at=value.updated_at,
            history_date=now,
            history_type="~",
            history_change_reason=REASON,
        )
        redrawn.add(value.measure_id)
    Measure.objects.filter(pk__in=redrawn).update(data_version=F("data_version") + 1)


class Migration(migrations.Migration):
    dependencies = [("measures", "0002_measures_counts_whole_numbers")]

    operations = [migrations.RunPython(mark_counts_and_round, migrations.RunPython.noop)]
