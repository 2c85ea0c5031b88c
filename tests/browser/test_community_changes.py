"""Changes to a published practice example in a real browser: the author edits it and attaches a file,
readers keep seeing the published version (and cannot open the file), the author sends the changes
with the privacy check, and CELCIS publishes them. Every page checked with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from community.models import Attachment, ExampleRevision, ExampleStatus
from tests.community.factories import PDF_BYTES, ExampleFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PUBLISHED = "80 practitioners used the shared page within six months."


def _settle(site):
    site.page.wait_for_load_state("load")
    site.check_accessibility()


def _sign_out(site):
    site.page.get_by_role("button", name="Sign out").click()
    _settle(site)


def test_changes_to_a_published_example_wait_for_celcis(
    site, signed_in, member, community, celcis, dundee, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    example = ExampleFactory(area=dundee, author=member, title="A shared language", what_changed=PUBLISHED)
    page = site.page

    # The author changes the words and attaches a file: both are kept aside.
    signed_in(member)
    site.visit(f"/community/examples/{example.pk}/")
    page.get_by_role("link", name="Edit the example").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("readers see the published version")
    page.get_by_label("What changed").fill("95 practitioners used the shared page within a year.")
    page.get_by_role("button", name="Save").click()
    _settle(site)
    expect(page.get_by_role("status").first).to_contain_text("readers still see the published version")
    expect(page.get_by_role("heading", level=1)).to_have_text("Changes to “A shared language”")
    expect(page.locator("main")).to_contain_text("95 practitioners")
    page.get_by_role("link", name="Add a file to the changes").click()
    _settle(site)
    page.get_by_label("File").set_input_files(
        {"name": "workshop-plan.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_label("Description").fill("Workshop plan")
    page.get_by_role("button", name="Upload").click()
    _settle(site)
    expect(page.get_by_role("status").first).to_contain_text("Only you and CELCIS can open it")
    expect(page.locator("#changes")).to_contain_text("Changes not yet published")
    page.get_by_role("link", name="See the changes").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("95 practitioners")
    expect(page.locator("main")).to_contain_text("Workshop plan")
    _sign_out(site)

    # A community member still reads the published version and cannot open the file.
    attachment = Attachment.objects.get()
    signed_in(community)
    site.visit(f"/community/examples/{example.pk}/")
    expect(page.locator("main")).to_contain_text(PUBLISHED)
    expect(page.locator("main")).not_to_contain_text("Workshop plan")
    expect(page.locator("main")).not_to_contain_text("95 practitioners")
    response = page.request.get(f"{site.base_url}/community/files/{attachment.pk}/")
    assert response.status == 404
    _sign_out(site)

    # The author sends the changes with the privacy check.
    signed_in(member)
    site.visit(f"/community/examples/{example.pk}/")
    page.get_by_role("link", name="Send your changes to CELCIS").click()
    _settle(site)
    page.get_by_label(re.compile("I confirm this example holds no detail")).check()
    page.get_by_role("button", name="Send to CELCIS").click()
    _settle(site)
    expect(page.get_by_role("status").first).to_contain_text("Your changes are sent to CELCIS")
    _sign_out(site)

    # CELCIS reviews the changes and the file, and publishes them.
    signed_in(celcis)
    site.visit(f"/community/examples/{example.pk}/")
    page.get_by_role("link", name="Publish or return the changes").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("What changed")
    expect(page.locator("main")).to_contain_text("Workshop plan")
    page.get_by_label("Publish the example").check()
    page.get_by_role("button", name="Save decision").click()
    _settle(site)
    expect(page.get_by_role("status").first).to_contain_text("are published")
    assert ExampleRevision.objects.get().status == ExampleStatus.PUBLISHED
    _sign_out(site)

    signed_in(community)
    site.visit(f"/community/examples/{example.pk}/")
    expect(page.locator("main")).to_contain_text("95 practitioners")
    expect(page.get_by_role("link", name="Workshop plan")).to_be_visible()
