"""What the cycles pages share beyond `core.views`: the cycle named in the URL, and the refusal of
any change to a closed cycle."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from areas.access import Permission
from core.views import AreaRecordMixin, RecordFromUrl

from .. import phases, rules, services
from ..models import Cycle


def missing_fields(cycle: Cycle) -> list[dict]:
    """What stops the cycle leaving its phase: each field's label and its anchor on the edit form."""
    values = {name: getattr(cycle, name) for phase in phases.REQUIRED.values() for name in phase}
    values.update({name: getattr(cycle, name) for name in phases.USABILITY_REQUIRED[phases.PLAN]})
    names = phases.missing_to_leave(cycle.phase, values, usability=cycle.is_usability_test)
    return [{"name": name, "label": rules.field_label(name)} for name in names]


# What a cycle's pages show of the records it points to, read with the cycle in one query.
CYCLE_RELATED = (
    "area",
    "innovation",
    "follows",
    "action",
    "driver_gap",
    "driver_gap__item",
    "driver_gap__item__driver",
    "driver_gap__assessment",
    "created_by",
)


def named_cycle(view):
    """The cycle in the URL with only its title: for pages that draw the rest from the cache."""
    return Cycle.objects.filter(area=view.area).only("area_id", "title")


class CycleRecordMixin(AreaRecordMixin):
    """For pages under /areas/<slug>/cycles/<pk>/: `self.cycle`, from this area only."""

    cycle = RecordFromUrl(Cycle, select_related=CYCLE_RELATED)

    def get_success_url(self):
        return reverse("cycles:detail", kwargs={"area_slug": self.area.slug, "pk": self.cycle.pk})

    def back_to_cycle(self, message: str):
        messages.error(self.request, message)
        return redirect(self.get_success_url())


class OpenCycleMixin(CycleRecordMixin):
    """Pages that change a cycle: a closed one sends the user back to it, saying why (GET and POST)."""

    permission = Permission.WRITE

    def refusal(self) -> str:
        """Why this page cannot change the cycle now ('' when it can)."""
        return services.CLOSED_MESSAGE if self.cycle.is_closed else ""

    def refuse(self):
        message = self.refusal()
        return self.back_to_cycle(message) if message else None

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)
