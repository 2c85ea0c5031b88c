"""Reminder emails to area leads: a week before the due date, on it, then weekly while overdue.
Running the task twice in a day sends nothing twice."""

from datetime import date

from django.core import mail

from core.quarters import Quarter
from reports.models import ReminderKind, ReturnReminder, ReturnStatus
from reports.tasks import send_return_reminders
from tests.reports.factories import QuarterlyReturnFactory

Q4 = Quarter(2026, 4)  # January–March 2027, due 15 April 2027


def _return(area, **kwargs):
    return QuarterlyReturnFactory(area=area, quarter_start=Q4.start, **kwargs)


def test_a_week_before_the_due_date_the_leads_are_reminded_once(dundee, lead, member):
    quarterly_return = _return(dundee)
    assert quarterly_return.due_on == date(2027, 4, 15)
    assert send_return_reminders.delay(day="2027-04-07").get() == 0
    assert send_return_reminders.delay(day="2027-04-08").get() == 1
    assert send_return_reminders.delay(day="2027-04-08").get() == 0  # the same day again: nothing
    assert send_return_reminders.delay(day="2027-04-09").get() == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]  # leads only, not members
    assert "due in a week" in message.subject
    assert f"/areas/{dundee.slug}/returns/2026-27-q4/" in message.body


def test_on_the_due_date_and_then_every_week_while_overdue(dundee, lead):
    _return(dundee)
    for day in ("2027-04-08", "2027-04-15", "2027-04-16", "2027-04-22", "2027-04-23", "2027-04-29"):
        send_return_reminders.delay(day=day).get()
    assert len(mail.outbox) == 4
    kinds = list(ReturnReminder.objects.values_list("kind", "scheduled_on"))
    assert kinds == [
        (ReminderKind.WEEK_BEFORE, date(2027, 4, 8)),
        (ReminderKind.DUE, date(2027, 4, 15)),
        (ReminderKind.OVERDUE, date(2027, 4, 22)),
        (ReminderKind.OVERDUE, date(2027, 4, 29)),
    ]
    assert "overdue" in mail.outbox[-1].subject
    assert "14 days overdue" in mail.outbox[-1].body


def test_a_missed_day_sends_only_the_latest_reminder(dundee, lead):
    _return(dundee)
    send_return_reminders.delay(day="2027-04-24").get()  # the task did not run for weeks
    assert len(mail.outbox) == 1
    assert ReturnReminder.objects.get().kind == ReminderKind.OVERDUE


def test_submitted_returns_get_no_reminders(dundee, lead):
    _return(dundee, status=ReturnStatus.SUBMITTED)
    send_return_reminders.delay(day="2027-04-15").get()
    assert mail.outbox == []
