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
