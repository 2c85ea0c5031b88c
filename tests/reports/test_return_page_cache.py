"""A return's page below its navigation is drawn once and kept (core.freshness) until a record of the
area (or of the programme) changes, apart for each kind of reader and for each day."""

from datetime import date, datetime, time, timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from reports import services
from tests.reports.factories import NARRATIVE, QuarterlyReturnFactory
from tests.teams.factories import MeetingFactory, TeamFactory


def _get(client, quarterly_return) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(quarterly_return.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), [query["sql"] for query in captured.captured_queries]


def _signed_in(*users) -> list[Client]:
    """A client for each user, all signed in before any page is drawn (signing in may renew tokens)."""
    clients = []
    for user in users:
        clients.append(Client())
        clients[-1].force_login(user)
    return clients


def _url(name, quarterly_return) -> str:
    return reverse(f"reports:{name}", args=[quarterly_return.area.slug, quarterly_return.slug])


def test_a_drafts_live_figures_are_kept_until_the_areas_records_change(client_for, member, dundee):
    team = TeamFactory(area=dundee, formed_on=date(2025, 1, 1))
    MeetingFactory(team=team, held_on=date(2026, 5, 5))
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    client = client_for(member)
    page, cold = _get(client, quarterly_return)
    assert "Meetings held: 1." in page and "As the records stand now" in page
    again, warm = _get(client, quarterly_return)
    assert "Meetings held: 1." in again and len(warm) < len(cold)  # kept: the figures are not built again
    assert not any("teams_meeting" in sql for sql in warm)

    MeetingFactory(team=team, held_on=date(2026, 5, 6))  # a record of the area renews its token
    page, queries = _get(client, quarterly_return)
    assert "Meetings held: 2." in page
    assert any("teams_meeting" in sql for sql in queries)


def test_a_warm_request_reads_only_the_returns_header(client_for, member, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, accepted=True)
    client = client_for(member)
    _get(client, quarterly_return)
    page, warm = _get(client, quarterly_return)
    assert NARRATIVE["progress"] in page
    read = [sql for sql in warm if '"reports_quarterlyreturn"' in sql]
    assert len(read) == 1 and '"snapshot"' not in read[0] and '"progress"' not in read[0]
    assert not any("reports_returnevent" in sql or "historicalquarterlyreturn" in sql for sql in warm)


def test_the_narrative_and_each_step_show_at_once(client_for, member, lead, celcis, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, written=True)
    client = client_for(member)
    assert NARRATIVE["progress"] in _get(client, quarterly_return)[0]
    services.return_save_narrative(
        quarterly_return=quarterly_return,
        actor=member,
        data={**NARRATIVE, "progress": "Second cohort trained."},
        expected_version=quarterly_return.version,
    )
    assert "Second cohort trained." in _get(client, quarterly_return)[0]

    submitted = services.return_submit(quarterly_return=quarterly_return, actor=lead)
    page = _get(client_for(lead), submitted)[0]
    assert "Frozen when the return was submitted" in page and "First submitted" in page
    services.return_send_back(
        quarterly_return=submitted,
        actor=celcis,
        comment="Say more about the fidelity checks.",
        section_comments={"progress": "Which teams?"},
    )
    page = _get(client_for(lead), submitted)[0]
    assert "Returned by CELCIS" in page and "Say more about the fidelity checks." in page
    assert "Which teams?" in page and "As the records stand now" in page


def test_each_kind_of_reader_gets_its_own_page(member, lead, celcis, viewer, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, submitted=True)
    accepted = services.return_accept(
        quarterly_return=quarterly_return,
        actor=celcis,
        note="Clear and complete.",
        section_comments={"risks": "Tell us when funding is agreed."},
    )
    as_celcis, as_member, as_viewer, as_lead = _signed_in(celcis, member, viewer, lead)
    reopen, comment = _url("return_reopen", accepted), "Tell us when funding is agreed."
    for _ in range(2):  # drawn, then kept: each reader's page stays its own
        page = _get(as_celcis, accepted)[0]
        assert reopen in page and comment in page and "Full history of changes" in page
        page = _get(as_member, accepted)[0]
        assert reopen not in page and comment in page and "Clear and complete." in page
        page = _get(as_viewer, accepted)[0]  # a national viewer: the accepted return, not its review
        assert NARRATIVE["risks"] in page and comment not in page and "Clear and complete." not in page
        assert reopen not in page and "Full history of changes" not in page
        page = _get(as_lead, accepted)[0]
        assert comment in page and reopen not in page
    assert not any("reports_returnevent" in sql for sql in _get(as_viewer, accepted)[1])


def test_only_the_lead_is_offered_the_submit_button(member, lead, dundee):
    quarterly_return = QuarterlyReturnFactory(area=dundee, written=True)
    submit = _url("return_submit", quarterly_return)
    as_lead, as_member = _signed_in(lead, member)
    for _ in range(2):
        assert submit in _get(as_lead, quarterly_return)[0]
        assert submit not in _get(as_member, quarterly_return)[0]


def test_a_persons_new_name_shows_in_the_steps(client_for, member, lead, dundee):
    quarterly_return = services.return_submit(
        quarterly_return=QuarterlyReturnFactory(area=dundee, written=True), actor=lead
    )
    client = client_for(member)
    assert "Alexandra Quinn" not in _get(client, quarterly_return)[0]
    lead.first_name, lead.last_name = "Alexandra", "Quinn"
    lead.save()  # a person's name renews the programme's token
    assert "Alexandra Quinn" in _get(client, quarterly_return)[0]


def test_the_submit_button_appears_the_day_after_the_quarter_ends(lead, dundee, monkeypatch):
    current = Quarter.of(timezone.localdate())
    quarterly_return = QuarterlyReturnFactory(area=dundee, quarter_start=current.start, written=True)
    submit = _url("return_submit", quarterly_return)

    def at(day, hour, minute=0):
        moment = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        monkeypatch.setattr(timezone, "now", lambda: moment)

    at(current.end, 23)
    (client,) = _signed_in(lead)
    page, cold = _get(client, quarterly_return)
    assert "You can submit this return from" in page and submit not in page
    at(current.end, 23, 30)
    page, warm = _get(client, quarterly_return)
    assert "You can submit this return from" in page and len(warm) < len(cold)  # kept through the day
    at(current.end + timedelta(days=1), 0, 30)  # no record changed, only the day
    page, _ = _get(client, quarterly_return)
    assert submit in page and "You can submit this return from" not in page
