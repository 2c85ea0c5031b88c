"""Evidence from records: the checklist offers the area's own records of an activity, and a
person confirms one to mark the activity done on its date. Nothing is ticked without them."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from stages import evidence, selectors, services
from stages.models import ActivityProgress, ActivityStatus, ReadinessQuestion, StageActivity
from tests.innovations.factories import InnovationFactory
from tests.query_budget import assert_flat_query_count
from tests.stages import records
from tests.stages.factories import EngagementFactory
from tests.stages.records import days_ago

TEAM_ACTIVITY = "Form or repurpose an implementation team with a clear remit"
SLICE_ACTIVITY = "Define the first slice of the system (transformation zone)"


def _activity(title):
    return StageActivity.objects.get(title=title)


def _row(area, title, subject=None):
    stages, _ = selectors.checklist_by_stage(area, subject)
    return next(row for stage in stages for row in stage["rows"] if row.activity.title == title)


def _confirm(client, area, activity, offer, subject_url=None):
    url = subject_url or reverse("stages:activity_evidence", args=[area.slug, activity.pk])
    return client.post(url, {"kind": offer.kind, "record": offer.pk})


def test_seeded_catalogue_links_activities_to_kinds_of_record(db):
    assert _activity(TEAM_ACTIVITY).evidence_kinds == ["team_formed"]
    assert _activity("Check readiness for change").evidence_kinds == ["readiness_check"]
    linked = {key for a in StageActivity.objects.all() for key in a.evidence_kinds}
    assert linked <= set(evidence.BY_KEY) and len(linked) >= 9


def test_the_checklist_offers_the_areas_own_records_and_ticks_nothing(client_for, member, dundee, inverclyde):
    ours = records.team(dundee, name="Neglect implementation team", formed_days_ago=200)
    records.team(inverclyde, name="Their team", formed_days_ago=100)

    row = _row(dundee, TEAM_ACTIVITY)
    assert [(o.kind, o.pk, o.on) for o in row.offers] == [("team_formed", ours.pk, days_ago(200))]
    assert row.progress is None  # offered, not ticked
    page = client_for(member).get(reverse("stages:checklist", args=[dundee.slug])).content.decode()
    assert "Neglect implementation team formed" in page
    assert reverse("teams:detail", args=[dundee.slug, ours.pk]) in page
    assert "Their team" not in page
    assert "Mark done on" in page
    assert not ActivityProgress.objects.exists()


def test_confirming_a_record_marks_the_activity_done_on_its_date(client_for, member, dundee):
    team = records.team(dundee, name="Neglect implementation team", formed_days_ago=200)
    activity = _activity(TEAM_ACTIVITY)
    services.activity_progress_save(
        area=dundee,
        actor=member,
        activity=activity,
        expected_version=None,
        status=ActivityStatus.IN_PROGRESS,
        started_on=days_ago(150),  # recorded later than the team was formed
        completed_on=None,
        notes="Remit drafted",
    )
    (offer,) = _row(dundee, TEAM_ACTIVITY).offers

    response = _confirm(client_for(member), dundee, activity, offer)

    assert response.status_code == 302
    record = ActivityProgress.objects.get(activity=activity)
    assert (record.status, record.completed_on, record.started_on) == ("done", days_ago(200), days_ago(200))
    assert (record.evidence_kind, record.evidence_record_id, record.notes) == ("team_formed", team.pk, "Remit drafted")
    assert record.history.first().history_change_reason.startswith("Done, as shown by: Neglect implementation team")
    row = _row(dundee, TEAM_ACTIVITY)
    assert row.evidence.pk == team.pk and row.offers == []
    page = client_for(member).get(response.url).content.decode()
    assert "marked done on" in page and "Shown by:" in page


def test_a_record_from_another_area_or_of_an_unlinked_kind_is_refused(client_for, member, dundee, inverclyde):
    theirs = records.team(inverclyde)
    activity = _activity(TEAM_ACTIVITY)
    client = client_for(member)
    url = reverse("stages:activity_evidence", args=[dundee.slug, activity.pk])
    refused = client.post(url, {"kind": "team_formed", "record": theirs.pk}, follow=True)
    assert "That record was not found" in refused.content.decode()
    check = services.readiness_check_record(
        area=dundee, actor=member, checked_on=days_ago(5), scores={q.pk: 3 for q in ReadinessQuestion.objects.all()}
    )
    response = client.post(
        reverse("stages:activity_evidence", args=[dundee.slug, activity.pk]),
        {"kind": "readiness_check", "record": check.pk},
        follow=True,
    )
    assert not ActivityProgress.objects.exists()
    assert "is not evidence for" in response.content.decode()
    bad = client.post(
        reverse("stages:activity_evidence", args=[dundee.slug, activity.pk]), {"kind": "team_formed", "record": "x"}
    )
    assert bad.status_code == 302 and not ActivityProgress.objects.exists()


def test_an_activity_already_done_is_not_done_again(member, dundee):
    team = records.team(dundee)
    activity = _activity(TEAM_ACTIVITY)
    services.activity_evidence_confirm(
        area=dundee, actor=member, activity=activity, kind="team_formed", record_id=team.pk
    )
    later = records.team(dundee, formed_days_ago=10)
    with pytest.raises(ValidationError, match="already marked done"):
        services.activity_evidence_confirm(
            area=dundee, actor=member, activity=activity, kind="team_formed", record_id=later.pk
        )
    assert ActivityProgress.objects.get().evidence_record_id == team.pk


def test_an_innovations_checklist_offers_only_its_own_records(client_for, lead, dundee):
    ours = InnovationFactory(area=dundee, name="Safe and Together")
    other = InnovationFactory(area=dundee, name="Something else")
    mine = records.system_slice(dundee, ours, lead, name="East locality")
    theirs = records.system_slice(dundee, other, lead, name="West locality")

    row = _row(dundee, SLICE_ACTIVITY, subject=ours)
    assert [o.pk for o in row.offers] == [mine.pk]
    assert {o.pk for o in _row(dundee, SLICE_ACTIVITY).offers} == {mine.pk, theirs.pk}  # the programme sees both

    client = client_for(lead)
    page = client.get(reverse("innovations:stage", args=[dundee.slug, ours.pk])).content.decode()
    assert "East locality" in page and "West locality" not in page
    url = reverse(
        "stages:subject_activity_evidence", args=[dundee.slug, "innovations", ours.pk, _activity(SLICE_ACTIVITY).pk]
    )
    assert url in page
    response = client.post(url, {"kind": "slice_defined", "record": mine.pk})
    assert response.url.startswith(reverse("innovations:stage", args=[dundee.slug, ours.pk]))
    record = ActivityProgress.objects.get()
    assert record.subject == ours and record.completed_on == mine.started_on
    assert _row(dundee, SLICE_ACTIVITY).progress is None  # the programme's checklist is untouched


def test_only_the_first_fidelity_check_of_an_innovation_is_offered(lead, dundee):
    innovation, checks = records.fidelity_checks(dundee, lead, [90, 60, 30])
    row = _row(dundee, "Fidelity assessed and used", subject=innovation)
    assert [(o.pk, o.on) for o in row.offers] == [(checks[0].pk, days_ago(90))]


def test_every_kind_of_record_is_found(lead, dundee):
    innovation = InnovationFactory(area=dundee)
    made = {
        "team_formed": records.team(dundee),
        "engagement_logged": EngagementFactory(area=dundee, recorded_by=lead, held_on=days_ago(3)),
        "hexagon_decision": records.decided_exploration(dundee, lead, innovation),
        "slice_defined": records.system_slice(dundee, innovation, lead),
        "usability_test_run": records.usability_iteration(dundee, lead, innovation),
        "pdsa_cycle_closed": records.closed_cycle(dundee, lead, innovation=innovation),
        "drivers_assessment_completed": records.completed_drivers_assessment(dundee, lead),
    }
    found = evidence.records_by_kind(dundee, None, made)
    for key, record in made.items():
        assert [r.pk for r in found[key]] == [record.pk], key
        assert found[key][0].url.startswith(f"/areas/{dundee.slug}/"), key
    records.closed_cycle(dundee, lead)  # closed, but about no innovation
    assert len(evidence.records_by_kind(dundee, None, ["pdsa_cycle_closed"])["pdsa_cycle_closed"]) == 2
    assert len(evidence.records_by_kind(dundee, innovation, ["pdsa_cycle_closed"])["pdsa_cycle_closed"]) == 1


def test_celcis_links_record_kinds_to_a_catalogue_activity(client_for, celcis):
    activity = _activity("Agree a communication plan")
    url = reverse("stages:activity_update", args=[activity.pk])
    data = {"stage": activity.stage, "title": activity.title, "description": "", "order": activity.order}
    response = client_for(celcis).post(url, {**data, "evidence_kinds": ["team_formed", "engagement_logged"]})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.evidence_kinds == ["team_formed", "engagement_logged"]
    page = client_for(celcis).get(reverse("stages:catalogue")).content.decode()
    assert "Team formed, Engagement logged" in page
    bad = client_for(celcis).post(url, {**data, "evidence_kinds": ["made_up"]})
    assert bad.status_code == 200 and "evidence_kinds" in bad.context["form"].errors


def test_the_checklist_with_evidence_keeps_a_flat_query_count(client_for, lead, dundee):
    innovation = InnovationFactory(area=dundee)
    activity = _activity(TEAM_ACTIVITY)

    def add():
        team = records.team(dundee)
        EngagementFactory(area=dundee, recorded_by=lead, held_on=days_ago(20))
        records.system_slice(dundee, innovation, lead, name=f"Slice {team.pk}")
        records.closed_cycle(dundee, lead, innovation=innovation)
        records.completed_drivers_assessment(dundee, lead)
        records.decided_exploration(dundee, lead, innovation)
        services.readiness_check_record(
            area=dundee,
            actor=lead,
            checked_on=days_ago(team.pk % 50),
            scores={q.pk: 3 for q in ReadinessQuestion.objects.all()},
        )
        if not ActivityProgress.objects.filter(activity=activity).exists():
            services.activity_evidence_confirm(
                area=dundee, actor=lead, activity=activity, kind="team_formed", record_id=team.pk
            )

    client = client_for(lead)
    assert_flat_query_count(client, reverse("stages:checklist", args=[dundee.slug]), add, max_queries=20)
    assert_flat_query_count(
        client, reverse("innovations:stage", args=[dundee.slug, innovation.pk]), add, max_queries=30
    )
    assert "Shown by:" in client.get(reverse("stages:checklist", args=[dundee.slug])).content.decode()


def test_unlinking_nothing_breaks_a_done_activity(member, dundee):
    team = records.team(dundee)
    activity = _activity(TEAM_ACTIVITY)
    services.activity_evidence_confirm(
        area=dundee, actor=member, activity=activity, kind="team_formed", record_id=team.pk
    )
    StageActivity.objects.filter(pk=activity.pk).update(evidence_kinds=[])
    row = _row(dundee, TEAM_ACTIVITY)
    assert row.done and row.evidence.pk == team.pk  # the confirmed record still shows


def test_reopening_an_activity_lets_its_evidence_go(member, dundee):
    team = records.team(dundee)
    activity = _activity(TEAM_ACTIVITY)
    record = services.activity_evidence_confirm(
        area=dundee, actor=member, activity=activity, kind="team_formed", record_id=team.pk
    )
    services.activity_progress_save(
        area=dundee,
        actor=member,
        activity=activity,
        expected_version=record.version,
        status=ActivityStatus.IN_PROGRESS,
        started_on=record.started_on,
        completed_on=None,
    )
    record.refresh_from_db()
    assert (record.evidence_kind, record.evidence_record_id) == ("", None)
    assert _row(dundee, TEAM_ACTIVITY).offers  # offered again
    assert records.TODAY - timedelta(days=200) == record.started_on
