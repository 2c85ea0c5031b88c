"""What the stages app tells people: a stage change waiting for a lead, and the lead's decision."""

from django.urls import reverse

from areas.people import area_leads
from notifications.kinds import register_kind
from notifications.services import notify

CHANGE_PROPOSED = "stages.change_proposed"
CHANGE_DECIDED = "stages.change_decided"


def register_kinds() -> None:
    """Called from StagesConfig.ready()."""
    register_kind(
        key=CHANGE_PROPOSED,
        label="A stage change to confirm",
        description="A member proposed a change of stage for your area or one of its innovations (area leads).",
    )
    register_kind(
        key=CHANGE_DECIDED,
        label="Your proposed stage change was decided",
        description="A lead confirmed or declined a stage change you proposed.",
    )


def _where(change) -> str:
    """The stages page of what the change is about: the programme or an innovation."""
    if change.subject_object_id:
        return reverse("innovations:stage", kwargs={"area_slug": change.area.slug, "pk": change.subject_object_id})
    return reverse("stages:overview", kwargs={"area_slug": change.area.slug})


def change_proposed(change) -> None:
    """Tell the area's leads that a proposed change waits for them."""
    about = f" for {change.subject}" if change.subject_object_id else ""
    notify(
        kind=CHANGE_PROPOSED,
        recipients=[lead for lead in area_leads(change.area) if lead.pk != change.recorded_by_id],
        key=f"stage-change:{change.pk}:proposed",
        title=f"{change.area.name}: a move to {change.get_stage_display()}{about} is waiting for you to confirm",
        body=f"Proposed by {change.recorded_by}, entered on {change.entered_on:%-d %b %Y}.",
        url=_where(change),
        area=change.area,
    )


def change_decided(change) -> None:
    """Tell the member who proposed a change what the lead decided."""
    notify(
        kind=CHANGE_DECIDED,
        recipients=[change.recorded_by] if change.recorded_by_id != change.decided_by_id else [],
        key=f"stage-change:{change.pk}:decided",
        title=f"{change.area.name}: your proposed move to {change.get_stage_display()} was "
        f"{change.get_status_display().lower()}",
        body=change.decision_note,
        url=_where(change),
        area=change.area,
    )
