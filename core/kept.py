"""A list's page kept until its records change: the one way a long list avoids reading and drawing
its rows on every visit.

`KeptPageMixin` goes before a `FilteredListMixin` list (`AreaListView`, say). For each filter, page
and day, the page's rows (read as the list reads them), how many there are and what is drawn from
them (`drawn(rows, count)`: a table rendered with `render_to_string`, figures shown beside it) are
worked out once and served from the cache (`core.freshness`) until a record of the areas in
`kept_areas()` (or of the programme) changes. The template still gets the list's own `paginator`
(its rows still the whole filtered list, read only if asked: `core.reporting`'s figure checks read
them) and `page_obj`, and everything `drawn` returned: values whose name ends in `_html` are marked
safe, so a table is `{{ table_html }}`.

What the drawing depends on beyond the records, the filters, the page and the day goes in
`kept_variant()` (whether the reader may edit the area, say). Never draw a form that carries a CSRF
token into a kept page.
"""

from __future__ import annotations

import hashlib
import re

from django.core.paginator import Page
from django.db.models import Model
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import freshness

# A page number the cache may be keyed by; anything else goes to the list's own handling (a 404).
_PAGE = re.compile(r"\d{1,9}|last")


def filter_key(form) -> str:
    """The filters a list applied, as part of a cache key: the valid form's values (a record by its
    primary key), "" when no filter was asked for, "-" when the form was not valid."""
    if not form.is_bound:
        return ""
    if not form.is_valid():
        return "-"
    values = (
        value.pk if isinstance(value, Model) else ("" if value is None else value)
        for value in (form.cleaned_data[name] for name in sorted(form.cleaned_data))
    )
    return ",".join(str(value) for value in values)


class KeptPageMixin:
    """A filtered list's page kept until the records of `kept_areas()` change.

    `kept_name` names the list in the key. Hooks, each with a default:
    - `kept_areas()`: whose records the page shows (the view's area; `[]` for the programme's own);
    - `kept_variant()`: what else the drawing depends on;
    - `page_rows(queryset)`: the filtered rows as the page reads them (with what each row shows);
    - `kept_rows(rows)`: what is kept of the page's rows (by default the model instances);
    - `drawn(rows, count)`: what the page shows drawn from them, a dict added to the context.
    """

    kept_name = ""

    def kept_areas(self) -> list[int]:
        return [self.area.pk]

    def kept_variant(self) -> str:
        return ""

    def page_rows(self, queryset):
        return queryset

    def kept_rows(self, rows: list) -> list:
        return rows

    def drawn(self, rows: list, count: int) -> dict:
        return {}

    def _read_page(self, queryset, page_size):
        paginator, page, rows, _ = super().paginate_queryset(self.page_rows(queryset), page_size)
        rows = self.kept_rows(list(rows))
        return paginator.count, page.number, rows, self.drawn(rows, paginator.count)

    def paginate_queryset(self, queryset, page_size):
        asked = str(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg) or 1)
        if _PAGE.fullmatch(asked):
            today = timezone.localdate().isoformat()
            # Typed filters (words searched for) may hold anything: a digest keeps the key clean.
            filters = hashlib.sha256(filter_key(self.filter_form).encode()).hexdigest()[:24]
            areas = ",".join(str(pk) for pk in sorted(self.kept_areas()))
            key = f"kept:{self.kept_name}:{areas}:{filters}:{page_size}:{asked}:{today}:{self.kept_variant()}"
            found = freshness.cached(key, self.kept_areas(), lambda: self._read_page(queryset, page_size))
        else:
            found = self._read_page(queryset, page_size)  # the list's own answer: a 404
        count, number, rows, self.kept_drawn = found
        # The list's own paginator (its rows still the whole list, read only if asked), counted already.
        paginator = self.get_paginator(
            queryset, page_size, orphans=self.get_paginate_orphans(), allow_empty_first_page=self.get_allow_empty()
        )
        paginator.count = count
        page = Page(rows, number, paginator)
        return paginator, page, rows, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for name, value in getattr(self, "kept_drawn", {}).items():
            # Rendered by our templates, which escaped every value.
            context[name] = mark_safe(value) if name.endswith("_html") else value  # noqa: S308
        return context
