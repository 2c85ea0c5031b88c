"""The register: innovations, essential functions, the practice profile and usability judgements."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import day_label

# --- The register --------------------------------------------------------------------------------


class Origin(models.TextChoices):
    LOCAL_DESIGN = "local_design", "Local design"
    ESTABLISHED = "established", "Established programme"
    ADAPTED = "adapted", "Adapted programme"


class InnovationStatus(models.TextChoices):
    EXPLORING = "exploring", "Being explored"
    SELECTED = "selected", "Selected"
    NOT_SELECTED = "not_selected", "Not selected"
    IN_USE = "in_use", "In use"
    DISCONTINUED = "discontinued", "Discontinued"


# These statuses end an innovation's road here, so the record must say when and why.
STATUSES_NEEDING_REASON = (InnovationStatus.NOT_SELECTED, InnovationStatus.DISCONTINUED)

DEFAULT_PRACTICE_LEVELS = [
    ("Expected practice", "Proficient: what the function looks like when it is done well."),
    ("Developmental practice", "On the way to proficient: the coaching agenda."),
    ("Unacceptable practice", "Variation that is not acceptable."),
]


def default_validity_months() -> int:
    """How long a fidelity check stays current unless the instrument says otherwise (a setting)."""
    return settings.FIDELITY_VALIDITY_MONTHS


class Innovation(models.Model):
    """An innovation the area explores or uses, with its description as a usable innovation."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="innovations")
    name = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="A sentence or two on what it is.")
    origin = models.CharField(max_length=20, choices=Origin.choices)
    status = models.CharField(max_length=20, choices=InnovationStatus.choices, default=InnovationStatus.EXPLORING)
    status_changed_on = models.DateField("date of the status", null=True, blank=True)
    status_reason = models.TextField("reason for the status", blank=True)
    design_decision = models.TextField(
        "local design decision",
        blank=True,
        help_text="The decision this innovation came from: who decided, when, and where it is recorded.",
    )
    philosophy = models.TextField("philosophy, values and principles", blank=True)
    inclusion_criteria = models.TextField("who it is for (inclusion criteria)", blank=True)
    exclusion_criteria = models.TextField("who it is not for (exclusion criteria)", blank=True)
    evidence_summary = models.TextField("evidence summary", blank=True)
    fidelity_threshold = models.PositiveSmallIntegerField(
        "fidelity threshold (%)",
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="A fidelity check meets fidelity when its score reaches this percentage (1 to 100).",
    )
    fidelity_validity_months = models.PositiveSmallIntegerField(
        "a check stays current for (months)",
        default=default_validity_months,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
        help_text="After this many months a practitioner's latest check is overdue and no longer counts as at "
        "fidelity (1 to 36).",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["area", "name"], name="innovation_name_unique_in_area"),
            models.CheckConstraint(
                condition=Q(fidelity_threshold__gte=1, fidelity_threshold__lte=100),
                name="innovation_threshold_1_to_100",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("innovations:detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})


class EssentialFunction(models.Model):
    """What must be present for the innovation to exist, with its operational definition."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="functions")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=200)
    operational_definition = models.TextField(
        blank=True, help_text="What doing this function looks like in practice, so anyone can recognise it."
    )
    # The version covers the function and its row of the practice profile.
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["order", "pk"]
        indexes = [models.Index(fields=["innovation", "order"])]

    def __str__(self):
        return self.name


class PracticeLevel(models.Model):
    """A column of the practice profile. Three by default; some areas use four."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="practice_levels")
    order = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=100)
    description = models.CharField(max_length=250, blank=True, help_text="What this level means, in a sentence.")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["innovation", "name"], name="practicelevel_name_unique")]

    def __str__(self):
        return self.name


class PracticeDescription(models.Model):
    """One cell of the practice profile: what one function looks like at one level."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="+")
    function = models.ForeignKey(EssentialFunction, on_delete=models.CASCADE, related_name="practice")
    level = models.ForeignKey(PracticeLevel, on_delete=models.CASCADE, related_name="practice")
    text = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["function", "level"], name="practicedescription_one_per_cell")]

    def __str__(self):
        return f"{self.function} – {self.level}"


# --- Usability criteria --------------------------------------------------------------------------


class UsabilityCriterion(models.TextChoices):
    CLEAR_DESCRIPTION = "clear_description", "Clear description"
    ESSENTIAL_FUNCTIONS = "essential_functions", "Clear essential functions"
    OPERATIONAL_DEFINITIONS = "operational_definitions", "Operational definitions"
    FIDELITY_ASSESSMENT = "fidelity_assessment", "Practical fidelity assessment"


CRITERION_HELP = {
    UsabilityCriterion.CLEAR_DESCRIPTION: "Philosophy, values and principles; who it is for and who it is not for.",
    UsabilityCriterion.ESSENTIAL_FUNCTIONS: "What must be present for the innovation to exist.",
    UsabilityCriterion.OPERATIONAL_DEFINITIONS: "Each function defined in practice: a practice profile.",
    UsabilityCriterion.FIDELITY_ASSESSMENT: "A practical assessment of practitioner performance, repeatable in "
    "ordinary services and related to outcomes.",
}


class CriterionRating(models.TextChoices):
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"


class UsabilityReview(models.Model):
    """One dated judgement of all four usable-innovation criteria."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="usability_reviews")
    reviewed_on = models.DateField("date of the judgement")
    participants = models.CharField(
        "who judged", max_length=300, blank=True, help_text="Roles and numbers, e.g. 'implementation team (4)'."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"Usability judgement, {day_label(self.reviewed_on)}"


class UsabilityJudgement(models.Model):
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    innovation = models.ForeignKey(Innovation, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(UsabilityReview, on_delete=models.PROTECT, related_name="judgements")
    criterion = models.CharField(max_length=30, choices=UsabilityCriterion.choices)
    rating = models.CharField(max_length=20, choices=CriterionRating.choices)
    evidence = models.TextField()

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "criterion"], name="usabilityjudgement_one_each")]

    def __str__(self):
        return f"{self.get_criterion_display()}: {self.get_rating_display()}"
