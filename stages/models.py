"""Implementation Stages: where an area (or one of its innovations) is, how it got there, the
stage-based activities behind it, and the exploration work the programme relies on."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from areas.subjects import SubjectMixin, subject_filter  # noqa: F401 -- re-exported for stages code
from core.dates import day_label


class Stage(models.TextChoices):
    EXPLORATION = "exploration", "Exploration"
    INSTALLATION = "installation", "Installation"
    INITIAL = "initial", "Initial implementation"
    FULL = "full", "Full implementation"


STAGE_ORDER = [Stage.EXPLORATION, Stage.INSTALLATION, Stage.INITIAL, Stage.FULL]


def stage_index(stage: str) -> int:
    return STAGE_ORDER.index(Stage(stage))


class StageActivity(models.Model):
    """One activity in the stage-based catalogue. CELCIS edits it; retiring keeps old records."""

    stage = models.CharField(max_length=20, choices=Stage.choices, db_index=True)
    title = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0, help_text="Position within its stage; lower comes first.")
    retired_on = models.DateField(
        null=True,
        blank=True,
        help_text="A retired activity leaves new checklists but stays on every record already made against it.",
    )
    # Keys of stages.evidence.KINDS: the portal records that show this activity was done.
    evidence_kinds = models.JSONField(
        "records that evidence it",
        default=list,
        blank=True,
        help_text="Kinds of portal record offered on checklists as evidence that this activity is done.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name_plural = "stage activities"

    def __str__(self):
        return self.title

    @property
    def is_retired(self):
        return self.retired_on is not None


class StageChangeStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"


class StageChange(SubjectMixin):
    """An area (or innovation) entering a stage: proposed by a member, confirmed by a lead or CELCIS."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="stage_changes")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    entered_on = models.DateField("date entered")
    reason = models.TextField(blank=True, help_text="Why the stage changed. Needed when going back a stage.")
    evidence = models.TextField(blank=True, help_text="What shows the change: decisions, data, documents or links.")
    status = models.CharField(max_length=20, choices=StageChangeStatus.choices, default=StageChangeStatus.PROPOSED)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-entered_on", "-pk"]
        indexes = [models.Index(fields=["area", "status", "entered_on"])]

    def __str__(self):
        return f"{self.get_stage_display()} from {day_label(self.entered_on)}"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class ActivityProgress(SubjectMixin):
    """Where an area (or innovation) is with one catalogue activity. Dates live here, per activity."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="activity_progress")
    activity = models.ForeignKey(StageActivity, on_delete=models.PROTECT, related_name="progress")
    status = models.CharField(max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED)
    started_on = models.DateField("start date", null=True, blank=True)
    completed_on = models.DateField("completion date", null=True, blank=True)
    notes = models.TextField(blank=True)
    evidence_link = models.URLField(
        blank=True, max_length=500, help_text="A link to a document or record that shows the work."
    )
    target_on = models.DateField(
        "target date", null=True, blank=True, help_text="When the area plans to have it done. Optional."
    )
    # The portal record a person confirmed as showing the activity done (stages.evidence): its kind
    # and primary key. Read through the registry, so the record's own app owns it.
    evidence_kind = models.CharField(max_length=40, blank=True)
    evidence_record_id = models.PositiveBigIntegerField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["activity__order", "activity__pk"]
        verbose_name_plural = "activity progress"
        constraints = [
            models.UniqueConstraint(
                fields=["area", "activity"],
                condition=Q(subject_content_type__isnull=True),
                name="activityprogress_one_per_activity_for_programme",
            ),
            models.UniqueConstraint(
                fields=["area", "subject_content_type", "subject_object_id", "activity"],
                condition=Q(subject_content_type__isnull=False),
                name="activityprogress_one_per_activity_for_subject",
            ),
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(completed_on__gte=models.F("started_on")),
                name="activityprogress_completed_after_started",
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.get_status_display()}"


class StageTarget(SubjectMixin):
    """When an area plans to finish a stage (for its programme or a subject): plan against actual."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="stage_targets")
    stage = models.CharField(max_length=20, choices=Stage.choices)
    target_on = models.DateField("target date")

    history = HistoricalRecords()

    class Meta:
        ordering = ["area_id", "stage"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "stage"],
                condition=Q(subject_content_type__isnull=True),
                name="stagetarget_one_per_stage_for_programme",
            ),
            models.UniqueConstraint(
                fields=["area", "subject_content_type", "subject_object_id", "stage"],
                condition=Q(subject_content_type__isnull=False),
                name="stagetarget_one_per_stage_for_subject",
            ),
        ]

    def __str__(self):
        return f"{self.get_stage_display()}: finish by {day_label(self.target_on)}"


