"""Entering values: one period at a time in the grid, the rules every value meets, and its history."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.locking import StaleEdit
from measures import services
from measures.models import MeasureValue
from measures.periods import financial_year, period_containing
from measures.validation import ValueEntry
from tests.measures.factories import MeasureFactory, ProportionMeasureFactory


def _errors(excinfo) -> dict:
    return excinfo.value.message_dict


@pytest.mark.parametrize(
    ("frequency", "good", "bad", "words"),
    [
        ("weekly", date(2025, 4, 7), date(2025, 4, 9), "weekly periods start on a Monday"),
        ("monthly", date(2025, 4, 1), date(2025, 4, 2), "monthly periods start on the 1st"),
        ("quarterly", date(2025, 10, 1), date(2025, 11, 1), "1 April, 1 July, 1 October or 1 January"),
    ],
)
def test_a_period_that_does_not_match_the_frequency_is_refused(member, dundee, frequency, good, bad, words):
    measure = MeasureFactory(area=dundee, frequency=frequency)
    with pytest.raises(ValidationError) as excinfo:
        services.measure_values_save(
            measure=measure,
            actor=member,
            entries=[ValueEntry(period=good, value=Decimal(4)), ValueEntry(period=bad, value=Decimal(5))],
        )
    assert list(_errors(excinfo)) == [bad.isoformat()]
    assert words in _errors(excinfo)[bad.isoformat()][0]
    assert not MeasureValue.objects.exists()  # all or nothing: the good period was not saved either


def test_the_same_period_twice_is_refused(member, dundee):
    measure = MeasureFactory(area=dundee)
    with pytest.raises(ValidationError) as excinfo:
        services.measure_values_save(
            measure=measure,
            actor=member,
            entries=[ValueEntry(period=date(2025, 4, 1), value=Decimal(4))] * 2,
        )
    assert _errors(excinfo)["2025-04-01"] == ["This period is given more than once."]


def test_a_numerator_above_its_denominator_is_refused(member, dundee):
    measure = ProportionMeasureFactory(area=dundee)
    with pytest.raises(ValidationError) as excinfo:
        services.measure_values_save(
            measure=measure, actor=member, entries=[ValueEntry(period=date(2025, 4, 1), numerator=12, denominator=10)]
        )
    assert "numerator (12) is above the denominator (10)" in _errors(excinfo)["2025-04-01"][0]


def test_a_proportion_is_stored_as_a_percentage_with_its_counts(member, dundee):
    measure = ProportionMeasureFactory(area=dundee)
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=date(2025, 4, 1), numerator=3, denominator=8)]
    )
    value = MeasureValue.objects.get()
    assert (value.value, value.numerator, value.denominator) == (Decimal("37.5"), 3, 8)
    assert value.area == dundee


def test_a_period_that_has_not_started_is_refused(member, dundee):
    measure = MeasureFactory(area=dundee)
    next_month = period_containing("monthly", timezone.localdate() + timedelta(days=32))
    with pytest.raises(ValidationError) as excinfo:
        services.measure_values_save(
            measure=measure, actor=member, entries=[ValueEntry(period=next_month, value=Decimal(1))]
        )
    assert "has not started yet" in _errors(excinfo)[next_month.isoformat()][0]


def test_each_value_keeps_its_history_and_note(member, lead, dundee):
    measure = MeasureFactory(area=dundee)
    april = date(2025, 4, 1)
    services.measure_values_save(measure=measure, actor=member, entries=[ValueEntry(period=april, value=Decimal(7))])
    services.measure_values_save(
        measure=measure, actor=lead, entries=[ValueEntry(period=april, value=Decimal(9), note="Recount after audit")]
    )
    services.measure_values_save(measure=measure, actor=lead, entries=[ValueEntry(period=april)])  # cleared
    history = list(MeasureValue.history.filter(measure_id=measure.pk).order_by("history_date", "history_id"))
    assert [(h.history_type, h.value, h.note, h.history_user) for h in history] == [
        ("+", Decimal(7), "", member),
        ("~", Decimal(9), "Recount after audit", lead),
        ("-", Decimal(9), "Recount after audit", lead),
    ]
    assert not MeasureValue.objects.exists()


def test_someone_from_another_area_cannot_save_values(other_member, dundee):
    with pytest.raises(PermissionDenied):
        services.measure_values_save(
            measure=MeasureFactory(area=dundee),
            actor=other_member,
            entries=[ValueEntry(period=date(2025, 4, 1), value=Decimal(1))],
        )


def test_a_stale_save_is_refused(member, dundee):
    measure = MeasureFactory(area=dundee)
    opened_at = measure.data_version
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=date(2025, 4, 1), value=Decimal(1))]
    )
    with pytest.raises(StaleEdit):
        services.measure_values_save(
            measure=measure,
            actor=member,
            entries=[ValueEntry(period=date(2025, 5, 1), value=Decimal(2))],
            expected_data_version=opened_at,
        )


# --- The grid ---------------------------------------------------------------------------------


def _grid_url(measure, year):
    return reverse("measures:data", args=[measure.area.slug, measure.pk]) + f"?year={year}"


def test_the_grid_shows_a_row_per_period_of_the_financial_year_with_stored_values(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, frequency="quarterly")
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=date(2024, 7, 1), value=Decimal("12.5"))]
    )
    response = client_for(member).get(_grid_url(measure, 2024))
    page = response.content.decode()
    assert [row["row"].label for row in response.context["form"].grid()] == [
        "2024-25 Q1",
        "2024-25 Q2",
        "2024-25 Q3",
        "2024-25 Q4",
    ]
    assert 'value="12.5"' in page
    assert 'aria-labelledby="p20240701-label col-value"' in page


def test_saving_the_grid_adds_changes_and_removes_values(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, frequency="quarterly")
    services.measure_values_save(
        measure=measure,
        actor=member,
        entries=[
            ValueEntry(period=date(2024, 4, 1), value=Decimal(3)),
            ValueEntry(period=date(2024, 7, 1), value=Decimal(4)),
        ],
    )
    measure.refresh_from_db()
    response = client_for(member).post(
        _grid_url(measure, 2024),
        {
            "data_version": measure.data_version,
            "p20240401-value": "3",  # unchanged
            "p20240701-value": "",  # cleared: removed
            "p20241001-value": "6",
            "p20241001-note": "New screening tool",
            "p20250101-value": "",
        },
    )
    assert response.status_code == 302
    stored = dict(MeasureValue.objects.values_list("period_start", "value"))
    assert stored == {date(2024, 4, 1): Decimal(3), date(2024, 10, 1): Decimal(6)}
    assert MeasureValue.objects.get(period_start=date(2024, 10, 1)).note == "New screening tool"


def test_one_bad_row_in_the_grid_saves_nothing_and_says_which(client_for, member, dundee):
    measure = ProportionMeasureFactory(area=dundee, frequency="quarterly")
    response = client_for(member).post(
        _grid_url(measure, 2024),
        {
            "data_version": measure.data_version,
            "p20240401-numerator": "3",
            "p20240401-denominator": "9",
            "p20240701-numerator": "11",
            "p20240701-denominator": "9",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been saved" in page
    assert "2024-25 Q2: The numerator (11) is above the denominator (9)" in page
    assert 'href="#id_p20240701-numerator"' in page
    assert not MeasureValue.objects.exists()


def test_a_grid_opened_before_someone_else_saved_keeps_the_typed_values(client_for, member, lead, dundee):
    measure = MeasureFactory(area=dundee, frequency="quarterly")
    opened_at = measure.data_version
    services.measure_values_save(
        measure=measure, actor=lead, entries=[ValueEntry(period=date(2024, 4, 1), value=Decimal(5))]
    )
    client = client_for(member)
    response = client.post(_grid_url(measure, 2024), {"data_version": opened_at, "p20240701-value": "8"})
    assert response.status_code == 200
    assert "Someone else saved data for this measure" in response.content.decode()
    assert response.context["form"]["p20240701-value"].value() == "8"
    assert not MeasureValue.objects.filter(period_start=date(2024, 7, 1)).exists()
    # The form now carries the current version, so saving again goes through.
    data = {k: v for k, v in response.context["form"].data.items() if k != "csrfmiddlewaretoken"}
    assert client.post(_grid_url(measure, 2024), data).status_code == 302
    assert MeasureValue.objects.filter(period_start=date(2024, 7, 1)).exists()


def test_the_grid_offers_every_year_from_the_first_value(client_for, member, dundee):
    measure = MeasureFactory(area=dundee)
    first_year = financial_year(timezone.localdate()) - 2
    services.measure_values_save(
        measure=measure, actor=member, entries=[ValueEntry(period=date(first_year, 5, 1), value=Decimal(2))]
    )
    response = client_for(member).get(reverse("measures:data", args=[dundee.slug, measure.pk]))
    assert [y["year"] for y in response.context["years"]] == [first_year, first_year + 1, first_year + 2]
    assert response.context["earlier_year"]["year"] == first_year - 1
    assert response.context["year"] == first_year + 2  # opens on this financial year
