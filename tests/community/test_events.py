"""Events: organising, registering and withdrawing, recording attendance, figures by area and role,
upcoming and past lists, materials and the .ics file."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from areas.models import Role
from community import selectors, services
from community.models import Event, EventRegistration, RegistrationStatus
from tests.community.factories import EventFactory, RegistrationFactory


def _event_form(**overrides):
    day = timezone.localdate() + timedelta(days=40)
    return {
        "title": "Community of Practice – spring",
        "kind": "cop",
        "date": day.strftime("%d/%m/%Y"),
        "start_time": "10:00",
        "end_time": "15:30",
        "format": "in_person",
        "venue": "A hall, Dundee",
        "joining_link": "",
        "host_area": "",
        "theme": "Coaching",
        "agenda": "- Welcome",
        **overrides,
    }


def test_celcis_organises_an_event_hosted_by_celcis(client_as, celcis):
    response = client_as(celcis).post(reverse("community:event_create"), _event_form())
    event = Event.objects.get()
    assert response.status_code == 302 and response.url == event.get_absolute_url()
    assert event.host_area is None and event.host_name == "CELCIS"
    starts = timezone.localtime(event.starts_at)
    assert (starts.hour, starts.minute) == (10, 0)
    assert event.ends_at - event.starts_at == timedelta(hours=5, minutes=30)


def test_a_lead_hosts_only_in_their_own_area(client_as, lead, dundee, inverclyde):
    client = client_as(lead)
    response = client.post(reverse("community:event_create"), _event_form(host_area=inverclyde.pk))
    assert response.status_code == 200 and not Event.objects.exists()
    response = client.post(reverse("community:event_create"), _event_form(host_area=""))
    assert response.status_code == 200 and not Event.objects.exists()
    response = client.post(reverse("community:event_create"), _event_form(host_area=dundee.pk))
    assert response.status_code == 302 and Event.objects.get().host_area == dundee


def test_event_form_explains_bad_times_and_a_missing_venue(client_as, celcis):
    response = client_as(celcis).post(
        reverse("community:event_create"), _event_form(start_time="15:00", end_time="10:00", venue="")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The event must end after it starts." in page
    assert "Give the venue" in page
    assert "Community of Practice – spring" in page  # what was typed is kept
    assert not Event.objects.exists()


def test_a_member_cannot_organise_events(member):
    with pytest.raises(PermissionDenied):
        services.event_save(actor=member, data={"title": "Mine"})


def test_register_withdraw_and_register_again(client_as, member, dundee):
    event = EventFactory()
    client = client_as(member)
    assert client.post(reverse("community:event_register", args=[event.pk])).status_code == 302
    registration = EventRegistration.objects.get()
    assert registration.status == RegistrationStatus.REGISTERED
    assert (registration.area, registration.role) == (dundee, Role.AREA_MEMBER)
    # Registering twice changes nothing.
    client.post(reverse("community:event_register", args=[event.pk]))
    assert EventRegistration.objects.count() == 1
    page = client.get(event.get_absolute_url()).content.decode()
    assert "You are registered" in page and "1 person" in page

    client.post(reverse("community:event_withdraw", args=[event.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.WITHDRAWN and registration.withdrawn_at
    assert selectors.events_for(member).get(pk=event.pk).registered_count == 0
    client.post(reverse("community:event_register", args=[event.pk]))
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.REGISTERED and registration.withdrawn_at is None
    assert registration.history.count() == 3


def test_registration_closes_when_the_event_starts(member, celcis):
    started = EventFactory(starts_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(ValidationError, match="registration has closed"):
        services.event_register(event=started, actor=member)
    RegistrationFactory(event=started, user=member)
    with pytest.raises(ValidationError, match="already started"):
        services.event_withdraw(event=started, actor=member)


def test_a_viewer_cannot_register(client_as, viewer):
    event = EventFactory()
    assert client_as(viewer).post(reverse("community:event_register", args=[event.pk])).status_code == 403
    assert not EventRegistration.objects.exists()


def test_organisers_record_attendance_once_the_event_has_started(client_as, lead, member, other_member, dundee):
    event = EventFactory(host_area=dundee)
    for person in (member, other_member):
        services.event_register(event=event, actor=person)
    with pytest.raises(ValidationError, match="once the event has started"):
        services.event_attendance_record(event=event, actor=lead, attended={})
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - timedelta(hours=2), ends_at=timezone.now() - timedelta(hours=1)
    )
    mine, theirs = (EventRegistration.objects.get(user=p) for p in (member, other_member))
    client = client_as(lead)
    page = client.get(reverse("community:event_attendance", args=[event.pk])).content.decode()
    assert str(member) in page and str(other_member) in page
    response = client.post(reverse("community:event_attendance", args=[event.pk]), {f"attended_{mine.pk}": "on"})
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.attended is True and theirs.attended is False
    assert mine.attendance_recorded_by == lead
    # A member (not an organiser) may not.
    with pytest.raises(PermissionDenied):
        services.event_attendance_record(event=event, actor=member, attended={mine.pk: False})


def test_attendance_figures_by_area_and_role(member, lead, other_member, celcis, community, dundee, inverclyde):
    event = EventFactory()
    for person in (member, lead, other_member, celcis, community):
        services.event_register(event=event, actor=person)
    services.event_withdraw(event=event, actor=lead)
    EventRegistration.objects.filter(user__in=[member, celcis]).update(attended=True)
    day = timezone.localtime(event.starts_at).date()
    rows = selectors.attendance_by_area_and_role(start=day, end=day)
    simple = [(r["area_name"], r["role"], r["registered"], r["attended"]) for r in rows]
    assert simple == [
        ("Dundee City", Role.AREA_LEAD, 0, 0),
        ("Dundee City", Role.AREA_MEMBER, 1, 1),
        ("Inverclyde", Role.AREA_MEMBER, 1, 0),
        (None, Role.CELCIS, 1, 1),
        (None, Role.COMMUNITY_MEMBER, 1, 0),
    ]
    assert selectors.attendance_by_area_and_role(start=day + timedelta(days=1), end=day + timedelta(days=9)) == []


def test_upcoming_and_past_events(client_as, member):
    EventFactory(title="Next month")
    EventFactory(
        title="Last quarter",
        starts_at=timezone.now() - timedelta(days=90),
        ends_at=timezone.now() - timedelta(days=90) + timedelta(hours=5),
        learning="Coaching plans **helped**.",
    )
    client = client_as(member)
    upcoming = client.get(reverse("community:event_list")).content.decode()
    assert "Next month" in upcoming and "Last quarter" not in upcoming
    past = client.get(reverse("community:event_list") + "?show=past").content.decode()
    assert "Last quarter" in past and "Next month" not in past
    held = Event.objects.get(title="Last quarter")
    page = client.get(held.get_absolute_url()).content.decode()
    assert "<strong>helped</strong>" in page and "Registration has closed" in page


def test_the_ics_file(client_as, member, dundee):
    event = EventFactory(title="Community of Practice – autumn", host_area=dundee, venue="A hall, Dundee")
    response = client_as(member).get(reverse("community:event_ics", args=[event.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="community-event-{event.pk}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Community of Practice – autumn"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert entry.decoded("DTEND") == event.ends_at.replace(microsecond=0)
    assert str(entry["LOCATION"]) == "A hall, Dundee"
    assert "Hosted by Dundee City." in str(entry["DESCRIPTION"])
    assert str(entry["URL"]).endswith(event.get_absolute_url())
    online = EventFactory(format="online", venue="", joining_link="https://meet.example.org/x")
    entry = Calendar.from_ical(client_as(member).get(reverse("community:event_ics", args=[online.pk])).content)
    (entry,) = entry.walk("VEVENT")
    assert str(entry["LOCATION"]) == "Online" and "https://meet.example.org/x" in str(entry["DESCRIPTION"])
