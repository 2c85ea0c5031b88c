"""The Teams panel on the area overview, and the demo data."""

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from areas import demo as areas_demo
from areas.access import Access
from areas.models import LocalArea
from teams import demo, selectors
from teams.models import Action, Communication, Meeting, Team, TeamMember
from tests.teams.factories import ActionFactory, TeamFactory, TeamMemberFactory

TODAY = timezone.localdate()


def test_overview_panel_shows_capacity_by_organisation_and_overdue_actions(client_for, member, dundee, inverclyde):
    team = TeamFactory(area=dundee)
    TeamMemberFactory(team=team, organisation="nhs", hours_per_week=Decimal("18.5"))
    TeamMemberFactory(team=team, organisation="police", hours_per_week=Decimal("37"))
    TeamMemberFactory(team=team, organisation="police", hours_per_week=Decimal("37"), left_on=TODAY)
    for days in (3, 30, 10, 20):
        ActionFactory(area=dundee, title=f"Overdue by {days} days", due_date=TODAY - timedelta(days=days))
    ActionFactory(
        area=dundee, title="Done late", due_date=TODAY - timedelta(days=50), status="done", completed_on=TODAY
    )
    ActionFactory(area=inverclyde, title="Theirs", due_date=TODAY - timedelta(days=50))

    panel = selectors.overview_panel(dundee, Access.for_user(member))
    assert [(row.label, row.fte) for row in panel["capacity"]] == [
        ("NHS health board", Decimal("0.50")),
        ("Police", Decimal("1.00")),
    ]
    assert panel["total"].fte == Decimal("1.50") and panel["active_teams"] == 1
    assert panel["overdue_count"] == 4
    assert [a.title for a in panel["overdue_first"]] == [
        "Overdue by 30 days",
        "Overdue by 20 days",
        "Overdue by 10 days",
    ]

    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert '<h2 id="panel-teams"' in page
    # The teams panel itself (the area's to-do panel elsewhere on the page lists every overdue action).
    panel_html = page[page.index('<h2 id="panel-teams"') :]
    panel_html = panel_html[: panel_html.index("</section>")]
    assert "Dedicated time by partner organisation" in panel_html and "1.50 FTE" in panel_html
    assert "4 overdue" in panel_html and "Overdue by 30 days" in panel_html and "Overdue by 3 days" not in panel_html
    assert "Theirs" not in page and "Done late" not in page


def test_overview_panel_invites_the_first_team(client_for, member, viewer, dundee):
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "No implementation teams recorded yet." in page and reverse("teams:create", args=[dundee.slug]) in page
    page = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert reverse("teams:create", args=[dundee.slug]) not in page


def _counts():
    return [model.objects.count() for model in (Team, TeamMember, Meeting, Action, Communication)]


def test_demo_gives_each_programme_area_different_teams_and_runs_twice_without_duplicating(db):
    areas_demo.seed()
    demo.seed()
    first = _counts()
    demo.seed()
    assert _counts() == first
    areas = {slug: LocalArea.objects.get(slug=slug) for slug in ("dundee", "inverclyde", "perth-and-kinross")}
    teams = {slug: Team.objects.filter(area=area).count() for slug, area in areas.items()}
    fte = {slug: selectors.area_fte(area) for slug, area in areas.items()}
    assert teams["dundee"] > teams["perth-and-kinross"] > teams["inverclyde"] >= 1
    assert fte["dundee"] > fte["perth-and-kinross"] > fte["inverclyde"]
    for area in areas.values():
        assert Action.objects.filter(area=area).overdue().exists()
        assert Meeting.objects.filter(area=area).exists() and Communication.objects.filter(area=area).exists()
    assert all(name.endswith("(demo)") for name in TeamMember.objects.values_list("name", flat=True))
    assert all(name.endswith("(demo)") for name in Team.objects.values_list("name", flat=True))
    emails = TeamMember.objects.values_list("email", flat=True)
    assert all(email.endswith("@demo.neglect-portal.invalid") for email in emails)
    # Inverclyde is just starting, and it shows.
    inverclyde_team = selectors.teams_with_figures(areas["inverclyde"]).get()
    assert {flag.key for flag in inverclyde_team.health_flags} == {
        "few_members",
        "no_recent_meeting",
        "no_dedicated_time",
    }
    assert all(
        not t.health_flags
        for t in selectors.teams_with_figures(areas["dundee"]).filter(name__contains="Implementation")
    )


def test_demo_teams_pages_render(client_for, celcis):
    areas_demo.seed()
    demo.seed()
    client = client_for(celcis)
    team = Team.objects.filter(area__slug="dundee").first()
    for url in (
        reverse("teams:list", args=["dundee"]),
        reverse("teams:detail", args=["dundee", team.pk]),
        reverse("teams:actions", args=["dundee"]),
        reverse("teams:meetings", args=["inverclyde"]),
        reverse("teams:resourcing", args=["perth-and-kinross"]),
        reverse("areas:overview", args=["dundee"]),
    ):
        assert client.get(url).status_code == 200, url


def test_overview_panel_costs_three_queries_however_much_data(django_assert_num_queries, member, dundee):
    access = Access.for_user(member)
    for _ in range(3):
        team = TeamFactory(area=dundee)
        TeamMemberFactory(team=team, organisation="education")
        ActionFactory(area=dundee, due_date=TODAY - timedelta(days=2), owner=TeamMemberFactory(team=team))
    with django_assert_num_queries(3):
        panel = selectors.overview_panel(dundee, access)
    assert panel["overdue_count"] == 3 and panel["active_teams"] == 3
