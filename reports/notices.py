"""What the reports app tells people: returns submitted, sent back and accepted; reports published."""

from django.urls import reverse
from django.utils import timezone

from areas.people import area_leads, area_team, celcis_staff, national_viewers
from notifications.kinds import DAILY, Kind
from notifications.services import notify

SUBMITTED, SENT_BACK = "reports.return_submitted", "reports.return_sent_back"
ACCEPTED, PUBLISHED = "reports.return_accepted", "reports.report_published"
KINDS = (
    Kind(SUBMITTED, "A quarterly return to review", "An area lead submitted a quarterly return (CELCIS)."),
    Kind(SENT_BACK, "A return sent back with comments", "CELCIS returned your area's return with comments."),
    Kind(ACCEPTED, "A return accepted", "CELCIS accepted your area's quarterly return.", DAILY),
    Kind(PUBLISHED, "A quarterly report published", "The national report is published (CELCIS, national viewers)."),
)


def return_step(quarterly_return, *, step: str, comment: str = "") -> None:
    """Tell the right people about a step of a return: submitted, returned or accepted."""
    area, label = quarterly_return.area, quarterly_return.quarter.label
    if step == "submitted":
        kind, recipients = SUBMITTED, celcis_staff()
        title = f"{area.name}'s return for {label} is waiting for review"
        url = reverse("reports:return_review", kwargs={"area_slug": area.slug, "quarter": quarterly_return.slug})
    else:
        kind = SENT_BACK if step == "returned" else ACCEPTED
        recipients = area_team(area) if step == "returned" else area_leads(area)
        title = f"{area.name}: your return for {label} was " + (
            "sent back with comments" if step == "returned" else "accepted"
        )
        url = quarterly_return.get_absolute_url()
    # Each step taken is a new event: a return submitted twice is reviewed twice.
    key = f"return:{quarterly_return.pk}:{step}:{timezone.now().isoformat()}"
    notify(kind=kind, recipients=recipients, key=key, title=title, body=comment, url=url, area=area)


def report_published(run) -> None:
    """Tell CELCIS and national viewers that a national report is published."""
    title = f"The national report for {run.quarter.label} is published"
    recipients = celcis_staff() + national_viewers()
    notify(
        kind=PUBLISHED, recipients=recipients, key=f"report:{run.pk}:published", title=title, url=run.get_absolute_url()
    )
