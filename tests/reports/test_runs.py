"""Report runs: the national and area reports built through the Celery pipeline (in-process here),
their outputs, the small-numbers rule, versions, publishing, downloads and failures."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable
from openpyxl import load_workbook
from pypdf import PdfReader

from core.quarters import Quarter, quarter_slug
from reports import services, tasks
from reports.models import KeyMessages, ReportDownload, ReportFile, ReportRun, ReportScope, RunStatus
from reports.services.runs import key_messages_save
from tests.reports.factories import NARRATIVE, PAST, QuarterlyReturnFactory, ReportRunFactory
from tests.stages.factories import EngagementFactory
from tests.teams.factories import MeetingFactory, TeamFactory


def _accepted_return(area, lead, celcis, *, meetings=0, participants=None):
    """An accepted return whose frozen figures hold `meetings` meetings and engagement participants."""
    team = TeamFactory(area=area, formed_on=date(2025, 1, 1))
    for n in range(meetings):
        MeetingFactory(team=team, held_on=date(2026, 4, 1 + n))
    if participants:
        EngagementFactory(
            area=area, held_on=date(2026, 5, 1), level="practitioners", participants=participants, recorded_by=lead
        )
    quarterly_return = QuarterlyReturnFactory(area=area, **NARRATIVE)
    services.return_submit(quarterly_return=quarterly_return, actor=lead)
    return services.return_accept(quarterly_return=quarterly_return, actor=celcis)


def _build(actor, scope=ReportScope.NATIONAL, area=None, quarter=PAST) -> ReportRun:
    run = services.report_run_request(actor=actor, scope=scope, quarter=quarter, area=area)
    services.report_run_queue(run)
    run.refresh_from_db()
    return run


def _files(run):
    return {f.kind: f for f in ReportFile.objects.filter(run=run)}


def _pdf_text(run) -> str:
    with _files(run)["pdf"].file.open("rb") as handle:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages)


def _pdf_pages(run) -> list[str]:
    with _files(run)["pdf"].file.open("rb") as handle:
        return [page.extract_text() for page in PdfReader(io.BytesIO(handle.read())).pages]


def _sheet(run, name):
    with _files(run)["xlsx"].file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    return [list(row) for row in workbook[name].iter_rows(values_only=True)]


def _row(rows, first):
    return next(row for row in rows if row and row[0] == first)


@pytest.fixture
def two_accepted(dundee, inverclyde, lead, other_lead, celcis):
    _accepted_return(dundee, lead, celcis, meetings=3, participants=123)
    _accepted_return(inverclyde, other_lead, celcis, meetings=7, participants=40)


def test_national_report_from_accepted_returns_names_the_missing_ones(two_accepted, celcis):
    run = _build(celcis)
    assert run.status == RunStatus.DONE, run.error
    assert (run.parts_total, run.parts_done, run.percent_done) == (3, 3, 100)
    assert set(_files(run)) == {"html", "pdf", "xlsx"}
    text = _pdf_text(run)
    assert "National quarterly report 2026-27 Q1" in text
    assert "not in this report: Perth & Kinross" in text.replace("\n", " ")
    assert "Contents" in text
    pages = _pdf_pages(run)
    assert "Key messages this quarter" in pages[0]  # the first page: the quarter's key messages
    assert re.search(r"Implementation teams \.+\s*\d+", pages[1])  # the contents give page numbers
    last = len(pages)
    for number, page in enumerate(pages, start=1):
        # Every page: the page number, the report's title and version, when it was generated, and
        # (until it is published) the DRAFT mark.
        assert f"Page {number} of {last}" in page
        assert "National quarterly report 2026-27 Q1, version 1" in page
        assert "Generated " in page
        assert "DRAFT" in page


def test_national_outputs_show_counts_of_things_exactly_and_protect_people(two_accepted, celcis):
    run = _build(celcis)
    # Meetings are things: Dundee's 3 and Inverclyde's 7 are shown as they are, in every output.
    teams = _sheet(run, "Team capacity")
    meetings = teams[0].index("Meetings held")
    assert _row(teams, "Dundee City")[meetings] == 3
    assert _row(teams, "Inverclyde")[meetings] == 7
    assert _row(teams, "Total")[meetings] == 10
    engagement = _sheet(run, "Engagement participants")
    assert _row(engagement, "Practitioners")[1:4] == [123, 40, 163]
    assert _row(engagement, "Senior managers")[1:4] == [0, 0, 0]  # zeros are shown
    html = default_storage.open(_files(run)["html"].file.name).read().decode()
    assert "<td>3</td>" in html
    pdf = _pdf_text(run)
    assert "123" in pdf


def test_an_area_report_shows_exact_counts_for_the_areas_committee(two_accepted, lead):
    run = _build(lead, ReportScope.AREA, area=lead.memberships.get().area)
    assert run.status == RunStatus.DONE, run.error
    teams = _sheet(run, "Team capacity")
    assert _row(teams, "Dundee City")[teams[0].index("Meetings held")] == 3
    assert "Dundee City report 2026-27 Q1" in _pdf_text(run)


def test_the_same_tasks_delivered_twice_make_one_set_of_files(two_accepted, celcis, dundee, media_root):
    run = services.report_run_request(actor=celcis, scope=ReportScope.NATIONAL, quarter=PAST)
    tasks.start_report_run.apply(kwargs={"run_id": run.pk})
    tasks.start_report_run.apply(kwargs={"run_id": run.pk})  # redelivered: already started
    tasks.build_report_part.apply(kwargs={"run_id": run.pk, "area_id": dundee.pk})  # a part delivered again
    tasks.combine_report.apply(kwargs={"run_id": run.pk})  # the combining step delivered again
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert ReportFile.objects.filter(run=run).count() == 3
    assert run.parts.count() == 3
    stored = [p for p in Path(media_root).rglob("*") if p.is_file()]
    assert len(stored) == 3


def test_a_failure_leaves_the_run_failed_with_a_reason_and_no_files(two_accepted, celcis, media_root, monkeypatch):
    def broken(report):
        raise ValueError("the PDF engine ran out of fonts")

    monkeypatch.setattr("reports.builder.render_xlsx", broken)
    run = _build(celcis)
    assert run.status == RunStatus.FAILED
    assert run.error == "The report could not be built: ValueError: the PDF engine ran out of fonts"
    assert not ReportFile.objects.filter(run=run).exists()
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()]


def test_a_failure_while_saving_removes_what_was_saved(two_accepted, celcis, media_root, monkeypatch):
    original = default_storage.save
    calls = []

    def fail_on_third(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return original(name, content, **kwargs)

    monkeypatch.setattr(default_storage, "save", fail_on_third)
    run = _build(celcis)
    assert run.status == RunStatus.FAILED
    assert "disk full" in run.error
    assert not [p for p in Path(media_root).rglob("*") if p.is_file()]


def test_a_passing_database_failure_is_retried(two_accepted, celcis, monkeypatch):
    original = services.report_part_build
    failures = []

    def flaky(run_id, area_id):
        if not failures:
            failures.append(area_id)
            raise OperationalError("server closed the connection unexpectedly")
        return original(run_id, area_id)

    monkeypatch.setattr(services, "report_part_build", flaky)
    run = _build(celcis)
    assert failures
    assert run.status == RunStatus.DONE, run.error


def test_an_unreachable_broker_is_reported_on_the_page_not_as_an_error(client_for, celcis, monkeypatch):
    def unreachable(*args, **kwargs):
        raise BrokerUnreachable("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.start_report_run, "apply_async", unreachable)
    client = client_for(celcis)
    response = client.post(
        reverse("reports:run_create"), {"scope": "national", "quarter": "2026-27-q1", "build_anyway": "on"}, follow=True
    )
    assert response.status_code == 200
    assert "the task queue is not answering" in response.content.decode()
    run = ReportRun.objects.get()
    assert run.status == RunStatus.FAILED
    assert "task queue could not be reached" in run.error


def test_every_build_is_a_new_version_and_a_failed_one_can_be_retried(two_accepted, client_for, celcis):
    first = _build(celcis)
    second = _build(celcis)
    assert (first.number, second.number) == (1, 2)
    assert _files(first)["pdf"].file.name != _files(second)["pdf"].file.name
    failed = ReportRunFactory(status=RunStatus.FAILED, number=3, error="Broken")
    response = client_for(celcis).post(reverse("reports:run_retry", args=[failed.pk]))
    retried = ReportRun.objects.get(retry_of=failed)
    assert response["Location"] == retried.get_absolute_url()
    assert (retried.number, retried.status) == (4, RunStatus.DONE)


def _sign_off(run, celcis):
    key_messages = KeyMessages.objects.get(run=run)
    data = {"messages": key_messages.messages or "A quiet quarter. (test)", "themes": "", "risks": "", "asks": ""}
    return key_messages_save(
        key_messages=key_messages, actor=celcis, data={**data, "sign_off": True}, expected_version=key_messages.version
    )


def test_celcis_publishes_one_version_and_viewers_read_only_that(two_accepted, client_for, celcis, viewer):
    first, second = _build(celcis), _build(celcis)
    _sign_off(first, celcis)
    _sign_off(second, celcis)
    services.report_run_publish(run=first, actor=celcis)
    client = client_for(celcis)
    client.post(reverse("reports:run_publish", args=[second.pk]))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.published, second.published) == (False, True)

    viewer_client = client_for(viewer)
    listing = viewer_client.get(reverse("reports:run_list")).content.decode()
    assert second.get_absolute_url() in listing and first.get_absolute_url() not in listing
    assert viewer_client.get(first.get_absolute_url()).status_code == 404
    assert viewer_client.get(reverse("reports:run_file", args=[first.pk, "pdf"])).status_code == 404
    response = viewer_client.get(reverse("reports:run_file", args=[second.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="national-report-2026-27-q1-v2.pdf"')
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    page = viewer_client.get(reverse("reports:run_report", args=[second.pk]))
    assert "Contents" in page.content.decode()
    downloads = list(ReportDownload.objects.filter(run=second).values_list("user", "kind"))
    assert sorted(downloads) == sorted([(viewer.pk, "pdf"), (viewer.pk, "html")])


def test_an_unfinished_national_report_cannot_be_published(celcis):
    run = ReportRunFactory(status=RunStatus.RUNNING)
    with pytest.raises(ValidationError, match="finished national report"):
        services.report_run_publish(run=run, actor=celcis)


def test_area_reports_are_for_the_areas_leads_and_celcis(client_for, dundee, lead, member, other_lead, viewer, celcis):
    run = ReportRunFactory(scope=ReportScope.AREA, area=dundee, status=RunStatus.DONE)
    url = run.get_absolute_url()
    assert client_for(lead).get(url).status_code == 200
    assert client_for(celcis).get(url).status_code == 200
    assert client_for(member).get(url).status_code == 403
    assert client_for(viewer).get(url).status_code == 403
    assert client_for(other_lead).get(url).status_code == 404
    assert url not in client_for(other_lead).get(reverse("reports:run_list")).content.decode()


def test_a_lead_cannot_build_another_areas_or_the_national_report(lead, inverclyde):
    with pytest.raises(PermissionDenied):
        services.report_run_request(actor=lead, scope=ReportScope.NATIONAL, quarter=PAST)
    with pytest.raises(PermissionDenied):
        services.report_run_request(actor=lead, scope=ReportScope.AREA, quarter=PAST, area=inverclyde)


def test_the_run_page_reports_progress_as_json(client_for, celcis):
    run = ReportRunFactory(status=RunStatus.RUNNING, parts_total=3, parts_done=1)
    state = client_for(celcis).get(reverse("reports:run_status", args=[run.pk])).json()
    assert state == {
        "status": "running",
        "status_label": "Running",
        "percent": 25,
        "parts_done": 1,
        "parts_total": 3,
        "finished": False,
        "error": "",
        "looks_lost": False,
    }


def test_a_lost_build_is_marked_failed_by_the_periodic_task_not_by_a_visit(client_for, celcis, settings):
    # A GET never writes (issue 12): the page only says the build looks lost; the task records it.
    settings.REPORT_TIME_LIMIT_SECONDS = 600
    run = ReportRunFactory(status=RunStatus.RUNNING, started_at=timezone.now() - timezone.timedelta(minutes=21))
    recent = ReportRunFactory(status=RunStatus.RUNNING, started_at=timezone.now() - timezone.timedelta(minutes=19))
    client = client_for(celcis)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "its worker was probably lost" in page
    assert client.get(reverse("reports:run_status", args=[run.pk])).json()["looks_lost"] is True
    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING

    assert tasks.fail_lost_report_runs.delay().get() == 1
    run.refresh_from_db()
    recent.refresh_from_db()
    assert (run.status, recent.status) == (RunStatus.FAILED, RunStatus.RUNNING)
    page = client.get(run.get_absolute_url()).content.decode()
    assert "worker was lost" in page and "Try again" in page and "probably lost" not in page
    assert tasks.fail_lost_report_runs.delay().get() == 0


def test_a_draft_national_report_is_built_the_day_after_returns_fall_due_once(
    two_accepted, settings, django_capture_on_commit_callbacks
):
    settings.RETURN_DUE_DAYS = 15  # Q1 (April–June 2026) returns were due on 15 July 2026
    assert tasks.build_due_national_report.delay(day="2026-07-15").get() is None
    with django_capture_on_commit_callbacks(execute=True):
        run_id = tasks.build_due_national_report.delay(day="2026-07-16").get()
    run = ReportRun.objects.get(pk=run_id)
    assert (run.scope, run.quarter, run.requested_by, run.status) == ("national", Quarter(2026, 1), None, "done")
    assert tasks.build_due_national_report.delay(day="2026-07-16").get() is None
    assert ReportRun.objects.count() == 1


def test_the_q4_draft_report_is_built_in_april(db, settings):
    settings.RETURN_DUE_DAYS = 15
    assert services.quarter_due_yesterday(date(2027, 4, 16)) == Quarter(2026, 4)
    assert services.quarter_due_yesterday(date(2027, 1, 16)) == Quarter(2026, 3)
    assert services.quarter_due_yesterday(date(2027, 4, 15)) is None


def test_a_national_build_with_returns_missing_says_which_and_asks_first(two_accepted, client_for, celcis):
    client = client_for(celcis)
    data = {"scope": "national", "quarter": "2026-27-q1"}
    response = client.post(reverse("reports:run_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and not ReportRun.objects.exists()
    assert "not accepted yet for: Perth &amp; Kinross" in page
    response = client.post(reverse("reports:run_create"), {**data, "build_anyway": "on"})
    assert response.status_code == 302 and ReportRun.objects.count() == 1


def test_a_national_build_for_a_quarter_not_yet_ended_says_so(two_accepted, client_for, celcis):
    # Issue 15: no return can be submitted before its quarter ends, so the form says why all are missing.
    current = Quarter.of(timezone.localdate())
    client = client_for(celcis)
    form_page = client.get(reverse("reports:run_create")).content.decode()
    assert f"{current.label} (not ended yet)" in form_page
    assert f"{current.previous().label} (not ended yet)" not in form_page
    response = client.post(reverse("reports:run_create"), {"scope": "national", "quarter": quarter_slug(current)})
    page = response.content.decode()
    assert response.status_code == 200 and not ReportRun.objects.exists()
    assert f"{current} has not ended yet (it ends {current.end.day} {current.end:%b %Y})" in page


def test_a_run_built_at_once_says_it_is_ready_not_being_built(two_accepted, client_for, celcis):
    # Issue 15: without a broker the build runs in-process, so the message must match "Status: Done".
    response = client_for(celcis).post(
        reverse("reports:run_create"), {"scope": "national", "quarter": "2026-27-q1", "build_anyway": "on"}, follow=True
    )
    page = response.content.decode()
    assert "version 1, is ready." in page and "is being built" not in page
    assert ReportRun.objects.get().status == RunStatus.DONE
