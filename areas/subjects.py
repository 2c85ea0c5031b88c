"""What an area's framework record is about: the area's programme as a whole, or one of its own
records (an innovation, say), named through a generic link so that apps built later need no change
in the apps that hold the link (stages, drivers)."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class SubjectMixin(models.Model):
    """Adds an optional `subject`; empty means the area's programme as a whole."""

    subject_content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_content_type", "subject_object_id")

    class Meta:
        abstract = True


def subject_filter(subject) -> Q:
    """Q for records about `subject` (None: the area's programme as a whole)."""
    if subject is None:
        return Q(subject_content_type__isnull=True)
    return Q(subject_content_type=ContentType.objects.get_for_model(subject), subject_object_id=subject.pk)


def subject_fields(subject) -> dict:
    """The field values that point a new record at `subject`."""
    if subject is None:
        return {"subject_content_type": None, "subject_object_id": None}
    return {"subject_content_type": ContentType.objects.get_for_model(subject), "subject_object_id": subject.pk}
