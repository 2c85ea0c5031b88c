"""Notifications (what a person is told in the portal) and the email outbox (what is emailed).

A notification is made once per recipient per event (`key` is unique per recipient). Each email is
an `OutboxEmail` row claimed with a conditional update before it is sent, so a retried or duplicated
task never sends it twice and one refused address stops nobody else's email.
"""

from django.conf import settings
from django.db import models

from .kinds import DELIVERY_CHOICES


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=60)
    key = models.CharField(max_length=200, help_text="The event, so one event tells each person once.")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, help_text="Path of the page where the person acts on it.")
    area = models.ForeignKey(
        "areas.LocalArea", on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True, help_text="When it went out in a daily email.")

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_recipient")]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"], name="notification_unread")]

    def __str__(self):
        return self.title


class Preference(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices")
    kind = models.CharField(max_length=60)
    delivery = models.CharField(max_length=10, choices=DELIVERY_CHOICES)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user}: {self.kind} → {self.delivery}"


class OutboxStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


class OutboxEmail(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="outbox_emails")
    key = models.CharField(max_length=200, help_text="What the email is about, so it is queued once.")
    subject = models.CharField(max_length=300)
    body = models.TextField()
    unsubscribe_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.QUEUED)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="outbox_once_per_recipient")]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_status")]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
