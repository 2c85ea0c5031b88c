"""What every service shares: the rights checks and saving a record with its history.

Services re-check the actor's rights through the one access policy in `areas.access`, so views,
tasks and commands share one safe path. Each check returns the actor's `Access` for further use.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from areas.access import Access


def require_area_write(actor, area) -> Access:
    """The actor may write this area's records, or PermissionDenied."""
    access = Access.for_user(actor)
    if not access.can_edit_area(area):
        raise PermissionDenied
    return access


def require_area_lead(actor, area) -> Access:
    """The actor leads this area (or is CELCIS), or PermissionDenied."""
    access = Access.for_user(actor)
    if not access.can_lead_area(area):
        raise PermissionDenied
    return access


def require_celcis(actor) -> Access:
    """The actor is CELCIS staff, or PermissionDenied."""
    access = Access.for_user(actor)
    if not access.is_celcis:
        raise PermissionDenied
    return access


def save_with_history(instance, *, actor, reason: str = "", validate: bool = False, exclude=None) -> None:
    """Save `instance`, recording who changed it (and why) in its history.

    `validate=True` runs the model's own checks first (`exclude` names fields to skip).
    """
    if validate:
        instance.full_clean(exclude=exclude)
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()


def delete_with_history(instance, *, actor, reason: str = "") -> None:
    """Delete `instance`, recording who removed it (and why) in its history."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.delete()


def raise_if_errors(errors: dict) -> None:
    """Raise the collected field errors together, so a form shows them all in one round."""
    if errors:
        raise ValidationError(errors)
