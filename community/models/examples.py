from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .tags import Tag


class ExampleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for review"
    PUBLISHED = "published", "Published"
    RETURNED = "returned", "Returned to the author"


class ExampleText(models.Model):
    """What an example says: the published example's words, and changes to them waiting for review."""

    title = models.CharField(max_length=200)
    summary = models.TextField(help_text="Two or three sentences: what the practice is and why it matters.")
    what_was_done = models.TextField("what was done")
    what_changed = models.TextField(
        "what changed",
        help_text="Include any figures, with their units. Count practitioners, sessions or families "
        "supported — never describe a child or family.",
    )
    what_others_can_learn = models.TextField("what others can learn")
    contact_role = models.CharField(
        "contact role",
        max_length=200,
        help_text="A role others can ask for, e.g. “Neglect improvement lead, Dundee City Council”. "
        "Never a personal phone number.",
    )

    class Meta:
        abstract = True


class ReviewedByCelcis(models.Model):
    """The author's privacy confirmation and CELCIS's review, of an example and of changes to one."""

    status = models.CharField(max_length=20, choices=ExampleStatus.choices, default=ExampleStatus.DRAFT, db_index=True)
    privacy_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="privacy confirmed by",
    )
    privacy_confirmed_at = models.DateTimeField("privacy confirmed at", null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField("comment from CELCIS", blank=True)

    class Meta:
        abstract = True


class PracticeExample(ExampleText, ReviewedByCelcis):
    """An example of local practice, written by someone in the programme and published by CELCIS."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="practice_examples")
    tags = models.ManyToManyField(Tag, blank=True, related_name="examples")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:example_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == ExampleStatus.PUBLISHED

    @property
    def privacy_confirmed(self) -> bool:
        return self.privacy_confirmed_at is not None


class ExampleLink(models.Model):
    """A link from an example to the portal record it came from (an innovation, a PDSA cycle, a
    measure…). The record's area is kept here so that each reader's access is checked cheaply."""

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="links")
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    target_content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_content_type", "target_object_id")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["target_content_type_id", "target_object_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["example", "target_content_type", "target_object_id"], name="community_examplelink_once"
            )
        ]

    def __str__(self):
        return f"{self.example} → {self.target_content_type.name} {self.target_object_id}"


class UsefulMark(models.Model):
    """Someone found a published example useful (one mark per person); the marks order the library."""

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="useful_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["example", "user"], name="community_useful_once_per_person")]

    def __str__(self):
        return f"{self.user} found {self.example} useful"
