"""Fidelity: the instrument, practitioners by code, checks against the threshold, figures per quarter
against full implementation; and scale-up through slices of the system."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from innovations import selectors, services
from innovations.models import FidelityCheck, FidelityItem, FidelityResult, Practitioner, QuarterlyFigures, SystemSlice
from tests.innovations.factories import make_innovation, make_instrument, record_check, record_quarter

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


# --- Figures per quarter -------------------------------------------------------------------------


def _quarter_post(client, area, innovation, **overrides):
    data = {"quarter": THIS_QUARTER.label, "practitioners_intended": "10", "practitioners_trained": "6", "notes": ""}
    data.update(overrides)
    return client.post(reverse("innovations:quarter_create", args=[area.slug, innovation.pk]), data)


def test_trained_greater_than_intended_is_refused(client_for, member, dundee, innovation):
    response = _quarter_post(client_for(member), dundee, innovation, practitioners_trained="12", notes="Kept")
    assert response.status_code == 200
    form = response.context["form"]
    assert "More practitioners trained (12) than intended to use it (10)" in form.errors["practitioners_trained"][0]
    assert form["notes"].value() == "Kept"
    assert not QuarterlyFigures.objects.exists()
    with pytest.raises(ValidationError):
        record_quarter(innovation, member, THIS_QUARTER, intended=10, trained=12)


def test_a_quarter_is_recorded_once_and_a_future_quarter_not_at_all(client_for, member, dundee, innovation):
    client = client_for(member)
    assert _quarter_post(client, dundee, innovation).status_code == 302
    again = _quarter_post(client, dundee, innovation)
    assert "already recorded" in again.context["form"].errors["quarter"][0]
    future = _quarter_post(client, dundee, innovation, quarter=THIS_QUARTER.next().label)
    assert "Select a valid choice" in future.context["form"].errors["quarter"][0]
    with pytest.raises(ValidationError):
        record_quarter(innovation, member, THIS_QUARTER.next(), intended=1, trained=1)
    assert QuarterlyFigures.objects.count() == 1


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
    rows = {row.figures.quarter: row.figures for row in selectors.fidelity_by_quarter(innovation)}
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
    assert row.figures.at_fidelity == 1 and row.figures.percent is None and row.record is None


def test_editing_a_quarters_figures(client_for, member, dundee, innovation):
    figures = record_quarter(innovation, member, THIS_QUARTER, intended=10, trained=2)
    response = client_for(member).post(
        reverse("innovations:quarter_update", args=[dundee.slug, innovation.pk, figures.pk]),
        {"quarter": THIS_QUARTER.label, "practitioners_intended": "10", "practitioners_trained": "5", "notes": ""},
    )
    assert response.status_code == 302
    figures.refresh_from_db()
    assert figures.practitioners_trained == 5


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
    rows, totals = selectors.slice_rows(innovation)
    assert [(r.figures.intended, r.figures.trained, r.figures.at_fidelity) for r in rows] == [(8, 6, 1), (6, 2, 1)]
    assert (totals.intended, totals.trained, totals.at_fidelity, totals.percent) == (14, 8, 2, 14)
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
