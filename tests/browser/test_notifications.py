"""Notifications in a real browser: the count in the header, the list, opening one, email choices
and unsubscribing, each page checked with axe-core."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notifications.models import Notification
from notifications.services import unsubscribe_token
from stages import services as stage_services
from stages.models import Stage

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_lead_follows_a_notification_to_the_stage_change_and_chooses_email(site, signed_in, member, lead, dundee):
    from django.utils import timezone

    stage_services.stage_change_record(
        area=dundee, actor=member, stage=Stage.EXPLORATION, entered_on=timezone.localdate()
    )
    signed_in(lead)
    page = site.page
    expect(page.get_by_role("link", name="Notifications 1 unread")).to_be_visible()
    site.visit(reverse("notifications:list"))
    expect(page.get_by_text("is waiting for you to confirm").first).to_be_visible()
    page.get_by_role("button", name="Open").first.click()
    site.check_accessibility()
    expect(page).to_have_url(f"{site.base_url}/areas/{dundee.slug}/stages/")
    assert Notification.objects.get(recipient=lead).read_at is not None

    site.visit(reverse("notifications:preferences"))
    page.get_by_role("group", name="A stage change to confirm").get_by_label("Put it in one email a day").check()
    page.get_by_role("button", name="Save").click()
    site.check_accessibility()
    expect(page.get_by_text("Your email choices are saved.")).to_be_visible()


def test_unsubscribing_from_an_email_link_without_signing_in(site, member):
    site.visit(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=member)}))
    site.page.get_by_role("button", name="Stop the emails").click()
    site.check_accessibility()
    expect(site.page.get_by_role("heading", name="Emails stopped")).to_be_visible()
