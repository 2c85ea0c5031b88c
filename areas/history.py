"""Reading django-simple-history records as "who changed what, when" for history pages."""

from dataclasses import dataclass, field
from datetime import datetime

_KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str
    record: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _display(record, field_name: str) -> str:
    model_field = record._meta.get_field(field_name)
    if model_field.choices:
        value = getattr(record, f"get_{field_name}_display")()
    elif model_field.is_relation:
        value = getattr(record, field_name, None)
    else:
        value = getattr(record, field_name)
    if value in (None, ""):
        return "—"
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return str(value)


def history_entries(history_queryset, *, describe=str, limit: int | None = None) -> list[HistoryEntry]:
    """Turn historical records (newest first) into entries with their field-by-field changes.

    `history_queryset` may hold several objects' history (e.g. every membership of an area); each
    record is compared with the previous record of the same object.
    """
    records = list(history_queryset.select_related("history_user").order_by("-history_date", "-history_id"))
    previous_by_object: dict = {}
    # Walk oldest first so each record can be compared with the one before it.
    entries = []
    for record in reversed(records):
        key = record.id
        previous = previous_by_object.get(key)
        changes = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous)
            for change in delta.changes:
                verbose = record.instance_type._meta.get_field(change.field).verbose_name
                changes.append(
                    Change(
                        field=str(verbose).capitalize(),
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
                    )
                )
        previous_by_object[key] = record
        who = record.history_user.get_full_name() or record.history_user.username if record.history_user else "System"
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=who,
                kind=_KINDS.get(record.history_type, record.history_type),
                record=describe(record),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
    entries.reverse()
    return entries[:limit] if limit else entries
