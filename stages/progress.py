"""Stage progress in the manner of the Stages of Implementation Completion (Saldana).

Pure functions over plain values, so the same figures serve the area page, the national page and
the quarterly report. For each stage (shared/DOMAIN.md, "1. Implementation Stages"):

- proportion = activities done ÷ activities in that stage's catalogue for the subject;
- activity span = days from the earliest start (or completion) date of its activities to the latest
  completion date. While any activity is open and the subject has not left the stage, the span runs
  to today. Once the subject has left the stage (a confirmed change to another stage), the clock
  stops: the span ends at the latest completion date (at the day it left when nothing was
  completed), and an activity not done by then is "left open", not still running;
- time in stage = days from entering the stage to leaving it, from the confirmed stage changes,
  summed over visits when the stage is revisited (to today for the visit still going on);
- plan against actual: a stage's target date against the day it ended (every activity done, or the
  day the subject left it), late when it ended after the target or is still going after it.

"The catalogue for the subject" is every activity not retired, plus any retired activity the subject
already has a record for, so retiring an activity never takes away work already recorded.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ActivityDates:
    """One catalogue activity as the subject stands with it."""

    stage: str
    done: bool
    started_on: date | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class Visit:
    """One stay in a stage, from a confirmed stage change to the next (left_on None: still there)."""

    stage: str
    entered_on: date
    left_on: date | None


def stage_visits(changes: Iterable[tuple[str, date]]) -> list[Visit]:
    """Confirmed stage changes as (stage, date entered), oldest first → each stay in a stage."""
    changes = list(changes)
    return [
        Visit(stage, entered_on, changes[number + 1][1] if number + 1 < len(changes) else None)
        for number, (stage, entered_on) in enumerate(changes)
    ]


def days_late(target_on: date | None, done_on: date | None, today: date) -> int:
    """Days past the target: to the day it was done, or to today while not done (0: not late)."""
    if target_on is None:
        return 0
    return max(0, ((done_on or today) - target_on).days)


@dataclass(frozen=True)
class StageProgress:
    stage: str
    done: int
    total: int
    duration_days: int | None  # the activity span
    open: bool  # the span's clock is running: activities open and the subject not gone from the stage
    left_on: date | None = None  # the day the subject left the stage (None: never left, or back in it)
    left_open: int = 0  # activities not done when the subject left
    days_in_stage: int | None = None  # from confirmed changes, summed over visits (None: never entered)
    visits: int = 0
    in_stage: bool = False
    target_on: date | None = None
    ended_on: date | None = None  # every activity done, or the day the subject left
    late_days: int = 0

    @property
    def proportion(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None

    @property
    def late(self) -> bool:
        return self.late_days > 0


def _span(items: list[ActivityDates], running: bool, left_on: date | None, today: date) -> int | None:
    starts = [a.started_on or a.completed_on for a in items if a.started_on or a.completed_on]
    if not starts:
        return None
    completions = [a.completed_on for a in items if a.completed_on]
    if running:
        end = today
    elif completions:
        end = max(completions)
    else:
        end = left_on or today
    return max(0, (end - min(starts)).days)


def stage_progress(
    stage: str,
    activities: Iterable[ActivityDates],
    today: date,
    visits: Iterable[Visit] = (),
    target_on: date | None = None,
) -> StageProgress:
    """Proportion done, activity span, time in stage and plan against actual for one stage."""
    items = [a for a in activities if a.stage == stage]
    done = sum(1 for a in items if a.done)
    own_visits = [v for v in visits if v.stage == stage]
    in_stage = bool(own_visits) and own_visits[-1].left_on is None
    left_on = own_visits[-1].left_on if own_visits and not in_stage else None
    not_done = len(items) - done
    running = not_done > 0 and left_on is None
    completions = [a.completed_on for a in items if a.completed_on]
    finished_on = max(completions) if items and not not_done and completions else None
    ended_on = finished_on or left_on
    return StageProgress(
        stage=stage,
        done=done,
        total=len(items),
        duration_days=_span(items, running, left_on, today),
        open=running,
        left_on=left_on,
        left_open=not_done if left_on else 0,
        days_in_stage=sum(((v.left_on or today) - v.entered_on).days for v in own_visits) if own_visits else None,
        visits=len(own_visits),
        in_stage=in_stage,
        target_on=target_on,
        ended_on=ended_on,
        late_days=days_late(target_on, ended_on, today),
    )


def all_stage_progress(
    stages: Iterable[str],
    activities: Iterable[ActivityDates],
    today: date,
    visits: Iterable[Visit] = (),
    targets: dict | None = None,
) -> list[StageProgress]:
    """stage_progress for each stage, in the order given."""
    activities, visits, targets = list(activities), list(visits), targets or {}
    return [stage_progress(stage, activities, today, visits, targets.get(stage)) for stage in stages]
