"""Fidelity and scale-up: the instrument, practitioners, checks, figures per quarter, slices."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.quarters import Quarter

from .register import EssentialFunction, Innovation

# --- Fidelity ------------------------------------------------------------------------------------


class ItemKind(models.TextChoices):
    MET_NOT_MET = "met_not_met", "Met or not met"
    SCORED = "scored", "Scored"


class FidelityItem(models.Model):
    """An item of the innovation's fidelity instrument, usually one per essential function."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="fidelity_items")
    function = models.ForeignKey(
        EssentialFunction,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fidelity_items",
        verbose_name="essential function",
    )
    text = models.CharField("item", max_length=300, help_text="What the assessor looks for.")
    kind = models.CharField("how it is marked", max_length=20, choices=ItemKind.choices, default=ItemKind.MET_NOT_MET)
    max_score = models.PositiveSmallIntegerField(
        "highest score",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text="For a scored item: scores run from 0 to this number (at most 10).",
    )
    order = models.PositiveIntegerField(default=0)
    retired_on = models.DateField(
        null=True, blank=True, help_text="A retired item leaves new checks; results already recorded stay."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="met_not_met", max_score__isnull=True) | Q(kind="scored", max_score__gte=1),
                name="fidelityitem_max_score_only_when_scored",
            )
        ]

    def __str__(self):
        return self.text

    @property
    def points_available(self) -> int:
        return self.max_score if self.kind == ItemKind.SCORED else 1


class SliceKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", "Neighbourhood"
    LOCALITY = "locality", "Locality"
    TEAM = "team", "Team"
    SCHOOL_CLUSTER = "school_cluster", "School cluster"


class SystemSlice(models.Model):
    """A slice of the system the innovation is used in. The first is the transformation zone."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="slices")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SliceKind.choices)
    started_on = models.DateField("start date")
    practitioners_intended = models.PositiveIntegerField("practitioners intended to use it")
    practitioners_trained = models.PositiveIntegerField("practitioners trained")
    conditions_evidence = models.TextField(
        "evidence that the conditions for expanding were met",
        blank=True,
        help_text="Needed for every slice after the transformation zone.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = "slice of the system"
        verbose_name_plural = "slices of the system"
        constraints = [
            models.CheckConstraint(
                condition=Q(practitioners_trained__lte=F("practitioners_intended")),
                name="systemslice_trained_at_most_intended",
            )
        ]

    def __str__(self):
        return self.name


class Practitioner(models.Model):
    """A practitioner using the innovation, known only by a code the area assigns."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="practitioners")
    code = models.CharField(
        "practitioner code",
        max_length=20,
        validators=[
            RegexValidator(
                r"^[A-Z0-9][A-Z0-9-]*$",
                "Use letters, numbers and hyphens only, like DD-P01. Never a name.",
            )
        ],
        help_text="A code the area assigns, like DD-P01. Never a name.",
    )
    slice = models.ForeignKey(
        SystemSlice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practitioners",
        verbose_name="slice of the system",
    )
    left_on = models.DateField(
        "stopped using it on", null=True, blank=True, help_text="When they left or moved on; they stop counting then."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "pk"]
        constraints = [models.UniqueConstraint(fields=["innovation", "code"], name="practitioner_code_unique")]

    def __str__(self):
        return self.code


class FidelityCheck(models.Model):
    """A practitioner's fidelity assessed on one date, scored against the threshold of the day."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="fidelity_checks")
    practitioner = models.ForeignKey(Practitioner, on_delete=models.PROTECT, related_name="checks")
    checked_on = models.DateField("date of the check")
    assessor = models.CharField(
        "who assessed", max_length=200, help_text="The assessor's role, or their name if they are staff."
    )
    notes = models.TextField(blank=True, help_text="Never record details of children or families.")
    score_percent = models.DecimalField("score (%)", max_digits=4, decimal_places=1)
    threshold_percent = models.PositiveSmallIntegerField("threshold at the time (%)")
    meets_fidelity = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["innovation", "practitioner", "checked_on"])]

    def __str__(self):
        return f"Fidelity check of {self.practitioner}, {self.checked_on:%d %b %Y}"


class FidelityResult(models.Model):
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    fidelity_check = models.ForeignKey(FidelityCheck, on_delete=models.PROTECT, related_name="results")
    item = models.ForeignKey(FidelityItem, on_delete=models.PROTECT, related_name="results")
    met = models.BooleanField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["item__order", "item__pk"]
        constraints = [
            models.UniqueConstraint(fields=["fidelity_check", "item"], name="fidelityresult_one_per_item"),
            models.CheckConstraint(
                condition=Q(met__isnull=False, score__isnull=True) | Q(met__isnull=True, score__isnull=False),
                name="fidelityresult_met_or_score",
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.display}"

    @property
    def points(self) -> int:
        return self.score if self.score is not None else int(bool(self.met))

    @property
    def display(self) -> str:
        if self.score is not None:
            return f"{self.score} of {self.item.max_score}"
        return "Met" if self.met else "Not met"


class QuarterlyFigures(models.Model):
    """Practitioners intended to use the innovation, and trained, in one financial-year quarter."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="quarterly_figures")
    quarter_start = models.DateField("quarter", help_text="First day of the quarter.")
    practitioners_intended = models.PositiveIntegerField("practitioners intended to use it")
    practitioners_trained = models.PositiveIntegerField("practitioners trained")
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-quarter_start"]
        verbose_name_plural = "quarterly figures"
        constraints = [
            models.UniqueConstraint(fields=["innovation", "quarter_start"], name="quarterlyfigures_one_per_quarter"),
            models.CheckConstraint(
                condition=Q(practitioners_trained__lte=F("practitioners_intended")),
                name="quarterlyfigures_trained_at_most_intended",
            ),
        ]

    def __str__(self):
        return f"Figures for {Quarter.of(self.quarter_start)}"
