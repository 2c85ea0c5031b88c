import pytest
from django.urls import reverse

from areas.models import LocalArea, Role
from tests.factories import LocalAreaFactory, MembershipFactory, UserFactory
from tests.query_budget import assert_flat_query_count


def test_member_of_one_area_lands_on_their_to_do_list_with_a_link_to_the_area(client_for, member, dundee):
    response = client_for(member).get("/")
    assert response.status_code == 200 and "What needs you" in response.content.decode()
    assert reverse("areas:overview", args=[dundee.slug]) in response.content.decode()


def test_member_of_two_areas_finds_both_from_home(client_for, member, inverclyde):
    MembershipFactory(user=member, area=inverclyde)
    client = client_for(member)
    page = client.get("/").content.decode()
    assert "/areas/dundee/" in page and "/areas/inverclyde/" in page
    page = client.get(reverse("areas:list")).content.decode()
    assert "Dundee City" in page and "Inverclyde" in page and "Angus" not in page


@pytest.mark.parametrize("who", ["celcis", "viewer"])
def test_national_roles_find_the_national_pages_from_home(client_for, request, who):
    page = client_for(request.getfixturevalue(who)).get("/").content.decode()
    assert reverse("areas:national") in page and reverse("reports:review") in page


def test_community_member_finds_the_community_of_practice_from_home(client_for, community):
    page = client_for(community).get("/").content.decode()
    assert reverse("community:home") in page and "/areas/" not in page


def test_someone_with_no_role_is_told_whom_to_ask(client_for, nobody):
    page = client_for(nobody).get("/").content.decode()
    assert "not a member of any area yet" in page


def test_national_overview_lists_all_32_authorities_programme_areas_first(client_for, viewer):
    response = client_for(viewer).get(reverse("areas:national"))
    programme = [a.slug for a in response.context["programme_areas"]]
    assert programme == ["dundee", "inverclyde", "perth-and-kinross"]
    assert len(response.context["other_areas"]) == 29
    assert "3 of Scotland's 32 local authority areas" in response.content.decode()


def test_area_overview_shows_members_and_roles(client_for, viewer, member, lead, dundee):
    page = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert str(member) in page and str(lead) in page and "Area lead" in page
    assert "Edit area details" not in page  # only CELCIS edits an area


def test_area_list_filters_by_name_and_programme(client_for, celcis):
    client = client_for(celcis)
    names = [a.name for a in client.get(reverse("areas:list"), {"q": "ayr"}).context["areas"]]
    assert names == ["East Ayrshire", "North Ayrshire", "South Ayrshire"]
    programme = client.get(reverse("areas:list"), {"programme": "yes"}).context["areas"]
    assert [a.slug for a in programme] == ["dundee", "inverclyde", "perth-and-kinross"]
    assert client.get(reverse("areas:list")).context["paginator"].num_pages == 2  # 32 areas, 25 a page


def test_tampered_slug_gives_404(client_for, celcis):
    assert client_for(celcis).get("/areas/no-such-area/").status_code == 404


def test_error_pages_use_the_site_layout(client_for, member):
    response = client_for(member).get("/areas/inverclyde-does-not-exist/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode() and "Skip to main content" in response.content.decode()


def test_every_response_carries_the_security_headers(client):
    response = client.get(reverse("login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "script-src 'self'" in response["Content-Security-Policy"]


# --- Query budgets ---------------------------------------------------------------------------


def _add_area_members(area):
    def add():
        for role in (Role.AREA_MEMBER, Role.AREA_LEAD):
            MembershipFactory(area=area, role=role)

    return add


# The area overview also carries the panels other apps register (stages, teams, …) and the to-do
# panel, which asks every app's to-do source; each uses a fixed number of queries of its own, and this
# budget covers the whole page.
OVERVIEW_BUDGET = 45


def test_area_overview_query_count_does_not_grow_with_members(client_for, member, dundee):
    assert_flat_query_count(
        client_for(member),
        reverse("areas:overview", args=[dundee.slug]),
        _add_area_members(dundee),
        max_queries=OVERVIEW_BUDGET,
    )


def test_members_page_query_count_does_not_grow_with_members(client_for, lead, dundee):
    assert_flat_query_count(
        client_for(lead), reverse("areas:members", args=[dundee.slug]), _add_area_members(dundee), max_queries=10
    )


def test_area_history_query_count_does_not_grow_with_changes(client_for, lead, dundee):
    def add():
        membership = MembershipFactory(area=dundee)
        membership.role = Role.AREA_LEAD
        membership.save()

    assert_flat_query_count(client_for(lead), reverse("areas:history", args=[dundee.slug]), add, max_queries=10)


def test_national_overview_query_count_does_not_grow_with_areas_or_members(client_for, viewer):
    def add():
        area = LocalAreaFactory()
        for area_ in (area, LocalArea.objects.get(slug="dundee")):
            MembershipFactory(area=area_)

    assert_flat_query_count(client_for(viewer), reverse("areas:national"), add, max_queries=8)


def test_national_people_query_count_does_not_grow_with_people(client_for, celcis):
    def add():
        MembershipFactory(area=None, role=Role.NATIONAL_VIEWER)
        MembershipFactory(area=LocalArea.objects.get(slug="angus"), role=Role.COMMUNITY_MEMBER)

    assert_flat_query_count(client_for(celcis), reverse("areas:national_people"), add, max_queries=10)


def test_area_list_query_count_does_not_grow_with_areas(client_for, celcis):
    assert_flat_query_count(client_for(celcis), reverse("areas:list"), lambda: LocalAreaFactory(), max_queries=8)


def test_a_user_with_many_memberships_costs_one_query_for_access(client_for, dundee):
    user = UserFactory()
    for area in LocalArea.objects.all()[:10]:
        MembershipFactory(user=user, area=area)
    assert_flat_query_count(
        client_for(user), reverse("areas:overview", args=[dundee.slug]), lambda: None, max_queries=OVERVIEW_BUDGET
    )


def test_the_server_error_page_renders_in_the_layout_without_a_request_context(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, something went wrong" in content and "Skip to main content" in content
