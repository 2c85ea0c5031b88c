import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


def attachment_path(instance, filename: str) -> str:
    """A random stored name: what people called their file never reaches the file system."""
    return f"community/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"


class Attachment(models.Model):
    """An uploaded file: an event's materials or a practice example's attachment. Served only through
    `community:attachment_download`, which checks access; never from a public media URL."""

    event = models.ForeignKey(
        "community.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="materials"
    )
    example = models.ForeignKey(
        "community.PracticeExample", on_delete=models.CASCADE, null=True, blank=True, related_name="attachments"
    )
    # A file attached to an example after it was published waits for CELCIS with the example's pending
    # changes: only the author and CELCIS may open it until those are published (then this is emptied).
    held_for = models.ForeignKey(
        "community.ExampleRevision",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="held_files",
        help_text="The changes this file waits for; empty once they are published.",
    )
    file = models.FileField(upload_to=attachment_path, max_length=200)
    title = models.CharField("description", max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(help_text="In bytes.")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(event__isnull=False) & Q(example__isnull=True))
                | (Q(event__isnull=True) & Q(example__isnull=False)),
                name="community_attachment_for_an_event_or_an_example",
            )
        ]

    def __str__(self):
        return self.title or self.original_name

    @property
    def is_held(self) -> bool:
        return self.held_for_id is not None

    @property
    def kind_label(self) -> str:
        return PurePath(self.original_name).suffix.lstrip(".").upper() or "File"
