"""Writes for areas and memberships. Each re-checks the actor's rights, so views, tasks and
commands share one safe path."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from core.locking import save_versioned
from core.services import require_celcis, save_with_history

from .access import Access
from .models import AREA_ROLES, NATIONAL_ROLES, LocalArea, Membership, Role, User


def area_update(*, area: LocalArea, actor: User, data: dict, expected_version: int) -> LocalArea:
    """Change an area's details (CELCIS only); raises StaleEdit if someone saved in between."""
    require_celcis(actor)  # only CELCIS changes an area's own details
    for name, value in data.items():
        setattr(area, name, value)
    area.full_clean(exclude=["version"])
    save_versioned(area, expected_version=expected_version, actor=actor)
    return area


def user_find_or_create(*, email: str, first_name: str = "", last_name: str = "") -> tuple[User, bool]:
    """The user with this email address, or a new one with no password yet (they set it by email)."""
    email = email.strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing:
        return existing, False
    if not first_name.strip() or not last_name.strip():
        raise ValidationError("Give a first and last name for someone who does not have an account yet.")
    user = User(username=email.lower(), email=email, first_name=first_name.strip(), last_name=last_name.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    return user, True


@transaction.atomic
def membership_add(
    *,
    actor: User,
    role: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    area: LocalArea | None = None,
    site_url: str = "",
) -> Membership:
    """Give a person (found by email, or created) a role; area roles need the actor to lead the area.

    A new account is sent an invitation to set its password once the transaction commits.
    """
    access = Access.for_user(actor)
    if role in AREA_ROLES:
        if area is None or not access.can_lead_area(area):
            raise PermissionDenied
    elif role in NATIONAL_ROLES:
        if not access.is_celcis:
            raise PermissionDenied
        if role != Role.COMMUNITY_MEMBER:
            area = None
    else:
        raise ValidationError(f"Unknown role {role!r}.")

    user, created = user_find_or_create(email=email, first_name=first_name, last_name=last_name)
    active = Membership.objects.active().filter(user=user)
    if role in AREA_ROLES and active.filter(area=area, role__in=AREA_ROLES).exists():
        raise ValidationError(f"{user} is already a member of {area}. Change their role instead.")
    if role in NATIONAL_ROLES and active.filter(role=role).exists():
        raise ValidationError(f"{user} already has the role {Role(role).label}.")

    membership = Membership(user=user, area=area, role=role)
    save_with_history(membership, actor=actor, validate=True, reason="Added")
    if created:
        from .tasks import send_invitation

        transaction.on_commit(lambda: send_invitation.delay(user_id=user.pk, inviter_id=actor.pk, site_url=site_url))
    return membership


def _check_can_manage(membership: Membership, actor: User) -> Access:
    access = Access.for_user(actor)
    if membership.area_id and membership.role in AREA_ROLES:
        allowed = access.can_lead_area(membership.area)
    else:
        allowed = access.is_celcis
    if not allowed:
        raise PermissionDenied
    if membership.user_id == actor.pk and not access.is_celcis:
        # A lead who demoted or removed themselves could leave the area with nobody to manage it.
        raise ValidationError("You cannot change or end your own membership. Ask another lead or CELCIS.")
    if not membership.is_active:
        raise ValidationError("This membership has already ended.")
    return access


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: User, role: str) -> Membership:
    """Switch an area membership between member and lead."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related("area").get(pk=membership.pk)
    _check_can_manage(membership, actor)
    if role not in AREA_ROLES or membership.role not in AREA_ROLES:
        raise ValidationError("Only area members and leads can change role here.")
    if membership.role != role:
        membership.role = role
        save_with_history(membership, actor=actor, validate=True, reason=f"Role changed to {Role(role).label}")
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: User) -> Membership:
    """End a membership today; its history stays."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related("area").get(pk=membership.pk)
    _check_can_manage(membership, actor)
    membership.ended_on = max(timezone.localdate(), membership.started_on)
    save_with_history(membership, actor=actor, validate=True, reason="Membership ended")
    return membership
