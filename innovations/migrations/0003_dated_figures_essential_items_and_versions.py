"""Essential fidelity items, a validity period per instrument, dated figures of practitioners intended and
trained, Hexagon indicators whose low rating is a concern, and version checks on items, levels and slices."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import innovations.models.register


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0004_area_viewer_role_and_specialists"),
        ("innovations", "0002_seed_hexagon_indicators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalPractitionerFigures",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "effective_on",
                    models.DateField(
                        help_text="The date these figures hold from, until the next change.", verbose_name="from"
                    ),
                ),
                (
                    "practitioners_intended",
                    models.PositiveIntegerField(verbose_name="practitioners intended to use it"),
                ),
                (
                    "practitioners_trained",
                    models.PositiveIntegerField(help_text="Of those intended.", verbose_name="practitioners trained"),
                ),
                (
                    "notes",
                    models.TextField(blank=True, help_text="What changed, in a sentence. Never details of people."),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
            ],
            options={
                "verbose_name": "historical practitioner figures",
                "verbose_name_plural": "historical practitioner figures",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="PractitionerFigures",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "effective_on",
                    models.DateField(
                        help_text="The date these figures hold from, until the next change.", verbose_name="from"
                    ),
                ),
                (
                    "practitioners_intended",
                    models.PositiveIntegerField(verbose_name="practitioners intended to use it"),
                ),
                (
                    "practitioners_trained",
                    models.PositiveIntegerField(help_text="Of those intended.", verbose_name="practitioners trained"),
                ),
                (
                    "notes",
                    models.TextField(blank=True, help_text="What changed, in a sentence. Never details of people."),
                ),
                ("version", models.PositiveIntegerField(default=1, editable=False)),
            ],
            options={
                "verbose_name": "practitioner figures",
                "verbose_name_plural": "practitioner figures",
                "ordering": ["-effective_on", "-pk"],
            },
        ),
        migrations.AddField(
            model_name="fidelitycheck",
            name="essential_missed",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Any essential item not met keeps the check below fidelity.",
                verbose_name="essential items not met",
            ),
        ),
        migrations.AddField(
            model_name="fidelityitem",
            name="essential",
            field=models.BooleanField(
                default=False,
                help_text="A check that does not meet an essential item is not at fidelity, whatever its score. Only an item marked met or not met can be essential.",
                verbose_name="essential",
            ),
        ),
        migrations.AddField(
            model_name="fidelityitem",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="fidelityresult",
            name="essential",
            field=models.BooleanField(default=False, help_text="Whether the item was essential when checked."),
        ),
        migrations.AddField(
            model_name="hexagonindicator",
            name="concern_when_low",
            field=models.BooleanField(
                default=False,
                help_text="A rating of 1 or 2 is flagged as a concern to resolve before deciding (Need, Fit, Capacity).",
                verbose_name="a low rating is a concern",
            ),
        ),
        migrations.AddField(
            model_name="historicalfidelitycheck",
            name="essential_missed",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Any essential item not met keeps the check below fidelity.",
                verbose_name="essential items not met",
            ),
        ),
        migrations.AddField(
            model_name="historicalfidelityitem",
            name="essential",
            field=models.BooleanField(
                default=False,
                help_text="A check that does not meet an essential item is not at fidelity, whatever its score. Only an item marked met or not met can be essential.",
                verbose_name="essential",
            ),
        ),
        migrations.AddField(
            model_name="historicalfidelityresult",
            name="essential",
            field=models.BooleanField(default=False, help_text="Whether the item was essential when checked."),
        ),
        migrations.AddField(
            model_name="historicalhexagonindicator",
            name="concern_when_low",
            field=models.BooleanField(
                default=False,
                help_text="A rating of 1 or 2 is flagged as a concern to resolve before deciding (Need, Fit, Capacity).",
                verbose_name="a low rating is a concern",
            ),
        ),
        migrations.AddField(
            model_name="historicalinnovation",
            name="fidelity_validity_months",
            field=models.PositiveSmallIntegerField(
                default=innovations.models.register.default_validity_months,
                help_text="After this many months a practitioner's latest check is overdue and no longer counts as at fidelity (1 to 36).",
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)],
                verbose_name="a check stays current for (months)",
            ),
        ),
        migrations.AddField(
            model_name="innovation",
            name="fidelity_validity_months",
            field=models.PositiveSmallIntegerField(
                default=innovations.models.register.default_validity_months,
                help_text="After this many months a practitioner's latest check is overdue and no longer counts as at fidelity (1 to 36).",
                validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(36)],
                verbose_name="a check stays current for (months)",
            ),
        ),
        migrations.AddField(
            model_name="practicelevel",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddField(
            model_name="systemslice",
            name="version",
            field=models.PositiveIntegerField(default=1, editable=False),
        ),
        migrations.AddConstraint(
            model_name="fidelityitem",
            constraint=models.CheckConstraint(
                condition=models.Q(("essential", False), ("kind", "met_not_met"), _connector="OR"),
                name="fidelityitem_essential_only_when_met_not_met",
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitionerfigures",
            name="area",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="areas.localarea",
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitionerfigures",
            name="history_user",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitionerfigures",
            name="innovation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="innovations.innovation",
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitionerfigures",
            name="recorded_by",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="historicalpractitionerfigures",
            name="slice",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="innovations.systemslice",
                verbose_name="slice of the system",
            ),
        ),
        migrations.AddField(
            model_name="practitionerfigures",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="areas.localarea"
            ),
        ),
        migrations.AddField(
            model_name="practitionerfigures",
            name="innovation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="practitioner_figures",
                to="innovations.innovation",
            ),
        ),
        migrations.AddField(
            model_name="practitionerfigures",
            name="recorded_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL
            ),
        ),
        migrations.AddField(
            model_name="practitionerfigures",
            name="slice",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="figures",
                to="innovations.systemslice",
                verbose_name="slice of the system",
            ),
        ),
        migrations.AddIndex(
            model_name="practitionerfigures",
            index=models.Index(fields=["innovation", "effective_on"], name="innovations_innovat_4e4e21_idx"),
        ),
        migrations.AddConstraint(
            model_name="practitionerfigures",
            constraint=models.CheckConstraint(
                condition=models.Q(("practitioners_trained__lte", models.F("practitioners_intended"))),
                name="practitionerfigures_trained_at_most_intended",
            ),
        ),
        migrations.AddConstraint(
            model_name="practitionerfigures",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slice__isnull", True)),
                fields=("innovation", "effective_on"),
                name="practitionerfigures_one_a_day_for_the_innovation",
                violation_error_message="Figures from this date are already recorded. Change those instead.",
            ),
        ),
        migrations.AddConstraint(
            model_name="practitionerfigures",
            constraint=models.UniqueConstraint(
                condition=models.Q(("slice__isnull", False)),
                fields=("slice", "effective_on"),
                name="practitionerfigures_one_a_day_per_slice",
                violation_error_message="Figures from this date are already recorded. Change those instead.",
            ),
        ),
    ]
