"""Writes for events: organising them, registering and withdrawing, and recording attendance."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import save_versioned
from core.services import raise_if_errors, save_with_history

from .. import rules
from ..models import Event, EventFormat, EventRegistration, RegistrationStatus
from ._common import taking_part

EVENT_FIELDS = (
    "title",
    "kind",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "joining_link",
    "host_area",
    "theme",
    "agenda",
    "learning",
)


def _check_event(data: dict, access, *, check_host: bool) -> None:
    errors = {}
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        errors["end_time"] = "The event must end after it starts."
    if data.get("format") == EventFormat.IN_PERSON and not (data.get("venue") or "").strip():
        errors["venue"] = "Give the venue for an event in person: building, street and town."
    if check_host:
        host = data.get("host_area")
        if host is None and not access.is_celcis:
            errors["host_area"] = "Choose the area hosting the event. Only CELCIS hosts events itself."
        elif host is not None and not rules.event_host_choices(access).filter(pk=host.pk).exists():
            errors["host_area"] = "You can only name an area you lead as the host."
    raise_if_errors(errors)


@transaction.atomic
def event_save(*, actor, data: dict, event: Event | None = None, expected_version: int | None = None) -> Event:
    """Create an event (CELCIS and area leads) or change one the actor manages."""
    access = taking_part(actor)
    data = {name: data[name] for name in EVENT_FIELDS if name in data}
    if event is None:
        if not rules.can_organise_events(access):
            raise PermissionDenied
        _check_event(data, access, check_host=True)
        event = Event(created_by=actor, **data)
        save_with_history(event, actor=actor, reason="Created", validate=True, exclude=["version"])
        return event
    event = Event.objects.select_related("host_area").get(pk=event.pk)
    if not rules.can_manage_event(access, event):
        raise PermissionDenied
    # An organiser who keeps the host as it is need not lead that area (the event's creator, say).
    host_changed = "host_area" in data and data["host_area"] != event.host_area
    _check_event(data, access, check_host=host_changed)
    for name, value in data.items():
        setattr(event, name, value)
    event.full_clean(exclude=["version"])
    save_versioned(event, expected_version=expected_version, actor=actor, reason="Changed")
    return event


@transaction.atomic
def event_register(*, event: Event, actor) -> EventRegistration:
    """The actor says they will attend an event that has not started; their area and role are kept."""
    access = taking_part(actor)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.starts_at <= timezone.now():
        raise ValidationError("This event has already started, so registration has closed.")
    role, area = rules.attendee_role_and_area(access)
    registration = EventRegistration.objects.select_for_update().filter(event=event, user=actor).first()
    if registration is None:
        registration = EventRegistration(event=event, user=actor)
    elif registration.status == RegistrationStatus.REGISTERED:
        return registration
    registration.role = role
    registration.area = area
    registration.status = RegistrationStatus.REGISTERED
    registration.registered_at = timezone.now()
    registration.withdrawn_at = None
    save_with_history(registration, actor=actor, reason="Registered")
    return registration


@transaction.atomic
def event_withdraw(*, event: Event, actor) -> EventRegistration:
    """The actor withdraws from an event that has not started."""
    taking_part(actor)
    registration = (
        EventRegistration.objects.select_for_update()
        .select_related("event")
        .filter(event=event, user=actor, status=RegistrationStatus.REGISTERED)
        .first()
    )
    if registration is None:
        raise ValidationError("You are not registered for this event.")
    if registration.event.starts_at <= timezone.now():
        raise ValidationError("This event has already started. Ask an organiser to record that you did not attend.")
    registration.status = RegistrationStatus.WITHDRAWN
    registration.withdrawn_at = timezone.now()
    save_with_history(registration, actor=actor, reason="Withdrew")
    return registration


@transaction.atomic
def event_attendance_record(*, event: Event, actor, attended: dict[int, bool]) -> int:
    """An organiser records who attended (registration id → attended); returns how many changed."""
    access = taking_part(actor)
    event = Event.objects.select_related("host_area").get(pk=event.pk)
    if not rules.can_manage_event(access, event):
        raise PermissionDenied
    if event.starts_at > timezone.now():
        raise ValidationError("Attendance can be recorded once the event has started.")
    changed = 0
    registrations = EventRegistration.objects.select_for_update().filter(event=event, pk__in=list(attended))
    for registration in registrations:
        value = attended[registration.pk]
        if registration.attended is value:
            continue
        registration.attended = value
        registration.attendance_recorded_by = actor
        registration.attendance_recorded_at = timezone.now()
        save_with_history(registration, actor=actor, reason="Attendance recorded")
        changed += 1
    return changed
