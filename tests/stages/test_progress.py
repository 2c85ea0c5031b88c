"""Stage progress figures in the manner of the Stages of Implementation Completion."""

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from stages import selectors, services
from stages.models import ActivityStatus, StageActivity
from stages.progress import ActivityDates, stage_progress

TODAY = date(2026, 11, 26)


def test_proportion_is_done_over_the_stages_catalogue():
    items = [ActivityDates("installation", True, date(2026, 1, 1), date(2026, 2, 1))] + [
        ActivityDates("installation", False) for _ in range(3)
    ]
    progress = stage_progress("installation", items, TODAY)
    assert (progress.done, progress.total, progress.proportion, progress.percent) == (1, 4, 0.25, 25)


def test_duration_runs_to_the_last_completion_once_every_activity_is_done():
    items = [
        ActivityDates("exploration", True, date(2026, 1, 10), date(2026, 2, 1)),
        ActivityDates("exploration", True, None, date(2026, 1, 5)),  # a completion date alone counts as a start
        ActivityDates("exploration", True, date(2026, 3, 1), date(2026, 4, 30)),
    ]
    progress = stage_progress("exploration", items, TODAY)
    assert progress.duration_days == (date(2026, 4, 30) - date(2026, 1, 5)).days
    assert not progress.open


def test_duration_runs_to_today_while_any_activity_is_open():
    items = [
        ActivityDates("initial", True, date(2026, 6, 1), date(2026, 6, 20)),
        ActivityDates("initial", False, date(2026, 7, 1)),
        ActivityDates("initial", False),
    ]
    progress = stage_progress("initial", items, TODAY)
    assert progress.duration_days == (TODAY - date(2026, 6, 1)).days
    assert progress.open


def test_a_stage_with_no_dates_has_no_duration_and_an_empty_catalogue_no_proportion():
    assert stage_progress("full", [ActivityDates("full", False)], TODAY).duration_days is None
    empty = stage_progress("full", [], TODAY)
    assert empty.proportion is None and empty.percent is None


def _record(area, actor, activity, status, started, completed=None):
    return services.activity_progress_save(
        area=area,
        actor=actor,
        activity=activity,
        expected_version=None,
        status=status,
        started_on=started,
        completed_on=completed,
    )


def test_figures_come_from_activity_dates_not_from_stage_moves(lead, dundee):
    """Moving the stage forward and back changes the current stage, never the progress figures."""
    today = timezone.localdate()
    exploration = list(StageActivity.objects.filter(stage="exploration"))
    _record(dundee, lead, exploration[0], ActivityStatus.DONE, today - timedelta(days=100), today - timedelta(days=80))
    _record(dundee, lead, exploration[1], ActivityStatus.IN_PROGRESS, today - timedelta(days=60))
    before = selectors.progress_for(dundee)

    for stage, days_ago, reason in [
        ("exploration", 90, ""),
        ("installation", 50, ""),
        ("exploration", 20, "Staff left"),
        ("installation", 5, ""),
    ]:
        services.stage_change_record(
            area=dundee, actor=lead, stage=stage, entered_on=today - timedelta(days=days_ago), reason=reason
        )
    after = selectors.progress_for(dundee)

    assert selectors.current_stage(dundee).stage == "installation"
    assert before == after
    exploration_progress = after[0]
    assert exploration_progress.done == 1
    assert exploration_progress.total == len(exploration)
    assert exploration_progress.duration_days == 100  # first start 100 days ago, still open: to today


def test_retiring_an_activity_keeps_the_work_already_recorded(lead, celcis, dundee, inverclyde):
    activity = StageActivity.objects.filter(stage="installation").first()
    total = StageActivity.objects.filter(stage="installation").count()
    _record(
        dundee, lead, activity, ActivityStatus.DONE, timezone.localdate() - timedelta(days=30), timezone.localdate()
    )
    services.activity_save(actor=celcis, data={"retired_on": timezone.localdate()}, activity=activity)

    ours = selectors.progress_for(dundee)[1]
    assert (ours.done, ours.total) == (1, total)  # still counted where it was recorded
    theirs = selectors.progress_for(inverclyde)[1]
    assert theirs.total == total - 1  # gone from checklists that never used it
    rows = selectors.checklist(dundee)["installation"]
    assert any(row.activity == activity and row.status == "done" for row in rows)


def test_national_stages_shows_every_programme_area_side_by_side(client_for, viewer, lead, dundee):
    services.stage_change_record(area=dundee, actor=lead, stage="installation", entered_on=timezone.localdate())
    response = client_for(viewer).get(reverse("stages:national"))
    rows = response.context["rows"]
    assert [row["area"].slug for row in rows] == ["dundee", "inverclyde", "perth-and-kinross"]
    assert rows[0]["current"].stage == "installation"
    assert rows[1]["current"] is None
    assert len(rows[0]["progress"]) == 4
