"""Everyone's home page: a to-do list for their role, most urgent first, each item linking to where it
is done; CELCIS specialists start from their own areas; nobody is left without a way on."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from areas.models import LocalArea, Role, SpecialistAssignment
from areas.todos import home_scope, timing
from core import todos
from core.todos import Todo, Urgency
from tests.factories import MembershipFactory, UserFactory
from tests.query_budget import assert_flat_query_count
from tests.reports.factories import PAST, QuarterlyReturnFactory
from tests.stages.factories import StageChangeFactory
from tests.teams.factories import ActionFactory

HOME = reverse("home")
TODAY = datetime.date(2027, 1, 10)


@pytest.fixture
def recorded_scopes(monkeypatch):
    """Replace every source with one that records the scope it is given and offers one item per area,
    so the page itself is tested apart from what the framework apps put on it."""
    seen = []

    def source(scope):
        seen.append(scope)
        found = [
            Todo(
                key="test.write",
                title=f"Write {area.name}'s plan",
                url=f"/areas/{area.slug}/",
                urgency=Urgency.DUE_SOON,
                area=area.name,
                due=scope.today + datetime.timedelta(days=5),
            )
            for area in scope.areas
        ]
        if scope.lead_area_ids:
            found.append(
                Todo(
                    key="test.confirm",
                    title="Confirm the proposed move to Installation",
                    url="/confirm/",
                    urgency=Urgency.OVERDUE,
                    area=scope.areas[0].name,
                    since=scope.today - datetime.timedelta(days=12),
                )
            )
        return found

    monkeypatch.setattr(todos, "_SOURCES", {"test": source})
    return seen


def test_an_area_member_sees_their_areas_items_with_due_dates_and_links(client_for, member, recorded_scopes):
    page = client_for(member).get(HOME).content.decode()
    scope = recorded_scopes[-1]
    assert [area.slug for area in scope.areas] == ["dundee"]
    assert scope.lead_area_ids == set() and not scope.celcis and scope.community
    assert "Write Dundee City&#x27;s plan" in page and 'href="/areas/dundee/"' in page
    assert f"Due {(timezone.localdate() + datetime.timedelta(days=5)):%-d %b %Y}" in page
    assert "Confirm the proposed move" not in page  # a member confirms nothing


def test_a_lead_sees_what_waits_for_the_lead_first(client_for, lead, recorded_scopes):
    page = client_for(lead).get(HOME).content.decode()
    assert recorded_scopes[-1].lead_area_ids == {LocalArea.objects.get(slug="dundee").pk}
    assert "Overdue or holding others up" in page and "Waiting 12 days" in page
    assert page.index("Confirm the proposed move") < page.index("Write Dundee City")


def test_a_celcis_specialist_starts_from_their_own_areas_and_can_switch_to_all(
    client_for, celcis, dundee, inverclyde, recorded_scopes
):
    SpecialistAssignment.objects.create(area=inverclyde, user=celcis)
    client = client_for(celcis)
    page = client.get(HOME).content.decode()
    scope = recorded_scopes[-1]
    assert scope.celcis and [area.slug for area in scope.areas] == ["inverclyde"]
    assert "Showing the 1 area you support: Inverclyde" in page
    assert "Write Dundee City" not in page and 'href="?areas=all"' in page

    page = client.get(HOME, {"areas": "all"}).content.decode()
    assert {area.slug for area in recorded_scopes[-1].areas} == set(
        LocalArea.objects.in_programme().values_list("slug", flat=True)
    )
    assert "Write Dundee City" in page and "Show only the areas you support" in page


def test_celcis_supporting_no_area_sees_every_programme_area(client_for, celcis, recorded_scopes):
    page = client_for(celcis).get(HOME).content.decode()
    assert len(recorded_scopes[-1].areas) == LocalArea.objects.in_programme().count()
    assert "You support no area as a specialist yet" in page


def test_a_community_member_gets_community_items_and_no_areas(client_for, community, recorded_scopes):
    page = client_for(community).get(HOME).content.decode()
    scope = recorded_scopes[-1]
    assert scope.areas == [] and scope.community and not scope.celcis
    assert "Nothing needs you right now" in page
    assert reverse("community:home") in page


def test_an_area_viewer_is_offered_nothing_to_do_and_links_to_their_area(
    client_for, area_viewer, dundee, recorded_scopes
):
    page = client_for(area_viewer).get(HOME).content.decode()
    assert recorded_scopes[-1].areas == [] and not recorded_scopes[-1].community
    assert "Nothing needs you right now" in page
    assert dundee.get_absolute_url() in page and reverse("areas:summary", args=[dundee.slug]) in page


def test_the_empty_state_keeps_links_to_the_persons_areas_and_national_pages(client_for, viewer, monkeypatch):
    monkeypatch.setattr(todos, "_SOURCES", {})
    page = client_for(viewer).get(HOME).content.decode()
    assert "Nothing needs you right now" in page
    assert reverse("areas:national") in page and reverse("reports:review") in page


def test_someone_with_no_role_is_told_how_to_get_one(client_for, nobody):
    page = client_for(nobody).get(HOME).content.decode()
    assert "not a member of any area yet" in page


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (Todo("k", "t", "/", Urgency.DUE_SOON, due=datetime.date(2027, 1, 15)), "due 15 Jan 2027"),
        (Todo("k", "t", "/", Urgency.OVERDUE, due=datetime.date(2027, 1, 2)), "overdue since 2 Jan 2027"),
        (Todo("k", "t", "/", Urgency.DUE_SOON, due=TODAY), "due today"),
        (Todo("k", "t", "/", Urgency.DUE_SOON, since=datetime.date(2026, 12, 29)), "waiting 12 days"),
        (Todo("k", "t", "/", Urgency.DUE_SOON, since=datetime.date(2027, 1, 9)), "waiting 1 day"),
        (Todo("k", "t", "/", Urgency.UPCOMING), ""),
    ],
)
def test_each_item_says_when_it_is_due_or_how_long_it_has_waited(item, expected):
    assert timing(item, TODAY) == expected


def test_home_scope_for_a_member_of_two_areas_leading_one(db, dundee, inverclyde):
    person = UserFactory()
    MembershipFactory(user=person, area=dundee, role=Role.AREA_MEMBER)
    MembershipFactory(user=person, area=inverclyde, role=Role.AREA_LEAD)
    scope = home_scope(Access.for_user(person)).scope
    assert [a.slug for a in scope.areas] == ["dundee", "inverclyde"]
    assert scope.lead_area_ids == {inverclyde.pk}


def test_the_home_page_query_count_stays_flat_as_records_grow(client_for, celcis, lead, dundee, inverclyde):
    """With every real source registered: more areas' leads, returns, actions and stage changes, same count."""
    SpecialistAssignment.objects.create(area=dundee, user=celcis)
    SpecialistAssignment.objects.create(area=inverclyde, user=celcis)
    quarters = [PAST]

    def add_rows():
        quarters.append(quarters[-1].previous())
        for area in (dundee, inverclyde):
            MembershipFactory(area=area, role=Role.AREA_LEAD)
            QuarterlyReturnFactory(area=area, quarter_start=quarters[-1].start, submitted=True)
            ActionFactory(area=area, created_by=lead, due_date=timezone.localdate() - datetime.timedelta(days=3))
        StageChangeFactory(area=dundee, stage="installation", status="proposed", recorded_by=lead)

    assert_flat_query_count(client_for(celcis), HOME, add_rows, factor=3, max_queries=40)
    assert_flat_query_count(client_for(lead), HOME, add_rows, factor=2, max_queries=40)
