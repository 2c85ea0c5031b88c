"""Measures: what an area counts over time to see whether a change is an improvement.

Aggregate counts only — never a record about a child or family. A measure belongs to one area; a
programme-wide definition (SharedMeasure) is written once by CELCIS and adopted by areas, each
adoption being the area's own Measure that keeps the shared wording in step.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import day_label

from . import interpretation, periods
from .validation import is_whole, whole_number_message


class MeasureType(models.TextChoices):
    OUTCOME = "outcome", "Outcome"
    PROCESS = "process", "Process"
    BALANCING = "balancing", "Balancing"


class Frequency(models.TextChoices):
    WEEKLY = periods.WEEKLY, "Weekly"
    MONTHLY = periods.MONTHLY, "Monthly"
    QUARTERLY = periods.QUARTERLY, "Quarterly"


class Direction(models.TextChoices):
    INCREASE = interpretation.INCREASE, "Higher is better"
    DECREASE = interpretation.DECREASE, "Lower is better"
    NEITHER = interpretation.NEITHER, "Neither: watched for change only"


# The fields a programme-wide definition shares with every adoption of it.
DEFINITION_FIELDS = [
    "name",
    "measure_type",
    "definition",
    "is_proportion",
    "is_count",
    "counts_people",
    "numerator_definition",
    "denominator_definition",
    "unit",
    "frequency",
    "direction",
]


class MeasureDefinition(models.Model):
    """What is counted, how often, and which way is better."""

    name = models.CharField(max_length=200)
    measure_type = models.CharField(
        "type of measure",
        max_length=20,
        choices=MeasureType.choices,
        help_text="Outcome: the result for families. Process: whether the work is done as planned. "
        "Balancing: an unwanted effect elsewhere in the system.",
    )
    definition = models.TextField(help_text="Exactly what is counted, from which source, and what is left out.")
    is_proportion = models.BooleanField(
        "a proportion",
        default=False,
        help_text="Tick when each value is a numerator out of a denominator; it is then shown as a percentage.",
    )
    is_count = models.BooleanField(
        "a count",
        default=False,
        help_text="Tick when each value is a number of things counted in the period, such as families or "
        "referrals: values are then whole numbers, and the unit says what is counted.",
    )
    counts_people = models.BooleanField(
        "counts people",
        default=False,
        help_text="Tick if every value counts people — children, families, practitioners. Figures published "
        "beyond the area are then protected.",
    )
    numerator_definition = models.TextField("numerator", blank=True, help_text="What is counted on top.")
    denominator_definition = models.TextField("denominator", blank=True, help_text="What it is counted out of.")
    unit = models.CharField(
        max_length=40,
        blank=True,
        help_text="What a value counts or measures, in the plural, e.g. “families”, “referrals” or “days”. "
        "Needed for a count; proportions are always percentages.",
    )
    frequency = models.CharField(max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    direction = models.CharField(
        "direction of improvement", max_length=20, choices=Direction.choices, default=Direction.INCREASE
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def display_unit(self) -> str:
        return "%" if self.is_proportion else self.unit


class SharedMeasure(MeasureDefinition):
    """A programme-wide definition, written by CELCIS and adopted by areas."""

    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [models.UniqueConstraint(fields=["name"], name="sharedmeasure_unique_name")]


class Measure(MeasureDefinition):
    """One area's measure: its own, or its adoption of a programme-wide definition."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="measures")
    shared = models.ForeignKey(
        SharedMeasure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="adoptions",
        verbose_name="programme-wide definition",
    )
    baseline_points = models.PositiveSmallIntegerField(
        "baseline",
        null=True,
        blank=True,
        validators=[MinValueValidator(2), MaxValueValidator(520)],
        help_text="How many of the first recorded periods fix the centre line and limits (12 or more is best). "
        "Leave empty to use every point until the measure is stable.",
    )
    target = models.DecimalField(
        max_digits=14,
        decimal_places=4,
        null=True,
        blank=True,
        help_text="Optional. Drawn as a line on the charts; signals never depend on it.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking for edits of the measure itself (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)
    # Bumped by every change that alters the charts (values, baseline, definition): the chart cache key.
    data_version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "data_version"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="measure_unique_name_in_area"),
            models.UniqueConstraint(
                fields=["area", "shared"], condition=Q(shared__isnull=False), name="measure_adopt_once_per_area"
            ),
        ]

    def get_absolute_url(self):
        return reverse("measures:detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_adopted(self) -> bool:
        return self.shared_id is not None

    def period_label(self, start) -> str:
        return periods.period_label(self.frequency, start)


class MeasureValue(models.Model):
    """One period's figure for a measure. A proportion keeps its numerator and denominator."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField("period")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text="Anything that explains this figure, e.g. a data problem or an unusual event.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "period_start"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period_start"], name="measurevalue_one_per_period"),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True)
                | Q(denominator__isnull=True)
                | Q(numerator__lte=models.F("denominator")),
                name="measurevalue_numerator_within_denominator",
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="measurevalue_denominator_positive"
            ),
        ]
        indexes = [models.Index(fields=["area", "period_start"])]

    def __str__(self):
        return f"{self.measure}: {day_label(self.period_start)}"

    def clean(self):
        """A count takes whole numbers only (the grid, the CSV upload and the services check it too)."""
        super().clean()
        if self.measure_id and self.measure.is_count and not is_whole(self.value):
            raise ValidationError({"value": whole_number_message(self.measure)})


class BaselineChange(models.Model):
    """An explicit, recorded change to a measure's fixed baseline: never recalculated silently."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="baseline_changes")
    previous_points = models.PositiveSmallIntegerField(null=True, blank=True)
    new_points = models.PositiveSmallIntegerField(null=True, blank=True)
    reason = models.TextField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        before, after = describe_baseline(self.previous_points), describe_baseline(self.new_points)
        return f"Baseline of {self.measure}: {before} → {after}"


def describe_baseline(points: int | None) -> str:
    return "every point (not fixed)" if points is None else f"first {points} points"


class UploadStatus(models.TextChoices):
    CHECKED = "checked", "Checked, not saved"
    SAVED = "saved", "Saved"


class DataUpload(models.Model):
    """A CSV file of values, kept while it is previewed; nothing is saved until every row is valid."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="The measure every row is for, when the file has no measure column.",
    )
    file_name = models.CharField(max_length=255)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=UploadStatus.choices, default=UploadStatus.CHECKED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    saved_at = models.DateTimeField(null=True, blank=True)
    saved_rows = models.PositiveIntegerField(default=0)

    # The file itself is not copied into history: who uploaded what, when, and its fate is enough.
    history = HistoricalRecords(excluded_fields=["content"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.file_name} ({day_label(self.uploaded_at)})"
