"""No silent overwrites (issue 16): every edit form of an innovations record with free text carries
the record's version. Two people open the same form and both save: the second is told about the
clash, keeps what they typed, and the first person's words stay saved."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from innovations import services
from innovations.models import (
    EssentialFunction,
    FidelityItem,
    PracticeDescription,
    PracticeLevel,
    PractitionerFigures,
    SystemSlice,
)
from tests.innovations.factories import make_innovation, make_instrument, record_figures

TODAY = timezone.localdate()


@pytest.fixture
def innovation(dundee, member):
    innovation = make_innovation(dundee, member, name="Early help conversations", functions=1)
    make_instrument(innovation, member)
    return innovation


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _both_save(url, first_user, second_user, first_data, second_data):
    """Both open the form, the first saves, then the second: the second's answer."""
    first, second = _signed_in(first_user), _signed_in(second_user)
    opened = first.get(url).context["form"]["version"].value()
    assert second.get(url).context["form"]["version"].value() == opened
    assert first.post(url, {**first_data, "version": opened}).status_code == 302
    response = second.post(url, {**second_data, "version": opened})
    assert response.status_code == 200
    assert "Someone else saved" in response.context["form"].non_field_errors()[0]
    return response


def test_fidelity_item(dundee, member, lead, innovation):
    item = FidelityItem.objects.get(innovation=innovation)
    url = reverse("innovations:item_update", args=[dundee.slug, innovation.pk, item.pk])
    data = {"function": item.function_id, "kind": "met_not_met", "max_score": "", "retired_on": ""}
    response = _both_save(url, lead, member, {**data, "text": "Lead's words"}, {**data, "text": "Member's words"})
    assert response.context["form"]["text"].value() == "Member's words"
    assert FidelityItem.objects.get(pk=item.pk).text == "Lead's words"


def test_practice_level(dundee, member, lead, innovation):
    level = PracticeLevel.objects.filter(innovation=innovation).first()
    url = reverse("innovations:level_update", args=[dundee.slug, innovation.pk, level.pk])
    response = _both_save(
        url,
        lead,
        member,
        {"name": "Proficient", "description": "Lead's words"},
        {"name": "Expected", "description": "Member's words"},
    )
    assert response.context["form"]["description"].value() == "Member's words"
    level.refresh_from_db()
    assert (level.name, level.description) == ("Proficient", "Lead's words")


def test_practice_description(dundee, member, lead, innovation):
    function = EssentialFunction.objects.get(innovation=innovation)
    level = PracticeLevel.objects.filter(innovation=innovation).first()
    url = reverse("innovations:profile_row", args=[dundee.slug, innovation.pk, function.pk])
    name = f"level_{level.pk}"
    response = _both_save(url, lead, member, {name: "Lead's words"}, {name: "Member's words"})
    assert response.context["form"][name].value() == "Member's words"
    assert PracticeDescription.objects.get(function=function, level=level).text == "Lead's words"


def test_slice_and_its_conditions_evidence(dundee, member, lead, innovation):
    zone = services.slice_save(
        innovation=innovation,
        actor=member,
        data={
            "name": "East",
            "kind": "locality",
            "started_on": TODAY - timedelta(days=300),
            "practitioners_intended": 8,
            "practitioners_trained": 2,
        },
    )
    further = services.slice_save(
        innovation=innovation,
        actor=member,
        data={
            "name": "North",
            "kind": "locality",
            "started_on": TODAY - timedelta(days=30),
            "practitioners_intended": 6,
            "practitioners_trained": 0,
            "conditions_evidence": "First words",
        },
    )
    url = reverse("innovations:slice_update", args=[dundee.slug, innovation.pk, further.pk])
    data = {"name": "North", "kind": "locality", "started_on": further.started_on.isoformat()}
    response = _both_save(
        url,
        lead,
        member,
        {**data, "conditions_evidence": "Lead's evidence"},
        {**data, "conditions_evidence": "Member's evidence"},
    )
    assert response.context["form"]["conditions_evidence"].value() == "Member's evidence"
    assert SystemSlice.objects.get(pk=further.pk).conditions_evidence == "Lead's evidence"
    assert SystemSlice.objects.get(pk=zone.pk).version == 1


def test_practitioner_figures(dundee, member, lead, innovation):
    figures = record_figures(innovation, member, TODAY - timedelta(days=10), 10, 2)
    url = reverse("innovations:figures_update", args=[dundee.slug, innovation.pk, figures.pk])
    data = {"effective_on": figures.effective_on.isoformat(), "practitioners_intended": "10"}
    response = _both_save(
        url,
        lead,
        member,
        {**data, "practitioners_trained": "4", "notes": "Lead's note"},
        {**data, "practitioners_trained": "5", "notes": "Member's note"},
    )
    assert response.context["form"]["notes"].value() == "Member's note"
    figures = PractitionerFigures.objects.get(pk=figures.pk)
    assert (figures.practitioners_trained, figures.notes) == (4, "Lead's note")
