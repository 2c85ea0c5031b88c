"""The community landing page's body is drawn once per reader and kept, but never served stale: not after
a change of the records behind it, not to another reader, and not once an event it shows has ended."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from areas.models import Role
from community import services
from community.models import ExampleStatus, Reference, RegistrationStatus
from tests.community.factories import EventFactory, ExampleFactory, ReferenceFactory, RegistrationFactory

URL = reverse("community:home")


def _get(client):
    """The page without its CSRF token (which changes on every request), and the SQL it ran."""
    with CaptureQueriesContext(connection) as captured:
        page = client.get(URL).content.decode()
    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
    return page, [q["sql"] for q in captured.captured_queries]


def test_the_body_is_drawn_once_and_redrawn_after_a_change(client_as, member, dundee):
    client = client_as(member)
    first, _ = _get(client)
    again, queries = _get(client)
    assert first == again
    assert not any("community_" in sql for sql in queries)  # nothing of the community was read
    works = Reference.objects.count()
    ExampleFactory(area=dundee, title="Shared words")
    EventFactory(title="Spring gathering")
    ReferenceFactory(title="A review of reviews")
    page, _ = _get(client)
    assert "Shared words" in page and "Spring gathering" in page and f"{works + 1} works the programme" in page


def test_the_readers_own_lists_show_at_once_and_only_to_them(client_as, member, other_member, dundee):
    event = EventFactory(title="Spring gathering")
    draft = ExampleFactory(area=dundee, author=member, title="My half-written example", status=ExampleStatus.DRAFT)
    mine, theirs = client_as(member), client_as(other_member)
    page = mine.get(URL).content.decode()
    assert draft.title in page and "You are registered" not in page
    assert draft.title not in theirs.get(URL).content.decode()
    registration = RegistrationFactory(event=event, user=member, area=dundee)
    assert "You are registered" in mine.get(URL).content.decode()
    assert "You are registered" not in theirs.get(URL).content.decode()
    registration.status = RegistrationStatus.WITHDRAWN
    registration.save()
    assert "You are registered" not in mine.get(URL).content.decode()
    draft.status = ExampleStatus.SUBMITTED
    draft.save()
    page = mine.get(URL).content.decode()
    assert draft.title in page and "Waiting for review" in page


def test_celcis_sees_examples_waiting_for_review_and_members_do_not(client_as, member, celcis, dundee):
    waiting = ExampleFactory(area=dundee, author=member, title="Waiting one", status=ExampleStatus.SUBMITTED)
    celcis_page = client_as(celcis).get(URL).content.decode()
    assert "Examples waiting for you" in celcis_page and f"/examples/{waiting.pk}/review/" in celcis_page
    member_page = client_as(member).get(URL).content.decode()
    assert "Your examples not yet published" in member_page and "/review/" not in member_page


def test_a_new_lead_is_offered_to_add_an_event_at_once(client_as, member, dundee):
    client = client_as(member)
    assert "Add an event" not in client.get(URL).content.decode()
    membership = member.memberships.get(area=dundee)
    membership.role = Role.AREA_LEAD
    membership.save()  # renews Dundee's token only: the body's key holds what the reader may do
    assert "Add an event" in client.get(URL).content.decode()


def test_a_renamed_host_area_shows_at_once(client_as, member, dundee):
    EventFactory(title="Spring gathering", host_area=dundee)
    client = client_as(member)
    assert "hosted by Dundee City" in client.get(URL).content.decode()
    dundee.name = "Dundee and Angus"
    dundee.save()
    assert "hosted by Dundee and Angus" in client.get(URL).content.decode()


def test_an_event_drops_off_once_it_has_ended_with_no_record_changing(client_as, member, monkeypatch):
    now = timezone.now()
    soon = EventFactory(title="Lunchtime session", starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    later = [
        EventFactory(
            title=f"Later session {n}",
            starts_at=now + timedelta(hours=2 * n),
            ends_at=now + timedelta(hours=2 * n, minutes=30),
        )
        for n in (1, 2, 3)
    ]
    client = client_as(member)
    page, _ = _get(client)
    assert soon.title in page and later[0].title in page and later[2].title not in page  # three shown
    assert _get(client)[0] == page  # kept
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=1, minutes=1))
    page, queries = _get(client)
    assert soon.title not in page and later[2].title in page
    assert any("community_event" in sql for sql in queries)  # drawn again…
    again, queries = _get(client)
    assert again == page and not any("community_event" in sql for sql in queries)  # …and kept again
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(hours=2, minutes=31))  # the next one is over
    page = client.get(URL).content.decode()
    assert later[0].title not in page and later[1].title in page and later[2].title in page


def test_the_body_is_kept_apart_per_reader_kind(client_as, member, celcis):
    topic = services.topic_create(actor=member, title="Coaching at one school", body="Names a school.")
    services.post_hide(post=topic.posts.get(is_opening=True), actor=celcis, reason="Identifying detail.")
    assert topic.title in client_as(celcis).get(URL).content.decode()
    assert topic.title not in client_as(member).get(URL).content.decode()
