"""A list's page kept until the area's records change (its rows, how many there are, its table as
rendered and the figures shown beside it, per filter, page and day), and the links of a table's rows
made without a reverse() each."""

import re

from django.core.paginator import Page
from django.db.models import Model
from django.utils import timezone
from django.utils.safestring import mark_safe

from core import freshness
from core.views import record_link

# A page number the cache may be keyed by; anything else goes to the list's own handling (a 404).
_PAGE = re.compile(r"\d{1,9}|last")


def action_links(actions, area):
    """Give each action (teams/_actions_table.html) its `detail_url` and, from a meeting, `meeting_url`."""
    detail, meeting = record_link("teams:action_detail", area.slug), record_link("teams:meeting_detail", area.slug)
    for action in actions:
        action.detail_url = detail(action.pk)
        action.meeting_url = meeting(action.meeting_id) if action.meeting_id else ""
    return actions


def meeting_links(meetings, area):
    """Give each meeting (teams/meeting_list.html) its `detail_url` and its team's `team_url`."""
    detail, team = record_link("teams:meeting_detail", area.slug), record_link("teams:detail", area.slug)
    for meeting in meetings:
        meeting.detail_url = detail(meeting.pk)
        meeting.team_url = team(meeting.team_id)
    return meetings


def filter_key(form) -> str:
    """The filters a list applied, as part of a cache key: the valid form's values (a record by its
    primary key), or "-" when the form was not valid and no filter was applied."""
    if not form.is_bound:
        return ""
    if not form.is_valid():
        return "-"
    values = (
        value.pk if isinstance(value, Model) else ("" if value is None else value)
        for value in (form.cleaned_data[name] for name in sorted(form.cleaned_data))
    )
    return ",".join(str(value) for value in values)


class CachedPageMixin:
    """For an area's `FilteredListMixin` list: the page's rows (read as the list reads them, then kept
    as model instances), its count and its table, rendered, come from the cache until a record of the
    area changes.

    `cache_name` names the list in the key; `drawn(rows, count)` returns what the page shows of its
    rows: the rendered table under "table" (marked safe when it is put in the context) and any figure
    shown beside it (an overdue count, say). Rows and tables may depend on the day (overdue actions,
    scheduled meetings), so the day is in the key; `cache_variant()` adds whatever else the table
    depends on (whether the reader may edit, say).
    """

    cache_name = ""

    def drawn(self, rows: list, count: int) -> dict:
        return {}

    def cache_variant(self) -> str:
        return ""

    def paginate_queryset(self, queryset, page_size):
        asked = str(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1)
        paginate = super().paginate_queryset
        if not _PAGE.fullmatch(asked):
            paginator, page, rows, other_pages = paginate(queryset, page_size)
            self.figures = self.drawn(list(rows), paginator.count)
            return paginator, page, rows, other_pages

        def compute():
            paginator, page, rows, _ = paginate(queryset, page_size)
            rows = list(rows)
            return paginator.count, page.number, rows, self.drawn(rows, paginator.count)

        today = timezone.localdate().isoformat()
        filters = filter_key(self.filter_form)
        key = f"teams:{self.cache_name}:{self.area.pk}:{filters}:{page_size}:{asked}:{today}:{self.cache_variant()}"
        count, number, rows, self.figures = freshness.cached(key, [self.area.pk], compute)
        # The list's own paginator (its rows still the whole list, read only if asked), counted already.
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        paginator.count = count
        page = Page(rows, number, paginator)
        return paginator, page, rows, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = {**super().get_context_data(**kwargs), **self.figures}
        if "table" in context:
            # Rendered by our templates, which escaped every value.
            context["table"] = mark_safe(context["table"])  # noqa: S308
        return context
