"""The Community of Practice in a real browser: one journey through the library, writing an example,
sending it to CELCIS with the privacy check, CELCIS publishing it, registering for an event and
replying in a discussion; and every kind of community page, each checked with axe-core."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import expect

from community import services
from community.models import EventRegistration, ExampleStatus, Post, PracticeExample, Reference, Tag
from tests.community.factories import PDF_BYTES, EventFactory, ExampleFactory
from tests.innovations.factories import InnovationFactory

# serialized_rollback: restore the rows data migrations load (areas, tags, the evidence library).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _settle(site):
    site.page.wait_for_load_state("load")
    site.check_accessibility()


def _sign_out(site):
    site.page.get_by_role("button", name="Sign out").click()
    _settle(site)


def test_a_members_journey_through_the_community(
    site, signed_in, member, other_member, celcis, dundee, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    published = ExampleFactory(area=dundee, title="A shared language for noticing neglect", author=other_member)
    published.tags.set([Tag.objects.get(slug="implementation-stages")])
    event = EventFactory(title="Community of Practice – spring", venue="A hall, Perth")
    topic = services.topic_create(actor=other_member, title="Protecting coaches' time", body="What works?")

    signed_in(member)
    page = site.page
    site.visit("/community/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Community of Practice")

    # Browse the library by a framework and open an example.
    page.get_by_role("navigation", name="Community of Practice sections").get_by_role("link", name="Examples").click()
    _settle(site)
    page.get_by_role("link", name="Implementation Stages").first.click()
    _settle(site)
    page.get_by_role("link", name="A shared language for noticing neglect").click()
    _settle(site)
    page.get_by_role("button", name="I found this useful").click()
    _settle(site)
    expect(page.get_by_role("button", name="Remove your “useful” mark")).to_be_visible()

    # Write a draft and send it to CELCIS; the privacy check must be ticked.
    site.visit("/community/examples/new/")
    page.get_by_label("Title").fill("Coaching plans for new practitioners")
    page.get_by_label("Summary").fill("Every new practitioner has a written coaching plan.")
    page.get_by_label("What was done").fill("Coaches agreed a plan with each practitioner in week one.")
    page.get_by_label("What changed").fill("12 of 14 practitioners met the fidelity criteria.")
    page.get_by_label("What others can learn").fill("Write the plan **before** the first session.")
    page.get_by_label("Contact role").fill("Practice development lead, Dundee")
    page.get_by_label("Coaching", exact=True).check()
    page.get_by_role("button", name="Save the draft").click()
    _settle(site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coaching plans for new practitioners")
    expect(page.locator("main")).to_contain_text("Only you can see this draft")
    page.get_by_role("link", name="Send to CELCIS for review").click()
    _settle(site)
    page.get_by_role("button", name="Send to CELCIS").click()
    _settle(site)
    expect(page.get_by_role("alert")).to_contain_text("Confirm that the example holds no detail")
    page.get_by_label(re.compile("I confirm this example holds no detail")).check()
    page.get_by_role("button", name="Send to CELCIS").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("Waiting for CELCIS")
    draft = PracticeExample.objects.get(title="Coaching plans for new practitioners")
    assert draft.status == ExampleStatus.SUBMITTED and draft.privacy_confirmed_by == member

    # Register for an event.
    site.visit("/community/events/")
    page.get_by_role("link", name="Community of Practice – spring").click()
    _settle(site)
    page.get_by_role("button", name="Register to attend").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("You are registered")
    assert EventRegistration.objects.filter(event=event, user=member).exists()

    # Reply in a discussion.
    site.visit("/community/discussions/")
    page.get_by_role("link", name="Protecting coaches' time").click()
    _settle(site)
    page.get_by_label("Your reply").fill("We put coaching time in *job descriptions*.")
    page.get_by_role("button", name="Post your reply").click()
    _settle(site)
    expect(page.locator("main em")).to_have_text("job descriptions")
    assert Post.objects.filter(topic=topic, author=member).exists()
    _sign_out(site)

    # CELCIS sees the privacy confirmation and publishes.
    signed_in(celcis)
    site.visit(f"/community/examples/{draft.pk}/")
    page.get_by_role("link", name="Publish or return").click()
    _settle(site)
    expect(page.locator("main")).to_contain_text("Confirmed")
    expect(page.locator("main")).to_contain_text(member.get_full_name())
    page.get_by_label("Publish the example").check()
    page.get_by_role("button", name="Save decision").click()
    _settle(site)
    expect(page.get_by_role("status").first).to_contain_text("is published in the library")
    site.visit("/community/examples/?sort=newest")
    expect(page.get_by_role("table")).to_contain_text("Coaching plans for new practitioners")


def test_every_community_page_is_accessible(site, signed_in, member, lead, celcis, dundee, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    example = ExampleFactory(area=dundee, author=member, what_changed="**80** practitioners.")
    example.tags.set(Tag.objects.filter(slug__in=["driver-coaching", "implementation-drivers"]))
    services.example_links_set(example=example, actor=member, targets=[InnovationFactory(area=dundee)])
    attachment = services.attachment_add(
        actor=member, example=example, file=SimpleUploadedFile("plan.pdf", PDF_BYTES), title="The plan"
    )
    comment = services.example_comment_add(example=example, actor=lead, body="How long did it take?")
    services.post_edit(post=comment, actor=lead, body="How long did it take, roughly?", expected_version=1)
    draft = ExampleFactory(area=dundee, author=member, status=ExampleStatus.DRAFT, published_at=None)
    submitted = ExampleFactory(area=dundee, status=ExampleStatus.SUBMITTED, published_at=None)
    held = EventFactory(
        host_area=dundee,
        created_by=lead,
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=5),
        learning="Coaching plans helped.",
    )
    services.attachment_add(actor=lead, event=held, file=SimpleUploadedFile("slides.pdf", PDF_BYTES))
    EventRegistration.objects.create(
        event=held, user=member, area=dundee, role="member", registered_at=held.starts_at - timedelta(days=7)
    )
    upcoming = EventFactory(
        host_area=dundee, created_by=lead, format="online", venue="", joining_link="https://meet.example.org/x"
    )
    topic = services.topic_create(actor=member, title="Coaching time", body="What works?")
    reply = services.topic_reply(topic=topic, actor=lead, body="A shared calendar.")
    reference = Reference.objects.order_by("pk").first()
    follow = services.follow_ensure(actor=member, topic=topic)
    token = services.unsubscribe_token(follow=follow)

    # The unsubscribe page works without signing in.
    for path in (f"/community/unsubscribe/{token}/",):
        assert site.visit(path).status == 200, path

    signed_in(member)
    member_pages = [
        "/community/",
        "/community/search/",
        "/community/search/?q=coaching",
        "/community/events/",
        "/community/events/?show=past",
        f"/community/events/{upcoming.pk}/",
        f"/community/events/{held.pk}/",
        "/community/examples/",
        "/community/examples/?q=coaching&sort=useful",
        "/community/examples/new/",
        f"/community/examples/{example.pk}/",
        f"/community/examples/{example.pk}/edit/",
        f"/community/examples/{example.pk}/links/",
        f"/community/examples/{example.pk}/files/new/",
        f"/community/examples/{example.pk}/history/",
        f"/community/files/{attachment.pk}/remove/",
        f"/community/examples/{draft.pk}/",
        f"/community/examples/{draft.pk}/submit/",
        "/community/discussions/",
        "/community/discussions/new/",
        f"/community/discussions/{topic.pk}/",
        f"/community/posts/{topic.posts.get(is_opening=True).pk}/edit/",
        f"/community/posts/{comment.pk}/history/",
        "/community/evidence/",
        "/community/evidence/?q=neglect",
        "/community/evidence/new/",
        f"/community/evidence/{reference.pk}/",
    ]
    for path in member_pages:
        assert site.visit(path).status == 200, path
    # Forms sent back with errors are accessible too.
    site.visit("/community/discussions/new/")
    site.page.get_by_role("button", name=re.compile("Start|Save|Post")).first.click()
    _settle(site)
    expect(site.page.get_by_role("alert")).to_be_visible()
    _sign_out(site)

    signed_in(celcis)
    for path in [
        "/community/events/new/",
        f"/community/events/{held.pk}/edit/",
        f"/community/events/{held.pk}/attendance/",
        f"/community/events/{held.pk}/materials/new/",
        f"/community/examples/{submitted.pk}/",
        f"/community/examples/{submitted.pk}/review/",
        f"/community/posts/{reply.pk}/hide/",
        f"/community/evidence/{reference.pk}/edit/",
    ]:
        assert site.visit(path).status == 200, path
    site.visit(f"/community/posts/{reply.pk}/hide/")
    site.page.get_by_label("Reason").fill("A test of hiding.")
    site.page.get_by_role("button", name="Hide the post").click()
    _settle(site)
    expect(site.page.locator("main")).to_contain_text("Hidden")
