"""Writes for notifications and the email outbox.

`notify` is what other apps call when something needs a person: it records one notification per
recipient per event and, for those who want it straight away, queues one email after the
transaction commits. Every email goes through the outbox (`outbox_queue` → `outbox_send`), which
claims each row before sending, so a retry never sends twice and one refused address stops nobody else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from areas.models import User
from core.links import absolute_url

from .kinds import DAILY, IMMEDIATE, OFF, all_kinds, get_kind
from .models import Notification, OutboxEmail, OutboxStatus, Preference

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
ALL_KINDS = "*"
MAX_ATTEMPTS = 6  # then an email is left failed, with its error, for an administrator


def delivery_for(user, kind: str) -> str:
    """How `user` wants this kind delivered: their choice, else the kind's default."""
    chosen = Preference.objects.filter(user=user, kind=kind).values_list("delivery", flat=True).first()
    return chosen or get_kind(kind).default


def unsubscribe_token(*, user, kind: str = ALL_KINDS) -> str:
    """A signed token that turns off email of one kind (or all kinds) for this user."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; signing.BadSignature for anything forged or mangled."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    return int(data["u"]), str(data["k"])


def unsubscribe_link(*, user, kind: str = ALL_KINDS) -> str:
    return absolute_url(reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user=user, kind=kind)}))


@transaction.atomic
def notify(
    *, kind: str, recipients: Iterable, key: str, title: str, url: str, body: str = "", area=None
) -> list[Notification]:
    """Tell each recipient once about one event (`key`); email those who want it straight away."""
    get_kind(kind)  # an unregistered kind is a programming error
    made = []
    for recipient in {r.pk: r for r in recipients if r is not None and r.is_active}.values():
        if Notification.objects.filter(recipient=recipient, key=key).exists():
            continue
        notification = Notification.objects.create(
            recipient=recipient, kind=kind, key=key, title=title[:300], body=body, url=url, area=area
        )
        made.append(notification)
        User.objects.filter(pk=recipient.pk).update(unread_notifications=F("unread_notifications") + 1)
        if delivery_for(recipient, kind) == IMMEDIATE and recipient.email:
            context = {"notification": notification, "link": absolute_url(url), "recipient": recipient}
            outbox_queue(
                recipient=recipient,
                key=f"notification:{notification.pk}",
                subject=title[:300],
                body=render_to_string("notifications/email/notification.txt", context),
                unsubscribe_url=unsubscribe_link(user=recipient, kind=kind),
            )
    return made


def outbox_queue(*, recipient, key: str, subject: str, body: str, unsubscribe_url: str = "") -> OutboxEmail | None:
    """Queue one email to one person (once per `key`), sent by a task after the transaction commits."""
    if OutboxEmail.objects.filter(recipient=recipient, key=key).exists():
        return None
    try:
        with transaction.atomic():
            email = OutboxEmail.objects.create(
                recipient=recipient, key=key, subject=subject, body=body, unsubscribe_url=unsubscribe_url
            )
    except IntegrityError:  # queued by a concurrent request a moment ago
        return None
    from .tasks import send_outbox_email

    transaction.on_commit(lambda: send_outbox_email.delay(email_id=email.pk))
    return email


def outbox_send(*, email_id: int) -> str:
    """Send one queued email, once: the row is claimed first; a row another worker has claimed, or
    that was sent already, is left alone. Returns the row's status afterwards."""
    claimed = OutboxEmail.objects.filter(pk=email_id, status=OutboxStatus.QUEUED).update(
        status=OutboxStatus.SENDING, claimed_at=timezone.now()
    )
    if not claimed:
        return OutboxEmail.objects.filter(pk=email_id).values_list("status", flat=True).first() or "missing"
    email = OutboxEmail.objects.select_related("recipient").get(pk=email_id)
    if not email.recipient.is_active or not email.recipient.email:
        OutboxEmail.objects.filter(pk=email_id).update(status=OutboxStatus.SKIPPED)
        return OutboxStatus.SKIPPED
    headers = {"List-Unsubscribe": f"<{email.unsubscribe_url}>"} if email.unsubscribe_url else {}
    EmailMessage(subject=email.subject, body=email.body, to=[email.recipient.email], headers=headers).send()
    OutboxEmail.objects.filter(pk=email_id).update(status=OutboxStatus.SENT, sent_at=timezone.now())
    return OutboxStatus.SENT


