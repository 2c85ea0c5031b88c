"""Quarterly returns, their review by CELCIS, and the reports built from them.

A return is one programme area's account of one financial-year quarter: figures taken from the
area's framework records (frozen when the return is submitted) and a narrative the area writes.
A report run builds the national (or one area's) quarterly report from returns, in the background.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.quarters import Quarter, quarter_slug

# --- Returns ---------------------------------------------------------------------------------------

# The narrative an area writes: (field name, heading, help text). Free text, so every help text
# reminds the writer that no child or family may be identifiable.
NARRATIVE_SECTIONS = [
    ("progress", "Progress this quarter", "What moved forward, with the figures behind it."),
    ("helped", "What helped", "Conditions, people and decisions that made progress possible."),
    ("challenges", "Challenges", "What got in the way, and what the team did about it."),
    ("support", "Support needed from CELCIS or nationally", "What would help that the area cannot do alone."),
    ("plans", "Plans for next quarter", "The main pieces of work for the next three months."),
    ("risks", "Risks", "What could stop the work, how likely it is, and what is being done about it."),
]
SECTION_KEYS = [key for key, _, _ in NARRATIVE_SECTIONS]
SECTION_TITLES = {key: title for key, title, _ in NARRATIVE_SECTIONS}
PRIVACY_HINT = "Never name or describe a child or family."


class ReturnStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    ACCEPTED = "accepted", "Accepted"


# The area may still write in these; submitted and accepted returns are CELCIS's to act on.
EDITABLE_STATUSES = (ReturnStatus.DRAFT, ReturnStatus.RETURNED)


class QuarterlyReturn(models.Model):
    """One programme area's return for one quarter."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="quarterly_returns")
    quarter_start = models.DateField("quarter", help_text="First day of the financial-year quarter.")
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.DRAFT)

    progress = models.TextField(SECTION_TITLES["progress"].lower(), blank=True)
    helped = models.TextField(SECTION_TITLES["helped"].lower(), blank=True)
    challenges = models.TextField(SECTION_TITLES["challenges"].lower(), blank=True)
    support = models.TextField(SECTION_TITLES["support"].lower(), blank=True)
    plans = models.TextField(SECTION_TITLES["plans"].lower(), blank=True)
    risks = models.TextField(SECTION_TITLES["risks"].lower(), blank=True)

    # The figures as they stood at submission; empty while the return is a first draft.
    snapshot = models.JSONField(null=True, blank=True)
    snapshot_taken_at = models.DateTimeField(null=True, blank=True)

    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    accepted_at = models.DateTimeField(null=True, blank=True)
    # CELCIS's comments when it returned the return: one general, and one per narrative section.
    review_comment = models.TextField("general comment", blank=True)
    section_comments = models.JSONField(default=dict, blank=True)
    # The narrative as it stood when returned, so the area and CELCIS see what changed since.
    narrative_when_returned = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Optimistic locking: two people writing the narrative at once never overwrite each other.
    version = models.PositiveIntegerField(default=1, editable=False)

    # The frozen figures and the narrative kept for comparison would swamp the history; the section
    # comments are recorded with the step that made them (ReturnEvent).
    history = HistoricalRecords(excluded_fields=["version", "snapshot", "narrative_when_returned", "section_comments"])

    class Meta:
        ordering = ["-quarter_start", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "quarter_start"], name="quarterlyreturn_one_per_area_quarter"),
        ]
        indexes = [models.Index(fields=["quarter_start", "status"])]

    def __str__(self):
        return f"{self.area} return for {self.quarter}"

    def get_absolute_url(self):
        return reverse("reports:return_detail", kwargs={"area_slug": self.area.slug, "quarter": self.slug})

    @property
    def quarter(self) -> Quarter:
        return Quarter.of(self.quarter_start)

    @property
    def slug(self) -> str:
        return quarter_slug(self.quarter)

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    @property
    def submittable_from(self) -> date:
        """The first day the return can be submitted: the day after its quarter ends, so its
        figures cover the whole quarter (a draft can be written any time)."""
        return self.quarter.end + timedelta(days=1)

    def can_submit_on(self, today: date) -> bool:
        return today >= self.submittable_from

    @property
    def is_locked(self) -> bool:
        return self.status == ReturnStatus.ACCEPTED

    def narrative(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in SECTION_KEYS}


class ReturnStep(models.TextChoices):
    OPENED = "opened", "Opened"
    SUBMITTED = "submitted", "Submitted"
    RETURNED = "returned", "Returned for changes"
    ACCEPTED = "accepted", "Accepted"
    REOPENED = "reopened", "Reopened"


