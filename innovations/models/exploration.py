"""Exploration: a need, candidates rated on the Hexagon Tool, and the decision."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.dates import day_label

from .register import Innovation

# --- Exploration: the Hexagon Tool ---------------------------------------------------------------


class HexagonVersion(models.TextChoices):
    V2018 = "2018", "Hexagon Tool, 2018 (current)"
    V2013 = "2013", "Hexagon Tool, 2013 (older)"


CURRENT_HEXAGON_VERSION = HexagonVersion.V2018
CONCERN_RATING = 2  # a rating this low on Need, Fit or Capacity is a concern to resolve before deciding


class IndicatorGroup(models.TextChoices):
    PROGRAMME = "programme", "Programme indicators"
    SITE = "site", "Implementing site indicators"


class HexagonIndicator(models.Model):
    """An indicator of one version of the Hexagon Tool (seeded; CELCIS edits the prompts in admin)."""

    tool_version = models.CharField(max_length=10, choices=HexagonVersion.choices)
    name = models.CharField(max_length=100)
    group = models.CharField(max_length=20, choices=IndicatorGroup.choices, blank=True)
    order = models.PositiveIntegerField(default=0)
    prompt = models.TextField(blank=True, help_text="What to discuss before rating.")
    concern_when_low = models.BooleanField(
        "a low rating is a concern",
        default=False,
        help_text="A rating of 1 or 2 is flagged as a concern to resolve before deciding (Need, Fit, Capacity).",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["tool_version", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["tool_version", "name"], name="hexagonindicator_unique")]

    def __str__(self):
        return self.name


class ExplorationDecision(models.TextChoices):
    PROCEED = "proceed", "Proceed"
    DO_NOT_PROCEED = "do_not_proceed", "Do not proceed"
    REVISIT = "revisit", "Revisit"


class Exploration(models.Model):
    """A local need with the candidate innovations assessed for it and the decision taken."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="explorations")
    need = models.CharField("the need", max_length=200, help_text="The need the candidates are meant to meet.")
    need_evidence = models.TextField(
        "what shows the need", blank=True, help_text="Local data and what stakeholders said. Counts only."
    )
    started_on = models.DateField("date started")
    tool_version = models.CharField(
        "Hexagon Tool version",
        max_length=10,
        choices=HexagonVersion.choices,
        default=CURRENT_HEXAGON_VERSION,
        help_text="Use the older version only to record assessments made with it.",
    )
    decision = models.CharField(max_length=20, choices=ExplorationDecision.choices, blank=True)
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    chosen = models.ForeignKey(
        Innovation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="chosen_in",
        verbose_name="innovation chosen",
    )
    decision_rationale = models.TextField("why", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self):
        return self.need

    def get_absolute_url(self):
        return reverse("innovations:exploration_detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})


class HexagonAssessment(models.Model):
    """One candidate rated on every indicator of the Hexagon Tool, on one date."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    exploration = models.ForeignKey(Exploration, on_delete=models.PROTECT, related_name="assessments")
    innovation = models.ForeignKey(
        Innovation, on_delete=models.PROTECT, related_name="hexagon_assessments", verbose_name="candidate"
    )
    tool_version = models.CharField("Hexagon Tool version", max_length=10, choices=HexagonVersion.choices)
    assessed_on = models.DateField("date of the assessment")
    participants = models.CharField(
        "who took part", max_length=300, help_text="Roles and numbers, e.g. 'implementation team (5), CELCIS (1)'."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        indexes = [models.Index(fields=["exploration", "innovation", "assessed_on"])]

    def __str__(self):
        return f"{self.innovation} on the Hexagon Tool, {day_label(self.assessed_on)}"


class HexagonRating(models.Model):
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(HexagonAssessment, on_delete=models.PROTECT, related_name="ratings")
    indicator = models.ForeignKey(HexagonIndicator, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])
    rationale = models.TextField()
    evidence = models.TextField("evidence used", blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator__order", "indicator__pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="hexagonrating_one_per_indicator"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="hexagonrating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.rating}"

    @property
    def is_concern(self) -> bool:
        """A rating of 1 or 2 on Need, Fit or Capacity: a concern to resolve before deciding."""
        return self.rating <= CONCERN_RATING and self.indicator.concern_when_low
