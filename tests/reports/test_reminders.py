"""Reminder emails to area leads: a week before the due date, on it, then weekly while overdue.
Each goes through the notifications outbox after the reminder is recorded and committed: running the
task twice sends nothing twice, a crash before the commit sends nothing, and one refused address
stops nobody else's reminder."""

from datetime import date

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from areas.models import Role
from core.quarters import Quarter
from notifications.models import OutboxEmail, OutboxStatus
from reports.models import ReminderKind, ReturnReminder, ReturnStatus
from reports.services import reminders
from reports.tasks import send_return_reminders
from tests.factories import MembershipFactory, UserFactory
from tests.reports.factories import QuarterlyReturnFactory

Q4 = Quarter(2026, 4)  # January–March 2027, due 15 April 2027


def _return(area, **kwargs):
    return QuarterlyReturnFactory(area=area, quarter_start=Q4.start, **kwargs)


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the daily task for `day` as Celery would, then the outbox sends queued after its commits."""

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return send_return_reminders.delay(day=day).get()

    return run


def test_a_week_before_the_due_date_the_leads_are_reminded_once(dundee, lead, member, remind):
    quarterly_return = _return(dundee)
    assert quarterly_return.due_on == date(2027, 4, 15)
    assert remind("2027-04-07") == 0
    assert remind("2027-04-08") == 1
    assert remind("2027-04-08") == 0  # the same day again: nothing
    assert remind("2027-04-09") == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [lead.email]  # leads only, not members
    assert "due in a week" in message.subject
    assert f"/areas/{dundee.slug}/returns/2026-27-q4/" in message.body
    assert OutboxEmail.objects.get().status == OutboxStatus.SENT


def test_on_the_due_date_and_then_every_week_while_overdue(dundee, lead, remind):
    _return(dundee)
    for day in ("2027-04-08", "2027-04-15", "2027-04-16", "2027-04-22", "2027-04-23", "2027-04-29"):
        remind(day)
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


def test_a_missed_day_sends_only_the_latest_reminder(dundee, lead, remind):
    _return(dundee)
    remind("2027-04-24")  # the task did not run for weeks
    assert len(mail.outbox) == 1
    assert ReturnReminder.objects.get().kind == ReminderKind.OVERDUE


def test_submitted_returns_get_no_reminders(dundee, lead, remind):
    _return(dundee, status=ReturnStatus.SUBMITTED)
    remind("2027-04-15")
    assert mail.outbox == []


def test_emails_wait_for_the_commit(dundee, lead, django_capture_on_commit_callbacks):
    _return(dundee)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert send_return_reminders.delay(day="2027-04-15").get() == 1
    # Queued, not sent, until the commit (the other callbacks renew cached pages' tokens: core.freshness).
    sending = [callback for callback in callbacks if callback.__module__ != "core.freshness"]
    assert mail.outbox == [] and len(sending) == 1
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_crash_after_recording_and_before_the_commit_sends_nothing(dundee, lead, remind, monkeypatch):
    _return(dundee)
    second_lead = UserFactory(username="second-lead")
    MembershipFactory(user=second_lead, area=dundee, role=Role.AREA_LEAD)
    real_queue = reminders.outbox_queue
    queued = []

    def queue_then_crash(**kwargs):
        queued.append(real_queue(**kwargs))
        if len(queued) == 2:
            raise RuntimeError("the worker died before the commit")

    monkeypatch.setattr(reminders, "outbox_queue", queue_then_crash)
    with pytest.raises(RuntimeError):
        remind("2027-04-15")
    assert len(queued) == 2  # both leads' emails were written, then the transaction was lost
    assert mail.outbox == [] and not ReturnReminder.objects.exists() and not OutboxEmail.objects.exists()

    monkeypatch.undo()
    assert remind("2027-04-15") == 1  # the next run sends the reminder, once to each lead
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, second_lead.email])
    assert remind("2027-04-15") == 0 and len(mail.outbox) == 2


def test_one_refused_address_stops_nobody_else(dundee, inverclyde, lead, remind, monkeypatch):
    _return(dundee)
    _return(inverclyde)
    refused = UserFactory(username="refused-lead", email="refused@example.org")
    MembershipFactory(user=refused, area=dundee, role=Role.AREA_LEAD)
    other_lead = UserFactory(username="inverclyde-lead-2")
    MembershipFactory(user=other_lead, area=inverclyde, role=Role.AREA_LEAD)
    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["refused@example.org"]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    assert remind("2027-04-15") == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([lead.email, other_lead.email])
    failed = OutboxEmail.objects.get(recipient=refused)
    assert failed.status == OutboxStatus.QUEUED and "550" in failed.error  # tried again by the sweep
    # A second run of the task neither resends the reminders that went nor records them again.
    assert remind("2027-04-15") == 0 and len(mail.outbox) == 2
