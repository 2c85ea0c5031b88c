"""What every innovations service shares: the rights check, saving with history, and row locks."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from areas.access import Access

FUTURE_DATE = "This date is in the future. Record it once it has happened."


def require_edit(actor, area) -> Access:
    """The actor may write this area's records, or PermissionDenied."""
    access = Access.for_user(actor)
    if not access.can_edit_area(area):
        raise PermissionDenied
    return access


def save(instance, *, actor, reason: str = "") -> None:
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()


def today() -> date:
    return timezone.localdate()


def whole_number(value) -> int | None:
    """An integer from a form or a caller, or None for anything that is not one (True is not 1)."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def raise_errors(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def locked(model, instance):
    """The stored row, locked until the transaction ends, so concurrent writes queue up."""
    return model.objects.select_for_update(of=("self",)).get(pk=instance.pk)
