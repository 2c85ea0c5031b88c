"""The records named in innovations URLs, each fetched from the area in the URL only (404 for any
other area's), the innovation's page navigation, and the forms that lead back to its pages."""

from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from areas.access import Permission
from core import freshness
from core.views import AreaRecordMixin, RecordFromUrl, ServiceFormMixin, record_link, records_from_url

from ..models import EssentialFunction, Exploration, Innovation, PracticeLevel


def innovation_url(view, name: str = "detail", anchor: str = "") -> str:
    """One of the innovation's pages: an innovations URL name taking the area and the innovation."""
    return reverse(f"innovations:{name}", kwargs={"area_slug": view.area.slug, "pk": view.innovation.pk}) + anchor


class NestedRecordMixin(AreaRecordMixin):
    """`get_object()` (for DetailView and UpdateView) is the innermost record the URL names: the
    innovation on its own pages, one of its items, checks or slices on theirs."""

    def get_object(self, queryset=None):
        # CORE-CANDIDATE: RecordsFromUrlMixin.get_object only finds the record named by the URL's
        # "pk"; on a nested page the page's own record is the last one declared.
        return getattr(self, records_from_url(type(self))[-1].name)


class InnovationMixin(NestedRecordMixin):
    """For pages under /areas/<slug>/innovations/<pk>/: `self.innovation`."""

    innovation = RecordFromUrl(Innovation, select_related=("area",))
    page = ""  # which of the innovation's pages this is, for its navigation

    def get_context_data(self, **kwargs):
        return super().get_context_data(page=self.page, **kwargs)

    def drawn(self, name: str, draw: Callable[[bool], dict], *, extra: str = "") -> dict:
        """What `draw(can_edit)` works out and renders for this page: a dict whose values named
        `…html` are rendered by our templates (with no form, so no CSRF token). Kept per innovation,
        whether the reader may edit, `extra` (the filters) and day, until the area's records change."""
        can_edit = self.access.can_edit_area(self.area)
        today = timezone.localdate().isoformat()
        key = f"innovations:{name}:{self.innovation.pk}:{int(can_edit)}:{today}:{extra}"
        found = freshness.cached(key, [self.area.pk], lambda: draw(can_edit))
        # Rendered by our templates, which escaped every value.
        return {k: mark_safe(v) if k.endswith("html") else v for k, v in found.items()}  # noqa: S308


def with_urls(view, records, **urls) -> list:
    """The records as a list, each given its links (`edit_url="item_update"`: the innovations URL
    of that name about the record), with one reverse() a link for the table rather than one a row."""
    records = list(records)
    for attribute, name in urls.items():
        link = record_link(f"innovations:{name}", view.area.slug, view.innovation.pk)
        for record in records:
            setattr(record, attribute, link(record.pk))
    return records


class FunctionMixin(InnovationMixin):
    """For pages about one of the innovation's essential functions: `self.function`."""

    function = RecordFromUrl(EssentialFunction, "function_pk", parent="innovation")
    page = "description"


class LevelMixin(InnovationMixin):
    """For pages about one level of the innovation's practice profile: `self.level`."""

    level = RecordFromUrl(PracticeLevel, "level_pk", parent="innovation")
    page = "profile"


class ExplorationMixin(NestedRecordMixin):
    """For pages under /areas/<slug>/explorations/<pk>/: `self.exploration`."""

    exploration = RecordFromUrl(Exploration, select_related=("area", "chosen"))


class InnovationChangeMixin:
    """A change to the innovation made from one of its pages, leading back to `success_page` (first
    in a view's bases, so its `permission` wins over the record mixin's default). With an
    `ActionView`, it is a button; see `InnovationPageFormMixin` for a form."""

    permission = Permission.WRITE
    success_page = "detail"  # the innovations URL name to go to once saved
    success_anchor = ""

    def get_success_url(self):
        return innovation_url(self, self.success_page, self.success_anchor)


class InnovationPageFormMixin(InnovationChangeMixin, ServiceFormMixin):
    """A form about the innovation that leads back to one of its pages, `success_page`."""


def preselected(view, param: str, field: str, **initial) -> dict:
    """A form's `initial` values, with `field` chosen as the link asked (`?<param>=<pk>`) when it
    names a record."""
    value = view.request.GET.get(param)
    if value and value.isdigit():
        initial[field] = value
    return initial
