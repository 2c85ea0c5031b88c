"""End to end in CI: a real Celery worker process, fed through Redis, builds a national report
against the test database; the test then opens the PDF and the XLSX and finds a known figure."""

import io
import os
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from openpyxl import load_workbook
from pypdf import PdfReader

from areas.models import LocalArea
from reports import services
from reports.models import ReportFile, ReportRun, ReportScope, RunStatus
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory
from tests.stages.factories import EngagementFactory

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 180


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_env(media_root, **extra) -> dict:
    """The environment of a worker process: the real settings, Redis and the test database."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "neglect_portal.settings",
        "DJANGO_SECRET_KEY": "worker-for-the-end-to-end-report-test-0123456789-abcdef",
        "DJANGO_DEBUG": "0",
        "DATABASE_URL": _database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(media_root),
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra,
    }


CELERY_WORKER = [
    sys.executable,
    "-m",
    "celery",
    "-A",
    "neglect_portal",
    "worker",
    "--pool=prefork",
    "--concurrency=2",
    "--without-gossip",
    "--without-mingle",
    "--without-heartbeat",
    "--loglevel=WARNING",
]


@contextmanager
def worker_process(command, env, log_path):
    """Run a worker in its own process group; stop it (and its children) afterwards, printing its log."""
    log = open(log_path, "w+b")  # noqa: SIM115 -- closed below
    process = subprocess.Popen(  # noqa: S603 -- our own interpreter and arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.seek(0)
        print(log.read().decode(errors="replace")[-4000:])  # shown when the test fails
        log.close()


@pytest.fixture
def worker(media_root):
    """A `celery worker` process using the real settings, Redis and the test database."""
    with worker_process(CELERY_WORKER, worker_env(media_root), Path(media_root).parent / "worker.log") as process:
        yield process


@pytest.mark.skipif(
    not settings.REDIS_URL, reason="needs REDIS_URL (CI sets it): starts a real Celery worker against Redis"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_builds_the_national_report_end_to_end(
    worker, dundee, inverclyde, lead, other_lead, celcis, media_root
):
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL to PostgreSQL: the worker process must reach the test database")
    from neglect_portal.celery import app

    for area, area_lead, participants in ((dundee, lead, 123), (inverclyde, other_lead, 40)):
        EngagementFactory(
            area=area, held_on=date(2026, 5, 1), level="practitioners", participants=participants, recorded_by=area_lead
        )
        quarterly_return = QuarterlyReturnFactory(area=area, **NARRATIVE)
        services.return_submit(quarterly_return=quarterly_return, actor=area_lead)
        services.return_accept(quarterly_return=quarterly_return, actor=celcis)

    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    app.conf.task_always_eager = False
    try:
        services.report_run_queue(run)
        services.report_run_queue(run)  # the same task delivered twice
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and worker.poll() is None:
            run.refresh_from_db()
            if run.is_finished:
                break
            time.sleep(0.5)
    finally:
        app.conf.task_always_eager = True
    assert worker.poll() is None, "the worker process stopped"
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, f"run is {run.status}: {run.error}"
    # One part per programme area (counted here: this test must not depend on rows that an earlier
    # transactional test may have flushed).
    areas = LocalArea.objects.in_programme().count()
    assert (run.parts_total, run.parts_done) == (areas, areas)

    files = {f.kind: f for f in ReportFile.objects.filter(run=run)}
    assert set(files) == {"html", "pdf", "xlsx"}
    assert len([p for p in Path(media_root).rglob("*") if p.is_file()]) == 3  # one set of files

    with files["pdf"].file.open("rb") as handle:
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)
    assert "National quarterly report 2026-27 Q1" in text
    assert "123" in text
    with files["xlsx"].file.open("rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read()))["Engagement participants"]
    practitioners = next(row for row in sheet.iter_rows(values_only=True) if row[0] == "Practitioners")
    assert practitioners[1:4] == (123, 40, 163)
    assert ReportRun.objects.count() == 1
