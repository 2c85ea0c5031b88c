"""Bringing a council into the programme in one step (CELCIS only): its details confirmed, its first
lead invited, its programme stage record started at Exploration, and its quarterly return opened.

The stage record and the return are made by the stages and reports apps' own services (called here,
never copied), so they follow exactly the rules an area's own work follows. Imported lazily: `areas`
is the foundation those apps build on.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.quarters import Quarter
from core.services import raise_if_errors, require_celcis

from .models import AREA_SCOPED_ROLES, LocalArea, Membership, Role, User
from .services import area_update, membership_add

DETAIL_FIELDS = ("council", "health_board", "child_protection_committee", "date_joined", "notes")


def _check_lead(email: str, first_name: str, last_name: str, area: LocalArea) -> dict:
    errors = {}
    existing = User.objects.filter(email__iexact=email.strip()).first()
    if existing is None:
        if not first_name.strip():
            errors["lead_first_name"] = "Give the lead's first name: nobody has an account with this email address yet."
        if not last_name.strip():
            errors["lead_last_name"] = "Give the lead's last name: nobody has an account with this email address yet."
    elif Membership.objects.active().filter(user=existing, area=area, role__in=AREA_SCOPED_ROLES).exists():
        errors["lead_email"] = (
            f"{existing} already has a role in {area}. Change their role on the members page instead."
        )
    return errors


def onboard_errors(
    area: LocalArea,
    *,
    lead_email: str,
    lead_first_name: str,
    lead_last_name: str,
    date_joined: datetime.date | None,
    today: datetime.date | None = None,
) -> dict:
    """What stops the area being brought in, every problem at once (the form runs this too)."""
    today = today or timezone.localdate()
    errors = _check_lead(lead_email, lead_first_name, lead_last_name, area) if lead_email else {}
    if date_joined is None:
        errors["date_joined"] = "Give the date the area joins the programme (today, or a day already past)."
    elif date_joined > today:
        errors["date_joined"] = "This date is in the future. Bring the area in on the day it joins."
    return errors


@transaction.atomic
def area_onboard(
    *,
    area: LocalArea,
    actor: User,
    details: dict,
    expected_version: int,
    lead_email: str,
    lead_first_name: str = "",
    lead_last_name: str = "",
    today: datetime.date | None = None,
) -> LocalArea:
    """Bring `area` into the programme; nothing is saved unless every step succeeds."""
    from reports.services import return_open
    from stages.models import Stage
    from stages.selectors import current_stage
    from stages.services import stage_change_record

    require_celcis(actor)
    today = today or timezone.localdate()
    area = LocalArea.objects.select_for_update().get(pk=area.pk)
    if area.in_programme:
        raise ValidationError(f"{area} is already in the programme.")
    joined = details.get("date_joined")
    errors = onboard_errors(
        area,
        lead_email=lead_email,
        lead_first_name=lead_first_name,
        lead_last_name=lead_last_name,
        date_joined=joined,
        today=today,
    )
    raise_if_errors(errors)

    data = {name: details[name] for name in DETAIL_FIELDS if name in details} | {"in_programme": True}
    area_update(area=area, actor=actor, data=data, expected_version=expected_version)
    membership_add(
        actor=actor,
        role=Role.AREA_LEAD,
        email=lead_email,
        first_name=lead_first_name,
        last_name=lead_last_name,
        area=area,
    )
    current = current_stage(area)
    if current is None or current.stage != Stage.EXPLORATION:
        stage_change_record(
            area=area,
            actor=actor,
            stage=Stage.EXPLORATION,
            entered_on=max(joined, current.entered_on) if current else joined,
            reason="Joined the programme.",
        )
    # The area reports on the quarter it joins in: its return opens now rather than overnight.
    return_open(area=area, quarter=Quarter.of(today), actor=actor)
    return area
