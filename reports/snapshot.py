"""A quarterly return's figures: every framework app's part, gathered into one snapshot.

`build_snapshot(area, quarter)` builds each part registered in `core.reporting` (each app's
`reporting.py`, from the selectors that draw its pages) as plain JSON-ready values, so the same
dictionary is shown on the return page, frozen into the return when it is submitted, and read by the
report builders. Figures describe the quarter up to its last day (or up to today while the quarter is
still running): "in the quarter" means from its first day to that day, and states such as the current
stage or overdue actions are as they stood on that day. This module never reads another app's models.

A snapshot says which format it is in (`version`). A snapshot stored in an older format is brought up
to date by `upgrade` (each part's own upgrade, in turn), so a return submitted long ago still shows
and still goes into a report. Version 2 added what a report needs so that later edits cannot change a
submitted return: every drivers score with its items answered, each measure's definition (whether it
counts people) with its series, numerators and denominators, and CELCIS staff time apart from local
partners'.

Counts are exact here. The small-numbers rule is applied by whatever publishes them nationally.
"""

from __future__ import annotations

import copy
from datetime import date

from django.utils import timezone

from core.quarters import Quarter
from core.reporting import ReturnPeriod, sections

SNAPSHOT_VERSION = 2


def figures_date(quarter: Quarter, today: date | None = None) -> date:
    """The day a snapshot describes: the quarter's last day, or today while the quarter runs."""
    today = today or timezone.localdate()
    return min(today, quarter.end)


def build_snapshot(area, quarter: Quarter, *, today: date | None = None) -> dict:
    """Every figure of the area's return for `quarter`, as JSON-ready values."""
    upto = figures_date(quarter, today)
    period = ReturnPeriod(area=area, quarter=quarter, upto=upto)
    for section in sections():
        period.built[section.key] = section.build(period)
    return {
        "version": SNAPSHOT_VERSION,
        "area": {"id": area.pk, "slug": area.slug, "name": area.name},
        "quarter": quarter.label,
        "start": quarter.start.isoformat(),
        "end": quarter.end.isoformat(),
        "figures_date": upto.isoformat(),
        "taken_at": timezone.now().isoformat(),
        **period.built,
    }


def upgrade(snapshot: dict | None, *, extras: dict | None = None) -> dict | None:
    """The snapshot in the current format (a copy; the stored one is left as it is).

    Each part registered with an upgrade from the snapshot's version reshapes its own figures, one
    version at a time. `extras` is what a report part kept beside a version-1 snapshot (drivers
    items answered, measure definitions), used in preference to reading the records again. A
    snapshot with no figures (nothing frozen) comes back as it is.
    """
    if not snapshot or not any(section.key in snapshot for section in sections()):
        return snapshot
    version = snapshot.get("version") or 1
    if version >= SNAPSHOT_VERSION:
        return snapshot
    current = copy.deepcopy(snapshot)
    while version < SNAPSHOT_VERSION:
        for section in sections():
            step = section.upgrades.get(version)
            if step is not None and section.key in current:
                current[section.key] = step(current[section.key], current, extras or {})
        version += 1
    current["version"] = SNAPSHOT_VERSION
    current["upgraded_from"] = snapshot.get("version") or 1
    return current
