"""Stage progress in the manner of the Stages of Implementation Completion (Saldana).

Pure functions over plain values, so the same figures serve the area page, the national page and
the quarterly report. For each stage:

- proportion = activities done ÷ activities in that stage's catalogue for the subject;
- duration = days from the earliest start (or completion) date of its activities to the latest
  completion date, or to today while any of its activities is not yet done.

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
class StageProgress:
    stage: str
    done: int
    total: int
    duration_days: int | None
    open: bool

    @property
    def proportion(self) -> float | None:
        return self.done / self.total if self.total else None

    @property
    def percent(self) -> int | None:
        return round(100 * self.done / self.total) if self.total else None


def stage_progress(stage: str, activities: Iterable[ActivityDates], today: date) -> StageProgress:
    """Proportion done and duration for one stage, from its catalogue activities."""
    items = [a for a in activities if a.stage == stage]
    done = sum(1 for a in items if a.done)
    starts = [a.started_on or a.completed_on for a in items if a.started_on or a.completed_on]
    is_open = done < len(items)
    if not starts:
        duration = None
    else:
        completions = [a.completed_on for a in items if a.completed_on]
        end = today if is_open or not completions else max(completions)
        duration = (end - min(starts)).days
    return StageProgress(stage=stage, done=done, total=len(items), duration_days=duration, open=is_open)


def all_stage_progress(stages: Iterable[str], activities: Iterable[ActivityDates], today: date) -> list[StageProgress]:
    """stage_progress for each stage, in the order given."""
    activities = list(activities)
    return [stage_progress(stage, activities, today) for stage in stages]
