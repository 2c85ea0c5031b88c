"""Improvement cycles: PDSA cycles (and usability tests, a kind of cycle over small cohorts) chained
into ramps, and the practice–policy feedback loop that carries barriers met in practice up to the
people who can remove them and their decisions back down.

Every model carries its own `area` key. Free text is about practice and systems: never a record
about an identifiable child or family.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

NO_PERSONAL_DETAILS = "Never names or details of children or families."

# Usability testing works with small cohorts; more than this in one iteration is no longer small.
MAX_COHORT_SIZE = 30


class Phase(models.TextChoices):
    PLAN = "plan", "Plan"
    DO = "do", "Do"
    STUDY = "study", "Study"
    ACT = "act", "Act"
    CLOSED = "closed", "Closed"


PHASE_ORDER = [Phase.PLAN, Phase.DO, Phase.STUDY, Phase.ACT, Phase.CLOSED]
ACTIVE_PHASES = [Phase.PLAN, Phase.DO, Phase.STUDY, Phase.ACT]


def phase_rank(phase: str) -> int:
    return PHASE_ORDER.index(Phase(phase))


class CycleKind(models.TextChoices):
    PDSA = "pdsa", "PDSA cycle"
    USABILITY = "usability", "Usability test"


class Decision(models.TextChoices):
    ADOPT = "adopt", "Adopt"
    ADAPT = "adapt", "Adapt"
    ABANDON = "abandon", "Abandon"


class AsIntended(models.TextChoices):
    YES = "yes", "Yes, as planned"
    PARTLY = "partly", "Partly"
    NO = "no", "No"


class PredictionsHeld(models.TextChoices):
    YES = "yes", "Yes, the results matched the predictions"
    PARTLY = "partly", "Partly"
    NO = "no", "No, the results fell short of the predictions"


class CycleQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(phase=Phase.CLOSED)


class Cycle(models.Model):
    """One Plan–Do–Study–Act cycle testing a change on a small scale, or one usability test of an
    innovation. It moves plan → do → study → act → closed; a closed cycle is read-only."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="cycles")
    kind = models.CharField(
        "kind of cycle",
        max_length=20,
        choices=CycleKind.choices,
        default=CycleKind.PDSA,
        help_text="A usability test tries an innovation's essential functions with small cohorts, "
        "iteration by iteration, until it works as intended.",
    )
    title = models.CharField(max_length=200)
    innovation = models.ForeignKey(
        "innovations.Innovation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        help_text="The innovation this cycle tests or supports, if any. A usability test always names one.",
    )
    aim = models.TextField(help_text="What the cycle is trying to accomplish, for whom, by when.")
    change_idea = models.TextField("change idea", help_text="The change being tested.")
    follows = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="followed_by",
        verbose_name="follows the cycle",
        help_text="The earlier cycle this one builds on, making a ramp of cycles. Leave empty for a first cycle.",
    )
    driver_gap = models.ForeignKey(
        "drivers.ItemScore",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name="driver gap it addresses",
        help_text="A drivers assessment item scored not or partly in place that this cycle works on.",
    )
    action = models.ForeignKey(
        "teams.Action",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name="action it serves",
    )
    measures = models.ManyToManyField(
        "measures.Measure",
        through="CycleMeasure",
        related_name="cycles",
        blank=True,
        help_text="The measures that will show whether the change is an improvement. "
        "The cycle's start appears on their charts.",
    )
    phase = models.CharField(max_length=20, choices=Phase.choices, default=Phase.PLAN)
    # When the cycle entered its current phase: an open cycle that has not moved for
    # settings.CYCLE_STALLED_DAYS is stalled (see `cycles.stalling`).
    phase_changed_on = models.DateField("in this phase since", default=timezone.localdate)

    # Plan
    objective = models.TextField("objective of this cycle", blank=True)
    questions = models.TextField("questions", blank=True, help_text="What this cycle should find out.")
    predictions = models.TextField("predictions", blank=True, help_text="What you expect to happen, and why.")
    plan_who = models.TextField("who", blank=True, help_text="Who will carry out the test (roles, not names).")
    plan_what = models.TextField("what", blank=True, help_text="What exactly will be done.")
    plan_where = models.CharField("where", max_length=200, blank=True)
    plan_when = models.CharField("when", max_length=200, blank=True, help_text="When, and for how long.")
    data_to_collect = models.TextField(
        "data to collect", blank=True, help_text="What will be counted or observed to answer the questions."
    )
    # Usability tests only
    success_criteria = models.TextField(
        "criteria for success",
        blank=True,
        help_text="What each iteration must show for the innovation to be judged usable, e.g. "
        "“4 of 5 practitioners complete the conversation guide as intended”.",
    )
    cohort_size = models.PositiveSmallIntegerField(
        "cohort size per iteration",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message="A cohort has at least one practitioner."),
            MaxValueValidator(
                MAX_COHORT_SIZE,
                message=f"Usability testing uses small cohorts: more than {MAX_COHORT_SIZE} is not a small cohort.",
            ),
        ],
        help_text="How many practitioners (or sessions) each iteration tests with: usually four to five.",
    )

    # Do
    started_on = models.DateField("date the test started", null=True, blank=True)
    ended_on = models.DateField("date the test ended", null=True, blank=True)
    what_happened = models.TextField("what happened", blank=True, help_text=NO_PERSONAL_DETAILS)
    observations = models.TextField(
        "problems and observations",
        blank=True,
        help_text="What got in the way and anything unexpected. Write “None” if nothing did. " + NO_PERSONAL_DETAILS,
    )

    # Study
    as_intended = models.CharField(
        "was the plan carried out as intended?",
        max_length=20,
        choices=AsIntended.choices,
        blank=True,
        help_text="If not, poor results point to an implementation problem rather than a problem with the change.",
    )
    predictions_held = models.CharField(
        "did the results match the predictions?", max_length=20, choices=PredictionsHeld.choices, blank=True
    )
    results = models.TextField("results against the predictions", blank=True)
    learning = models.TextField("what was learned", blank=True)

    # Act
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    next_steps = models.TextField("next steps", blank=True, help_text="What happens next: often the next cycle.")
    closed_on = models.DateField("date closed", null=True, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Optimistic locking for the long cycle form (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])
    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["area", "phase"]),
            models.Index(fields=["area", "started_on"]),
            models.Index(fields=["area", "closed_on"]),
            models.Index(fields=["area", "phase", "phase_changed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(started_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="cycle_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(phase="closed", closed_on__isnull=False, decision__in=["adopt", "adapt", "abandon"])
                | (~Q(phase="closed") & Q(closed_on__isnull=True)),
                name="cycle_closed_has_date_and_decision",
            ),
            models.CheckConstraint(condition=~Q(follows=F("pk")), name="cycle_does_not_follow_itself"),
            models.CheckConstraint(
                condition=Q(kind="pdsa") | Q(innovation__isnull=False), name="cycle_usability_test_names_innovation"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cycles:detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.phase == Phase.CLOSED

    @property
    def is_usability_test(self) -> bool:
        return self.kind == CycleKind.USABILITY

    @property
    def phase_rank(self) -> int:
        return phase_rank(self.phase)

    @property
    def next_phase(self) -> str | None:
        rank = self.phase_rank
        return PHASE_ORDER[rank + 1] if rank + 1 < len(PHASE_ORDER) else None

    @property
    def previous_phase(self) -> str | None:
        """Where stepping back goes; a closed cycle never goes back."""
        rank = self.phase_rank
        return PHASE_ORDER[rank - 1] if 0 < rank < len(PHASE_ORDER) - 1 else None

    @property
    def reading(self) -> str:
        """What Study says about where a problem lies (DOMAIN: as intended but poor results → the
        innovation; not as intended → the implementation)."""
        from .phases import reading

        return reading(self.as_intended, self.predictions_held)


class CycleMeasure(models.Model):
    """A measure a cycle is watched on (its own record, so linking and unlinking is in the history)."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="measure_links")
    measure = models.ForeignKey("measures.Measure", on_delete=models.PROTECT, related_name="cycle_links")

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "measure"], name="cyclemeasure_once")]

    def __str__(self):
        return f"{self.cycle} watched on {self.measure}"


class CriteriaMet(models.TextChoices):
    MET = "met", "Met"
    PARTLY = "partly", "Partly met"
    NOT_MET = "not_met", "Not met"


class UsabilityIteration(models.Model):
    """One iteration of a usability test: a small cohort tries the innovation, the results are judged
    against the criteria for success, and what is changed before the next iteration is noted."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="iterations")
    number = models.PositiveSmallIntegerField("iteration")
    cohort_size = models.PositiveSmallIntegerField(
        "cohort size",
        validators=[
            MinValueValidator(1, message="A cohort has at least one practitioner."),
            MaxValueValidator(
                MAX_COHORT_SIZE,
                message=f"Usability testing uses small cohorts: more than {MAX_COHORT_SIZE} is not a small cohort.",
            ),
        ],
        help_text="Practitioners (or sessions) in this iteration. Never children or families.",
    )
    tested_from = models.DateField("tested from")
    tested_to = models.DateField("tested to")
    results = models.TextField(help_text="What happened, against the criteria for success. " + NO_PERSONAL_DETAILS)
    criteria_met = models.CharField("criteria for success", max_length=20, choices=CriteriaMet.choices)
    changes = models.TextField(
        "changes before the next iteration", blank=True, help_text="What was changed in the innovation or its support."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking: two people correcting one iteration never overwrite each other (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["number", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="usabilityiteration_number_once"),
            models.CheckConstraint(condition=Q(tested_to__gte=F("tested_from")), name="usabilityiteration_dates"),
            models.CheckConstraint(
                condition=Q(cohort_size__gte=1, cohort_size__lte=MAX_COHORT_SIZE), name="usabilityiteration_small"
            ),
        ]

    def __str__(self):
        return f"Iteration {self.number} of {self.cycle}"


# What a person records about an iteration (the form and the service share it).
ITERATION_FIELDS = ("number", "cohort_size", "tested_from", "tested_to", "results", "criteria_met", "changes")


# --- The practice–policy feedback loop -------------------------------------------------------------


class RaisedFrom(models.TextChoices):
    PRACTICE = "practice", "Practitioners"
    PRACTICE_TEAM = "practice_team", "Practice or locality team"
    IMPLEMENTATION = "implementation", "Implementation team"
    LEADERSHIP = "leadership", "Leadership team"
    PARTNER = "partner", "Partner organisation"


class RoutedTo(models.TextChoices):
    IMPLEMENTATION = "implementation", "Implementation team"
    LEADERSHIP = "leadership", "Leadership or executive team"
    CPC = "cpc", "Child Protection Committee"
    PARTNERSHIP = "partnership", "Children's services partnership"
    NATIONAL = "national", "National: CELCIS"
    GOVERNMENT = "government", "National: Scottish Government"
    OTHER = "other", "Other body"


class FeedbackStatus(models.TextChoices):
    OPEN = "open", "Raised"
    ROUTED = "routed", "Routed"
    RESPONDED = "responded", "Response given"
    CHANGED = "changed", "Change made, not yet shared back with practice"
    RESOLVED = "resolved", "Resolved: change made and shared back with practice"
    CLOSED = "closed", "Closed without change"


# Waiting for the body it went to: no change made or decided against yet.
OPEN_FEEDBACK = (FeedbackStatus.OPEN, FeedbackStatus.ROUTED, FeedbackStatus.RESPONDED)
# Awaiting a response: nothing has come back yet.
AWAITING_RESPONSE = (FeedbackStatus.OPEN, FeedbackStatus.ROUTED)
# DOMAIN: resolved means a change was made *and* the answer went back to practice (dated); closed
# without change is a separate outcome. A change made but not yet shared back is neither.
DONE_FEEDBACK = (FeedbackStatus.RESOLVED, FeedbackStatus.CLOSED)
# Statuses that carry the date the change was made or the item was closed (`resolved_on`).
DATED_OUTCOMES = (FeedbackStatus.CHANGED, FeedbackStatus.RESOLVED, FeedbackStatus.CLOSED)


class FeedbackItem(models.Model):
    """A barrier met in practice, raised to the people who can remove it, and what came back."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="feedback_items")
    title = models.CharField("barrier", max_length=200, help_text="The barrier in a line.")
    description = models.TextField(
        help_text="What gets in the way of practice, and where it comes from (a policy, a process, a system). "
        + NO_PERSONAL_DETAILS
    )
    raised_on = models.DateField("date raised")
    raised_from = models.CharField("raised from", max_length=20, choices=RaisedFrom.choices)
    cycle = models.ForeignKey(
        Cycle,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_items",
        verbose_name="found in the cycle",
        help_text="The improvement cycle that brought the barrier to light, if any.",
    )
    status = models.CharField(max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.OPEN)
    routed_to = models.CharField("routed to", max_length=20, choices=RoutedTo.choices, blank=True)
    routed_on = models.DateField("date routed", null=True, blank=True)
    response = models.TextField(
        blank=True, help_text="The decision or answer that came back, and what it means for practice."
    )
    responded_on = models.DateField("date of the response", null=True, blank=True)
    shared_with_practice_on = models.DateField(
        "date the response was shared with practice",
        null=True,
        blank=True,
        help_text="The loop closes when practitioners hear what was decided.",
    )
    resolved_on = models.DateField(
        "date the change was made or the item closed",
        null=True,
        blank=True,
        help_text="Once the change has been made, or it was decided that nothing will change.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["raised_on", "pk"]
        indexes = [
            models.Index(fields=["area", "status", "raised_on"]),
            models.Index(fields=["area", "resolved_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["changed", "resolved", "closed"], resolved_on__isnull=False)
                | (~Q(status__in=["changed", "resolved", "closed"]) & Q(resolved_on__isnull=True)),
                name="feedback_outcome_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(shared_with_practice_on__isnull=False),
                name="feedback_resolved_was_shared_back",
            ),
            models.CheckConstraint(
                condition=~Q(status="changed") | Q(shared_with_practice_on__isnull=True),
                name="feedback_changed_not_yet_shared_back",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=F("raised_on")),
                name="feedback_resolved_after_raised",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "changed", "resolved", "closed"]) | ~Q(routed_to=""),
                name="feedback_routed_names_where",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("cycles:feedback_detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FEEDBACK

    @property
    def awaits_sharing_back(self) -> bool:
        return self.status == FeedbackStatus.CHANGED

    @property
    def done_on(self):
        """The day the item reached its outcome: for a resolved item, the later of the change and
        the sharing back (the loop closes only when practice hears); for a closed one, its date."""
        if self.status == FeedbackStatus.RESOLVED and self.shared_with_practice_on and self.resolved_on:
            return max(self.resolved_on, self.shared_with_practice_on)
        return self.resolved_on if self.status in DONE_FEEDBACK else None


# What a person records about a barrier (the form and the service share it).
FEEDBACK_FIELDS = (
    "title",
    "description",
    "raised_on",
    "raised_from",
    "cycle",
    "status",
    "routed_to",
    "routed_on",
    "response",
    "responded_on",
    "shared_with_practice_on",
    "resolved_on",
)
