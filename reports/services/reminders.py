"""Reminder emails to area leads about returns coming due or overdue (sent by a daily task)."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from areas.models import Membership, Role
from core.links import absolute_url

from .. import quarters
from ..models import QuarterlyReturn, ReminderKind, ReturnReminder, ReturnStatus

REMINDER_SUBJECTS = {
    ReminderKind.WEEK_BEFORE: "Quarterly return for {area} due in a week ({due})",
    ReminderKind.DUE: "Quarterly return for {area} due today ({due})",
    ReminderKind.OVERDUE: "Quarterly return for {area} is overdue (due {due})",
}


def _lead_addresses(area) -> list[str]:
    return sorted(
        set(
            Membership.objects.active()
            .filter(area=area, role=Role.AREA_LEAD, user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )


def _reminder_due(quarterly_return: QuarterlyReturn, today: date) -> tuple[str, date] | None:
    """The one reminder to send today, if any: the latest due, unless it is over a week old or sent."""
    due = quarters.reminder_dates(quarterly_return.due_on, today)
    if not due:
        return None
    kind, scheduled_on = due[-1]
    if scheduled_on < today - timedelta(days=6):
        return None
    if ReturnReminder.objects.filter(quarterly_return=quarterly_return, kind=kind, scheduled_on=scheduled_on).exists():
        return None
    return kind, scheduled_on


def _send(quarterly_return: QuarterlyReturn, kind: str, recipients: list[str], today: date) -> None:
    context = {
        "quarterly_return": quarterly_return,
        "kind": kind,
        "today": today,
        "link": absolute_url(quarterly_return.get_absolute_url()),
        "overdue_days": (today - quarterly_return.due_on).days,
    }
    send_mail(
        subject=REMINDER_SUBJECTS[kind].format(
            area=quarterly_return.area.name, due=f"{quarterly_return.due_on:%-d %b %Y}"
        ),
        message=render_to_string("reports/reminder_email.txt", context),
        from_email=None,
        recipient_list=recipients,
    )


def send_return_reminders(*, today: date | None = None) -> int:
    """Email area leads about draft returns due in a week, due today, or overdue (weekly).

    Only the latest reminder due by today is sent (a missed day does not send a backlog), and each
    is recorded before it goes, inside one transaction, so running this twice sends nothing twice.
    """
    today = today or timezone.localdate()
    sent = 0
    open_returns = QuarterlyReturn.objects.filter(status=ReturnStatus.DRAFT, area__in_programme=True).select_related(
        "area"
    )
    for quarterly_return in open_returns:
        due = _reminder_due(quarterly_return, today)
        if due is None:
            continue
        kind, scheduled_on = due
        recipients = _lead_addresses(quarterly_return.area)
        try:
            with transaction.atomic():
                ReturnReminder.objects.create(
                    area_id=quarterly_return.area_id,
                    quarterly_return=quarterly_return,
                    kind=kind,
                    scheduled_on=scheduled_on,
                    sent_at=timezone.now(),
                    recipients=len(recipients),
                )
                if recipients:
                    _send(quarterly_return, kind, recipients, today)
        except IntegrityError:
            # Another run of the task recorded this reminder first; it sends it.
            continue
        sent += 1
    return sent