def outbox_stuck_ids(*, older_than_minutes: int = 10, limit: int = 500) -> list[int]:
    """Emails still queued (or left claimed by a worker that died) a while after they were written."""
    cutoff = timezone.now() - timedelta(minutes=older_than_minutes)
    stuck = OutboxEmail.objects.filter(status=OutboxStatus.SENDING, claimed_at__lt=cutoff)
    # A worker that died mid-send leaves its row claimed: put it back (at worst one repeat email).
    stuck.update(status=OutboxStatus.QUEUED)
    queued = OutboxEmail.objects.filter(status=OutboxStatus.QUEUED, created_at__lt=cutoff, attempts__lt=MAX_ATTEMPTS)
    return list(queued.order_by("created_at").values_list("pk", flat=True)[:limit])


def outbox_release(*, email_id: int, error: str, final: bool) -> None:
    """After a failed send: put the row back for the next try, or record that it failed for good."""
    email = OutboxEmail.objects.filter(pk=email_id, status=OutboxStatus.SENDING).first()
    if email is None:
        return
    email.attempts += 1
    email.status = OutboxStatus.FAILED if final or email.attempts >= MAX_ATTEMPTS else OutboxStatus.QUEUED
    email.error = error[:2000]
    email.save(update_fields=["status", "attempts", "error"])


@transaction.atomic
def daily_digests_queue(*, day: date) -> int:
    """Gather each person's undigested notifications of the kinds they take daily into one email."""
    daily_kinds = {kind.key for kind in all_kinds() if kind.default == DAILY}
    pending = Notification.objects.filter(digested_at__isnull=True).select_related("recipient")
    by_user: dict[int, list[Notification]] = {}
    people = Preference.objects.filter(user_id__in=pending.values("recipient_id"))
    choices = {(p.user_id, p.kind): p.delivery for p in people}
    for notification in pending.order_by("created_at", "pk"):
        chosen = choices.get((notification.recipient_id, notification.kind))
        if chosen == DAILY or (chosen is None and notification.kind in daily_kinds):
            by_user.setdefault(notification.recipient_id, []).append(notification)
    queued = 0
    for notifications in by_user.values():
        recipient = notifications[0].recipient
        ids = [n.pk for n in notifications]
        Notification.objects.filter(pk__in=ids).update(digested_at=timezone.now())
        if not recipient.email or not recipient.is_active:
            continue
        context = {"recipient": recipient, "day": day, "items": [(n, absolute_url(n.url)) for n in notifications]}
        count = len(notifications)
        if outbox_queue(
            recipient=recipient,
            key=f"digest:{day.isoformat()}",
            subject=f"Addressing Neglect portal: {count} thing{'s' if count != 1 else ''} for you",
            body=render_to_string("notifications/email/digest.txt", context),
            unsubscribe_url=unsubscribe_link(user=recipient),
        ):
            queued += 1
    return queued


def notification_mark_read(*, actor, notification: Notification) -> None:
    """Mark one of the actor's own notifications read."""
    if notification.recipient_id != actor.pk:
        raise PermissionError("Only the recipient marks a notification read.")
    if Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now()):
        User.objects.filter(pk=actor.pk, unread_notifications__gt=0).update(
            unread_notifications=F("unread_notifications") - 1
        )


def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor's read; how many there were."""
    count = Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
    User.objects.filter(pk=actor.pk).update(unread_notifications=0)
    return count


@transaction.atomic
def preferences_save(*, actor, choices: dict[str, str]) -> None:
    """Record the actor's delivery choice for each kind named."""
    for kind, delivery in choices.items():
        get_kind(kind)
        if delivery not in (IMMEDIATE, DAILY, OFF):
            raise ValueError(f"Unknown delivery {delivery!r}.")
        Preference.objects.update_or_create(user=actor, kind=kind, defaults={"delivery": delivery})


def unsubscribe(*, user_id: int, kind: str) -> None:
    """Turn off email of one kind, or of every kind, for a person who followed an email's link."""
    user = User.objects.get(pk=user_id)
    kinds = [k.key for k in all_kinds()] if kind == ALL_KINDS else [get_kind(kind).key]
    preferences_save(actor=user, choices=dict.fromkeys(kinds, OFF))
