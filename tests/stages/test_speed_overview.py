"""The stage page (the programme's, or an innovation's with its checklist) is drawn once per change of
the area's records, reader's rights and day: a change shows at once, each reader sees their own
buttons, and each request's forms carry that request's own CSRF token."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stages import services
from stages.models import StageActivity
from stages.views.stage import CSRF_PLACEHOLDER
from tests.innovations.factories import InnovationFactory
from tests.stages import records

SLICE_ACTIVITY = "Define the first slice of the system (transformation zone)"


def _stage_url(area, innovation=None):
    if innovation is None:
        return reverse("stages:overview", args=[area.slug])
    return reverse("innovations:stage", args=[area.slug, innovation.pk])


def test_a_kept_stage_page_shows_a_change_at_once(client_for, lead, dundee):
    innovation = InnovationFactory(area=dundee, name="Safe and Together")
    client = client_for(lead)
    url = _stage_url(dundee, innovation)
    assert "No stage recorded" in client.get(url).content.decode()
    services.stage_change_record(
        area=dundee, actor=lead, stage="installation", entered_on=timezone.localdate(), subject=innovation
    )
    page = client.get(url).content.decode()
    assert "No stage recorded" not in page and "Installation" in page
    # The programme's own page is kept apart from the innovation's.
    assert "No stage recorded" in client.get(_stage_url(dundee)).content.decode()

    records.system_slice(dundee, innovation, lead, name="East locality")
    assert "East locality" in client.get(url).content.decode()


def test_the_programme_stage_page_shows_new_targets_and_proposals(client_for, member, lead, dundee):
    client = client_for(member)
    url = _stage_url(dundee)
    assert "Propose a stage change" in client.get(url).content.decode()
    target = timezone.localdate() + timedelta(days=90)
    services.stage_targets_save(area=dundee, actor=lead, targets={"installation": target})
    services.stage_change_record(
        area=dundee, actor=member, stage="installation", entered_on=timezone.localdate(), reason="Team formed"
    )
    page = client.get(url).content.decode()
    assert "A stage change is waiting for a decision" in page and "Reason: Team formed" in page
    assert "Propose a stage change" not in page  # the button waits for the decision


def test_each_reader_sees_their_own_buttons(client, member, lead, area_viewer, dundee):
    url = _stage_url(dundee)
    pages = {}
    for person in (lead, member, area_viewer, lead):
        client.force_login(person)
        pages[person.username] = client.get(url).content.decode()
    assert "Record a stage change" in pages[lead.username]
    assert "Propose a stage change" in pages[member.username]
    viewer_page = pages[area_viewer.username]
    assert "Record a stage change" not in pages[member.username]
    assert "Record a stage change" not in viewer_page and "Propose a stage change" not in viewer_page
    assert "Record the stage the programme is in now" not in viewer_page
    assert "Set target dates" not in viewer_page and "Set target dates" in pages[member.username]


def test_each_request_gets_its_own_working_csrf_token(lead, dundee):
    innovation = InnovationFactory(area=dundee)
    mine = records.system_slice(dundee, innovation, lead, name="East locality")
    activity = StageActivity.objects.get(title=SLICE_ACTIVITY)
    action = reverse("stages:subject_activity_evidence", args=[dundee.slug, "innovations", innovation.pk, activity.pk])
    url = _stage_url(dundee, innovation)
    tokens = []
    for _ in range(2):  # a second browser: the page is kept, its token is not
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(lead)
        page = browser.get(url).content.decode()
        assert CSRF_PLACEHOLDER not in page
        form = re.search(rf'<form method="post" action="{re.escape(action)}".*?</form>', page, re.S).group(0)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', form).group(1)
        tokens.append((browser, token))
    assert tokens[0][1] != tokens[1][1]
    browser, token = tokens[1]
    refused = browser.post(action, {"kind": "slice_defined", "record": mine.pk})
    assert refused.status_code == 403
    response = browser.post(action, {"kind": "slice_defined", "record": mine.pk, "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert "Shown by: <a" in browser.get(url).content.decode()
