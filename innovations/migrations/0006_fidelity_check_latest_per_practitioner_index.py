"""An index for each practitioner's latest fidelity check (issue 17: indexes checked with EXPLAIN).

`latest_checked_on` and the other "latest check" subqueries read one practitioner's checks newest
first; with (practitioner, checked_on, id) that is one step down the index rather than fetching and
sorting every check of every practitioner (bench/explain.py: CELCIS's home page for every area,
9.7 → 5.6 ms for that statement at 32 areas × 5 years)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("innovations", "0005_remove_quarterly_figures_and_slice_figures"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="fidelitycheck",
            index=models.Index(fields=["practitioner", "checked_on", "id"], name="fidelitycheck_latest_idx"),
        ),
    ]
