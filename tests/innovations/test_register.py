"""The register: adding and editing innovations, their status, description, history and the
overview panel."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from innovations import services
from innovations.models import Innovation, InnovationStatus, PracticeLevel
from tests.innovations.factories import make_innovation, make_instrument, record_check, record_quarter

TODAY = timezone.localdate()


def _create(client, area, **overrides):
    data = {
        "name": "Early help conversations",
        "summary": "A structured conversation.",
        "origin": "adapted",
        "design_decision": "Implementation team, March",
        "fidelity_threshold": "80",
        "status": "exploring",
        "status_changed_on": "",
        "status_reason": "",
    }
    data.update(overrides)
    return client.post(reverse("innovations:create", args=[area.slug]), data)


def test_member_adds_an_innovation_with_three_practice_levels_by_default(client_for, member, dundee):
    response = _create(client_for(member), dundee)
    innovation = Innovation.objects.get(area=dundee)
    assert response["Location"] == reverse("innovations:detail", args=[dundee.slug, innovation.pk])
    assert innovation.status == InnovationStatus.EXPLORING and innovation.created_by == member
    assert list(PracticeLevel.objects.filter(innovation=innovation).values_list("name", flat=True)) == [
        "Expected practice",
        "Developmental practice",
        "Unacceptable practice",
    ]
    page = client_for(member).get(response["Location"])
    assert "Early help conversations" in page.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"fidelity_threshold": "120"}, "fidelity_threshold", "100 at most"),
        ({"fidelity_threshold": "0"}, "fidelity_threshold", "at least 1"),
        ({"status": "discontinued"}, "status_changed_on", "Give the date"),
        ({"status": "discontinued", "status_changed_on": TODAY.isoformat()}, "status_reason", "Say why"),
        ({"status": "not_selected", "status_reason": "Poor fit"}, "status_changed_on", "Give the date"),
        (
            {"status": "selected", "status_changed_on": (TODAY + timedelta(days=3)).isoformat()},
            "status_changed_on",
            "in the future",
        ),
        ({"origin": "invented"}, "origin", "Select a valid choice"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_bad_input_on_a_new_innovation_is_refused_with_the_typed_values_kept(
    client_for, member, dundee, overrides, field, message
):
    response = _create(client_for(member), dundee, summary="Kept as typed", **overrides)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field][0]
    assert form["summary"].value() == "Kept as typed"
    assert not Innovation.objects.filter(area=dundee).exists()


def test_two_innovations_in_an_area_cannot_share_a_name(client_for, member, dundee, inverclyde, other_member):
    make_innovation(inverclyde, other_member, name="Early help conversations")  # another area may use it
    client = client_for(member)
    assert _create(client, dundee).status_code == 302
    response = _create(client, dundee, name="early help conversations")
    assert "already has an innovation called" in response.context["form"].errors["name"][0]
    assert Innovation.objects.filter(area=dundee).count() == 1


def test_discontinuing_needs_a_date_and_a_reason_and_then_records_them(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    client = client_for(member)
    url = reverse("innovations:status", args=[dundee.slug, innovation.pk])
    response = client.post(url, {"status": "discontinued", "status_changed_on": "", "status_reason": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "Give the date the innovation was discontinued" in errors["status_changed_on"][0]
    assert "Say why the innovation was discontinued" in errors["status_reason"][0]
    innovation.refresh_from_db()
    assert innovation.status == InnovationStatus.IN_USE

    day = TODAY - timedelta(days=3)
    response = client.post(
        url, {"status": "discontinued", "status_changed_on": day.isoformat(), "status_reason": "Funding ended"}
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.status, innovation.status_changed_on, innovation.status_reason) == (
        InnovationStatus.DISCONTINUED,
        day,
        "Funding ended",
    )


def test_a_viewer_cannot_change_anything_even_through_the_service(viewer, member, dundee):
    innovation = make_innovation(dundee, member)
    with pytest.raises(PermissionDenied):
        services.innovation_status_change(
            innovation=innovation, actor=viewer, status="discontinued", changed_on=TODAY, reason="No"
        )


def test_member_of_another_area_cannot_reach_our_innovation_through_their_own_area(
    client_for, member, other_member, dundee, inverclyde
):
    ours = make_innovation(dundee, member)
    client = client_for(other_member)
    for name in ("detail", "update", "fidelity", "history"):
        assert client.get(reverse(f"innovations:{name}", args=[inverclyde.slug, ours.pk])).status_code == 404
    assert client.post(reverse("innovations:update", args=[inverclyde.slug, ours.pk]), {"name": "X"}).status_code == 404
    ours.refresh_from_db()
    assert ours.name != "X"
    with pytest.raises(PermissionDenied):
        services.innovation_describe(innovation=ours, actor=other_member, data={}, expected_version=ours.version)


def _describe(client, area, innovation, version, **overrides):
    data = {
        "philosophy": "Families are experts in their own lives",
        "inclusion_criteria": "Families with children under 12",
        "exclusion_criteria": "Immediate risk of significant harm",
        "evidence_summary": "Evaluations elsewhere",
        "version": version,
    }
    data.update(overrides)
    return client.post(reverse("innovations:description_update", args=[area.slug, innovation.pk]), data)


def test_description_is_saved_and_shown(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    client = client_for(member)
    assert _describe(client, dundee, innovation, innovation.version).status_code == 302
    page = client.get(reverse("innovations:description", args=[dundee.slug, innovation.pk])).content.decode()
    assert "Families are experts in their own lives" in page
    assert "Function 1" in page and "Function 2" in page


def test_two_people_editing_the_description_at_once_cannot_overwrite_each_other(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    opened_at = innovation.version
    assert _describe(client_for(lead), dundee, innovation, opened_at, philosophy="The lead's words").status_code == 302
    response = _describe(client_for(member), dundee, innovation, opened_at, philosophy="The member's words")
    assert response.status_code == 200
    assert "Someone else saved changes" in response.context["form"].non_field_errors()[0]
    assert response.context["form"]["philosophy"].value() == "The member's words"
    innovation.refresh_from_db()
    assert innovation.philosophy == "The lead's words"


def test_a_status_change_does_not_make_an_open_description_form_stale(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    opened_at = innovation.version
    services.innovation_status_change(innovation=innovation, actor=lead, status="selected", changed_on=TODAY)
    assert _describe(client_for(member), dundee, innovation, opened_at).status_code == 302
    innovation.refresh_from_db()
    assert innovation.status == "selected" and innovation.philosophy  # neither change lost


def test_editing_the_register_entry_keeps_its_status(client_for, member, dundee):
    innovation = make_innovation(dundee, member)
    response = client_for(member).post(
        reverse("innovations:update", args=[dundee.slug, innovation.pk]),
        {
            "name": "Renamed",
            "summary": "",
            "origin": "local_design",
            "design_decision": "",
            "fidelity_threshold": "70",
            "version": innovation.version,
        },
    )
    assert response.status_code == 302
    innovation.refresh_from_db()
    assert (innovation.name, innovation.fidelity_threshold, innovation.status) == ("Renamed", 70, "in_use")


def test_history_shows_who_changed_what(client_for, member, lead, dundee):
    innovation = make_innovation(dundee, member)
    services.innovation_status_change(
        innovation=innovation, actor=lead, status="discontinued", changed_on=TODAY, reason="Funding ended"
    )
    page = client_for(member).get(reverse("innovations:history", args=[dundee.slug, innovation.pk]))
    entries = page.context["entries"]
    latest = entries[0]
    assert latest.record == "Innovation details" and latest.reason == "Status: Discontinued"
    assert latest.who == lead.get_full_name()
    assert any(c.field == "Status" and c.new == "Discontinued" for c in latest.changes)
    assert any(e.record == "Essential function: Function 1" for e in entries)
    assert any(e.record == "Practice profile level: Expected practice" for e in entries)


def test_every_innovations_model_keeps_history(member, dundee):
    from django.apps import apps

    for model in apps.get_app_config("innovations").get_models():
        if model.__name__.startswith("Historical"):
            continue
        assert hasattr(model, "history"), model.__name__
        if model.__name__ != "HexagonIndicator":
            field = model._meta.get_field("area")
            assert field.db_index and field.related_model._meta.label == "areas.LocalArea", model.__name__


def test_list_filters_by_status_and_says_what_belongs_there_when_empty(client_for, member, dundee):
    client = client_for(member)
    empty = client.get(reverse("innovations:list", args=[dundee.slug])).content.decode()
    assert "No innovations yet" in empty and reverse("innovations:create", args=[dundee.slug]) in empty
    make_innovation(dundee, member, name="Used one")
    make_innovation(dundee, member, name="Candidate", status="exploring")
    response = client.get(reverse("innovations:list", args=[dundee.slug]), {"status": "exploring"})
    assert [row.innovation.name for row in response.context["rows"]] == ["Candidate"]
    assert 'aria-label="Filter the innovations"' in response.content.decode()


def test_overview_panel_lists_innovations_with_stage_usability_and_fidelity(client_for, member, lead, dundee):
    from stages import services as stage_services

    innovation = make_innovation(dundee, member, name="Early help conversations")
    make_innovation(dundee, member, name="Dropped", status="discontinued", status_changed_on=TODAY, status_reason="X")
    stage_services.stage_change_record(
        area=dundee, actor=lead, stage="initial", entered_on=TODAY - timedelta(days=10), subject=innovation
    )
    make_instrument(innovation, member)
    practitioner = services.practitioner_save(innovation=innovation, actor=member, code="DD-P01")
    record_check(innovation, member, practitioner, TODAY)
    from core.quarters import Quarter

    record_quarter(innovation, member, Quarter.of(TODAY), intended=4, trained=2)
    from areas.access import Access
    from innovations.selectors import overview_panel

    response = client_for(member).get(reverse("areas:overview", args=[dundee.slug]))
    panel = overview_panel(dundee, Access.for_user(member))
    assert [row.innovation.name for row in panel["rows"]] == ["Early help conversations"]  # not the discontinued
    row = panel["rows"][0]
    assert row.stage.stage == "initial" and row.fidelity.percent == 25 and row.usability.met_count == 0
    html = response.content.decode()
    assert 'id="panel-innovations"' in html and "25%" in html and "Initial implementation" in html
