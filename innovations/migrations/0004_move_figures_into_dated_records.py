"""Intended and trained practitioners become dated figures carried forward until they change.

Each quarter's figures become the innovation's figures from the quarter's first day; each slice's
own figures become the slice's figures from its start date. Their history comes with them, so who
typed what, and when, is still on the innovation's history page. Hexagon indicators Need, Fit and
Capacity (and the older tool's "Capacity to implement") are marked as those whose low rating is a
concern to resolve before deciding.
"""

from django.db import migrations

CONCERN_INDICATORS = ("Need", "Fit", "Capacity", "Capacity to implement")
MOVED = "Moved from the quarterly figures"
MOVED_FROM_SLICE = "Moved from the slice's own figures"


def _history(apps, figures, rows, reason):
    """Copy earlier versions (history rows of the old record) onto the new record's history."""
    history = apps.get_model("innovations", "HistoricalPractitionerFigures")
    for row in rows:
        history.objects.create(
            id=figures.pk,
            area_id=figures.area_id,
            innovation_id=figures.innovation_id,
            slice_id=figures.slice_id,
            effective_on=row["effective_on"],
            practitioners_intended=row["intended"],
            practitioners_trained=row["trained"],
            notes=row.get("notes", ""),
            recorded_by_id=figures.recorded_by_id,
            history_date=row["history_date"],
            history_type=row["history_type"],
            history_user_id=row["history_user_id"],
            history_change_reason=(row.get("reason") or reason)[:100],
        )


def _quarterly_history(apps, old):
    history = apps.get_model("innovations", "HistoricalQuarterlyFigures")
    return [
        {
            "effective_on": h.quarter_start,
            "intended": h.practitioners_intended,
            "trained": h.practitioners_trained,
            "notes": h.notes,
            "history_date": h.history_date,
            "history_type": h.history_type,
            "history_user_id": h.history_user_id,
            "reason": h.history_change_reason,
        }
        for h in history.objects.filter(id=old.pk, history_type__in=["+", "~"]).order_by("history_date", "pk")
    ]


def _slice_history(apps, system_slice):
    """The slice's versions in which its figures changed (the first one always)."""
    history = apps.get_model("innovations", "HistoricalSystemSlice")
    rows, last = [], None
    for h in history.objects.filter(id=system_slice.pk, history_type__in=["+", "~"]).order_by("history_date", "pk"):
        figures = (h.practitioners_intended, h.practitioners_trained)
        if figures != last:
            rows.append(
                {
                    "effective_on": h.started_on,
                    "intended": figures[0],
                    "trained": figures[1],
                    "history_date": h.history_date,
                    "history_type": "+" if last is None else "~",
                    "history_user_id": h.history_user_id,
                    "reason": MOVED_FROM_SLICE,
                }
            )
            last = figures
    return rows


def _now_row(figures, reason):
    from django.utils import timezone

    return [
        {
            "effective_on": figures.effective_on,
            "intended": figures.practitioners_intended,
            "trained": figures.practitioners_trained,
            "notes": figures.notes,
            "history_date": timezone.now(),
            "history_type": "+",
            "history_user_id": figures.recorded_by_id,
            "reason": reason,
        }
    ]


def forwards(apps, schema_editor):
    quarterly = apps.get_model("innovations", "QuarterlyFigures")
    system_slice = apps.get_model("innovations", "SystemSlice")
    figures_model = apps.get_model("innovations", "PractitionerFigures")
    for old in quarterly.objects.order_by("pk"):
        figures = figures_model.objects.create(
            area_id=old.area_id,
            innovation_id=old.innovation_id,
            effective_on=old.quarter_start,
            practitioners_intended=old.practitioners_intended,
            practitioners_trained=old.practitioners_trained,
            notes=old.notes,
            recorded_by_id=old.recorded_by_id,
        )
        _history(apps, figures, _quarterly_history(apps, old) or _now_row(figures, MOVED), MOVED)
    for one in system_slice.objects.order_by("pk"):
        figures = figures_model.objects.create(
            area_id=one.area_id,
            innovation_id=one.innovation_id,
            slice_id=one.pk,
            effective_on=one.started_on,
            practitioners_intended=one.practitioners_intended,
            practitioners_trained=one.practitioners_trained,
            recorded_by_id=one.recorded_by_id,
        )
        _history(apps, figures, _slice_history(apps, one) or _now_row(figures, MOVED_FROM_SLICE), MOVED_FROM_SLICE)
    indicator = apps.get_model("innovations", "HexagonIndicator")
    indicator.objects.filter(name__in=CONCERN_INDICATORS).update(concern_when_low=True)


def backwards(apps, schema_editor):
    """Put the latest figures back on the slices and one row per quarter back in the quarterly figures."""
    quarterly = apps.get_model("innovations", "QuarterlyFigures")
    figures_model = apps.get_model("innovations", "PractitionerFigures")
    history = apps.get_model("innovations", "HistoricalPractitionerFigures")
    for figures in figures_model.objects.filter(slice__isnull=False).order_by("effective_on", "pk"):
        one = figures.slice
        one.practitioners_intended = figures.practitioners_intended
        one.practitioners_trained = figures.practitioners_trained
        one.save(update_fields=["practitioners_intended", "practitioners_trained"])
    for figures in figures_model.objects.filter(slice__isnull=True).order_by("effective_on", "pk"):
        month = (figures.effective_on.month - 1) // 3 * 3 + 1
        quarterly.objects.update_or_create(
            innovation_id=figures.innovation_id,
            quarter_start=figures.effective_on.replace(month=month, day=1),
            defaults={
                "area_id": figures.area_id,
                "practitioners_intended": figures.practitioners_intended,
                "practitioners_trained": figures.practitioners_trained,
                "notes": figures.notes,
                "recorded_by_id": figures.recorded_by_id,
            },
        )
    history.objects.all().delete()
    figures_model.objects.all().delete()
    apps.get_model("innovations", "HexagonIndicator").objects.update(concern_when_low=False)


class Migration(migrations.Migration):
    dependencies = [("innovations", "0003_dated_figures_essential_items_and_versions")]

    operations = [migrations.RunPython(forwards, backwards)]
