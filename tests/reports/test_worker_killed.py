"""In CI (Redis and PostgreSQL): a worker killed in the middle of a report build leaves the run for
another worker to finish, and the report is built exactly once.

The first worker's area parts never finish (tests/reports/stuck_worker.py); once one has started,
the whole worker — parent and children — is killed with SIGKILL, as a machine that dies would be.
Its task was never acknowledged (acks late), so after the visibility timeout Redis hands it to the
second worker, which builds every part and combines them once.
"""

import os
import signal
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from areas.models import LocalArea
from reports import services
from reports.models import ReportFile, ReportPart, ReportRun, ReportScope, RunStatus
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory
from tests.reports.test_worker import CELERY_WORKER, worker_env, worker_process
from tests.stages.factories import EngagementFactory

WAIT_SECONDS = 180
# Short enough for a test, longer than building one part takes even on a busy CI machine.
FAST_RESTORE = {"CELERY_VISIBILITY_TIMEOUT": "15", "CELERY_RESTORE_SWEEP_SECONDS": "1"}


def _wait_for(condition, what, seconds=WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.5)
    raise AssertionError(f"gave up waiting for {what}")


@pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs REDIS_URL (CI sets it): starts real Celery workers against Redis"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_report_build_survives_its_worker_being_killed(dundee, inverclyde, lead, other_lead, celcis, media_root):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL to PostgreSQL: the worker processes must reach the test database")
    from neglect_portal.celery import app

    for area, area_lead in ((dundee, lead), (inverclyde, other_lead)):
        EngagementFactory(area=area, held_on=date(2026, 5, 1), participants=12, recorded_by=area_lead)
        quarterly_return = QuarterlyReturnFactory(area=area, **NARRATIVE)
        services.return_submit(quarterly_return=quarterly_return, actor=area_lead)
        services.return_accept(quarterly_return=quarterly_return, actor=celcis)
    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    logs = Path(media_root).parent
    marker = logs / "stuck-worker-building"
    env = worker_env(media_root, **FAST_RESTORE)

    app.conf.task_always_eager = False
    try:
        stuck = [sys.executable, "-m", "tests.reports.stuck_worker", str(marker)]
        with worker_process(stuck, env, logs / "stuck-worker.log") as first:
            services.report_run_queue(run)
            _wait_for(marker.exists, "the first worker to start building a part")
            os.killpg(first.pid, signal.SIGKILL)  # the parent and its pool, mid-build
            first.wait(timeout=30)
        run.refresh_from_db()
        assert run.status == RunStatus.RUNNING and not ReportFile.objects.filter(run=run).exists()

        with worker_process(CELERY_WORKER, env, logs / "second-worker.log") as second:
            _wait_for(lambda: ReportRun.objects.get(pk=run.pk).is_finished, "the second worker to finish the run")
            assert second.poll() is None, "the second worker stopped"
    finally:
        app.conf.task_always_eager = True

    run.refresh_from_db()
    assert run.status == RunStatus.DONE, f"run is {run.status}: {run.error}"
    areas = LocalArea.objects.in_programme().count()
    assert (run.parts_total, run.parts_done) == (areas, areas)
    assert ReportPart.objects.filter(run=run).count() == areas
    assert sorted(ReportFile.objects.filter(run=run).values_list("kind", flat=True)) == ["html", "pdf", "xlsx"]
    assert len([p for p in Path(media_root).rglob("*") if p.is_file()]) == 3  # built exactly once
    assert ReportRun.objects.count() == 1
