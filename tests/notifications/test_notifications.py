"""Notifications: told once per event, emailed once even when a task runs twice, choices respected."""

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services
from notifications.kinds import DAILY, IMMEDIATE, OFF, register_kind
from notifications.models import Notification, OutboxEmail, OutboxStatus
from tests.factories import UserFactory

KIND = "tests.something_happened"


@pytest.fixture(autouse=True)
def kind():
    return register_kind(key=KIND, label="Something happened", description="For the tests.", default=IMMEDIATE)


def _notify(*recipients, key="event-1"):
    return services.notify(
        kind=KIND, recipients=recipients, key=key, title="A stage change needs you", url="/areas/dundee/stages/"
    )


def test_each_recipient_is_told_once_per_event_and_emailed_once(db, django_capture_on_commit_callbacks):
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann, bob, ann)
        _notify(ann, bob)  # the same event again (a retried task, say)
    assert Notification.objects.filter(recipient=ann).count() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@example.org", "bob@example.org"]


def test_emails_go_after_the_transaction_commits(db, django_capture_on_commit_callbacks):
    ann = UserFactory(username="ann")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _notify(ann)
    assert mail.outbox == [] and callbacks
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_a_second_send_of_the_same_email_sends_nothing(db, django_capture_on_commit_callbacks):
    ann = UserFactory(username="ann")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann)
    email = OutboxEmail.objects.get()
    assert services.outbox_send(email_id=email.pk) == OutboxStatus.SENT
    assert len(mail.outbox) == 1


def test_one_refused_address_stops_nobody_else(db, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.mail import EmailMessage

    real_send = EmailMessage.send

    def send(message, *args, **kwargs):
        if message.to == ["ann@example.org"]:
            raise OSError("550 mailbox unavailable")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send)
    ann, bob = UserFactory(username="ann"), UserFactory(username="bob")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann, bob)
    assert [m.to for m in mail.outbox] == [["bob@example.org"]]
    failed = OutboxEmail.objects.get(recipient=ann)
    assert failed.status in (OutboxStatus.QUEUED, OutboxStatus.FAILED) and "550" in failed.error


def test_links_in_emails_use_the_portal_url(db, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_URL = "https://portal.example.org"
    ann = UserFactory(username="ann")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann)
    message = mail.outbox[0]
    assert "https://portal.example.org/areas/dundee/stages/" in message.body
    assert "localhost" not in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith(
        "<https://portal.example.org/notifications/unsubscribe/"
    )


def test_off_means_listed_in_the_portal_but_not_emailed(db, django_capture_on_commit_callbacks):
    ann = UserFactory(username="ann")
    services.preferences_save(actor=ann, choices={KIND: OFF})
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann)
    assert Notification.objects.filter(recipient=ann).exists() and mail.outbox == []


def test_daily_choice_gathers_notifications_into_one_email_once(db, django_capture_on_commit_callbacks):
    from datetime import date

    ann = UserFactory(username="ann")
    services.preferences_save(actor=ann, choices={KIND: DAILY})
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann, key="one")
        _notify(ann, key="two")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        services.daily_digests_queue(day=date(2026, 12, 2))
        services.daily_digests_queue(day=date(2026, 12, 2))
    assert len(mail.outbox) == 1 and "2 things for you" in mail.outbox[0].subject


def test_the_unsubscribe_link_asks_first_then_turns_the_kind_off(client, db):
    ann = UserFactory(username="ann")
    url = reverse("notifications:unsubscribe", kwargs={"token": services.unsubscribe_token(user=ann, kind=KIND)})
    assert "Stop these emails?" in client.get(url).content.decode()
    assert services.delivery_for(ann, KIND) == IMMEDIATE  # a GET changes nothing
    assert client.post(url).status_code == 302
    assert services.delivery_for(ann, KIND) == OFF


def test_a_forged_unsubscribe_link_is_404(client, db):
    assert client.get(reverse("notifications:unsubscribe", kwargs={"token": "forged"})).status_code == 404


def test_the_list_shows_my_unread_notifications_and_opening_one_marks_it_read(client, member):
    client.force_login(member)
    (notification,) = _notify(member)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "A stage change needs you" in page and "Notifications <span" in page
    response = client.post(reverse("notifications:open", kwargs={"pk": notification.pk}))
    assert response.status_code == 302 and response.url == "/areas/dundee/stages/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_nobody_opens_someone_elses_notification(client, member, lead):
    (notification,) = _notify(lead)
    client.force_login(member)
    assert client.post(reverse("notifications:open", kwargs={"pk": notification.pk})).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_email_choices_are_saved_per_kind(client, member):
    client.force_login(member)
    from notifications.kinds import all_kinds

    choices = {kind.key: kind.default for kind in all_kinds()}  # the form as the page shows it
    response = client.post(reverse("notifications:preferences"), {**choices, KIND: DAILY})
    assert response.status_code == 302 and services.delivery_for(member, KIND) == DAILY


def test_check_deploy_fails_without_portal_url(settings):
    from core.checks import portal_url_check

    settings.PORTAL_URL = ""
    assert [e.id for e in portal_url_check(None)] == ["core.E001"]
    settings.PORTAL_URL = "http://localhost:8000"
    assert [e.id for e in portal_url_check(None)] == ["core.E002"]
    settings.PORTAL_URL = "https://portal.example.org"
    assert portal_url_check(None) == []


def test_the_notifications_page_query_count_does_not_grow(client, member):
    from tests.query_budget import assert_flat_query_count

    client.force_login(member)

    def more():
        for _ in range(3):
            _notify(member, key=f"grow-{Notification.objects.count()}")

    assert_flat_query_count(client, reverse("notifications:list"), more, max_queries=8)


def test_the_sweep_sends_what_a_mail_server_refused_earlier(db, django_capture_on_commit_callbacks, monkeypatch):
    from datetime import timedelta

    from django.core.mail import EmailMessage
    from django.utils import timezone

    from notifications.tasks import send_queued_emails

    real_send = EmailMessage.send
    monkeypatch.setattr(EmailMessage, "send", lambda *a, **k: (_ for _ in ()).throw(OSError("server down")))
    ann = UserFactory(username="ann")
    with django_capture_on_commit_callbacks(execute=True):
        _notify(ann)
    assert mail.outbox == [] and OutboxEmail.objects.get().status == OutboxStatus.QUEUED
    monkeypatch.setattr(EmailMessage, "send", real_send)
    OutboxEmail.objects.update(created_at=timezone.now() - timedelta(minutes=15))
    assert send_queued_emails() == 1
    send_queued_emails()
    assert len(mail.outbox) == 1 and OutboxEmail.objects.get().status == OutboxStatus.SENT
