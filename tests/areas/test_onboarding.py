"""Bringing a council into the programme in one step: its lead invited with an expiring link, its
stage record started at Exploration, its quarterly return opened, and CELCIS reminded until its lead
has signed in. Nothing is saved when anything is wrong."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, Membership, Role, User
from areas.todos import home_scope, items
from core.quarters import Quarter
from notifications.models import OutboxEmail
from reports.models import QuarterlyReturn, ReturnStatus
from stages.models import StageChange, StageChangeStatus

ANGUS = "angus"


def _form(area, **changes):
    data = {
        "council": area.council,
        "health_board": area.health_board,
        "child_protection_committee": "Angus Child Protection Committee",
        "date_joined": timezone.localdate().isoformat(),
        "notes": "",
        "version": area.version,
        "lead_email": "new.lead@angus.example.org",
        "lead_first_name": "Morag",
        "lead_last_name": "Lindsay",
    }
    return data | changes


def test_celcis_brings_a_council_in_with_lead_invitation_stage_record_and_return(
    client_for, celcis, django_capture_on_commit_callbacks
):
    angus = LocalArea.objects.get(slug=ANGUS)
    client = client_for(celcis)
    url = reverse("areas:onboard", args=[ANGUS])
    assert "opens its quarterly return for" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(angus))
    assert response.status_code == 302 and response["Location"] == reverse("areas:overview", args=[ANGUS])

    angus.refresh_from_db()
    assert angus.in_programme and angus.date_joined == timezone.localdate()
    assert angus.child_protection_committee == "Angus Child Protection Committee"
    assert angus.history.first().history_user == celcis

    lead = User.objects.get(email="new.lead@angus.example.org")
    assert Membership.objects.active().get(user=lead, area=angus).role == Role.AREA_LEAD
    assert not lead.has_usable_password()
    # The invitation goes through the outbox, once, after the transaction commits.
    queued = OutboxEmail.objects.get(recipient=lead)
    assert queued.key.startswith("areas.invitation:")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.lead@angus.example.org"]
    assert "Area lead (Angus)" in mail.outbox[0].body and "/accounts/reset/" in mail.outbox[0].body

    stage = StageChange.objects.get(area=angus)
    assert (stage.stage, stage.status, stage.entered_on) == (
        "exploration",
        StageChangeStatus.CONFIRMED,
        timezone.localdate(),
    )
    quarterly_return = QuarterlyReturn.objects.get(area=angus)
    assert quarterly_return.quarter == Quarter.of(timezone.localdate())
    assert quarterly_return.status == ReturnStatus.DRAFT

    # It now appears on the national pages with the programme areas.
    national = client.get(reverse("areas:national"))
    assert angus in national.context["programme_areas"]


def test_the_new_area_stays_on_celcis_to_do_list_until_its_lead_signs_in(client_for, celcis):
    angus = LocalArea.objects.get(slug=ANGUS)
    client = client_for(celcis)
    client.post(reverse("areas:onboard", args=[ANGUS]), _form(angus))
    page = client.get(reverse("home"), {"areas": "all"}).content.decode()
    assert "Check that Angus&#x27;s lead has signed in" in page
    assert reverse("areas:members", args=[ANGUS]) in page

    lead = User.objects.get(email="new.lead@angus.example.org")
    lead.last_login = timezone.now()
    lead.save(update_fields=["last_login"])
    scope = home_scope(Access.for_user(celcis), want_all=True).scope
    assert not [item for item in items(scope) if item.area == "Angus"]


def test_the_lead_signing_in_clears_the_item_from_the_cached_home_page(client_for, celcis):
    from django.test import Client

    angus = LocalArea.objects.get(slug=ANGUS)
    celcis_client = client_for(celcis)
    celcis_client.post(reverse("areas:onboard", args=[ANGUS]), _form(angus))
    item = "Check that Angus&#x27;s lead has signed in"
    assert item in celcis_client.get(reverse("home"), {"areas": "all"}).content.decode()
    assert item in celcis_client.get(reverse("home"), {"areas": "all"}).content.decode()  # now from the cache

    lead = User.objects.get(email="new.lead@angus.example.org")
    Client().force_login(lead)  # a real sign-in, in another browser: Django's user_logged_in signal
    assert item not in celcis_client.get(reverse("home"), {"areas": "all"}).content.decode()


def test_a_programme_area_without_a_lead_asks_celcis_to_add_one(db, celcis):
    angus = LocalArea.objects.get(slug=ANGUS)
    angus.in_programme = True
    angus.save()
    scope = home_scope(Access.for_user(celcis), want_all=True).scope
    found = [item for item in items(scope) if item.area == "Angus"]
    assert [item.key for item in found] == ["areas.no_lead"]
    assert found[0].url == reverse("areas:member_add", args=[ANGUS])


def test_area_members_and_leads_are_not_offered_celcis_onboarding_items(db, lead):
    scope = home_scope(Access.for_user(lead)).scope
    assert items(scope) == []


def test_a_new_lead_without_a_name_is_refused_at_the_fields_and_nothing_is_saved(client_for, celcis):
    angus = LocalArea.objects.get(slug=ANGUS)
    response = client_for(celcis).post(
        reverse("areas:onboard", args=[ANGUS]), _form(angus, lead_first_name="", lead_last_name="")
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "lead_first_name" in form.errors and "lead_last_name" in form.errors
    angus.refresh_from_db()
    assert not angus.in_programme
    assert not StageChange.objects.filter(area=angus).exists()
    assert not QuarterlyReturn.objects.filter(area=angus).exists()
    assert not User.objects.filter(email="new.lead@angus.example.org").exists()


def test_a_joining_date_in_the_future_is_refused(client_for, celcis):
    angus = LocalArea.objects.get(slug=ANGUS)
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(celcis).post(reverse("areas:onboard", args=[ANGUS]), _form(angus, date_joined=tomorrow))
    assert response.status_code == 200 and "date_joined" in response.context["form"].errors
    angus.refresh_from_db()
    assert not angus.in_programme


def test_an_area_already_in_the_programme_is_not_brought_in_twice(client_for, celcis, dundee):
    client = client_for(celcis)
    assert "already in the programme" in client.get(reverse("areas:onboard", args=[dundee.slug])).content.decode()
    response = client.post(reverse("areas:onboard", args=[dundee.slug]), _form(dundee))
    assert response.status_code == 200
    assert "already in the programme" in response.content.decode()
    assert not StageChange.objects.filter(area=dundee).exists()


def test_an_existing_account_becomes_the_lead_without_a_new_invitation(client_for, celcis, member):
    angus = LocalArea.objects.get(slug=ANGUS)
    client_for(celcis).post(reverse("areas:onboard", args=[ANGUS]), _form(angus, lead_email=member.email))
    assert Membership.objects.active().get(user=member, area=angus).role == Role.AREA_LEAD
    assert not OutboxEmail.objects.filter(recipient=member).exists()


def test_national_overview_offers_celcis_the_onboarding_link(client_for, celcis, viewer):
    onboard = reverse("areas:onboard", args=[ANGUS])
    assert onboard in client_for(celcis).get(reverse("areas:national")).content.decode()
    assert onboard not in client_for(viewer).get(reverse("areas:national")).content.decode()
