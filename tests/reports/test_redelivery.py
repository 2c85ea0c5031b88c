"""A task the broker hands out again after its worker died takes over that worker's claim; a plain
duplicate delivery still does nothing (tests/reports/test_worker_killed.py does it with real workers)."""

from pathlib import Path

from django.utils import timezone

from reports import services
from reports.models import ReportFile, ReportRun, RunStatus
from tests.reports.factories import PAST, QuarterlyReturnFactory, ReportRunFactory


def test_a_queued_run_is_started_once_and_a_redelivered_start_restarts_a_run_whose_parts_are_unfinished(db):
    run = ReportRunFactory()
    assert services.report_run_claim(run.pk)
    assert not services.report_run_claim(run.pk)  # delivered twice
    assert services.report_run_claim(run.pk, redelivered=True)  # its worker died: dispatch the parts again
    ReportRun.objects.filter(pk=run.pk).update(combine_queued_at=timezone.now())
    assert not services.report_run_claim(run.pk, redelivered=True)  # every part had finished


def test_a_finished_run_is_never_started_again(db):
    run = ReportRunFactory(status=RunStatus.DONE)
    assert not services.report_run_claim(run.pk, redelivered=True)


def test_a_redelivered_combining_step_takes_over_the_dead_workers_claim_and_builds_once(
    dundee, lead, celcis, media_root
):
    quarterly_return = QuarterlyReturnFactory(area=dundee, written=True)
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    services.return_accept(quarterly_return=quarterly_return, actor=celcis)
    run = services.report_run_request(actor=celcis, scope="national", quarter=PAST)
    assert services.report_run_claim(run.pk)
    run.refresh_from_db()
    for area in services.report_run_areas(run):
        services.report_run_set_parts(run.pk, len(services.report_run_areas(run)))
        services.report_part_build(run.pk, area.pk)
    # A worker claimed the combining step and died before recording anything.
    ReportRun.objects.filter(pk=run.pk).update(combine_started_at=timezone.now())
    assert not services.report_combine(run.pk)  # an ordinary duplicate delivery: nothing
    assert services.report_combine(run.pk, redelivered=True)
    assert not services.report_combine(run.pk, redelivered=True)  # the run is done now
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert ReportFile.objects.filter(run=run).count() == 3
    assert len([p for p in Path(media_root).rglob("*") if p.is_file()]) == 3
