"""What the reports app tells people: returns submitted, sent back and accepted; reports published."""

from django.urls import reverse
from django.utils import timezone

from areas.people import area_leads, area_team, celcis_staff, national_viewers
from notifications.kinds import register_kind
from notifications.services import notify

RETURN_SUBMITTED = "reports.return_submitted"
RETURN_SENT_BACK = "reports.return_sent_back"
RETURN_ACCEPTED = "reports.return_accepted"
REPORT_PUBLISHED = "reports.report_published"


def register_kinds() -> None:
    """Called from ReportsConfig.ready()."""
    register_kind(
        key=RETURN_SUBMITTED,
        label="A quarterly return to review",
        description="An area lead submitted a quarterly return (CELCIS).",
    )
    register_kind(
        key=RETURN_SENT_BACK,
        label="A return sent back with comments",
        description="CELCIS returned your area's quarterly return with comments to act on.",
    )
    register_kind(
        key=RETURN_ACCEPTED,
        label="A return accepted",
        description="CELCIS accepted your area's quarterly return.",
        default="daily",
    )
    register_kind(
        key=REPORT_PUBLISHED,
        label="A quarterly report published",
        description="CELCIS published the national quarterly report (CELCIS and national viewers).",
    )


def _step_key(quarterly_return, step: str) -> str:
    # Each step taken is a new event: a return submitted twice is reviewed twice.
    return f"return:{quarterly_return.pk}:{step}:{timezone.now().isoformat()}"


def return_submitted(quarterly_return) -> None:
    """Tell CELCIS a return is waiting for review."""
    notify(
        kind=RETURN_SUBMITTED,
        recipients=celcis_staff(),
        key=_step_key(quarterly_return, "submitted"),
        title=f"{quarterly_return.area.name}'s return for {quarterly_return.quarter.label} is waiting for review",
        url=reverse(
            "reports:return_review",
            kwargs={"area_slug": quarterly_return.area.slug, "quarter": quarterly_return.slug},
        ),
        area=quarterly_return.area,
    )


def return_sent_back(quarterly_return, comment: str) -> None:
    """Tell the area's team that CELCIS sent the return back, with the comment."""
    notify(
        kind=RETURN_SENT_BACK,
        recipients=area_team(quarterly_return.area),
        key=_step_key(quarterly_return, "returned"),
        title=f"Your return for {quarterly_return.quarter.label} was sent back with comments",
        body=comment,
        url=quarterly_return.get_absolute_url(),
        area=quarterly_return.area,
    )


def return_accepted(quarterly_return) -> None:
    """Tell the area's leads that CELCIS accepted the return."""
    notify(
        kind=RETURN_ACCEPTED,
        recipients=area_leads(quarterly_return.area),
        key=_step_key(quarterly_return, "accepted"),
        title=f"Your return for {quarterly_return.quarter.label} was accepted",
        url=quarterly_return.get_absolute_url(),
        area=quarterly_return.area,
    )


def report_published(run) -> None:
    """Tell CELCIS and national viewers that a national report is published."""
    notify(
        kind=REPORT_PUBLISHED,
        recipients=celcis_staff() + national_viewers(),
        key=f"report:{run.pk}:published",
        title=f"The national report for {run.quarter.label} is published",
        url=run.get_absolute_url(),
    )
