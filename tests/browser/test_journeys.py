"""A person's journeys through the foundation pages, in a real browser, checked for accessibility."""

import re

import pytest
from playwright.sync_api import expect

# serialized_rollback: restore the rows data migrations load (areas, catalogues) after each test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_member_signs_in_reaches_their_area_and_signs_out(site, signed_in, member, lead, dundee):
    signed_in(member)
    page = site.page
    # Everyone lands on their home page: what needs them, and the way to their area.
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("link", name="Dundee City", exact=True).first.click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/areas/dundee/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Dundee City")
    expect(page.get_by_role("table", name=re.compile("People working on the programme"))).to_contain_text("Area lead")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_wrong_password_is_explained_and_the_username_kept(site, member):
    site.visit("/accounts/login/")
    page = site.page
    page.get_by_label("Username").fill(member.username)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("alert")).to_contain_text("Please enter a correct username and password")
    expect(page.get_by_label("Username")).to_have_value(member.username)


def test_skip_link_is_the_first_thing_the_keyboard_reaches(site):
    site.visit("/accounts/password_reset/done/")
    site.page.keyboard.press("Tab")
    assert site.page.evaluate("document.activeElement.textContent").strip() == "Skip to main content"
    site.page.keyboard.press("Enter")
    assert site.page.evaluate("document.activeElement.id") == "main"


def test_lead_adds_a_member_with_an_error_then_corrects_it(site, signed_in, lead, dundee):
    signed_in(lead)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/members/")
    page.get_by_role("link", name="Add a member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_label("Email address").fill("new.colleague@example.org")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()  # the form with its error summary must be accessible too
    expect(page.get_by_role("alert")).to_contain_text("Give a first and last name")
    expect(page.get_by_label("Email address")).to_have_value("new.colleague@example.org")
    page.get_by_label("First name").fill("New")
    page.get_by_label("Last name").fill("Colleague")
    page.get_by_role("button", name="Add member").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status")).to_contain_text("New Colleague added as area member")
    expect(page.get_by_role("table", name=re.compile("Current members"))).to_contain_text("new.colleague@example.org")


def test_lead_ends_a_membership_after_confirming(site, signed_in, lead, member, dundee):
    signed_in(lead)
    page = site.page
    site.visit(f"/areas/{dundee.slug}/members/")
    page.get_by_role("link", name=f"End membership of {member}").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    page.get_by_role("button", name="End membership").click()
    page.wait_for_load_state("load")
    site.check_accessibility()
    expect(page.get_by_role("status")).to_contain_text("membership of Dundee City has ended")


@pytest.mark.parametrize(
    "path",
    [
        "/national/",
        "/national/people/",
        "/national/people/add/",
        "/areas/",
        "/areas/dundee/",
        "/areas/dundee/edit/",
        "/areas/dundee/history/",
        "/areas/dundee/members/",
        "/accounts/password_change/",
    ],
)
def test_celcis_pages_are_accessible(site, signed_in, celcis, member, dundee, path):
    signed_in(celcis)
    response = site.visit(path)
    assert response.status == 200


def test_pages_without_sign_in_are_accessible(site, db):
    for path in ["/accounts/password_reset/", "/accounts/password_reset/done/", "/areas/no-such-area/", "/glossary/"]:
        site.visit(path)


def test_error_pages_are_accessible(site, signed_in, viewer, community, dundee):
    signed_in(viewer)
    response = site.visit(f"/areas/{dundee.slug}/members/")
    assert response.status == 403
    expect(site.page.get_by_role("heading", level=1)).to_have_text("You cannot do this")
    response = site.visit("/areas/not-an-area/")
    assert response.status == 404


def test_community_member_lands_on_the_community_of_practice(site, signed_in, community):
    signed_in(community)
    expect(site.page).to_have_url(re.compile(r"/$"))  # their home page: their to-do list
    site.page.get_by_role("link", name="Community of Practice").first.click()
    site.page.wait_for_load_state("load")
    site.check_accessibility()
    expect(site.page).to_have_url(re.compile(r"/community/$"))
    expect(site.page.get_by_role("heading", level=1)).to_contain_text("Community of Practice")


def test_someone_without_a_role_is_told_whom_to_ask(site, signed_in, nobody):
    signed_in(nobody)
    expect(site.page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_the_accessibility_check_does_catch_violations(page, axe):
    """Guards the guard: a page with an unlabelled field and an image without alt text fails."""
    page.set_content('<html lang="en"><body><main><img src="data:,"><input type="text"></main></body></html>')
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    rules = {violation["id"] for violation in results.response["violations"]}
    assert {"image-alt", "label"} <= rules
