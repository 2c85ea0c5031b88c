"""Every figure of a return's snapshot equals what the framework records say, for the quarter
April–June 2026 (figures date 30 June 2026), with records before, inside and after it."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.utils import timezone

from community.models import ExampleStatus
from core.quarters import Quarter
from innovations import services as innovation_services
from innovations.models import SystemSlice
from measures.interpretation import analyse
from reports.snapshot import build_snapshot
from stages.models import ActivityStatus, StageActivity, StageChangeStatus
from teams.models import Action, ActionStatus
from tests.community.factories import EventFactory, ExampleFactory, RegistrationFactory
from tests.drivers.factories import current_items, scored_assessment
from tests.innovations.factories import (
    PractitionerFactory,
    make_innovation,
    make_instrument,
    record_check,
    record_figures,
)
from tests.measures.factories import MeasureFactory, MeasureValueFactory, ProportionMeasureFactory, add_values
from tests.stages.factories import ActivityProgressFactory, EngagementFactory, StageChangeFactory
from tests.teams.factories import ActionFactory, MeetingFactory, TeamFactory, TeamMemberFactory

QUARTER = Quarter(2026, 1)
BEFORE, IN, LATE_IN, AFTER = date(2026, 3, 15), date(2026, 5, 10), date(2026, 6, 30), date(2026, 7, 5)


def _at(day):
    return timezone.make_aware(datetime.combine(day, time(12)))


@pytest.fixture
def snapshot_of(dundee):
    def build():
        return build_snapshot(dundee, QUARTER, today=date(2026, 11, 1))

    return build


def test_figures_describe_the_quarter_up_to_its_last_day(dundee, snapshot_of):
    snapshot = snapshot_of()
    assert snapshot["quarter"] == "2026-27 Q1"
    assert snapshot["figures_date"] == "2026-06-30"
    assert build_snapshot(dundee, QUARTER, today=date(2026, 5, 1))["figures_date"] == "2026-05-01"


def test_stage_is_the_latest_confirmed_by_the_figures_date_with_changes_and_activities_in_the_quarter(
    dundee, lead, snapshot_of
):
    StageChangeFactory(area=dundee, stage="exploration", entered_on=date(2025, 9, 1), recorded_by=lead)
    StageChangeFactory(area=dundee, stage="installation", entered_on=IN, recorded_by=lead)
    StageChangeFactory(area=dundee, stage="initial", entered_on=AFTER, recorded_by=lead)
    StageChangeFactory(area=dundee, stage="full", entered_on=IN, status=StageChangeStatus.PROPOSED, recorded_by=lead)
    exploration = list(StageActivity.objects.filter(stage="exploration", retired_on__isnull=True))
    done = {"status": ActivityStatus.DONE, "area": dundee}
    ActivityProgressFactory(activity=exploration[0], started_on=date(2025, 9, 2), completed_on=BEFORE, **done)
    ActivityProgressFactory(activity=exploration[1], started_on=date(2025, 9, 2), completed_on=IN, **done)
    ActivityProgressFactory(activity=exploration[2], started_on=date(2025, 9, 2), completed_on=AFTER, **done)
    ActivityProgressFactory(activity=exploration[3], area=dundee, started_on=IN)

    stages = snapshot_of()["stages"]
    assert stages["programme"]["stage"] == "installation"
    assert stages["programme"]["entered_on"] == IN.isoformat()
    assert [c["stage"] for c in stages["changes"]] == ["installation"]
    assert stages["activities_completed_count"] == 1
    assert stages["activities_completed"][0]["title"] == exploration[1].title
    progress = {row["stage"]: row for row in stages["programme"]["progress"]}
    assert progress["exploration"]["done"] == 2  # the one completed in July was not done by 30 June
    assert progress["exploration"]["total"] == len(exploration)
    # The programme moved to Installation on IN, so Exploration's clock stopped then (DOMAIN.md, Stages).
    assert progress["exploration"]["duration_days"] == (IN - date(2025, 9, 2)).days


def test_each_innovation_has_its_own_stage_and_progress(dundee, lead, snapshot_of):
    innovation = make_innovation(dundee, lead, name="Neglect toolkit")
    StageChangeFactory(area=dundee, stage="initial", entered_on=IN, recorded_by=lead, subject=innovation)
    installation = StageActivity.objects.filter(stage="installation").first()
    ActivityProgressFactory(
        area=dundee,
        activity=installation,
        status=ActivityStatus.DONE,
        started_on=IN,
        completed_on=IN,
        subject=innovation,
    )
    stages = snapshot_of()["stages"]
    row = stages["innovations"][0]
    assert (row["name"], row["stage"]) == ("Neglect toolkit", "initial")
    assert {r["stage"]: r["done"] for r in row["progress"]}["installation"] == 1
    assert stages["programme"]["stage"] is None
    assert stages["activities_completed"][0]["subject"] == "Neglect toolkit"


def test_team_capacity_meetings_and_actions(dundee, lead, snapshot_of):
    team = TeamFactory(area=dundee, formed_on=date(2025, 1, 1))
    member = {"team": team, "joined_on": date(2025, 6, 1)}
    TeamMemberFactory(organisation="local_authority", hours_per_week=Decimal("7.5"), **member)
    TeamMemberFactory(organisation="nhs", hours_per_week=Decimal("15"), **member)
    TeamMemberFactory(organisation="nhs", hours_per_week=None, **member)
    TeamMemberFactory(organisation="nhs", hours_per_week=Decimal("10"), left_on=date(2026, 6, 1), **member)
    TeamMemberFactory(team=team, organisation="nhs", hours_per_week=Decimal("20"), joined_on=AFTER)
    TeamMemberFactory(organisation="celcis", role="celcis_specialist", hours_per_week=Decimal("3.7"), **member)
    for held_on in (BEFORE, IN, LATE_IN, AFTER):
        MeetingFactory(team=team, held_on=held_on)
    opened_in = [ActionFactory(area=dundee, created_by=lead, due_date=date(2026, 9, 1)) for _ in range(3)]
    closed = ActionFactory(
        area=dundee, created_by=lead, status=ActionStatus.DONE, completed_on=date(2026, 6, 10), due_date=IN
    )
    still_open_overdue = ActionFactory(area=dundee, created_by=lead, due_date=date(2026, 6, 1))
    closed_after_overdue = ActionFactory(
        area=dundee, created_by=lead, due_date=date(2026, 5, 1), status=ActionStatus.DONE, completed_on=AFTER
    )
    Action.objects.filter(pk__in=[a.pk for a in opened_in]).update(created_at=_at(IN))
    Action.objects.filter(pk__in=[closed.pk, still_open_overdue.pk, closed_after_overdue.pk]).update(
        created_at=_at(BEFORE)
    )
    ActionFactory(area=dundee, created_by=lead, due_date=date(2026, 6, 1))  # made in November: not yet on 30 June

    teams = snapshot_of()["teams"]
    by_organisation = {row["organisation"]: row for row in teams["by_organisation"]}
    assert by_organisation["local_authority"] == {
        "organisation": "local_authority",
        "label": "Local authority",
        "members": 1,
        "hours": "7.5",
        "fte": "0.20",
    }
    assert (by_organisation["nhs"]["members"], by_organisation["nhs"]["hours"]) == (2, "15.0")
    assert by_organisation["nhs"]["fte"] == "0.41"
    # CELCIS staff are counted apart: local partners' time never includes the support CELCIS gives.
    assert "celcis" not in by_organisation
    assert teams["local"] == {"members": 3, "hours": "22.5", "fte": "0.61"}
    assert teams["celcis"] == {"members": 1, "hours": "3.7", "fte": "0.10"}
    assert teams["meetings_held"] == 2
    assert teams["actions_opened"] == 3
    assert teams["actions_closed"] == 1
    assert teams["actions_overdue"] == 2


def test_innovation_usability_fidelity_and_slices(dundee, lead, snapshot_of):
    innovation = make_innovation(dundee, lead, name="Safe and Together")
    make_instrument(innovation, lead)
    zone = innovation_services.slice_save(
        innovation=innovation,
        actor=lead,
        data={
            "name": "West locality",
            "kind": "locality",
            "started_on": date(2026, 4, 1),
            "practitioners_intended": 8,
            "practitioners_trained": 6,
        },
    )
    SystemSlice.objects.filter(pk=zone.pk).update(started_on=date(2026, 4, 1))
    record_figures(innovation, lead, date(2026, 6, 1), 10, 7, system_slice=zone)  # carried to the figures date
    record_figures(innovation, lead, AFTER, 12, 9, system_slice=zone)  # after it
    p1, p2, p3, p4, p5 = (PractitionerFactory(innovation=innovation, slice=zone) for _ in range(5))
    record_check(innovation, lead, p5, date(2025, 12, 20))  # met, but older than six months on 30 Jun
    record_check(innovation, lead, p1, date(2026, 5, 1))
    record_check(innovation, lead, p2, date(2026, 4, 10))
    record_check(innovation, lead, p2, date(2026, 6, 20), meets=False)  # latest check fails
    record_check(innovation, lead, p3, AFTER)  # after the figures date
    record_check(innovation, lead, p4, date(2026, 4, 20))
    p4.left_on = date(2026, 6, 15)  # left before the figures date
    p4.save()
    judgements = dict.fromkeys(("clear_description", "essential_functions"), ("met", "Seen"))
    judgements |= dict.fromkeys(("operational_definitions", "fidelity_assessment"), ("not_met", "Not yet"))
    innovation_services.usability_review_record(
        innovation=innovation, actor=lead, reviewed_on=date(2026, 5, 2), judgements=judgements
    )
    innovation_services.usability_review_record(
        innovation=innovation,
        actor=lead,
        reviewed_on=date(2026, 8, 2),
        judgements=dict.fromkeys(judgements, ("met", "Seen")),
    )

    row = snapshot_of()["innovations"][0]
    assert row["usability_met"] == 2  # the August judgement came after the figures date
    assert row["usability_criteria_met"] == ["Clear description", "Clear essential functions"]
    # The innovation's figures are its slice's latest by 30 June; p5's check is overdue, not at fidelity.
    assert (row["intended"], row["trained"], row["at_fidelity"], row["percent_at_fidelity"]) == (10, 7, 1, 10)
    assert row["check_overdue"] == 1
    assert row["slices"] == [
        {"id": zone.pk, "name": "West locality", "kind": "Locality", "intended": 10, "trained": 7, "at_fidelity": 1}
    ]


def test_discontinued_innovations_are_left_out(dundee, lead, snapshot_of):
    make_innovation(
        dundee, lead, name="Dropped", status="discontinued", status_changed_on=BEFORE, status_reason="Did not fit"
    )
    assert snapshot_of()["innovations"] == []


def test_drivers_latest_assessment_by_the_figures_date_and_its_change(dundee, lead, snapshot_of):
    items = current_items()
    first = scored_assessment(dundee, lead, 1)
    # Every item in place but the coaching ones, left unanswered: each score says how many were answered.
    second = scored_assessment(dundee, lead, {item: 2 for item in items if item.driver.key != "coaching"})
    later = scored_assessment(dundee, lead, 0)
    innovation = make_innovation(dundee, lead, name="Safe and Together")
    about_an_innovation = scored_assessment(dundee, lead, 2, subject=innovation)
    for assessment, day in (
        (first, date(2026, 1, 15)),
        (second, date(2026, 5, 20)),
        (about_an_innovation, date(2026, 6, 1)),
        (later, AFTER),
    ):
        type(assessment).objects.filter(pk=assessment.pk).update(assessed_on=day)

    drivers = snapshot_of()["drivers"]
    assert drivers["assessment_id"] == second.pk  # the programme's, never an innovation's
    assert (drivers["overall"], drivers["overall_change"]) == (100, 50)
    assert drivers["overall_change_text"] == "Up 50 points"
    coaching = sum(1 for item in items if item.driver.key == "coaching")
    assert (drivers["overall_answered"], drivers["overall_total"]) == (len(items) - coaching, len(items))
    rows = {row["key"]: row for row in drivers["drivers"]}
    assert (rows["coaching"]["percent"], rows["coaching"]["answered"], rows["coaching"]["total"]) == (None, 0, coaching)
    assert all(row["percent"] == 100 and row["change"] == 50 for key, row in rows.items() if key != "coaching")
    assert all(row["answered"] == row["total"] > 0 for key, row in rows.items() if key != "coaching")


def test_measures_latest_value_and_signals_with_a_point_in_the_quarter(dundee, snapshot_of):
    shifting = MeasureFactory(area=dundee, name="Early help offers", unit="offers")
    values = [5] * 6 + [9] * 6  # July 2025 to June 2026: six above the median from January
    add_values(shifting, date(2025, 7, 1), values + [1])  # July 2026 is after the figures date
    quiet = MeasureFactory(area=dundee, name="Quiet measure", unit="days")
    add_values(quiet, date(2025, 1, 1), [6, 6, 6, 6, 6, 6, 6, 6, 6])  # ends Sep 2025: nothing in the quarter

    families = ProportionMeasureFactory(area=dundee, name="Families seen in time", counts_people=True)
    MeasureValueFactory(measure=families, period_start=date(2026, 5, 1), value=50, numerator=2, denominator=4)
    MeasureValueFactory(measure=families, period_start=date(2026, 6, 1), value=75, numerator=3, denominator=4)
    MeasureValueFactory(measure=families, period_start=date(2026, 7, 1), value=10, numerator=1, denominator=10)

    measures = {row["name"]: row for row in snapshot_of()["measures"]}
    # What a report needs is frozen with the return: the definition and the figures behind the value.
    frozen = measures["Families seen in time"]
    assert frozen["definition"]["counts_people"] is True and frozen["definition"]["is_proportion"] is True
    assert (frozen["latest_value"], frozen["numerator"], frozen["denominator"]) == (75.0, 3, 4)
    assert frozen["series"] == [
        {"period": "2026-05-01", "value": 50.0, "numerator": 2, "denominator": 4},
        {"period": "2026-06-01", "value": 75.0, "numerator": 3, "denominator": 4},
    ]
    assert measures["Early help offers"]["definition"]["counts_people"] is False
    row = measures["Early help offers"]
    assert (row["latest_period"], row["latest_value"], row["latest_text"]) == ("2026-06-01", 9.0, "9 offers")
    expected = analyse(values, [str(i) for i in range(12)], direction="increase", unit="offers")
    assert {s.rule for s in expected.signals} >= {"shift"}
    assert "shift" in {s["rule"] for s in row["signals"]}
    assert all(s["tone"] == "improvement" for s in row["signals"] if s["rule"] == "shift")
    assert measures["Quiet measure"]["signals"] == []
    assert measures["Quiet measure"]["latest_period"] == "2025-09-01"


def test_engagement_by_level_in_the_quarter(dundee, lead, snapshot_of):
    EngagementFactory(area=dundee, held_on=IN, level="practitioners", participants=12, recorded_by=lead)
    EngagementFactory(area=dundee, held_on=LATE_IN, level="practitioners", participants=8, recorded_by=lead)
    EngagementFactory(area=dundee, held_on=IN, level="families", participants=5, recorded_by=lead)
    EngagementFactory(area=dundee, held_on=AFTER, level="families", participants=50, recorded_by=lead)
    engagement = snapshot_of()["engagement"]
    levels = {row["level"]: row for row in engagement["levels"]}
    assert (levels["practitioners"]["engagements"], levels["practitioners"]["participants"]) == (2, 20)
    assert (levels["families"]["engagements"], levels["families"]["participants"]) == (1, 5)
    assert levels["elected_members"]["engagements"] == 0
    assert (engagement["engagements"], engagement["participants"]) == (3, 25)


def test_community_of_practice_attendance_and_examples(dundee, inverclyde, member, lead, snapshot_of):
    in_quarter = EventFactory(starts_at=_at(IN))
    after = EventFactory(starts_at=_at(AFTER))
    RegistrationFactory(event=in_quarter, user=member, area=dundee, attended=True)
    RegistrationFactory(event=in_quarter, user=lead, area=dundee, attended=True)
    RegistrationFactory(event=in_quarter, area=dundee, attended=False)
    RegistrationFactory(event=in_quarter, area=inverclyde, attended=True)
    RegistrationFactory(event=after, user=member, area=dundee, attended=True)
    ExampleFactory(area=dundee, published_at=_at(IN))
    ExampleFactory(area=dundee, published_at=_at(AFTER))
    ExampleFactory(area=dundee, status=ExampleStatus.DRAFT, published_at=None)
    community = snapshot_of()["community"]
    assert community == {
        "events": [{"id": in_quarter.pk, "title": in_quarter.title, "starts_on": IN.isoformat(), "attendances": 2}],
        "events_attended": 1,
        "attendances": 2,
        "examples_published": 1,
    }


def test_another_areas_records_never_count(dundee, inverclyde, lead, snapshot_of):
    team = TeamFactory(area=inverclyde)
    TeamMemberFactory(team=team, joined_on=date(2025, 1, 1))
    MeetingFactory(team=team, held_on=IN)
    EngagementFactory(area=inverclyde, held_on=IN, recorded_by=lead)
    StageChangeFactory(area=inverclyde, stage="full", entered_on=IN, recorded_by=lead)
    snapshot = snapshot_of()
    assert snapshot["teams"]["local"]["members"] == 0 and snapshot["teams"]["celcis"]["members"] == 0
    assert snapshot["teams"]["meetings_held"] == 0
    assert snapshot["engagement"]["engagements"] == 0
    assert snapshot["stages"]["programme"]["stage"] is None


def test_pdsa_cycles_and_feedback_items_in_the_quarter(dundee, snapshot_of):
    from tests.cycles.factories import CycleFactory, FeedbackItemFactory, filled

    def closed(decision, on):
        return {
            **filled("closed"),
            "decision": decision,
            "closed_on": on,
            "started_on": date(2026, 4, 2),
            "ended_on": date(2026, 4, 20),
        }

    CycleFactory(area=dundee, started_on=IN)
    CycleFactory(area=dundee, started_on=AFTER)
    CycleFactory(area=dundee, **closed("adopt", IN))
    CycleFactory(area=dundee, **closed("adopt", LATE_IN))
    CycleFactory(area=dundee, **closed("abandon", IN))
    CycleFactory(area=dundee, **closed("adapt", AFTER))
    FeedbackItemFactory(
        area=dundee,
        raised_on=date(2026, 4, 10),
        status="resolved",
        resolved_on=date(2026, 4, 20),
        routed_to="service_manager",
        response="Done",
    )
    FeedbackItemFactory(
        area=dundee,
        raised_on=date(2026, 4, 10),
        status="resolved",
        resolved_on=date(2026, 5, 10),
        routed_to="service_manager",
        response="Done",
    )
    FeedbackItemFactory(area=dundee, raised_on=date(2026, 1, 5))  # open at 30 June: over 60 days
    FeedbackItemFactory(area=dundee, raised_on=date(2026, 6, 1))  # open, but only 29 days
    cycles = snapshot_of()["cycles"]
    assert cycles == {
        "cycles_started": 5,  # the four closed ones started on 2 April, and one on 10 May (not the July one)
        "closed_adopt": 2,
        "closed_adapt": 0,
        "closed_abandon": 1,
        "cycles_closed": 3,
        "feedback_raised": 3,
        "feedback_resolved": 2,
        "median_days_to_resolve": 20,
        "open_over_60_days": 1,
    }
