"""Fidelity and scale-up: the instrument, practitioners, checks, slices and the dated figures of practitioners
intended and trained."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from core.dates import day_label

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
    essential = models.BooleanField(
        "essential",
        default=False,
        help_text="A check that does not meet an essential item is not at fidelity, whatever its score. "
        "Only an item marked met or not met can be essential.",
    )
    order = models.PositiveIntegerField(default=0)
    retired_on = models.DateField(
        null=True, blank=True, help_text="A retired item leaves new checks; results already recorded stay."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="met_not_met", max_score__isnull=True) | Q(kind="scored", max_score__gte=1),
                name="fidelityitem_max_score_only_when_scored",
            ),
            models.CheckConstraint(
                condition=Q(essential=False) | Q(kind="met_not_met"),
                name="fidelityitem_essential_only_when_met_not_met",
            ),
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
    conditions_evidence = models.TextField(
        "evidence that the conditions for expanding were met",
        blank=True,
        help_text="Needed for every slice after the transformation zone.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = "slice of the system"
        verbose_name_plural = "slices of the system"

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
    essential_missed = models.PositiveSmallIntegerField(
        "essential items not met", default=0, help_text="Any essential item not met keeps the check below fidelity."
    )
    meets_fidelity = models.BooleanField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [
            models.Index(fields=["innovation", "practitioner", "checked_on"]),
            # Each practitioner's latest check (checks due, the practitioner lists, CELCIS's home page
            # for every area) is one step down this index instead of a sort of all their checks.
            models.Index(fields=["practitioner", "checked_on", "id"], name="fidelitycheck_latest_idx"),
        ]

    def __str__(self):
        return f"Fidelity check of {self.practitioner}, {day_label(self.checked_on)}"


class FidelityResult(models.Model):
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    fidelity_check = models.ForeignKey(FidelityCheck, on_delete=models.PROTECT, related_name="results")
    item = models.ForeignKey(FidelityItem, on_delete=models.PROTECT, related_name="results")
    met = models.BooleanField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    essential = models.BooleanField(default=False, help_text="Whether the item was essential when checked.")

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


SAME_DAY = "Figures from this date are already recorded. Change those instead."


class PractitionerFigures(models.Model):
    """Practitioners intended to use the innovation, and trained, from a date until the next figures.

    Recorded for the innovation as a whole or, where slices of the system are used, for one slice
    (the innovation's figure is then the sum of its slices'). A quarter takes the latest figures on
    or before its last day, so nothing is typed again while nothing changes.
    """

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="practitioner_figures")
    slice = models.ForeignKey(
        SystemSlice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="figures",
        verbose_name="slice of the system",
    )
    effective_on = models.DateField("from", help_text="The date these figures hold from, until the next change.")
    practitioners_intended = models.PositiveIntegerField("practitioners intended to use it")
    practitioners_trained = models.PositiveIntegerField("practitioners trained", help_text="Of those intended.")
    notes = models.TextField(blank=True, help_text="What changed, in a sentence. Never details of people.")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-effective_on", "-pk"]
        verbose_name = "practitioner figures"
        verbose_name_plural = "practitioner figures"
        indexes = [models.Index(fields=["innovation", "effective_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(practitioners_trained__lte=F("practitioners_intended")),
                name="practitionerfigures_trained_at_most_intended",
            ),
            models.UniqueConstraint(
                fields=["innovation", "effective_on"],
                condition=Q(slice__isnull=True),
                name="practitionerfigures_one_a_day_for_the_innovation",
                violation_error_message=SAME_DAY,
            ),
            models.UniqueConstraint(
                fields=["slice", "effective_on"],
                condition=Q(slice__isnull=False),
                name="practitionerfigures_one_a_day_per_slice",
                violation_error_message=SAME_DAY,
            ),
        ]

    def __str__(self):
        where = f" in {self.slice}" if self.slice_id else ""
        return f"Practitioner figures{where} from {day_label(self.effective_on)}"
