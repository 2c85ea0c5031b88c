import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from areas import services
from areas.models import Membership, Role, User
from tests.factories import MembershipFactory, UserFactory


def test_lead_adds_an_existing_user_as_member(client_for, lead, dundee):
    person = UserFactory(email="alex@example.org")
    response = client_for(lead).post(
        reverse("areas:member_add", args=[dundee.slug]), {"email": "ALEX@example.org", "role": "member"}
    )
    assert response.status_code == 302
    membership = Membership.objects.active().get(user=person, area=dundee)
    assert membership.role == Role.AREA_MEMBER
    assert membership.history.first().history_user == lead
    assert mail.outbox == []  # an existing account needs no invitation


def test_lead_adds_a_new_person_who_is_invited_by_email(client_for, lead, dundee, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(lead).post(
            reverse("areas:member_add", args=[dundee.slug]),
            {"email": "new.person@example.org", "first_name": "New", "last_name": "Person", "role": "lead"},
        )
    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.org")
    assert not user.has_usable_password()
    assert Membership.objects.active().get(user=user).role == Role.AREA_LEAD
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["new.person@example.org"]
    assert "Area lead (Dundee City)" in invitation.body
    assert "/accounts/reset/" in invitation.body


def test_invitation_link_lets_the_new_person_choose_a_password(
    client, lead, dundee, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        services.membership_add(
            actor=lead,
            area=dundee,
            role="member",
            email="p@example.org",
            first_name="P",
            last_name="Q",
        )
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    assert link.startswith(settings.PORTAL_URL)  # every emailed link is built from PORTAL_URL
    response = client.get(link.removeprefix(settings.PORTAL_URL), follow=True)
    assert response.status_code == 200
    assert b"Choose a password" in response.content
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": "a-long-new-password-9", "new_password2": "a-long-new-password-9"},
    )
    assert response.status_code == 302
    assert User.objects.get(email="p@example.org").check_password("a-long-new-password-9")


def test_new_person_without_a_name_is_refused_and_the_form_keeps_what_was_typed(client_for, lead, dundee):
    response = client_for(lead).post(
        reverse("areas:member_add", args=[dundee.slug]), {"email": "nobody.yet@example.org", "role": "member"}
    )
    assert response.status_code == 200
    assert "Give a first and last name" in response.content.decode()
    assert 'value="nobody.yet@example.org"' in response.content.decode()
    assert not User.objects.filter(email="nobody.yet@example.org").exists()


def test_adding_someone_who_is_already_a_member_says_so(client_for, lead, member, dundee):
    response = client_for(lead).post(
        reverse("areas:member_add", args=[dundee.slug]), {"email": member.email, "role": "lead"}
    )
    assert response.status_code == 200
    assert "already a member of Dundee City" in response.content.decode()
    assert Membership.objects.active().filter(user=member, area=dundee).count() == 1


def test_bad_email_is_shown_next_to_the_field(client_for, lead, dundee):
    response = client_for(lead).post(
        reverse("areas:member_add", args=[dundee.slug]), {"email": "not-an-email", "role": "member"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"] == ["Enter a valid email address."]


def test_lead_changes_a_members_role_and_history_records_it(client_for, lead, member, dundee):
    membership = member.memberships.get()
    response = client_for(lead).post(reverse("areas:member_role", args=[dundee.slug, membership.pk]), {"role": "lead"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.AREA_LEAD
    latest = membership.history.first()
    assert latest.history_user == lead
    assert latest.history_change_reason == "Role changed to Area lead"


def test_ending_a_membership_asks_first_then_removes_access(client_for, lead, member, dundee):
    membership = member.memberships.get()
    client = client_for(lead)
    confirm = client.get(reverse("areas:member_end", args=[dundee.slug, membership.pk]))
    assert "End membership" in confirm.content.decode()
    membership.refresh_from_db()
    assert membership.is_active  # nothing happens on GET
    client.post(reverse("areas:member_end", args=[dundee.slug, membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active
    client.force_login(member)
    assert client.get(reverse("areas:overview", args=[dundee.slug])).status_code == 404


def test_lead_cannot_demote_or_remove_themselves(client_for, lead, dundee):
    own = lead.memberships.get()
    client = client_for(lead)
    response = client.post(reverse("areas:member_role", args=[dundee.slug, own.pk]), {"role": "member"})
    assert "cannot change or end your own membership" in response.content.decode()
    client.post(reverse("areas:member_end", args=[dundee.slug, own.pk]))
    own.refresh_from_db()
    assert own.is_active and own.role == Role.AREA_LEAD


def test_services_recheck_rights_whoever_calls_them(member, viewer, other_lead, dundee):
    target = MembershipFactory(area=dundee)
    for actor in (member, viewer, other_lead):
        with pytest.raises(PermissionDenied):
            services.membership_end(membership=target, actor=actor)
        with pytest.raises(PermissionDenied):
            services.membership_add(
                actor=actor, area=dundee, role="member", email="x@example.org", first_name="X", last_name="Y"
            )


def test_only_celcis_gives_national_roles(lead, celcis):
    with pytest.raises(PermissionDenied):
        services.membership_add(actor=lead, role="viewer", email="v@example.org", first_name="V", last_name="W")
    membership = services.membership_add(
        actor=celcis, role="viewer", email="v@example.org", first_name="V", last_name="W"
    )
    assert membership.area is None


def test_celcis_adds_a_community_member_with_their_home_area(client_for, celcis, dundee):
    response = client_for(celcis).post(
        reverse("areas:national_person_add"),
        {"email": "cop@example.org", "first_name": "Co", "last_name": "P", "role": "community", "area": dundee.pk},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="cop@example.org")
    assert membership.role == Role.COMMUNITY_MEMBER and membership.area == dundee


def test_a_national_role_with_an_area_is_refused_at_the_field(client_for, celcis, dundee):
    response = client_for(celcis).post(
        reverse("areas:national_person_add"),
        {"email": "v@example.org", "first_name": "V", "last_name": "W", "role": "viewer", "area": dundee.pk},
    )
    assert response.status_code == 200
    assert "Only Community of Practice members have an area" in response.context["form"].errors["area"][0]


def test_celcis_ends_a_national_role(client_for, celcis, viewer):
    membership = viewer.memberships.get()
    client_for(celcis).post(reverse("areas:national_person_end", args=[membership.pk]))
    membership.refresh_from_db()
    assert not membership.is_active


def test_an_ended_membership_cannot_be_ended_twice(lead, dundee):
    target = MembershipFactory(area=dundee)
    services.membership_end(membership=target, actor=lead)
    with pytest.raises(ValidationError):
        services.membership_end(membership=target, actor=lead)
