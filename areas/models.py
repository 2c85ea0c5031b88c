"""Local areas, the people who work in the portal, and the roles that decide what they may do."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships, never from here."""

    job_title = models.CharField(max_length=200, blank=True)
    # Shown in the header of every page: kept here (updated by notifications.services) so that the
    # user row the session loads anyway carries it, and no page needs a query to count.
    unread_notifications = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    def __str__(self):
        return self.get_full_name() or self.username


class LocalAreaQuerySet(models.QuerySet):
    def in_programme(self):
        return self.filter(in_programme=True)


class LocalArea(models.Model):
    """One of Scotland's 32 local authority areas; some are in the programme."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    council = models.CharField(max_length=150)
    health_board = models.CharField("NHS health board", max_length=150)
    child_protection_committee = models.CharField(max_length=200, blank=True)
    in_programme = models.BooleanField(
        "in the programme",
        default=False,
        db_index=True,
        help_text="Areas in the programme record their implementation work in the portal.",
    )
    date_joined = models.DateField(
        "date joined the programme",
        null=True,
        blank=True,
        help_text="Leave empty for areas not in the programme, or while the date is not known.",
    )
    notes = models.TextField(blank=True)
    # Optimistic locking: a save carries the version it started from (see core.locking).
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])
    objects = LocalAreaQuerySet.as_manager()

    class Meta:
        ordering = ["-in_programme", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("areas:overview", kwargs={"area_slug": self.slug})


class Role(models.TextChoices):
    AREA_MEMBER = "member", "Area member"
    AREA_LEAD = "lead", "Area lead"
    CELCIS = "celcis", "CELCIS"
    NATIONAL_VIEWER = "viewer", "National viewer"
    COMMUNITY_MEMBER = "community", "Community of Practice member"
    AREA_VIEWER = "area_viewer", "Area viewer (local governance)"


# Roles that work on one area's records, every role tied to one area (area viewers read it only),
# and roles that span the programme.
AREA_ROLES = frozenset({Role.AREA_MEMBER, Role.AREA_LEAD})
AREA_SCOPED_ROLES = AREA_ROLES | {Role.AREA_VIEWER}
NATIONAL_ROLES = frozenset({Role.CELCIS, Role.NATIONAL_VIEWER, Role.COMMUNITY_MEMBER})

ROLE_DESCRIPTIONS = {
    Role.AREA_MEMBER: "Reads and writes its own area's implementation records.",
    Role.AREA_LEAD: "As a member, and also manages the area's members and signs off stage changes "
    "and quarterly returns.",
    Role.CELCIS: "Reads and writes every area's records and reviews returns.",
    Role.NATIONAL_VIEWER: "Reads every area and published reports; writes nothing.",
    Role.COMMUNITY_MEMBER: "Takes part in the Community of Practice only; sees no area records.",
    Role.AREA_VIEWER: "Local governance (Child Protection Committee members, chief officers, senior managers, "
    "elected members): reads its own area's records and writes nothing.",
}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class Membership(models.Model):
    """A user's role, in one area or (for national roles) across the programme."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(
        LocalArea,
        on_delete=models.PROTECT,
        related_name="memberships",
        null=True,
        blank=True,
        help_text="Empty for CELCIS and national viewers; the area for area roles (members, leads, area viewers).",
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "role", "user__last_name", "user__first_name", "user__username"]
        constraints = [
            # Area roles need an area; CELCIS and national viewers span every area. A Community of
            # Practice member may name the area they come from, which grants nothing.
            models.CheckConstraint(
                condition=(Q(role__in=["member", "lead", "area_viewer"]) & Q(area__isnull=False))
                | (Q(role__in=["celcis", "viewer"]) & Q(area__isnull=True))
                | Q(role="community"),
                name="membership_area_matches_role",
            ),
            models.UniqueConstraint(
                fields=["user", "area"],
                condition=Q(ended_on__isnull=True, area__isnull=False, role__in=["member", "lead", "area_viewer"]),
                name="membership_one_active_role_per_area",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(ended_on__isnull=True, role__in=["celcis", "viewer", "community"]),
                name="membership_one_active_national_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        where = self.area.name if self.area_id else "national"
        return f"{self.user} – {self.get_role_display()} ({where})"

    @property
    def is_active(self):
        return self.ended_on is None


class SpecialistAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_on__isnull=True)


class SpecialistAssignment(models.Model):
    """A CELCIS implementation specialist supporting one area: their home page and /national/ put
    these areas first. Ended rather than deleted, so who supported an area when stays known."""

    area = models.ForeignKey(LocalArea, on_delete=models.PROTECT, related_name="specialist_assignments")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="specialist_assignments")
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()
    objects = SpecialistAssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["area__name", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["area", "user"], condition=Q(ended_on__isnull=True), name="specialist_one_active_per_area"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="specialist_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.user} – CELCIS specialist for {self.area}"

    @property
    def is_active(self):
        return self.ended_on is None
