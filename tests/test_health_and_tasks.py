"""The health check, and background tasks running through Celery."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from areas.tasks import clear_expired_sessions


def test_healthz_reports_database_and_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["broker"] == ("ok" if settings.REDIS_URL else "in-process")


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    monkeypatch.setattr("neglect_portal.views._database_state", lambda: "unavailable")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def _expired_session():
    return Session.objects.create(
        session_key="expired" + "x" * 25, session_data="", expire_date=timezone.now() - timezone.timedelta(days=1)
    )


def test_clearing_sessions_removes_only_expired_ones(db):
    _expired_session()
    Session.objects.create(
        session_key="current" + "y" * 25, session_data="", expire_date=timezone.now() + timezone.timedelta(days=1)
    )
    clear_expired_sessions.delay()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["current" + "y" * 25]


def test_every_periodic_task_names_a_registered_task():
    from neglect_portal.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, f"{name} names unknown task {entry['task']}"


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL: runs a real worker against the real broker")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_task_travels_through_the_real_broker_to_a_worker():
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun
    from django.db import connections

    from neglect_portal.celery import app

    def close_worker_connections(**kwargs):
        # The worker runs tasks in its own thread; close its connection there so that the test
        # database can be dropped at the end of the run.
        connections.close_all()

    _expired_session()
    app.conf.task_always_eager = False
    task_postrun.connect(close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            clear_expired_sessions.delay()
            # The portal keeps no Celery result backend (long work records its status in rows),
            # so wait for the effect itself, for at most 30 seconds.
            deadline = time.monotonic() + 30
            while Session.objects.filter(session_key__startswith="expired").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        task_postrun.disconnect(close_worker_connections)
        app.conf.task_always_eager = True
    assert not Session.objects.filter(session_key__startswith="expired").exists()
