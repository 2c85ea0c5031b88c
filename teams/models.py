"""Implementation Teams: the linked teams that make the programme happen in an area, who is on them
and with how much dedicated time, what they meet about, the actions they agree and how they keep
everyone else informed."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from areas.subjects import SubjectMixin
from core.dates import day_label

from .figures import HealthFlag, health_flags, hours_to_fte

# Nobody gives more than this to one team in a week; a larger figure is a typing slip.
MAX_WEEKLY_HOURS = 60


class TeamLevel(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership or executive team"
    IMPLEMENTATION = "implementation", "Implementation team"
    PRACTICE = "practice", "Practice or locality team"


# Top of the structure first: a team reports to a team at its own level or above.
LEVEL_ORDER = [TeamLevel.LEADERSHIP, TeamLevel.IMPLEMENTATION, TeamLevel.PRACTICE]


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(TeamLevel(level))


class Team(models.Model):
    """One team at one level of an area's structure, with its terms of reference."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(max_length=150)
    level = models.CharField(max_length=20, choices=TeamLevel.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="parent team",
        help_text="The team this one reports to. Leave empty for the top of the structure.",
    )
    purpose = models.TextField(blank=True, help_text="What the team is for and what it is accountable for.")
    decisions = models.TextField(
        "decisions it may take", blank=True, help_text="What the team may decide itself, and what it must take up."
    )
    meeting_rhythm = models.CharField(
        max_length=200, blank=True, help_text="How often and when it meets, e.g. 'Fortnightly, Tuesday mornings'."
    )
    communication = models.TextField(
        "how it communicates up and down",
        blank=True,
        help_text="How it reports to the team above and keeps the teams below and partners informed.",
    )
    formed_on = models.DateField("date formed")
    stood_down_on = models.DateField(
        "date stood down",
        null=True,
        blank=True,
        help_text="Teams are never deleted: a team that has finished its work is stood down.",
    )
    # Optimistic locking for the long terms-of-reference form (see core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(Lower("name"), "area", name="team_name_unique_in_area"),
            models.CheckConstraint(
                condition=Q(stood_down_on__isnull=True) | Q(stood_down_on__gte=F("formed_on")),
                name="team_stood_down_after_formed",
            ),
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="team_not_its_own_parent"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teams:detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_active(self) -> bool:
        return self.stood_down_on is None

    @property
    def level_rank(self) -> int:
        return level_rank(self.level)

    @property
    def health_flags(self) -> list[HealthFlag]:
        """Needs the figures from `selectors.teams_with_figures`; a stood-down team raises none."""
        if not self.is_active:
            return []
        return health_flags(
            active_members=self.active_member_count,
            dedicated_hours=self.dedicated_hours,
            last_meeting_on=self.last_meeting_on,
            today=timezone.localdate(),
        )

    @property
    def fte(self) -> Decimal:
        """Needs the figures from `selectors.teams_with_figures`."""
        return hours_to_fte(self.dedicated_hours)


class PartnerOrganisation(models.TextChoices):
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    NHS = "nhs", "NHS health board"
    EDUCATION = "education", "Education"
    POLICE = "police", "Police"
    THIRD_SECTOR = "third_sector", "Third sector"
    CELCIS = "celcis", "CELCIS"
    OTHER = "other", "Other"


class TeamRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    COORDINATOR = "coordinator", "Coordinator"
    DATA_LEAD = "data_lead", "Data lead"
    MEMBER = "member", "Member"
    CELCIS_SPECIALIST = "celcis_specialist", "CELCIS implementation specialist"


class TeamMemberQuerySet(models.QuerySet):
    def active(self, on=None):
        """Members still on their team: no date left, or one still to come."""
        on = on or timezone.localdate()
        return self.filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class TeamMember(models.Model):
    """A person on a team: a portal account, or just a name and work email."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="team_members")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name="portal account",
    )
    # Copied from the account when there is one, so lists and history need no extra lookups.
    name = models.CharField(max_length=200)
    email = models.EmailField("work email", blank=True)
    organisation = models.CharField("partner organisation", max_length=20, choices=PartnerOrganisation.choices)
    profession = models.CharField(max_length=150, blank=True, help_text="e.g. health visitor, social worker, teacher.")
    role = models.CharField("role on the team", max_length=20, choices=TeamRole.choices, default=TeamRole.MEMBER)
    hours_per_week = models.DecimalField(
        "dedicated hours a week",
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal(0), message="Hours cannot be negative."),
            MaxValueValidator(
                Decimal(MAX_WEEKLY_HOURS),
                message=f"More than {MAX_WEEKLY_HOURS} hours a week is not possible: check the figure.",
            ),
        ],
        help_text="Time set aside for this team's work in the job role. Leave empty if it is not known.",
    )
    joined_on = models.DateField("date joined")
    left_on = models.DateField(
        "date left", null=True, blank=True, help_text="Members are never deleted: give the date they left."
    )
    # Optimistic locking for the member form (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")), name="teammember_left_after_joined"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True)
                | Q(hours_per_week__gte=0, hours_per_week__lte=MAX_WEEKLY_HOURS),
                name="teammember_hours_in_range",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_active(self) -> bool:
        return self.left_on is None or self.left_on > timezone.localdate()

    @property
    def fte(self) -> Decimal | None:
        return None if self.hours_per_week is None else hours_to_fte(self.hours_per_week)


class Meeting(models.Model):
    """A meeting of one team. A future meeting is only scheduled: notes come once it has happened."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="team_meetings")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField("date")
    attendees = models.ManyToManyField(
        TeamMember,
        through="MeetingAttendance",
        related_name="meetings_attended",
        blank=True,
        verbose_name="who attended",
    )
    notes = models.TextField(
        blank=True, help_text="What was discussed. Never names or details of children or families."
    )
    decisions = models.TextField(blank=True, help_text="What the team decided.")
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["area", "held_on"]), models.Index(fields=["team", "held_on"])]

    def __str__(self):
        return f"{self.team} meeting on {day_label(self.held_on)}"

    @property
    def is_scheduled(self) -> bool:
        """Still to happen."""
        return self.held_on > timezone.localdate()