class ReturnEvent(models.Model):
    """One step of a return's workflow: who took it, when, and why."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="events")
    step = models.CharField(max_length=20, choices=ReturnStep.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField()
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_step_display()} – {self.quarterly_return}"


class ReminderKind(models.TextChoices):
    WEEK_BEFORE = "week_before", "A week before the due date"
    DUE = "due", "On the due date"
    OVERDUE = "overdue", "Overdue"


class ReturnReminder(models.Model):
    """A reminder email sent (or being sent) about a return. The unique key makes the reminder task
    safe to run twice: a reminder already recorded is never sent again."""

    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    quarterly_return = models.ForeignKey(QuarterlyReturn, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    scheduled_on = models.DateField(help_text="The day this reminder was due to go.")
    sent_at = models.DateTimeField()
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["scheduled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["quarterly_return", "kind", "scheduled_on"], name="returnreminder_once_per_schedule"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder for {self.quarterly_return}"


# --- Report runs -------------------------------------------------------------------------------------


class ReportScope(models.TextChoices):
    NATIONAL = "national", "National quarterly report"
    AREA = "area", "Area report"


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ReportRun(models.Model):
    """One build of a quarterly report. Every build is a new version; none is ever overwritten."""

    scope = models.CharField(max_length=20, choices=ReportScope.choices)
    area = models.ForeignKey(
        "areas.LocalArea",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_runs",
        help_text="The area an area report is about; empty for the national report.",
    )
    quarter_start = models.DateField("quarter")
    number = models.PositiveIntegerField("version")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for a build the portal started itself.",
    )
    retry_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="retries")
    status = models.CharField(max_length=20, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True)
    parts_total = models.PositiveIntegerField(default=0)
    parts_done = models.PositiveIntegerField(default=0)
    queued_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    # Set by the part that finishes last when it queues the combining task, and by the combining task
    # when it starts: each a conditional update, so duplicates of either task do nothing.
    combine_queued_at = models.DateTimeField(null=True, blank=True)
    combine_started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-quarter_start", "-number", "-pk"]
        constraints = [
            # Version numbers never repeat: per quarter for the national report, per area and quarter otherwise
            # (two constraints, because NULL areas never clash in a unique index).
            models.UniqueConstraint(
                fields=["quarter_start", "number"],
                condition=Q(scope="national"),
                name="reportrun_one_national_version_number",
            ),
            models.UniqueConstraint(
                fields=["area", "quarter_start", "number"],
                condition=Q(scope="area"),
                name="reportrun_one_area_version_number",
            ),
            models.UniqueConstraint(
                fields=["quarter_start"],
                condition=Q(scope="national", published=True),
                name="reportrun_one_published_national_per_quarter",
            ),
            models.CheckConstraint(
                condition=(Q(scope="national") & Q(area__isnull=True)) | (Q(scope="area") & Q(area__isnull=False)),
                name="reportrun_area_matches_scope",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(status="done", scope="national"),
                name="reportrun_only_finished_national_published",
            ),
        ]
        indexes = [models.Index(fields=["scope", "quarter_start", "status"])]

    def __str__(self):
        return f"{self.title}, version {self.number}"

    def get_absolute_url(self):
        return reverse("reports:run_detail", kwargs={"pk": self.pk})

    @property
    def quarter(self) -> Quarter:
        return Quarter.of(self.quarter_start)

    @property
    def is_national(self) -> bool:
        return self.scope == ReportScope.NATIONAL

    @property
    def title(self) -> str:
        if self.is_national:
            return f"National quarterly report {self.quarter}"
        return f"{self.area} report {self.quarter}"

    @property
    def percent_done(self) -> int:
        """Progress: the parts built, with the final combining step counted as one more part."""
        if self.status == RunStatus.DONE:
            return 100
        steps = self.parts_total + 1
        return round(100 * self.parts_done / steps) if steps else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)


class ReportPart(models.Model):
    """One area's section of a run, built by its own task. One per run and area, so a task that is
    delivered twice writes the same row again rather than a second one."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="parts")
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    built_at = models.DateTimeField()

    class Meta:
        ordering = ["area__name"]
        constraints = [models.UniqueConstraint(fields=["run", "area"], name="reportpart_one_per_area")]

    def __str__(self):
        return f"{self.area} part of {self.run}"


class FileKind(models.TextChoices):
    HTML = "html", "Web page (HTML)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Data annex (Excel, XLSX)"


FILE_TYPES = {
    FileKind.HTML: "text/html; charset=utf-8",
    FileKind.PDF: "application/pdf",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class ReportFile(models.Model):
    """An output of a finished run, kept in Django's storage (never served from a public URL)."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to="reports/", max_length=300)
    size = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["run", "kind"], name="reportfile_one_per_kind")]

    def __str__(self):
        return f"{self.run} ({self.get_kind_display()})"

    @property
    def download_name(self) -> str:
        run = self.run
        who = "national" if run.is_national else run.area.slug
        return f"{who}-report-{quarter_slug(run.quarter)}-v{run.number}.{self.kind}"


class DownloadKind(models.TextChoices):
    HTML = "html", "Web page (HTML)"
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel (XLSX)"
    CSV = "csv", "CSV"


class ReportDownload(models.Model):
    """Somebody opened or downloaded a report file, or an export of return figures (no run)."""

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, null=True, blank=True, related_name="downloads")
    kind = models.CharField(max_length=10, choices=DownloadKind.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    # For an export: what it held ("Accepted return figures, 2025-26 Q3 to 2026-27 Q2, exact").
    description = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} – {self.run or self.description} ({self.kind})"


class KeyMessages(models.Model):
    """CELCIS's first page of one version of the national report: the key messages (drafted by the
    portal from the figures, then edited), cross-area themes, risks and asks of the Scottish
    Government, and its sign-off. A version is published only once this is signed off."""

    run = models.OneToOneField(ReportRun, on_delete=models.CASCADE, related_name="key_messages")
    generated = models.JSONField(default=list, blank=True, help_text="The portal's draft list, from the figures.")
    messages = models.TextField(
        "key messages",
        blank=True,
        help_text="One message a line: what the Scottish Government should take from this quarter.",
    )
    themes = models.TextField(
        "themes across the areas", blank=True, help_text="One theme a line: what the areas share, for better or worse."
    )
    risks = models.TextField("risks", blank=True, help_text="One risk a line, with what is being done about it.")
    asks = models.TextField(
        "asks of the Scottish Government", blank=True, help_text="One ask a line: what would help nationally."
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version", "generated"])

    class Meta:
        verbose_name = "key messages"
        verbose_name_plural = "key messages"

    def __str__(self):
        return f"Key messages of {self.run}"

    @property
    def is_signed_off(self) -> bool:
        return self.signed_off_at is not None
