"""The checklist reads only the few records it offers per kind (and counts the rest), and keeps what it
found until a record of the area changes."""

from django.urls import reverse

from stages import evidence, selectors, services
from stages.models import StageActivity
from tests.stages import records
from tests.stages.records import days_ago

TEAM_ACTIVITY = "Form or repurpose an implementation team with a clear remit"


def _row(area):
    stages, _ = selectors.checklist_by_stage(area)
    return next(row for stage in stages for row in stage["rows"] if row.activity.title == TEAM_ACTIVITY)


def test_the_latest_records_are_offered_and_the_rest_counted(member, dundee):
    teams = [records.team(dundee, name=f"Team {n}", formed_days_ago=10 + n) for n in range(7)]
    records.team(dundee, name="Not yet formed", formed_days_ago=-5)  # a future date is not offered
    row = _row(dundee)
    assert [offer.pk for offer in row.offers] == [team.pk for team in teams[: evidence.OFFERED_PER_KIND]]
    assert row.more_offers == 7 - evidence.OFFERED_PER_KIND


def test_a_kept_checklist_shows_a_change_at_once(client_for, member, dundee):
    client = client_for(member)
    url = reverse("stages:checklist", args=[dundee.slug])
    assert "Neglect implementation team formed" not in client.get(url).content.decode()
    team = records.team(dundee, name="Neglect implementation team", formed_days_ago=20)
    page = client.get(url).content.decode()
    assert "Neglect implementation team formed" in page
    activity = StageActivity.objects.get(title=TEAM_ACTIVITY)
    assert reverse("stages:activity_evidence", args=[dundee.slug, activity.pk]) in page
    assert reverse("stages:activity_progress", args=[dundee.slug, activity.pk]) in page
    services.activity_evidence_confirm(
        area=dundee, actor=member, activity=activity, kind="team_formed", record_id=team.pk
    )
    page = client.get(url).content.decode()
    assert f'Shown by: <a href="{reverse("teams:detail", args=[dundee.slug, team.pk])}">' in page
    assert _row(dundee).evidence.on == days_ago(20)
