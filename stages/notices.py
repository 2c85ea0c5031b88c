"""What the stages app tells people: a stage change waiting for a lead, and the lead's decision."""

from django.urls import reverse

from areas.people import area_leads
from notifications.kinds import Kind
from notifications.services import notify

PROPOSED, DECIDED = "stages.change_proposed", "stages.change_decided"
KINDS = (
    Kind(PROPOSED, "A stage change to confirm", "A member proposed a change of stage (area leads)."),
    Kind(DECIDED, "Your proposed stage change decided", "A lead confirmed or declined your proposal."),
)


def _tell(change, *, kind: str, recipients, event: str, title: str, body: str = "") -> None:
    if change.subject_object_id:
        url = reverse("innovations:stage", kwargs={"area_slug": change.area.slug, "pk": change.subject_object_id})
    else:
        url = reverse("stages:overview", kwargs={"area_slug": change.area.slug})
    about = f" for {change.subject}" if change.subject_object_id else ""
    notify(
        kind=kind,
        recipients=recipients,
        key=f"stage-change:{change.pk}:{event}",
        title=f"{change.area.name}: {title.format(stage=change.get_stage_display(), about=about)}",
        body=body,
        url=url,
        area=change.area,
    )


def change_proposed(change) -> None:
    """Tell the area's leads that a proposed change waits for them."""
    leads = [lead for lead in area_leads(change.area) if lead.pk != change.recorded_by_id]
    title = "a move to {stage}{about} is waiting for you to confirm"
    _tell(
        change,
        kind=PROPOSED,
        recipients=leads,
        event="proposed",
        title=title,
        body=f"Proposed by {change.recorded_by}.",
    )


def change_decided(change) -> None:
    """Tell the member who proposed a change what the lead decided."""
    verdict = change.get_status_display().lower()
    proposer = [change.recorded_by] if change.recorded_by_id != change.decided_by_id else []
    title = "your proposed move to {stage}{about} was " + verdict
    _tell(change, kind=DECIDED, recipients=proposer, event="decided", title=title, body=change.decision_note)
