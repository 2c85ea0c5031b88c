"""Reminder emails to area leads about returns coming due or overdue (sent by a daily task).

Each reminder is recorded (`ReturnReminder`) and its emails queued in the notifications outbox, one row
per lead, in one transaction: the emails go only after it commits (a crash before then sends
nothing and records nothing, so the next run tries again), each is claimed before it is sent (a
retried task never sends twice), and one refused address stops nobody else's reminder.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from areas.people import area_leads
from core.dates import day_label
from core.links import absolute_url
from notifications.services import outbox_queue

from .. import quarters
from ..models import QuarterlyReturn, ReminderKind, ReturnReminder, ReturnStatus

REMINDER_SUBJECTS = {
    ReminderKind.WEEK_BEFORE: "Quarterly return for {area} due in a week ({due})",
    ReminderKind.DUE: "Quarterly return for {area} due today ({due})",
    ReminderKind.OVERDUE: "Quarterly return for {area} is overdue (due {due})",
}


def _reminder_due(quarterly_return: QuarterlyReturn, today: date, recorded: set) -> tuple[str, date] | None:
    """The one reminder to send today, if any: the latest due, unless it is over a week old or sent."""
    due = quarters.reminder_dates(quarterly_return.due_on, today)
    if not due:
        return None
    kind, scheduled_on = due[-1]
    if scheduled_on < today - timedelta(days=6) or (quarterly_return.pk, kind, scheduled_on) in recorded:
        return None
    return kind, scheduled_on


def _queue(reminder: ReturnReminder, leads: list, today: date) -> None:
    quarterly_return = reminder.quarterly_return
    context = {
        "quarterly_return": quarterly_return,
        "kind": reminder.kind,
        "today": today,
        "link": absolute_url(quarterly_return.get_absolute_url()),
        "overdue_days": (today - quarterly_return.due_on).days,
    }
    subject = REMINDER_SUBJECTS[reminder.kind].format(
        area=quarterly_return.area.name, due=day_label(quarterly_return.due_on)
    )
    body = render_to_string("reports/reminder_email.txt", context)
    for lead in leads:
        outbox_queue(recipient=lead, key=f"return-reminder:{reminder.pk}", subject=subject, body=body)


def _remind(quarterly_return: QuarterlyReturn, kind: str, scheduled_on: date, today: date) -> bool:
    """Record one reminder and queue its emails to the area's leads, together or not at all."""
    leads = [lead for lead in area_leads(quarterly_return.area) if lead.email]
    try:
        with transaction.atomic():
            reminder = ReturnReminder.objects.create(
                area_id=quarterly_return.area_id,
                quarterly_return=quarterly_return,
                kind=kind,
                scheduled_on=scheduled_on,
                sent_at=timezone.now(),
                recipients=len(leads),
            )
            _queue(reminder, leads, today)
    except IntegrityError:
        # Another run of the task recorded this reminder first; its emails are queued by that run.
        return False
    return True


def send_return_reminders(*, today: date | None = None) -> int:
    """Email area leads about draft returns due in a week, due today, or overdue (weekly); how many
    reminders were queued.

    Only the latest reminder due by today is sent (a missed day does not send a backlog), and each is
    recorded with its emails queued, so running this twice sends nothing twice.
    """
    today = today or timezone.localdate()
    open_returns = list(
        QuarterlyReturn.objects.filter(status=ReturnStatus.DRAFT, area__in_programme=True).select_related("area")
    )
    recorded = set(
        ReturnReminder.objects.filter(quarterly_return__in=open_returns).values_list(
            "quarterly_return_id", "kind", "scheduled_on"
        )
    )
    queued = 0
    for quarterly_return in open_returns:
        due = _reminder_due(quarterly_return, today, recorded)
        if due is not None and _remind(quarterly_return, *due, today):
            queued += 1
    return queued
