"""Fidelity: the instrument, practitioners by code, checks against the threshold, dated figures of
practitioners intended and trained and the quarters derived from them against full implementation;
and scale-up through slices of the system."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from innovations import selectors, services
from innovations.models import (
    FidelityCheck,
    FidelityItem,
    FidelityResult,
    Innovation,
    Practitioner,
    PractitionerFigures,
    SystemSlice,
)
from tests.innovations.factories import make_innovation, make_instrument, record_check, record_figures, record_quarter

TODAY = timezone.localdate()
THIS_QUARTER = Quarter.of(TODAY)


@pytest.fixture
def innovation(dundee, member):
    innovation = make_innovation(dundee, member, name="Early help conversations", functions=3)
    make_instrument(innovation, member)
    return innovation


def _practitioner(innovation, actor, code, system_slice=None):
    return services.practitioner_save(innovation=innovation, actor=actor, code=code, system_slice=system_slice)


# --- The instrument ------------------------------------------------------------------------------


def test_the_instrument_is_built_from_the_essential_functions_once(client_for, member, dundee):
    innovation = make_innovation(dundee, member, functions=3)
    client = client_for(member)
    url = reverse("innovations:items_from_functions", args=[dundee.slug, innovation.pk])
    assert client.post(url).status_code == 302
    items = list(FidelityItem.objects.filter(innovation=innovation).select_related("function"))
    assert [i.function.name for i in items] == ["Function 1", "Function 2", "Function 3"]
    assert {i.kind for i in items} == {"met_not_met"}
    response = client.post(url, follow=True)
    assert "already has an item" in response.content.decode()
    assert FidelityItem.objects.filter(innovation=innovation).count() == 3


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "scored", "max_score": ""}, "max_score", "needs a highest score"),
        ({"kind": "scored", "max_score": "11"}, "max_score", "10 at most"),
        ({"kind": "met_not_met", "max_score": "3"}, "max_score", "Only a scored item"),
        ({"text": ""}, "text", "required"),
    ],
)
def test_an_item_with_bad_input_is_refused(client_for, member, dundee, innovation, data, field, message):
    payload = {"function": "", "text": "Plan agreed with the family", "kind": "met_not_met", "max_score": ""}
    payload.update(data)
    response = client_for(member).post(reverse("innovations:item_create", args=[dundee.slug, innovation.pk]), payload)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert FidelityItem.objects.filter(innovation=innovation).count() == 3


def test_an_item_cannot_name_another_innovations_function(client_for, member, dundee, innovation):
    other = make_innovation(dundee, member, name="Other", functions=1)
    payload = {"function": other.functions.get().pk, "text": "Item", "kind": "met_not_met", "max_score": ""}
    response = client_for(member).post(reverse("innovations:item_create", args=[dundee.slug, innovation.pk]), payload)
    assert "Select a valid choice" in response.context["form"].errors["function"][0]


# --- Practitioners -------------------------------------------------------------------------------


def test_practitioner_codes_are_unique_within_an_innovation(client_for, member, dundee, innovation):
    client = client_for(member)
    url = reverse("innovations:practitioner_create", args=[dundee.slug, innovation.pk])
    assert client.post(url, {"code": "dd-p01", "slice": ""}).status_code == 302
    assert Practitioner.objects.get(innovation=innovation).code == "DD-P01"
    response = client.post(url, {"code": "DD-P01 ", "slice": ""})
    assert response.status_code == 200
    assert "DD-P01 is already used for Early help conversations" in response.context["form"].errors["code"][0]
    assert response.context["form"]["code"].value() == "DD-P01 "
    other = make_innovation(dundee, member, name="Other")
    _practitioner(other, member, "DD-P01")  # another innovation may use the same code
    assert Practitioner.objects.filter(code="DD-P01").count() == 2


def test_a_practitioner_code_cannot_be_a_name(client_for, member, dundee, innovation):
    response = client_for(member).post(
        reverse("innovations:practitioner_create", args=[dundee.slug, innovation.pk]), {"code": "Jo Bloggs"}
    )
    assert "letters, numbers and hyphens only" in response.context["form"].errors["code"][0]
    assert not Practitioner.objects.exists()


def test_a_practitioner_cannot_join_another_innovations_slice(member, dundee, innovation):
    other = make_innovation(dundee, member, name="Other")
    theirs = services.slice_save(innovation=other, actor=member, data=_slice_data())
    with pytest.raises(ValidationError) as raised:
        _practitioner(innovation, member, "DD-P01", system_slice=theirs)
    assert "slice" in raised.value.message_dict


# --- Checks --------------------------------------------------------------------------------------


def _check_data(innovation, practitioner, **overrides):
    data = {"practitioner": practitioner.pk, "checked_on": TODAY.isoformat(), "assessor": "Coach", "notes": ""}
    for item in selectors.active_items(innovation):
        data[f"item_{item.pk}"] = "met" if item.kind == "met_not_met" else str(item.max_score)
    data.update(overrides)
    return data


def test_a_check_scores_its_items_and_meets_fidelity_at_the_threshold(client_for, member, dundee, innovation):
    services.fidelity_item_save(
        innovation=innovation, actor=member, data={"text": "Family's voice", "kind": "scored", "max_score": 3}
    )
    practitioner = _practitioner(innovation, member, "DD-P01")
    items = selectors.active_items(innovation)
    client = client_for(member)
    url = reverse("innovations:check_create", args=[dundee.slug, innovation.pk])
    # 3 of 3 met and 1 of 3 on the scored item: 4 of 6 points = 66.7%, below the default 80%.
    response = client.post(url, _check_data(innovation, practitioner, **{f"item_{items[-1].pk}": "1"}))
    assert response.status_code == 302
    check = FidelityCheck.objects.get()
    assert (float(check.score_percent), check.threshold_percent, check.meets_fidelity) == (66.7, 80, False)
    assert FidelityResult.objects.filter(fidelity_check=check).count() == 4
    page = client.get(response["Location"]).content.decode()
    assert "66.7%" in page and "Below the threshold" in page
    # One item not met, scored item full: 5 of 6 = 83.3%, which reaches 80%.
    client.post(url, _check_data(innovation, practitioner, **{f"item_{items[0].pk}": "not_met"}))
    assert FidelityCheck.objects.latest("pk").meets_fidelity


def test_a_check_keeps_the_threshold_it_was_judged_against(member, dundee, innovation):
    practitioner = _practitioner(innovation, member, "DD-P01")
    check = record_check(innovation, member, practitioner, TODAY)
    services.innovation_update(
        innovation=innovation, actor=member, data={"fidelity_threshold": 100}, expected_version=innovation.version
    )
    check.refresh_from_db()
    assert check.threshold_percent == 80 and check.meets_fidelity


def test_a_check_dated_in_the_future_is_refused_with_the_typed_values_kept(client_for, member, dundee, innovation):
    practitioner = _practitioner(innovation, member, "DD-P01")
    future = (TODAY + timedelta(days=1)).isoformat()
    response = client_for(member).post(
        reverse("innovations:check_create", args=[dundee.slug, innovation.pk]),
        _check_data(innovation, practitioner, checked_on=future, assessor="Senior practitioner"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "dated in the future" in form.errors["checked_on"][0]
    assert form["assessor"].value() == "Senior practitioner"
    assert not FidelityCheck.objects.exists() and not FidelityResult.objects.exists()
    with pytest.raises(ValidationError):
        record_check(innovation, member, practitioner, TODAY + timedelta(days=1))


@pytest.mark.parametrize(("value", "message"), [("4", "from 0 to 3"), ("-1", "from 0 to 3"), ("", "from 0 to 3")])
def test_a_score_outside_the_items_scale_is_refused(client_for, member, dundee, innovation, value, message):
    item = services.fidelity_item_save(
        innovation=innovation, actor=member, data={"text": "Family's voice", "kind": "scored", "max_score": 3}
    )
    practitioner = _practitioner(innovation, member, "DD-P01")
    response = client_for(member).post(
        reverse("innovations:check_create", args=[dundee.slug, innovation.pk]),
        _check_data(innovation, practitioner, **{f"item_{item.pk}": value}),
    )
    assert message in response.context["form"].errors[f"item_{item.pk}"][0]
    assert not FidelityCheck.objects.exists()


def test_every_item_must_be_marked(client_for, member, dundee, innovation):
    practitioner = _practitioner(innovation, member, "DD-P01")
    item = selectors.active_items(innovation)[1]
    response = client_for(member).post(
        reverse("innovations:check_create", args=[dundee.slug, innovation.pk]),
        _check_data(innovation, practitioner, **{f"item_{item.pk}": ""}),
    )
    assert "Mark this item met or not met" in response.context["form"].errors[f"item_{item.pk}"][0]


def test_no_check_after_a_practitioner_stopped(member, dundee, innovation):
    practitioner = _practitioner(innovation, member, "DD-P01")
    services.practitioner_save(
        innovation=innovation,
        actor=member,
        code="DD-P01",
        left_on=TODAY - timedelta(days=10),
        practitioner=practitioner,
    )
    practitioner.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        record_check(innovation, member, practitioner, TODAY)
    assert "stopped using the innovation" in raised.value.message_dict["checked_on"][0]


def test_a_practitioner_of_another_innovation_cannot_be_checked_here(client_for, member, dundee, innovation):
    other = make_innovation(dundee, member, name="Other")
    theirs = _practitioner(other, member, "DD-P09")
    response = client_for(member).post(
        reverse("innovations:check_create", args=[dundee.slug, innovation.pk]), _check_data(innovation, theirs)
    )
    assert "Select a valid choice" in response.context["form"].errors["practitioner"][0]


# --- Practitioners intended and trained: dated figures --------------------------------------------


def _figures_post(client, area, innovation, **overrides):
    data = {"effective_on": TODAY.isoformat(), "practitioners_intended": "10", "practitioners_trained": "6"}
    data = {**data, "notes": "", **overrides}
    return client.post(reverse("innovations:figures_create", args=[area.slug, innovation.pk]), data)


def test_trained_greater_than_intended_is_refused(client_for, member, dundee, innovation):
    response = _figures_post(client_for(member), dundee, innovation, practitioners_trained="12", notes="Kept")
    assert response.status_code == 200
    form = response.context["form"]
    assert "More practitioners trained (12) than intended to use it (10)" in form.errors["practitioners_trained"][0]
    assert form["notes"].value() == "Kept"
    assert not PractitionerFigures.objects.exists()
    with pytest.raises(ValidationError):
        record_figures(innovation, member, TODAY, intended=10, trained=12)


def test_figures_are_recorded_once_a_day_and_never_in_the_future(client_for, member, dundee, innovation):
    client = client_for(member)
    assert _figures_post(client, dundee, innovation).status_code == 302
    again = _figures_post(client, dundee, innovation)
    assert "already recorded" in again.context["form"].errors["effective_on"][0]
    future = _figures_post(client, dundee, innovation, effective_on=(TODAY + timedelta(days=1)).isoformat())
    assert "in the future" in future.context["form"].errors["effective_on"][0]
    with pytest.raises(ValidationError):
        record_figures(innovation, member, TODAY + timedelta(days=1), intended=1, trained=1)
    assert PractitionerFigures.objects.count() == 1


def test_figures_per_quarter_count_each_practitioners_latest_check_only(client_for, member, dundee, innovation):
    last, this = THIS_QUARTER.previous(), THIS_QUARTER
    record_quarter(innovation, member, last, intended=4, trained=3)
    record_quarter(innovation, member, this, intended=4, trained=4)
    a, b, c = (_practitioner(innovation, member, f"DD-P0{n}") for n in (1, 2, 3))
    record_check(innovation, member, a, last.start, meets=True)
    record_check(innovation, member, b, last.start, meets=True)
    record_check(innovation, member, b, this.start, meets=False)  # B's latest no longer meets fidelity
    record_check(innovation, member, c, last.start, meets=False)
    record_check(innovation, member, c, this.start, meets=True)  # C's latest does
    rows = {row.quarter: row for row in selectors.fidelity_by_quarter(innovation)}
    assert (rows[last].at_fidelity, rows[last].percent, rows[last].full_implementation) == (2, 50, True)
    assert (rows[this].at_fidelity, rows[this].percent) == (2, 50)  # A (carried forward) and C

    response = client_for(member).get(reverse("innovations:fidelity", args=[dundee.slug, innovation.pk]))
    chart = response.context["chart"]
    assert chart.headers == ["Quarter", "At fidelity"]
    assert [this.label, "50%"] in chart.rows
    assert "Full implementation: 50%" in chart.svg
    html = response.content.decode()
    assert "Criterion met" in html and chart.data_uri in html


def test_a_quarter_without_intended_practitioners_shows_a_gap_not_zero(member, dundee, innovation):
    practitioner = _practitioner(innovation, member, "DD-P01")
    record_check(innovation, member, practitioner, THIS_QUARTER.start)
    row = selectors.fidelity_by_quarter(innovation)[-1]
    assert row.at_fidelity == 1 and row.percent is None and row.intended is None


def test_figures_carry_forward_into_later_quarters_without_being_typed_again(client_for, member, dundee, innovation):
    first = THIS_QUARTER.previous().previous().previous()
    record_figures(innovation, member, first.start + timedelta(days=10), intended=10, trained=4)
    rows = selectors.fidelity_by_quarter(innovation)
    assert [(r.quarter, r.intended, r.trained) for r in rows] == [
        (first, 10, 4),
        (first.next(), 10, 4),
        (first.next().next(), 10, 4),
        (THIS_QUARTER, 10, 4),
    ]
    html = client_for(member).get(reverse("innovations:fidelity", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Record a change in practitioners intended or trained" in html
    assert "quarters/new" not in html  # nothing to re-key each quarter


def test_a_slice_change_makes_the_innovations_figures_the_sum_of_its_slices(client_for, member, dundee, innovation):
    q1 = THIS_QUARTER.previous().previous().previous()
    record_figures(innovation, member, q1.start, intended=10, trained=4)  # before slices
    zone = services.slice_save(
        innovation=innovation,
        actor=member,
        data=_slice_data(started_on=q1.next().start + timedelta(days=5), practitioners_intended=8),
    )
    services.slice_save(
        innovation=innovation,
        actor=member,
        data=_slice_data(
            name="North",
            started_on=q1.next().next().start,
            practitioners_intended=6,
            practitioners_trained=1,
            conditions_evidence="Zone at fidelity",
        ),
    )
    record_figures(innovation, member, THIS_QUARTER.start, intended=8, trained=8, system_slice=zone)
    rows = selectors.fidelity_by_quarter(innovation)
    assert [(r.intended, r.trained) for r in rows] == [(10, 4), (8, 6), (14, 7), (14, 9)]
    # Once slices are used, figures for the whole innovation are refused: they come from the slices.
    with pytest.raises(ValidationError) as refused:
        record_figures(innovation, member, TODAY, intended=20, trained=9)
    assert "sum of its slices" in str(refused.value)
    form = client_for(member).get(reverse("innovations:figures_create", args=[dundee.slug, innovation.pk]))
    assert form.context["form"].fields["slice"].required


def test_a_slices_figures_cannot_start_before_the_slice(member, dundee, innovation):
    zone = services.slice_save(innovation=innovation, actor=member, data=_slice_data())
    with pytest.raises(ValidationError) as refused:
        record_figures(innovation, member, zone.started_on - timedelta(days=1), 8, 1, system_slice=zone)
    assert "its figures start then or later" in str(refused.value)


def test_correcting_figures(client_for, member, dundee, innovation):
    figures = record_quarter(innovation, member, THIS_QUARTER, intended=10, trained=2)
    response = client_for(member).post(
        reverse("innovations:figures_update", args=[dundee.slug, innovation.pk, figures.pk]),
        {
            "effective_on": figures.effective_on.isoformat(),
            "practitioners_intended": "10",
            "practitioners_trained": "5",
            "notes": "Miscounted",
            "version": "1",
        },
    )
    assert response.status_code == 302
    figures.refresh_from_db()
    assert (figures.practitioners_trained, figures.version) == (5, 2)


# --- Essential items, the validity period and checks due ------------------------------------------


def _essential_instrument(innovation, member):
    """Four met / not met items (the first essential) and one scored 0-3, against a 75% threshold."""
    FidelityItem.objects.filter(innovation=innovation).delete()
    innovation.fidelity_threshold = 75
    innovation.save()
    items = [
        services.fidelity_item_save(
            innovation=innovation, actor=member, data={"text": f"Item {n}", "kind": "met_not_met", "essential": n == 1}
        )
        for n in range(1, 5)
    ]
    items.append(
        services.fidelity_item_save(
            innovation=innovation, actor=member, data={"text": "Quality", "kind": "scored", "max_score": 3}
        )
    )
    return items


def test_an_essential_item_missed_at_a_high_score_is_not_at_fidelity(client_for, member, dundee, innovation):
    items = _essential_instrument(innovation, member)
    practitioner = _practitioner(innovation, member, "DD-P01")
    results = {item.pk: True for item in items[:4]} | {items[4].pk: 3, items[0].pk: False}
    check = services.fidelity_check_record(
        innovation=innovation,
        actor=member,
        practitioner=practitioner,
        checked_on=TODAY,
        assessor="Coach",
        results=results,
    )
    check.refresh_from_db()
    assert (check.score_percent, check.essential_missed, check.meets_fidelity) == (Decimal("85.7"), 1, False)
    assert FidelityResult.objects.get(fidelity_check=check, item=items[0]).essential
    assert selectors.fidelity_by_quarter(innovation)[-1].at_fidelity == 0
    page = client_for(member).get(reverse("innovations:check_detail", args=[dundee.slug, innovation.pk, check.pk]))
    assert "Essential item not met" in page.content.decode()
    met = services.fidelity_check_record(
        innovation=innovation,
        actor=member,
        practitioner=practitioner,
        checked_on=TODAY,
        assessor="Coach",
        results=results | {items[0].pk: True, items[1].pk: False, items[4].pk: 2},
    )
    assert (float(met.score_percent), met.meets_fidelity) == (71.4, False)  # below the threshold
    assert services.fidelity_check_record(
        innovation=innovation,
        actor=member,
        practitioner=practitioner,
        checked_on=TODAY,
        assessor="Coach",
        results=results | {items[0].pk: True, items[1].pk: False},
    ).meets_fidelity  # 6 of 7 with every essential item met


def test_only_a_met_or_not_met_item_can_be_essential(client_for, member, dundee, innovation):
    response = client_for(member).post(
        reverse("innovations:item_create", args=[dundee.slug, innovation.pk]),
        {"text": "Quality", "kind": "scored", "max_score": "3", "essential": "on"},
    )
    assert "Only an item marked met or not met can be essential" in response.context["form"].errors["essential"][0]
    with pytest.raises(ValidationError):
        services.fidelity_item_save(
            innovation=innovation, actor=member, data={"text": "Q", "kind": "scored", "max_score": 3, "essential": True}
        )


def test_a_check_older_than_the_validity_period_is_overdue_and_not_at_fidelity(client_for, member, dundee, innovation):
    record_figures(innovation, member, TODAY - timedelta(days=400), intended=4, trained=2)
    old, recent, never = (_practitioner(innovation, member, f"DD-P0{n}") for n in (1, 2, 3))
    record_check(innovation, member, old, TODAY - timedelta(days=200))  # six months ago and more
    record_check(innovation, member, recent, TODAY - timedelta(days=170))  # due within 30 days
    row = selectors.fidelity_by_quarter(innovation)[-1]
    assert (row.at_fidelity, row.overdue) == (1, 1)
    due = selectors.checks_due(innovation)
    assert [(r.practitioner.code, r.due.overdue, r.due.due_soon) for r in due] == [
        ("DD-P01", True, False),
        ("DD-P02", False, True),
        ("DD-P03", False, False),
    ]
    client = client_for(member)
    page = client.get(reverse("innovations:checks_due", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Overdue" in page and "Due soon" in page and "Not checked yet" in page
    assert f"?practitioner={never.pk}" in page
    fidelity = client.get(reverse("innovations:fidelity", args=[dundee.slug, innovation.pk])).content.decode()
    assert "1 overdue" in fidelity
    # A longer validity period for this instrument: the old check is current again.
    services.innovation_update(
        innovation=innovation,
        actor=member,
        data={"fidelity_validity_months": 12},
        expected_version=Innovation.objects.get(pk=innovation.pk).version,
    )
    innovation.refresh_from_db()
    row = selectors.fidelity_by_quarter(innovation)[-1]
    assert (row.at_fidelity, row.overdue) == (2, 0)


# --- Slices of the system ------------------------------------------------------------------------


def _slice_data(**overrides):
    data = {
        "name": "East locality",
        "kind": "locality",
        "started_on": TODAY - timedelta(days=300),
        "practitioners_intended": 8,
        "practitioners_trained": 6,
        "conditions_evidence": "",
    }
    data.update(overrides)
    return data


def _slice_post(client, area, innovation, **overrides):
    data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in _slice_data(**overrides).items()}
    return client.post(reverse("innovations:slice_create", args=[area.slug, innovation.pk]), data)


def test_the_first_slice_is_the_transformation_zone_and_expansion_needs_evidence(
    client_for, member, dundee, innovation
):
    client = client_for(member)
    assert _slice_post(client, dundee, innovation).status_code == 302
    response = _slice_post(client, dundee, innovation, name="School cluster", started_on=TODAY - timedelta(days=30))
    assert response.status_code == 200
    assert "conditions for expanding" in response.context["form"].errors["conditions_evidence"][0]
    assert response.context["form"]["name"].value() == "School cluster"
    response = _slice_post(
        client,
        dundee,
        innovation,
        name="School cluster",
        kind="school_cluster",
        started_on=TODAY - timedelta(days=30),
        conditions_evidence="Zone at 60% fidelity for two quarters",
    )
    assert response.status_code == 302
    rows, _ = selectors.slice_rows(innovation)
    assert [(r.slice.name, r.is_zone) for r in rows] == [("East locality", True), ("School cluster", False)]
    page = client.get(reverse("innovations:slice_list", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Transformation zone" in page and "Zone at 60% fidelity" in page


def test_a_further_slice_cannot_start_before_the_transformation_zone(client_for, member, dundee, innovation):
    services.slice_save(innovation=innovation, actor=member, data=_slice_data())
    response = _slice_post(
        client_for(member),
        dundee,
        innovation,
        name="Earlier",
        started_on=TODAY - timedelta(days=400),
        conditions_evidence="Some",
    )
    assert "start on or after the transformation zone" in response.context["form"].errors["started_on"][0]
    assert SystemSlice.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"practitioners_trained": 9}, "practitioners_trained", "More practitioners trained (9) than intended"),
        ({"started_on": TODAY + timedelta(days=1)}, "started_on", "in the future"),
        ({"kind": "county"}, "kind", "Select a valid choice"),
    ],
)
def test_a_slice_with_bad_input_is_refused(client_for, member, dundee, innovation, overrides, field, message):
    response = _slice_post(client_for(member), dundee, innovation, **overrides)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert response.context["form"]["name"].value() == "East locality"
    assert not SystemSlice.objects.exists()


def test_scale_up_sums_the_slices_and_counts_at_fidelity_from_latest_checks(client_for, member, dundee, innovation):
    zone = services.slice_save(innovation=innovation, actor=member, data=_slice_data())
    further = services.slice_save(
        innovation=innovation,
        actor=member,
        data=_slice_data(
            name="Cluster",
            started_on=TODAY - timedelta(days=20),
            practitioners_intended=6,
            practitioners_trained=2,
            conditions_evidence="Conditions met",
        ),
    )
    a = _practitioner(innovation, member, "DD-P01", zone)
    b = _practitioner(innovation, member, "DD-P02", zone)
    c = _practitioner(innovation, member, "DD-P03", further)
    record_check(innovation, member, a, TODAY - timedelta(days=40))
    record_check(innovation, member, b, TODAY - timedelta(days=40))
    record_check(innovation, member, b, TODAY - timedelta(days=5), meets=False)
    record_check(innovation, member, c, TODAY)
    record_figures(innovation, member, TODAY - timedelta(days=10), 8, 7, system_slice=zone)
    record_figures(innovation, member, TODAY - timedelta(days=100), 8, 3, system_slice=zone)  # older, superseded
    rows, totals = selectors.slice_rows(innovation)
    assert [(r.figures.intended, r.figures.trained, r.figures.at_fidelity) for r in rows] == [(8, 7, 1), (6, 2, 1)]
    assert (totals.intended, totals.trained, totals.at_fidelity, totals.percent) == (14, 9, 2, 14)
    page = client_for(member).get(reverse("innovations:slice_list", args=[dundee.slug, innovation.pk]))
    assert "All 2 slices" in page.content.decode()


def test_practitioners_list_shows_each_latest_check_and_filters_by_slice(client_for, member, dundee, innovation):
    zone = services.slice_save(innovation=innovation, actor=member, data=_slice_data())
    a = _practitioner(innovation, member, "DD-P01", zone)
    _practitioner(innovation, member, "DD-P02")
    record_check(innovation, member, a, TODAY - timedelta(days=40), meets=False)
    record_check(innovation, member, a, TODAY)
    client = client_for(member)
    response = client.get(reverse("innovations:practitioner_list", args=[dundee.slug, innovation.pk]))
    first = response.context["practitioners"][0]
    assert (first.code, first.checks_count, first.latest_checked_on, first.latest_meets) == ("DD-P01", 2, TODAY, True)
    filtered = client.get(
        reverse("innovations:practitioner_list", args=[dundee.slug, innovation.pk]), {"slice": zone.pk}
    )
    assert [p.code for p in filtered.context["practitioners"]] == ["DD-P01"]


def test_checks_list_filters_by_result(client_for, member, dundee, innovation):
    a = _practitioner(innovation, member, "DD-P01")
    record_check(innovation, member, a, TODAY - timedelta(days=40), meets=False)
    record_check(innovation, member, a, TODAY)
    response = client_for(member).get(
        reverse("innovations:check_list", args=[dundee.slug, innovation.pk]), {"result": "below"}
    )
    assert [c.meets_fidelity for c in response.context["checks"]] == [False]
