"""Events as iCalendar (.ics) files, made with the icalendar library."""

from datetime import UTC

from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event, EventFormat
from .text import plain_text

PRODID = "-//Addressing Neglect portal//Community of Practice//EN"


def event_ics(event: Event, *, url: str) -> bytes:
    """One event as an .ics file: times in UTC, the venue (or "Online") as its location."""
    description = [f"Hosted by {event.host_name}."]
    if event.theme:
        description.append(f"Theme: {event.theme}")
    if event.agenda:
        description.append(plain_text(event.agenda, words=200))
    if event.format == EventFormat.ONLINE and event.joining_link:
        description.append(f"Join online: {event.joining_link}")
    description.append(f"Details: {url}")
    entry = CalendarEvent.new(
        uid=f"community-event-{event.pk}@neglect-portal",
        summary=event.title,
        start=event.starts_at.astimezone(UTC),
        end=event.ends_at.astimezone(UTC),
        stamp=timezone.now(),
        location=event.venue if event.format == EventFormat.IN_PERSON else "Online",
        description="\n\n".join(description),
        url=url,
    )
    calendar = Calendar.new(prodid=PRODID, subcomponents=[entry])
    return calendar.to_ical()
