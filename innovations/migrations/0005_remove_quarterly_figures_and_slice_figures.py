"""The dated figures now hold intended and trained: the quarterly figures and each slice's own
figures go (their values and history were moved by 0004)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0004_move_figures_into_dated_records"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="systemslice",
            name="systemslice_trained_at_most_intended",
        ),
        migrations.RemoveField(
            model_name="historicalsystemslice",
            name="practitioners_intended",
        ),
        migrations.RemoveField(
            model_name="historicalsystemslice",
            name="practitioners_trained",
        ),
        migrations.RemoveField(
            model_name="systemslice",
            name="practitioners_intended",
        ),
        migrations.RemoveField(
            model_name="systemslice",
            name="practitioners_trained",
        ),
        migrations.DeleteModel(
            name="HistoricalQuarterlyFigures",
        ),
        migrations.DeleteModel(
            name="QuarterlyFigures",
        ),
    ]
