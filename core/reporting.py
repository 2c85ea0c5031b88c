"""Each framework app's part of a quarterly return, and the figures in it (STYLE rule 14).

An app whose records a return reports on declares `reporting = True` on its `PortalAppConfig` and
defines `<app>/reporting.py` with `SECTIONS`: one `ReturnSection` per part of the return it fills
(the stages app fills two: "stages" and "engagement"). A section is built from the same selectors
that draw the app's own pages, so a figure on an area page, in a frozen return and in the report is
one computation. `reports.snapshot` only orchestrates: it builds every registered section into one
JSON-ready snapshot, freezes it when a return is submitted, and upgrades stored snapshots of an
older format through each section's `upgrades`.

Each section also declares its figures: where a figure is in the section (`Figure.value`), and
which page shows it and how to read it there (`Figure.page`), so a test can walk every figure of a
return and compare it with the page (tests/reports/test_figures_match_pages.py). A figure about
many records (each innovation, each measure) gives one value per item; the page is then asked
about each item.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from .quarters import Quarter


@dataclass(frozen=True)
class ReturnPeriod:
    """What a return describes: an area's quarter up to its figures date (the quarter's last day, or
    today while the quarter runs). `built` holds the sections built so far, by key, for a section
    that reports on another's records (the stages section reports each reported innovation's stage)."""

    area: object
    quarter: Quarter
    upto: date
    built: dict = field(default_factory=dict)

    @property
    def start(self) -> date:
        return self.quarter.start

    def contains(self, day: date | None) -> bool:
        """Whether `day` falls in the quarter up to the figures date."""
        return day is not None and self.start <= day <= self.upto

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes from the start of the quarter's first day to the start of the day after
        the figures date (local time), for records stamped with a moment rather than a day."""
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.upto + timedelta(days=1), time.min)),
        )


@dataclass(frozen=True)
class Page:
    """Where a figure is shown in the portal and how to read it there.

    `url(period, item)` is the page's address (query string included); `read(response, item,
    period)` is the figure as that page shows it, from the response's context or its HTML. `viewer`
    is who opens the page: the area's lead, or CELCIS for a page only organisers may open.
    """

    url: Callable
    read: Callable
    viewer: str = "lead"


@dataclass(frozen=True)
class Figure:
    """One figure of a return: `value(section)` gives {item: value} (item None for a single figure),
    read from the section of a snapshot; `page` says where the portal shows the same figure."""

    key: str
    label: str
    value: Callable[[dict | list], dict]
    page: Page | None = None


@dataclass(frozen=True)
class ReturnSection:
    """One app's part of a return, under `key` in the snapshot.

    `build(period)` gives the part's figures as JSON-ready values (a fixed number of queries, however
    many records: the return page builds a draft's snapshot on every visit). `upgrades` maps a
    snapshot format version to a function `(part, snapshot, extras) -> part` that turns a part stored
    in that version into the next version's shape (`extras`: what a report part stored beside a
    version-1 snapshot, or {}). `order` is the order sections are built in: a section reading
    another's (through `period.built`) comes after it.
    """

    key: str
    title: str
    order: int
    build: Callable[[ReturnPeriod], dict | list]
    figures: tuple[Figure, ...] = ()
    upgrades: dict = field(default_factory=dict)


def one(value) -> dict:
    """A single figure, as `Figure.value` gives it."""
    return {None: value}


def each(rows: list[dict], name: str, key: str = "id") -> dict:
    """The figure `name` of every row of a list part, by the row's `key`."""
    return {row[key]: row[name] for row in rows}


_SECTIONS: dict[str, ReturnSection] = {}


def register_section(section: ReturnSection) -> None:
    """Add (or replace) one part of the return (called from PortalAppConfig.ready)."""
    _SECTIONS[section.key] = section


def sections() -> list[ReturnSection]:
    """Every registered part of the return, in building order."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))
