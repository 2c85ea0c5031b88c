from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class Follow(models.Model):
    """Someone follows a discussion topic or a practice example, for a daily email of what is new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows")
    topic = models.ForeignKey(
        "community.Topic", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    example = models.ForeignKey(
        "community.PracticeExample", on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(example__isnull=True))
                | (Q(topic__isnull=True) & Q(example__isnull=False)),
                name="community_follow_a_topic_or_an_example",
            ),
            models.UniqueConstraint(
                fields=["user", "topic"], condition=Q(topic__isnull=False), name="community_follow_topic_once"
            ),
            models.UniqueConstraint(
                fields=["user", "example"], condition=Q(example__isnull=False), name="community_follow_example_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.topic or self.example}"

    @property
    def followed(self):
        return self.topic if self.topic_id else self.example


class DigestStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    SKIPPED = "skipped", "Nothing to send"
    FAILED = "failed", "Failed"


class FollowerDigest(models.Model):
    """One follower's email for one day. The row is claimed with a conditional update before the
    email goes, so a retried or duplicated task never sends the same day's email twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    status = models.CharField(max_length=20, choices=DigestStatus.choices, default=DigestStatus.QUEUED)
    items = models.PositiveIntegerField(default=0, help_text="New posts the email listed.")
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-day", "user_id"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="community_digest_one_per_day")]
        indexes = [models.Index(fields=["day", "status"])]

    def __str__(self):
        return f"Digest for {self.user}, {self.day:%d %b %Y}: {self.get_status_display()}"
