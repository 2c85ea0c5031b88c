"""Everyone's next step: the to-do items each framework app contributes to a person's home page.

Each app that has something for people to do declares `todos = True` on its `PortalAppConfig` and
defines `<app>/todos.py` with one function:

    def items(scope: TodoScope) -> list[Todo]

It returns the things waiting for someone in `scope` — for an area member or lead, in their areas;
for CELCIS, across the areas in scope (a specialist's own areas by default). A source must use a
fixed number of queries whatever the number of areas or records (filter on `scope.area_ids`, never
query per area), and must only offer what the person may do or see (`scope.leads(area_id)`,
`scope.celcis`). Each item links to the page where it is done and says how urgent it is; an item
disappears when the thing is done, because it is computed from the records, never stored.

The home page (`areas`) and the area overview's to-do panel both call `collect(scope)`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum


class Urgency(IntEnum):
    """How soon an item needs doing; the list shows the most urgent first."""

    OVERDUE = 0  # late, or blocking someone else (a return sent back, a change awaiting confirmation)
    DUE_SOON = 1  # has a due date within the next few weeks, or waits for review
    UPCOMING = 2  # worth knowing: an event coming up, a check due later


@dataclass(frozen=True)
class Todo:
    """One thing waiting for someone: what, where it is done, and how urgent."""

    key: str  # what kind of item, "app.kind" (stable, used in tests)
    title: str  # what to do, as an instruction: "Confirm the proposed move to Installation"
    url: str  # the page where it is done
    urgency: Urgency
    area: str = ""  # the area's name, for lists covering several areas
    due: datetime.date | None = None  # when it is due (shown as "due 15 Jan 2027" or "overdue since …")
    since: datetime.date | None = None  # when it started waiting (shown as an age: "waiting 12 days")
    detail: str = ""  # one short line of context

    @property
    def sort_key(self):
        when = self.due or self.since or datetime.date.max
        return (int(self.urgency), when, self.area, self.title)


@dataclass
class TodoScope:
    """Whose to-do list, over which areas.

    `areas` are the LocalArea rows the list covers (a member's own areas; CELCIS's areas in scope;
    the one area of an overview page). `lead_area_ids` are those where the person leads (every area
    in scope for CELCIS). `celcis` is True for CELCIS staff, whose lists hold review work.
    `community` is True when the person takes part in the Community of Practice.
    """

    user: object
    areas: list = field(default_factory=list)
    lead_area_ids: set = field(default_factory=set)
    celcis: bool = False
    community: bool = False
    today: datetime.date = field(default_factory=datetime.date.today)

    @property
    def area_ids(self) -> list[int]:
        return [area.pk for area in self.areas]

    def leads(self, area_id: int) -> bool:
        return self.celcis or area_id in self.lead_area_ids

    def area_name(self, area_id: int) -> str:
        return next((area.name for area in self.areas if area.pk == area_id), "")


_SOURCES: dict[str, Callable[[TodoScope], Iterable[Todo]]] = {}


def register_source(app_label: str, function: Callable[[TodoScope], Iterable[Todo]]) -> None:
    """Add (or replace) one app's source of to-do items (called from PortalAppConfig.ready)."""
    _SOURCES[app_label] = function


def collect_cached(scope: TodoScope, make: Callable[[list[Todo]], object] = list):
    """`make(collect(scope))` (the items, or what is drawn from them: the rendered list), kept for the
    person and day until a record of an area in scope (or of the programme: community records,
    national definitions, people) changes (core.freshness)."""
    from . import freshness

    key = ":".join(
        [
            "todos",
            str(scope.user.pk),
            scope.today.isoformat(),
            f"{scope.celcis:d}{scope.community:d}",
            ",".join(str(pk) for pk in sorted(scope.lead_area_ids)),
            ",".join(str(pk) for pk in scope.area_ids),
        ]
    )
    return freshness.cached(key, scope.area_ids, lambda: make(collect(scope)))


def collect(scope: TodoScope) -> list[Todo]:
    """Every registered source's items for `scope`, most urgent first."""
    items: list[Todo] = []
    for _label, source in sorted(_SOURCES.items()):
        items.extend(source(scope))
    return sorted(items, key=lambda item: item.sort_key)
