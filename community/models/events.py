from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from areas.models import Role


class EventKind(models.TextChoices):
    COMMUNITY_OF_PRACTICE = "cop", "Quarterly Community of Practice"
    LEARNING = "learning", "Learning event"


class EventFormat(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    ONLINE = "online", "Online"


class Event(models.Model):
    """A quarterly Community of Practice or another learning event, hosted by an area or by CELCIS."""

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.COMMUNITY_OF_PRACTICE)
    starts_at = models.DateTimeField("starts", db_index=True)
    ends_at = models.DateTimeField("ends")
    format = models.CharField(max_length=20, choices=EventFormat.choices)
    venue = models.CharField(max_length=300, blank=True)
    joining_link = models.URLField("link to join", max_length=500, blank=True)
    host_area = models.ForeignKey(
        "areas.LocalArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="hosting area",
        help_text="Empty when CELCIS hosts.",
    )
    theme = models.CharField(max_length=200, blank=True)
    agenda = models.TextField(blank=True)
    learning = models.TextField("what was learned", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="community_event_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:event_detail", kwargs={"pk": self.pk})

    @property
    def host_name(self) -> str:
        return self.host_area.name if self.host_area_id else "CELCIS"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", "Registered"
    WITHDRAWN = "withdrawn", "Withdrawn"


class EventRegistration(models.Model):
    """One person saying they will attend, and (recorded by an organiser) whether they did.

    The person's area and role are copied in when they register so that attendance figures for the
    quarterly reports stay as they were, whatever happens to their memberships later.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(
        "areas.LocalArea", on_delete=models.PROTECT, null=True, blank=True, related_name="+", db_index=True
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED)
    registered_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True, help_text="Empty until an organiser records attendance.")
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attendance_recorded_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="community_registration_one_per_person"),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.user} – {self.event}"
