"""Issue 13 point 8: a count measure takes whole numbers only — in the grid, in a CSV upload and in
the model's own validation — and its unit says what is counted."""

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from measures import csv_import, services
from measures.models import MeasureValue
from measures.validation import ValueEntry
from tests.measures.factories import MeasureFactory, MeasureValueFactory, ProportionMeasureFactory

WHOLE = "Enter a whole number, like 12: this measure counts families."


@pytest.fixture
def families(dundee):
    return MeasureFactory(area=dundee, name="Families completing the programme", unit="families", is_count=True)


def _definition(**overrides) -> dict:
    return {
        "name": "Families offered support",
        "measure_type": "outcome",
        "definition": "Families offered support in the month.",
        "is_proportion": False,
        "is_count": True,
        "numerator_definition": "",
        "denominator_definition": "",
        "unit": "families",
        "frequency": "monthly",
        "direction": "increase",
    } | overrides


def test_the_grid_refuses_15_8_families_next_to_the_field(client_for, member, families):
    url = reverse("measures:data", args=[families.area.slug, families.pk]) + "?year=2024"
    page = client_for(member).get(url).content.decode()
    assert "Number of families" in page and 'inputmode="numeric"' in page
    response = client_for(member).post(
        url, {"data_version": families.data_version, "p20240401-value": "15.8", "p20240501-value": "12"}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["p20240401-value"] == [WHOLE]
    row = next(row for row in form.grid() if row["prefix"] == "p20240401")
    assert row["errors"] == [WHOLE]  # shown in the period's own row, beside its field
    assert not MeasureValue.objects.exists()  # nothing saved, not even the good row

    response = client_for(member).post(url, {"data_version": families.data_version, "p20240401-value": "16"})
    assert response.status_code == 302
    assert MeasureValue.objects.get().value == Decimal(16)


def test_the_service_refuses_a_fraction_for_a_count_but_not_for_a_measurement(member, dundee, families):
    with pytest.raises(ValidationError) as refused:
        services.measure_values_save(
            measure=families, actor=member, entries=[ValueEntry(period=date(2024, 4, 1), value=Decimal("15.8"))]
        )
    assert refused.value.message_dict == {"2024-04-01": [WHOLE]}
    days = MeasureFactory(area=dundee, name="Days to first contact", unit="days")
    services.measure_values_save(
        measure=days, actor=member, entries=[ValueEntry(period=date(2024, 4, 1), value=Decimal("15.8"))]
    )
    assert MeasureValue.objects.get(measure=days).value == Decimal("15.8")


def test_model_validation_refuses_a_fraction_for_a_count(families):
    value = MeasureValueFactory.build(measure=families, area=families.area, value=Decimal("15.8"))
    with pytest.raises(ValidationError) as refused:
        value.full_clean()
    assert refused.value.message_dict["value"] == [WHOLE]
    MeasureValueFactory.build(measure=families, area=families.area, value=Decimal("16")).clean()


def test_a_csv_upload_refuses_a_fraction_for_a_count_on_its_row(families):
    rows = [
        (2, {"measure": families.name, "period": "2024-04-01", "value": "15.8"}),
        (3, {"measure": families.name, "period": "2024-05-01", "value": "16"}),
    ]
    check = csv_import.check_rows(rows, measures=[families], today=date(2026, 1, 1))
    assert not check.is_valid
    assert check.rows[0].errors == [WHOLE]
    assert check.rows[1].errors == [] and check.rows[1].shown_value.startswith("16")


def test_a_count_needs_a_unit_saying_what_is_counted(member, dundee):
    with pytest.raises(ValidationError) as refused:
        services.measure_create(area=dundee, actor=member, data=_definition(unit=""))
    assert refused.value.message_dict == {
        "unit": ["Say what is counted, in the plural, e.g. “families” or “referrals”."]
    }
    measure = services.measure_create(area=dundee, actor=member, data=_definition())
    assert measure.is_count and measure.unit == "families"


def test_a_proportion_is_not_also_a_count(member, dundee):
    with pytest.raises(ValidationError) as refused:
        services.measure_create(
            area=dundee,
            actor=member,
            data=_definition(is_proportion=True, numerator_definition="Seen", denominator_definition="Referred"),
        )
    assert "is_count" in refused.value.message_dict


def test_a_measure_with_fractions_recorded_cannot_become_a_count_until_they_are_corrected(member, dundee):
    measure = MeasureFactory(area=dundee, unit="families")
    MeasureValueFactory(measure=measure, value=Decimal("15.8"))
    data = {"is_count": True}
    with pytest.raises(ValidationError) as refused:
        services.measure_update(measure=measure, actor=member, data=data, expected_version=measure.version)
    assert "1 recorded value is not a whole number" in refused.value.message_dict["is_count"][0]
    MeasureValue.objects.update(value=Decimal(16))
    measure = services.measure_update(measure=measure, actor=member, data=data, expected_version=measure.version)
    assert measure.is_count


def test_the_measure_form_explains_what_a_count_is(client_for, member, dundee):
    page = client_for(member).get(reverse("measures:create", args=[dundee.slug])).content.decode()
    assert "A count" in page and "values are then whole numbers, and the unit says what is counted" in page


def test_the_data_migration_marks_counts_and_rounds_their_fractions(dundee):
    """Worked example: "15.8 families" becomes 16 (with a history row saying why); days keep 15.8."""
    migration = importlib.import_module("measures.migrations.0003_mark_counts_and_round_their_values")
    families = MeasureFactory(area=dundee, name="Families", unit="families")
    days = MeasureFactory(area=dundee, name="Days", unit="days")
    proportion = ProportionMeasureFactory(area=dundee, name="Seen")
    counted = MeasureValueFactory(measure=families, value=Decimal("15.8"))
    half = MeasureValueFactory(measure=families, value=Decimal("12.5"), period_start=date(2024, 5, 1))
    measured = MeasureValueFactory(measure=days, value=Decimal("15.8"))
    MeasureValueFactory(measure=proportion, value=Decimal("66.6667"), numerator=2, denominator=3)

    # Run it with the models as the migration sees them (no history signals, as in a real migrate).
    state = MigrationExecutor(connection).loader.project_state(("measures", "0002_measures_counts_whole_numbers"))
    migration.mark_counts_and_round(state.apps, None)

    families.refresh_from_db()
    days.refresh_from_db()
    proportion.refresh_from_db()
    assert (families.is_count, days.is_count, proportion.is_count) == (True, False, False)
    counted.refresh_from_db()
    half.refresh_from_db()
    measured.refresh_from_db()
    assert (counted.value, half.value, measured.value) == (Decimal(16), Decimal(13), Decimal("15.8"))
    latest = counted.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == migration.REASON and latest.value == Decimal(16)
    assert counted.history.count() == 2  # created, then rounded
    assert families.data_version == 2 and days.data_version == 1
