"""Implementation Drivers: the best-practice items behind each driver (a versioned catalogue CELCIS
keeps), and the areas' assessments of how far each item is in place."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.subjects import SubjectMixin
from core.dates import day_label

from .scoring import score_label


class DriverGroup(models.TextChoices):
    COMPETENCY = "competency", "Competency"
    ORGANISATION = "organisation", "Organisation"
    LEADERSHIP = "leadership", "Leadership"


GROUP_ORDER = [DriverGroup.COMPETENCY, DriverGroup.ORGANISATION, DriverGroup.LEADERSHIP]


class Driver(models.Model):
    """One driver (selection, coaching, adaptive leadership…). Its key never changes, so scores stay
    comparable by driver across every version of the items."""

    key = models.SlugField(max_length=50, unique=True)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=20, choices=DriverGroup.choices)
    order = models.PositiveIntegerField(default=0)
    description = models.CharField(max_length=300, blank=True, help_text="A sentence on what the driver is.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class ItemSetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ItemSetQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ItemSetStatus.PUBLISHED)

    def current(self):
        """The latest published version: the one new assessments use."""
        return self.published().order_by("-number").first()


class ItemSet(models.Model):
    """One version of the best-practice items. Published versions never change; an assessment keeps
    the version it was made with."""

    number = models.PositiveIntegerField("version", unique=True)
    status = models.CharField(max_length=20, choices=ItemSetStatus.choices, default=ItemSetStatus.DRAFT)
    change_note = models.TextField("what changed", blank=True, help_text="What this version changes, and why.")
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="copied from"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()
    objects = ItemSetQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        constraints = [
            # Changes are gathered in one draft at a time, so nobody publishes half of somebody else's.
            models.UniqueConstraint(fields=["status"], condition=Q(status="draft"), name="itemset_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="itemset_published_has_date"
            ),
        ]

    def __str__(self):
        return f"Version {self.number}"

    def get_absolute_url(self):
        return reverse("drivers:item_set", kwargs={"number": self.number})

    @property
    def is_draft(self) -> bool:
        return self.status == ItemSetStatus.DRAFT


class Item(models.Model):
    """A best-practice item of one driver, in one version of the items."""

    item_set = models.ForeignKey(ItemSet, on_delete=models.PROTECT, related_name="items", verbose_name="version")
    driver = models.ForeignKey(Driver, on_delete=models.PROTECT, related_name="items")
    text = models.CharField("wording", max_length=300)
    order = models.PositiveIntegerField(default=0, help_text="Position within its driver; lower comes first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["driver__order", "order", "pk"]

    def __str__(self):
        return self.text


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    COMPLETED = "completed", "Completed"


class Assessment(SubjectMixin):
    """An area's drivers assessment, facilitated and made as a team: a draft while it is being
    scored, locked once completed (a correction is a new assessment)."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="driver_assessments")
    assessed_on = models.DateField("date of the assessment")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # [{"role": "Social workers", "count": 3}, …] — roles and numbers, never names.
    participants = models.JSONField("who took part", default=list, blank=True)
    notes = models.TextField(blank=True)
    item_set = models.ForeignKey(ItemSet, on_delete=models.PROTECT, related_name="assessments", verbose_name="items")
    status = models.CharField(max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name="correction of",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # Optimistic locking: two people scoring one draft cannot overwrite each other (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [
            models.Index(fields=["area", "status", "assessed_on"]),
            models.Index(fields=["subject_content_type", "subject_object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(completed_at__isnull=False), name="assessment_completed_has_date"
            ),
        ]

    def __str__(self):
        return f"Drivers assessment of {day_label(self.assessed_on)}"

    def get_absolute_url(self):
        return reverse("drivers:assessment_detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT

    @property
    def about(self) -> str:
        """'The programme as a whole', or the name of the innovation the assessment is about."""
        subject = self.subject if self.subject_content_type_id else None
        return str(subject) if subject is not None else "The programme as a whole"

    @property
    def participant_total(self) -> int:
        return sum(row.get("count", 0) for row in self.participants or [])

    @property
    def participant_summary(self) -> str:
        return ", ".join(f"{row['role']} ({row['count']})" for row in self.participants or [])


class ItemScore(models.Model):
    """One item's answer in one assessment: in place (2), partly (1), not in place (0), or not yet
    answered (empty), with a note of the evidence."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="scores")
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(2, "In place"), (1, "Partly in place"), (0, "Not in place")]
    )
    evidence = models.TextField("evidence", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item__driver__order", "item__order", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="itemscore_one_per_item"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=0, score__lte=2), name="itemscore_score_0_to_2"
            ),
        ]

    def __str__(self):
        return f"{self.item}: {score_label(self.score)}"

    def get_absolute_url(self):
        return (
            reverse("drivers:assessment_detail", kwargs={"area_slug": self.area.slug, "pk": self.assessment_id})
            + f"#item-{self.item_id}"
        )

    @property
    def is_gap(self) -> bool:
        """Scored 0 or 1: something to act on."""
        return self.score is not None and self.score < 2
