"""Evidence from records: the kinds of portal record that can show a checklist activity was done.

DOMAIN.md: "A checklist activity is best evidenced by the portal's own record of it … nobody should
have to type the same fact twice." CELCIS links catalogue activities to these kinds
(`StageActivity.evidence_kinds`); a checklist then offers an area's matching records, and a person
confirms one as the activity's evidence and date (`services.activity_evidence_confirm`).

The records belong to other apps. They are read here, never written, and their models are resolved
by name when first needed (`django.apps.apps.get_model`), so the stages app imports none of them.
Reading the records for a checklist takes one query per kind, however many records there are.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from areas.subjects import subject_filter

# How many of a kind's records a checklist row offers (most recent first); the rest are counted.
OFFERED_PER_KIND = 3


@dataclass(frozen=True)
class EvidenceRecord:
    """One portal record offered (or confirmed) as evidence: what it is, its date and its page."""

    kind: str
    kind_label: str
    pk: int
    on: date
    label: str
    url: str


def _url(name: str, **kwargs) -> str:
    return reverse(name, kwargs=kwargs)


@dataclass(frozen=True)
class EvidenceKind:
    """A kind of portal record, where to find it and how to name and link it.

    `innovation_field` names the record's innovation when it belongs to one (an innovation's
    checklist is offered only that innovation's records); `about_subject` says the record names its
    subject generically (areas.subjects). Records tied to neither are offered on every checklist
    in their area. `first_per` keeps only the earliest record per value of that field.
    """

    key: str
    label: str
    model: str
    date_field: str
    describe: Callable[[object], str]
    url: Callable[[object, str], str]
    filters: dict = field(default_factory=dict)
    innovation_field: str = ""
    about_subject: bool = False
    select_related: tuple = ()
    first_per: str = ""

    def queryset(self, area, subject=None):
        """The area's records of this kind that may evidence the subject's activities (read-only)."""
        model = apps.get_model(self.model)
        records = model.objects.filter(area=area, **self.filters).exclude(**{f"{self.date_field}__isnull": True})
        if self.first_per:
            # An earlier record (by date, then by when it was recorded) of the same innovation, say.
            same_day = Q(**{self.date_field: OuterRef(self.date_field)}) & Q(pk__lt=OuterRef("pk"))
            earlier = model.objects.filter(
                Q(**{f"{self.date_field}__lt": OuterRef(self.date_field)}) | same_day,
                **{self.first_per: OuterRef(self.first_per)},
            )
            records = records.filter(~Exists(earlier))
        if subject is not None:
            if self.about_subject:
                records = records.filter(subject_filter(subject))
            elif self.innovation_field:
                if subject._meta.label != "innovations.Innovation":
                    return records.none()
                records = records.filter(**{self.innovation_field: subject.pk})
        return records.select_related(*self.select_related).order_by(f"-{self.date_field}", "-pk")

    def as_evidence(self, record, area_slug: str) -> EvidenceRecord:
        return EvidenceRecord(
            kind=self.key,
            kind_label=self.label,
            pk=record.pk,
            on=getattr(record, self.date_field),
            label=self.describe(record),
            url=self.url(record, area_slug),
        )


def _engagement_url(record, slug) -> str:
    on = record.held_on.isoformat()
    return _url("stages:engagement_list", area_slug=slug) + f"?start={on}&end={on}"


KINDS: tuple[EvidenceKind, ...] = (
    EvidenceKind(
        key="team_formed",
        label="Team formed",
        model="teams.Team",
        date_field="formed_on",
        describe=lambda r: f"{r.name} formed",
        url=lambda r, slug: _url("teams:detail", area_slug=slug, pk=r.pk),
    ),
    EvidenceKind(
        key="engagement_logged",
        label="Engagement logged",
        model="stages.StakeholderEngagement",
        date_field="held_on",
        describe=lambda r: f"{r.get_kind_display()} with {r.get_level_display().lower()}",
        url=_engagement_url,
    ),
    EvidenceKind(
        key="hexagon_assessment",
        label="Candidate assessed on the Hexagon Tool",
        model="innovations.HexagonAssessment",
        date_field="assessed_on",
        describe=lambda r: f"{r.innovation} assessed on the Hexagon Tool",
        url=lambda r, slug: _url("innovations:exploration_detail", area_slug=slug, pk=r.exploration_id),
        innovation_field="innovation",
        select_related=("innovation",),
    ),
    EvidenceKind(
        key="hexagon_decision",
        label="Hexagon decision recorded",
        model="innovations.Exploration",
        date_field="decided_on",
        describe=lambda r: f"Decision on “{r.need}”: {r.get_decision_display().lower()}",
        url=lambda r, slug: _url("innovations:exploration_detail", area_slug=slug, pk=r.pk),
        filters={"decision__gt": ""},
        innovation_field="chosen",
    ),
    EvidenceKind(
        key="readiness_check",
        label="Readiness check",
        model="stages.ReadinessCheck",
        date_field="checked_on",
        describe=lambda r: "Readiness-for-change check",
        url=lambda r, slug: _url("stages:readiness_detail", area_slug=slug, pk=r.pk),
    ),
    EvidenceKind(
        key="slice_defined",
        label="Slice of the system defined",
        model="innovations.SystemSlice",
        date_field="started_on",
        describe=lambda r: f"Slice “{r.name}” of {r.innovation}",
        url=lambda r, slug: _url("innovations:slice_list", area_slug=slug, pk=r.innovation_id),
        innovation_field="innovation",
        select_related=("innovation",),
    ),
    EvidenceKind(
        key="usability_test_run",
        label="Usability test run",
        model="cycles.UsabilityIteration",
        date_field="tested_to",
        describe=lambda r: f"Iteration {r.number} of the usability test “{r.cycle.title}”",
        url=lambda r, slug: _url("cycles:detail", area_slug=slug, pk=r.cycle_id),
        innovation_field="cycle__innovation",
        select_related=("cycle",),
    ),
    EvidenceKind(
        key="first_fidelity_check",
        label="First fidelity check",
        model="innovations.FidelityCheck",
        date_field="checked_on",
        describe=lambda r: f"First fidelity check for {r.innovation}",
        url=lambda r, slug: _url("innovations:check_detail", area_slug=slug, pk=r.innovation_id, check_pk=r.pk),
        innovation_field="innovation",
        select_related=("innovation",),
        first_per="innovation",
    ),
    EvidenceKind(
        key="drivers_assessment_completed",
        label="Drivers assessment completed",
        model="drivers.Assessment",
        date_field="assessed_on",
        describe=lambda r: "Drivers assessment completed",
        url=lambda r, slug: _url("drivers:assessment_detail", area_slug=slug, pk=r.pk),
        filters={"status": "completed"},
        about_subject=True,
    ),
    EvidenceKind(
        key="pdsa_cycle_closed",
        label="PDSA cycle closed",
        model="cycles.Cycle",
        date_field="closed_on",
        describe=lambda r: f"PDSA cycle “{r.title}” closed",
        url=lambda r, slug: _url("cycles:detail", area_slug=slug, pk=r.pk),
        filters={"kind": "pdsa", "phase": "closed"},
        innovation_field="innovation",
    ),
)

BY_KEY = {kind.key: kind for kind in KINDS}
CHOICES = [(kind.key, kind.label) for kind in KINDS]


def kind_labels(keys: Iterable[str]) -> list[str]:
    """The labels of the kinds named by `keys` (unknown keys, from a kind since removed, skipped)."""
    return [BY_KEY[key].label for key in keys if key in BY_KEY]


def records_by_kind(area, subject, keys: Iterable[str]) -> dict[str, list[EvidenceRecord]]:
    """Each named kind's records for the subject's checklist, most recent first (one query a kind)."""
    result = {}
    for key in sorted(set(keys)):
        if key in BY_KEY:
            kind = BY_KEY[key]
            result[key] = [kind.as_evidence(record, area.slug) for record in kind.queryset(area, subject)]
    return result


def find_record(area, subject, key: str, record_id) -> EvidenceRecord | None:
    """One record of kind `key` that may evidence the subject's activities, or None."""
    kind = BY_KEY.get(key)
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        return None
    if kind is None:
        return None
    record = kind.queryset(area, subject).filter(Q(pk=record_id)).first()
    return kind.as_evidence(record, area.slug) if record is not None else None