class MeetingAttendance(models.Model):
    """One member at one meeting (its own record, so the history shows who was added or removed)."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(TeamMember, on_delete=models.PROTECT, related_name="attendance")

    history = HistoricalRecords()

    class Meta:
        ordering = ["member__name", "pk"]
        verbose_name_plural = "meeting attendance"
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="attendance_once_per_meeting")]

    def __str__(self):
        return f"{self.member} at the {self.meeting}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
CLOSED_STATUSES = (ActionStatus.DONE, ActionStatus.CANCELLED)


class ActionQuerySet(models.QuerySet):
    def overdue(self, today=None):
        """Open or in progress, and due before today."""
        return self.filter(status__in=OPEN_STATUSES, due_date__lt=today or timezone.localdate())

    def overdue_first(self, today=None):
        """Overdue actions first, then open work by due date (undated last), then closed actions."""
        today = today or timezone.localdate()
        return self.annotate(
            list_group=models.Case(
                models.When(status__in=OPEN_STATUSES, due_date__lt=today, then=models.Value(0)),
                models.When(status__in=OPEN_STATUSES, then=models.Value(1)),
                default=models.Value(2),
                output_field=models.IntegerField(),
            )
        ).order_by("list_group", F("due_date").asc(nulls_last=True), "pk")


class Action(SubjectMixin):
    """Something somebody has agreed to do. It may come from a meeting, and may be about any of the
    area's framework records (a driver, a cycle…) through `subject`."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="actions")
    title = models.CharField("what", max_length=250)
    description = models.TextField(blank=True)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, blank=True, related_name="actions")
    owner = models.ForeignKey(TeamMember, on_delete=models.PROTECT, null=True, blank=True, related_name="actions_owned")
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completed_on = models.DateField(
        "date completed or cancelled", null=True, blank=True, help_text="Today, if left empty when it is closed."
    )
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="from meeting",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic locking for the action form (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["area", "status", "due_date"]),
            models.Index(fields=["subject_content_type", "subject_object_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(completed_on__isnull=True) | Q(status__in=["done", "cancelled"]),
                name="action_only_closed_have_completion_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("teams:action_detail", kwargs={"area_slug": self.area.slug, "pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()


class AudienceLevel(models.TextChoices):
    LEADERSHIP = "leadership", "Leadership and executive"
    ELECTED_MEMBERS = "elected_members", "Elected members and committees"
    IMPLEMENTATION = "implementation", "Implementation teams"
    PRACTICE = "practice", "Practitioners and locality teams"
    PARTNERS = "partners", "Partner organisations"
    COMMUNITY = "community", "Families and community"
    NATIONAL = "national", "National (CELCIS, Scottish Government)"


class Channel(models.TextChoices):
    MEETING = "meeting", "Meeting"
    BRIEFING = "briefing", "Briefing or presentation"
    EMAIL = "email", "Email"
    NEWSLETTER = "newsletter", "Newsletter or bulletin"
    INTRANET = "intranet", "Intranet or website"
    WORKSHOP = "workshop", "Workshop or event"
    REPORT = "report", "Written report"
    OTHER = "other", "Other"


class Communication(models.Model):
    """One entry in the area's communications log: sustained involvement is a key to success."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="communications")
    sent_on = models.DateField("date")
    team = models.ForeignKey(
        Team,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communications",
        verbose_name="from team",
    )
    audience = models.CharField("audience level", max_length=20, choices=AudienceLevel.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    summary = models.TextField(
        help_text="What was shared and any response. Never names or details of children or families."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Optimistic locking for the communication form (core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["area", "sent_on"])]

    def __str__(self):
        return f"{self.get_channel_display()} to {self.get_audience_display().lower()} on {day_label(self.sent_on)}"