# --- Exploration: stakeholder engagement and readiness --------------------------------------------


class EngagementKind(models.TextChoices):
    FOCUS_GROUP = "focus_group", "Focus group"
    WORKSHOP = "workshop", "Workshop"
    INTERVIEW = "interview", "Interview"
    SURVEY = "survey", "Survey"
    BRIEFING = "briefing", "Briefing"
    MEETING = "meeting", "Meeting"


class SystemLevel(models.TextChoices):
    FAMILIES = "families", "Families and community"
    PRACTITIONERS = "practitioners", "Practitioners"
    TEAM_MANAGERS = "team_managers", "Team managers"
    SENIOR_MANAGERS = "senior_managers", "Senior managers"
    ELECTED_MEMBERS = "elected_members", "Elected members"
    PARTNER_AGENCIES = "partner_agencies", "Partner agencies"


class Profession(models.TextChoices):
    TEACHERS = "teachers", "Teachers"
    HEALTH_VISITORS = "health_visitors", "Health visitors"
    MIDWIVES = "midwives", "Midwives"
    SOCIAL_WORKERS = "social_workers", "Social workers"
    COMMUNITY_DEVELOPMENT = "community_development", "Community development workers"
    POLICE = "police", "Police"
    THIRD_SECTOR = "third_sector", "Third sector"
    OTHERS = "others", "Others"


class StakeholderEngagement(models.Model):
    """One engagement activity with people in the local system. Counts and themes only — never
    names or details of children or families."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="engagements")
    held_on = models.DateField("date")
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    level = models.CharField("level of the system", max_length=20, choices=SystemLevel.choices)
    professions = models.JSONField(
        "professions taking part", default=list, blank=True, help_text="Tick every profession that took part."
    )
    participants = models.PositiveIntegerField(
        "number of participants", validators=[MinValueValidator(1), MaxValueValidator(5000)]
    )
    strengths = models.TextField("strengths of the local system", blank=True)
    weaknesses = models.TextField("weaknesses of the local system", blank=True)
    priorities = models.TextField("priorities", blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["area", "held_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} with {self.get_level_display().lower()}, {day_label(self.held_on)}"

    def profession_labels(self) -> list[str]:
        return [Profession(p).label for p in self.professions if p in Profession.values]


class ReadinessQuestion(models.Model):
    """A readiness-for-change question (seeded; CELCIS may edit or retire it in Django admin)."""

    text = models.CharField(max_length=250)
    order = models.PositiveIntegerField(default=0)
    retired_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class ReadinessCheck(models.Model):
    """A dated readiness-for-change check, repeated so change over time shows."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="readiness_checks")
    checked_on = models.DateField("date of the check")
    participants = models.CharField(
        "who took part", max_length=300, blank=True, help_text="Roles and numbers, e.g. 'implementation team (5)'."
    )
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"Readiness check, {day_label(self.checked_on)}"


class ReadinessAnswer(models.Model):
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    readiness_check = models.ForeignKey(ReadinessCheck, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(ReadinessQuestion, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    history = HistoricalRecords()

    class Meta:
        ordering = ["question__order", "question__pk"]
        constraints = [
            models.UniqueConstraint(fields=["readiness_check", "question"], name="readinessanswer_one_per_question"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="readinessanswer_score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.question}: {self.score}"
