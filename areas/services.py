"""Writes for areas and memberships. Each re-checks the actor's rights, so views, tasks and
commands share one safe path."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.links import absolute_url
from core.locking import save_versioned
from core.services import require_celcis, save_with_history

from .access import Access
from .models import (
    AREA_SCOPED_ROLES,
    NATIONAL_ROLES,
    LocalArea,
    Membership,
    Role,
    SpecialistAssignment,
    User,
)


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


def invitation_link(user: User) -> str:
    """A link to choose a password: Django's password-reset link, which expires after
    PASSWORD_RESET_TIMEOUT and once used (the token is tied to the password and last sign-in)."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path)


def invitation_queue(*, user: User, inviter: User | None):
    """Queue the email inviting a new account to choose its password (sent after the transaction commits)."""
    from notifications.services import outbox_queue

    link = invitation_link(user)
    context = {
        "user": user,
        "inviter": inviter,
        "link": link,
        "memberships": user.memberships.active().select_related("area"),
    }
    return outbox_queue(
        recipient=user,
        key=f"areas.invitation:{user.pk}:{link.rstrip('/').rsplit('/', 1)[-1]}",
        subject="You have been added to the Addressing Neglect portal",
        body=render_to_string("registration/invitation_email.txt", context),
    )


@transaction.atomic
def membership_add(
    *,
    actor: User,
    role: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    area: LocalArea | None = None,
) -> Membership:
    """Give a person (found by email, or created) a role; area roles (area viewers included) need the
    actor to lead the area.

    A new account is sent an invitation to set its password once the transaction commits.
    """
    access = Access.for_user(actor)
    if role in AREA_SCOPED_ROLES:
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
    if role in AREA_SCOPED_ROLES and active.filter(area=area, role__in=AREA_SCOPED_ROLES).exists():
        raise ValidationError(f"{user} is already a member of {area}. Change their role instead.")
    if role in NATIONAL_ROLES and active.filter(role=role).exists():
        raise ValidationError(f"{user} already has the role {Role(role).label}.")

    membership = Membership(user=user, area=area, role=role)
    save_with_history(membership, actor=actor, validate=True, reason="Added")
    if created:
        invitation_queue(user=user, inviter=actor)
    return membership


def _check_can_manage(membership: Membership, actor: User) -> Access:
    access = Access.for_user(actor)
    if membership.area_id and membership.role in AREA_SCOPED_ROLES:
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
def membership_invite_again(*, membership: Membership, actor: User) -> None:
    """Send a fresh set-password link to someone in the area who has never signed in."""
    membership = Membership.objects.select_related("area", "user").get(pk=membership.pk)
    _check_can_manage(membership, actor)
    if membership.user.last_login is not None:
        raise ValidationError(f"{membership.user} has signed in already, so needs no invitation.")
    if not membership.user.email:
        raise ValidationError(f"{membership.user} has no email address to send an invitation to.")
    invitation_queue(user=membership.user, inviter=actor)


@transaction.atomic
def membership_change_role(*, membership: Membership, actor: User, role: str) -> Membership:
    """Switch an area membership between member, lead and area viewer."""
    membership = Membership.objects.select_for_update(of=("self",)).select_related("area").get(pk=membership.pk)
    _check_can_manage(membership, actor)
    if role not in AREA_SCOPED_ROLES or membership.role not in AREA_SCOPED_ROLES:
        raise ValidationError("Only area members, leads and area viewers can change role here.")
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


# --- CELCIS specialists ----------------------------------------------------------------------------


@transaction.atomic
def specialist_assign(*, area: LocalArea, user: User, actor: User) -> SpecialistAssignment:
    """Make a CELCIS member of staff a specialist supporting `area` (CELCIS only)."""
    require_celcis(actor)
    if not Access.for_user(user).is_celcis:
        raise ValidationError({"user": f"{user} is not CELCIS staff, so cannot be the area's specialist."})
    if SpecialistAssignment.objects.active().filter(area=area, user=user).exists():
        raise ValidationError({"user": f"{user} already supports {area}."})
    assignment = SpecialistAssignment(area=area, user=user)
    save_with_history(assignment, actor=actor, validate=True, reason="Assigned")
    return assignment


@transaction.atomic
def specialist_end(*, assignment: SpecialistAssignment, actor: User) -> SpecialistAssignment:
    """End a specialist's support of an area today; who supported it when stays in the history."""
    require_celcis(actor)
    assignment = SpecialistAssignment.objects.select_for_update(of=("self",)).get(pk=assignment.pk)
    if not assignment.is_active:
        raise ValidationError("This specialist no longer supports the area.")
    assignment.ended_on = max(timezone.localdate(), assignment.started_on)
    save_with_history(assignment, actor=actor, validate=True, reason="Ended")
    return assignment
