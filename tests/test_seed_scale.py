"""`seed_scale` makes believable records for areas × years, through the apps' services and rules.

The command runs once for the module (2 areas × 1 year) inside a transaction rolled back at the end,
so the tests read the same data and leave nothing behind for other modules.
"""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from areas import scale
from areas.models import LocalArea, Membership, Role
from community.models import Event, Post, PracticeExample
from core.quarters import Quarter, quarters_between
from cycles.models import Cycle, CycleMeasure
from drivers.models import Assessment, AssessmentStatus
from innovations.models import Exploration, FidelityCheck
from measures.models import Measure, MeasureValue
from reports.models import QuarterlyReturn, ReturnStatus
from stages.models import StakeholderEngagement
from teams.models import Action, Meeting, MeetingAttendance, TeamMember

AREAS, YEARS = 2, 1


@pytest.fixture(scope="module")
def scaled(django_db_setup, django_db_blocker):
    """The areas seeded at scale, and what the command said."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True), transaction.atomic():
        out = StringIO()
        call_command("seed_scale", areas=AREAS, years=YEARS, seed=7, stdout=out)
        yield list(LocalArea.objects.filter(slug__in=scale.DEMO_AREAS[:AREAS])), out.getvalue()
        transaction.set_rollback(True)


# per area and year: (model, how to count one area's records, fewest, most)
COUNTS = [
    ("PDSA cycles", lambda area: Cycle.objects.filter(area=area).count(), 35, 55),
    ("measures", lambda area: Measure.objects.filter(area=area).count(), 20, 20),
    ("measure values", lambda area: MeasureValue.objects.filter(area=area).count(), 560, 680),
    (
        "completed drivers assessments",
        lambda area: Assessment.objects.filter(area=area, status=AssessmentStatus.COMPLETED).count(),
        2,
        2,
    ),
    ("Hexagon explorations", lambda area: Exploration.objects.filter(area=area).count(), 4, 4),
    (
        "meetings held",
        lambda area: Meeting.objects.filter(area=area, held_on__lte=timezone.localdate()).count(),
        40,
        40,
    ),
    ("actions", lambda area: Action.objects.filter(area=area).count(), 200, 200),
    ("team members", lambda area: TeamMember.objects.filter(area=area).count(), 30, 30),
    ("fidelity checks", lambda area: FidelityCheck.objects.filter(area=area).count(), 40, 40),
    ("engagements", lambda area: StakeholderEngagement.objects.filter(area=area).count(), 40, 40),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("what", "count", "fewest", "most"), COUNTS, ids=[row[0] for row in COUNTS])
def test_each_area_has_about_a_years_worth_of_records(scaled, what, count, fewest, most):
    areas, _out = scaled
    assert len(areas) == AREAS
    for area in areas:
        assert fewest * YEARS <= count(area) <= most * YEARS, (area, what, count(area))


@pytest.mark.django_db
def test_the_community_has_a_years_events_examples_and_posts(scaled):
    assert Event.objects.count() == 20 * YEARS
    assert PracticeExample.objects.count() == 60 * YEARS
    assert Post.objects.filter(topic__isnull=False).count() == 300 * YEARS
    assert Event.objects.filter(starts_at__gt=timezone.now()).count() == 2  # the year's last two still to come


@pytest.mark.django_db
def test_every_ended_quarter_has_an_accepted_return_with_its_snapshot(scaled):
    areas, _out = scaled
    today = timezone.localdate()
    ended = quarters_between(Quarter.of(scale.years_before(today, YEARS)), Quarter.of(today).previous())
    for area in areas:
        returns = QuarterlyReturn.objects.filter(area=area, quarter_start__in=[q.start for q in ended])
        assert returns.count() == len(ended)
        for quarterly_return in returns:
            assert quarterly_return.status == ReturnStatus.ACCEPTED
            assert quarterly_return.snapshot and quarterly_return.snapshot_taken_at
            assert quarterly_return.accepted_at.date() <= today
        current = QuarterlyReturn.objects.get(area=area, quarter_start=Quarter.of(today).start)
        assert current.status == ReturnStatus.DRAFT


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model", [Action, Meeting, MeetingAttendance, Cycle, CycleMeasure, MeasureValue, FidelityCheck]
)
def test_records_written_in_bulk_have_their_history(scaled, model):
    made = model.objects.count()
    assert made
    assert model.history.filter(history_type="+").count() == made
    assert not model.history.filter(history_user__isnull=True).exists()


@pytest.mark.django_db
def test_records_are_dated_across_the_year_not_on_the_day_they_were_loaded(scaled):
    today = timezone.localdate()
    oldest_action = Action.objects.order_by("created_at").first()
    assert (today - timezone.localtime(oldest_action.created_at).date()).days > 300
    history = MeasureValue.history.order_by("history_date").first()
    assert (today - timezone.localtime(history.history_date).date()).days > 300
    assert Cycle.objects.filter(phase="closed").exists() and Cycle.objects.exclude(phase="closed").exists()


@pytest.mark.django_db
def test_a_scaled_area_overview_renders_for_celcis(scaled, client, celcis):
    areas, _out = scaled
    client.force_login(celcis)
    for area in areas:
        response = client.get(reverse("areas:overview", kwargs={"area_slug": area.slug}))
        assert response.status_code == 200


@pytest.mark.django_db
def test_it_refuses_to_load_the_data_twice(scaled):
    with override_settings(DEBUG=True), pytest.raises(CommandError, match="already loaded"):
        call_command("seed_scale", areas=1, years=1, stdout=StringIO())


@pytest.mark.django_db
def test_it_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        call_command("seed_scale", areas=1, years=1, stdout=StringIO())


@pytest.mark.django_db
def test_councils_beyond_the_demo_areas_join_the_programme_labelled_as_scale_test_data():
    plan = scale.prepare(areas=4, years=1)
    fourth = plan.areas[3]
    assert [a.area.slug for a in plan.areas[:3]] == list(scale.DEMO_AREAS)
    assert fourth.area.name == "Aberdeen City"
    assert fourth.area.in_programme and "(scale test data)" in fourth.area.notes
    assert Membership.objects.active().filter(area=fourth.area, user=fourth.lead, role=Role.AREA_LEAD).exists()
    assert fourth.lead.last_name.endswith("(scale test)")


def test_the_same_seed_gives_the_same_ramps():
    from cycles.scale import _ramps

    plan = scale.Scale(areas=[], years=2, today=timezone.localdate(), celcis=None)
    first = [step.days for step in _ramps(plan, random.Random("1:cycles"))]  # noqa: S311
    again = [step.days for step in _ramps(plan, random.Random("1:cycles"))]  # noqa: S311
    other = [step.days for step in _ramps(plan, random.Random("2:cycles"))]  # noqa: S311
    assert first == again
    assert first != other
