"""What the innovations services share beyond `core.services`: dates, whole numbers, ordering and row
locks."""

from __future__ import annotations

from datetime import date

from django.db.models import Max
from django.utils import timezone

FUTURE_DATE = "This date is in the future. Record it once it has happened."


def today() -> date:
    return timezone.localdate()


def future_errors(**days) -> dict:
    """FUTURE_DATE at each of the named days that is after today (a form runs this with its field checks)."""
    return {name: FUTURE_DATE for name, day in days.items() if day and day > today()}


def whole_number(value) -> int | None:
    """An integer from a form or a caller, or None for anything that is not one (True is not 1)."""
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def locked(model, instance):
    """The stored row, locked until the transaction ends, so concurrent writes queue up."""
    return model.objects.select_for_update(of=("self",)).get(pk=instance.pk)


def new_or_locked(model, instance, **new):
    """The stored row locked for the change, or a new one with the `new` values when there is none."""
    return model(**new) if instance is None else locked(model, instance)


def last_order(rows) -> int:
    """The highest `order` among the rows (0 for none), so a new row goes after them."""
    return rows.aggregate(last=Max("order"))["last"] or 0


def assign(instance, data: dict, names) -> None:
    """Copy each of `names` that `data` has onto the instance, without surrounding spaces for text."""
    for name in names:
        if name in data:
            value = data[name]
            setattr(instance, name, value.strip() if isinstance(value, str) else value)
