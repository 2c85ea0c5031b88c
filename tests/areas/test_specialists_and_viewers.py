"""CELCIS specialists assigned to areas (with history), the national overview's "my areas", and the
area viewer role for local governance: reads one area, writes nothing, sees no other area."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from areas import services
from areas.access import Access
from areas.models import Membership, Role, SpecialistAssignment
from tests.factories import MembershipFactory, UserFactory
from tests.query_budget import assert_flat_query_count


def test_celcis_assigns_and_ends_a_specialist_on_the_members_page(client_for, celcis, dundee):
    colleague = MembershipFactory(area=None, role=Role.CELCIS).user
    client = client_for(celcis)
    response = client.post(reverse("areas:specialist_add", args=[dundee.slug]), {"user": colleague.pk})
    assert response.status_code == 302
    assignment = SpecialistAssignment.objects.active().get(area=dundee)
    assert assignment.user == colleague and assignment.history.first().history_user == celcis
    page = client.get(reverse("areas:members", args=[dundee.slug])).content.decode()
    assert str(colleague) in page and "End support" in page

    end = reverse("areas:specialist_end", args=[dundee.slug, assignment.pk])
    assert "End " in client.get(end).content.decode()
    assert client.post(end).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ended_on is not None and assignment.history.count() == 2


def test_only_celcis_staff_can_be_specialists_and_only_once_per_area(client_for, celcis, member, dundee):
    client = client_for(celcis)
    response = client.post(reverse("areas:specialist_add", args=[dundee.slug]), {"user": member.pk})
    assert response.status_code == 200 and "user" in response.context["form"].errors
    services.specialist_assign(area=dundee, user=celcis, actor=celcis)
    with pytest.raises(ValidationError):
        services.specialist_assign(area=dundee, user=celcis, actor=celcis)


def test_a_lead_cannot_assign_specialists_even_by_calling_the_service(lead, celcis, dundee):
    with pytest.raises(PermissionDenied):
        services.specialist_assign(area=dundee, user=celcis, actor=lead)


def test_the_national_overview_puts_a_specialists_areas_first_and_can_show_only_them(client_for, celcis, inverclyde):
    SpecialistAssignment.objects.create(area=inverclyde, user=celcis)
    client = client_for(celcis)
    page = client.get(reverse("areas:national")).content.decode()
    assert "Areas you support" in page
    assert page.index("Areas you support") < page.index("Programme areas")
    page = client.get(reverse("areas:national"), {"areas": "mine"}).content.decode()
    assert "Programme areas" not in page and "Inverclyde" in page and "Perth &amp; Kinross" not in page


def test_the_national_overview_query_count_stays_flat_with_assignments(client_for, celcis):
    from areas.models import LocalArea

    areas = iter(LocalArea.objects.order_by("name"))

    def add():
        SpecialistAssignment.objects.create(area=next(areas), user=celcis)

    assert_flat_query_count(client_for(celcis), reverse("areas:national"), add, max_queries=8)


# --- Area viewers ------------------------------------------------------------------------------------


def test_a_lead_invites_an_area_viewer_from_the_members_page(client_for, lead, dundee):
    response = client_for(lead).post(
        reverse("areas:member_add", args=[dundee.slug]),
        {"email": "cpc.chair@example.org", "first_name": "Chris", "last_name": "Chair", "role": "area_viewer"},
    )
    assert response.status_code == 302
    membership = Membership.objects.active().get(user__email="cpc.chair@example.org")
    assert (membership.role, membership.area) == (Role.AREA_VIEWER, dundee)
    assert (
        "Area viewer (local governance)"
        in client_for(lead).get(reverse("areas:members", args=[dundee.slug])).content.decode()
    )


def test_an_area_viewer_reads_their_area_and_nothing_else(client_for, area_viewer, dundee, inverclyde):
    client = client_for(area_viewer)
    page = client.get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "as an area viewer" in page and "To do in Dundee City" not in page
    assert client.get(reverse("areas:overview", args=[inverclyde.slug])).status_code == 404
    assert client.get(reverse("areas:edit", args=[dundee.slug])).status_code == 403
    assert client.get(reverse("areas:members", args=[dundee.slug])).status_code == 403
    assert client.get(reverse("areas:national")).status_code == 404
    assert client.post(reverse("areas:overview", args=[dundee.slug])).status_code == 403


def test_the_area_viewer_policy(db, area_viewer, member, dundee, inverclyde):
    access = Access.for_user(area_viewer)
    assert access.can_see_area(dundee) and not access.can_see_area(inverclyde)
    assert not access.can_edit_area(dundee) and not access.can_lead_area(dundee)
    assert access.area_role(dundee) == Role.AREA_VIEWER and access.is_area_viewer_of(dundee)
    assert access.can_read_accepted_returns_only(dundee) and access.can_see_area_reports(dundee)
    assert not access.can_see_area_reports(inverclyde)
    assert access.own_areas == [dundee] and access.working_areas == []
    assert access.can_see_community and not access.can_take_part_in_community
    assert list(access.visible_areas()) == [dundee]
    member_access = Access.for_user(member)
    assert not member_access.is_area_viewer_of(dundee) and not member_access.can_read_accepted_returns_only(dundee)


def test_an_area_viewer_cannot_also_hold_a_member_role_in_the_same_area(db, area_viewer, lead, dundee):
    with pytest.raises(ValidationError):
        services.membership_add(actor=lead, area=dundee, role="member", email=area_viewer.email)


def test_only_the_areas_leads_and_celcis_invite_area_viewers(db, member, other_lead, dundee):
    for actor in (member, other_lead):
        with pytest.raises(PermissionDenied):
            services.membership_add(
                actor=actor, area=dundee, role="area_viewer", email="x@example.org", first_name="X", last_name="Y"
            )


def test_a_lead_sends_the_invitation_again_to_someone_who_has_not_signed_in(
    client_for, lead, dundee, django_capture_on_commit_callbacks
):
    from django.core import mail

    waiting = MembershipFactory(area=dundee, role=Role.AREA_VIEWER, user=UserFactory(last_login=None))
    client = client_for(lead)
    assert "Not signed in yet" in client.get(reverse("areas:members", args=[dundee.slug])).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("areas:member_invite", args=[dundee.slug, waiting.pk]))
    assert response.status_code == 302
    assert mail.outbox and mail.outbox[-1].to == [waiting.user.email]
