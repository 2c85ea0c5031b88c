"""Reading django-simple-history records as "who changed what, when" for history pages."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import IntegerField, OuterRef, Q, Subquery, Value

from core import freshness
from core.views import PAGE_SIZE

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


# --- History pages, paginated before they are described ------------------------------------------


class _Described(str):
    """A record's description that remembers which historical record it describes."""

    history_id: int


def _with_previous(history_queryset, history_ids: set[int]):
    """These historical records and, for each change, the record before it of the same object (what
    `history_entries` compares it with), in the one query `history_entries` makes."""
    model = history_queryset.model
    earlier = Q(history_date__lt=OuterRef("history_date")) | Q(
        history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")
    )
    previous = (
        model.objects.filter(earlier, id=OuterRef("id")).order_by("-history_date", "-history_id").values("history_id")
    )
    on_page = model.objects.filter(history_id__in=history_ids).order_by()
    previous_ids = (
        on_page.filter(history_type="~")
        .annotate(previous_id=Subquery(previous[:1]))
        .filter(previous_id__isnull=False)
        .values("previous_id")
    )
    # One IN over both lists, which PostgreSQL reads through the primary key (an OR of two INs
    # would have it scan the whole table).
    return history_queryset.filter(history_id__in=on_page.values("history_id").union(previous_ids, all=True))


def _index_page(index, number: int, per_page: int) -> list[tuple]:
    """One page of the merged (date, source, history id) rows, newest first, each with the number of
    rows in all: one query."""
    sql, params = index.query.sql_with_params()
    statement = (
        "SELECT merged.history_date, merged.source, merged.history_id, COUNT(*) OVER () "  # noqa: S608 - Django's SQL
        f"FROM ({sql}) merged "
        "ORDER BY merged.history_date DESC, merged.source, merged.history_id DESC LIMIT %s OFFSET %s"
    )
    with connections[index.db].cursor() as cursor:
        cursor.execute(statement, [*params, per_page, (number - 1) * per_page])
        return cursor.fetchall()


def history_page(sources, page_number, per_page: int = PAGE_SIZE, *, cache_key: str = "", area_ids=()):
    """One page of several histories merged newest first, as `history_entries` would list them all
    and sort them by date (ties in the order of `sources`): `(page, entries)`.

    `sources`: (historical queryset, describe) pairs. Only the page's records (and the record before
    each, for its changes) are read and described: a fixed number of queries, however long the history.
    With `cache_key`, the page is kept until a record of `area_ids` (or the programme) changes.
    """
    if not cache_key:
        return _history_page(sources, page_number, per_page)

    def compute():
        page, entries = _history_page(sources, page_number, per_page)
        return page.paginator.count, page.number, entries

    asked = str(page_number) if str(page_number).isdigit() and len(str(page_number)) <= 9 else "-"
    count, number, entries = freshness.cached(f"{cache_key}:{per_page}:{asked}", area_ids, compute)
    return Paginator(range(count), per_page).get_page(number), entries


def _history_page(sources, page_number, per_page: int):
    index = None
    for number, (queryset, _describe) in enumerate(sources):
        rows = (
            queryset.order_by()
            .annotate(source=Value(number, IntegerField()))
            .values_list("history_date", "source", "history_id")
        )
        index = rows if index is None else index.union(rows, all=True)
    try:
        number = int(page_number)
    except (TypeError, ValueError):
        number = 1  # as Paginator.get_page: not a number, the first page
    rows = _index_page(index, number, per_page) if number >= 1 else []
    if rows:
        count = rows[0][3]
    else:  # no such page (or no history): as Paginator.get_page, the last page
        count = index.count()
        last = max(1, -(-count // per_page))
        rows = _index_page(index, last, per_page) if count and last != number else []
        number = last
    page = Paginator(range(count), per_page).get_page(number)
    wanted: dict[int, set[int]] = {}
    for _when, source, history_id, _count in rows:
        wanted.setdefault(source, set()).add(history_id)
    described: dict[tuple[int, int], HistoryEntry] = {}
    for source, history_ids in wanted.items():
        queryset, describe = sources[source]

        def tagged(record, describe=describe):
            text = _Described(describe(record))
            text.history_id = record.history_id
            return text

        for entry in history_entries(_with_previous(queryset, history_ids), describe=tagged):
            if entry.record.history_id in history_ids:
                described[(source, entry.record.history_id)] = entry
                entry.record = str(entry.record)
    entries = [described[(source, history_id)] for _when, source, history_id, _count in rows]
    return page, entries
