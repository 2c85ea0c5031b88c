"""The Community of Practice's to-do items (see core.todos): examples sent back to their author,
events coming up that the person registered for, and for CELCIS the examples and changes waiting
for review. A fixed number of queries whatever the number of areas or records."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from core.dates import time_label
from core.todos import Todo, TodoScope, Urgency

from .models import EventRegistration, ExampleRevision, ExampleStatus, PracticeExample, RegistrationStatus

EVENT_DAYS = 30  # events starting within this many days are listed


def _day(moment) -> date | None:
    return timezone.localdate(moment) if moment else None


def _sent_back(scope: TodoScope) -> list[Todo]:
    """The person's examples, and changes to their published examples, that CELCIS sent back."""
    examples = PracticeExample.objects.filter(author=scope.user, status=ExampleStatus.RETURNED).select_related("area")
    changes = ExampleRevision.objects.filter(example__author=scope.user, status=ExampleStatus.RETURNED).select_related(
        "example__area"
    )
    items = [
        Todo(
            key="community.example_returned",
            title=f"Revise your practice example “{example.title}” and send it again",
            url=example.get_absolute_url(),
            urgency=Urgency.OVERDUE,
            area=example.area.name,
            since=_day(example.reviewed_at),
            detail=f"CELCIS: {example.review_comment}"[:200],
        )
        for example in examples
    ]
    items += [
        Todo(
            key="community.changes_returned",
            title=f"Revise your changes to “{revision.example.title}” and send them again",
            url=revision.get_absolute_url(),
            urgency=Urgency.OVERDUE,
            area=revision.example.area.name,
            since=_day(revision.reviewed_at),
            detail=f"CELCIS: {revision.review_comment}"[:200],
        )
        for revision in changes
    ]
    return items


def _events(scope: TodoScope) -> list[Todo]:
    """Events in the next EVENT_DAYS days the person registered for."""
    start = timezone.make_aware(datetime.combine(scope.today, time.min))
    end = start + timedelta(days=EVENT_DAYS + 1)
    registrations = EventRegistration.objects.filter(
        user=scope.user, status=RegistrationStatus.REGISTERED, event__starts_at__gte=start, event__starts_at__lt=end
    ).select_related("event__host_area")
    events = [registration.event for registration in registrations]
    return [
        Todo(
            key="community.event",
            title=f"Attend “{event.title}”",
            url=event.get_absolute_url(),
            urgency=Urgency.UPCOMING,
            due=_day(event.starts_at),
            detail=f"{time_label(event.starts_at)}, hosted by {event.host_name}",
        )
        for event in events
    ]


def _awaiting_review(scope: TodoScope) -> list[Todo]:
    """For CELCIS: examples, and changes to published examples, waiting for review in the areas in scope."""
    examples = PracticeExample.objects.filter(
        status=ExampleStatus.SUBMITTED, area_id__in=scope.area_ids
    ).select_related("area")
    changes = ExampleRevision.objects.filter(
        status=ExampleStatus.SUBMITTED, example__status=ExampleStatus.PUBLISHED, example__area_id__in=scope.area_ids
    ).select_related("example__area")
    items = [
        Todo(
            key="community.example_review",
            title=f"Publish or return the practice example “{example.title}”",
            url=reverse("community:example_review", kwargs={"pk": example.pk}),
            urgency=Urgency.DUE_SOON,
            area=example.area.name,
            since=_day(example.submitted_at),
        )
        for example in examples
    ]
    items += [
        Todo(
            key="community.changes_review",
            title=f"Publish or return the changes to “{revision.example.title}”",
            url=reverse("community:example_review", kwargs={"pk": revision.example_id}),
            urgency=Urgency.DUE_SOON,
            area=revision.example.area.name,
            since=_day(revision.submitted_at),
        )
        for revision in changes
    ]
    return items


def items(scope: TodoScope) -> list[Todo]:
    """The person's Community of Practice to-do items (at most six queries)."""
    found: list[Todo] = []
    if scope.community:
        found += _sent_back(scope) + _events(scope)
    if scope.celcis:
        found += _awaiting_review(scope)
    return found
