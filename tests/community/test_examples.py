"""Practice examples: the draft → submitted → published (or returned) workflow, the privacy check,
history after publishing, comments, the one-per-person "useful" mark and the library's order."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from community import selectors, services
from community.models import ExampleStatus, Post, PracticeExample, Tag, UsefulMark
from tests.community.factories import ExampleFactory

FIELDS = {
    "title": "Coaching plans for new practitioners",
    "summary": "A written plan for every new practitioner.",
    "what_was_done": "Coaches and practitioners agreed a plan in week one.",
    "what_changed": "12 of 14 practitioners met the fidelity criteria.",
    "what_others_can_learn": "Write the plan before the first session.",
    "contact_role": "Practice development lead, Dundee",
}


def _form(dundee, **overrides):
    return {**FIELDS, "area": dundee.pk, "topics": "coaching", **overrides}


def _draft(member, dundee, **overrides):
    return services.example_save(actor=member, data={**FIELDS, "area": dundee, **overrides}, tags=[])


# --- Writing and the workflow ---------------------------------------------------------------------------


def test_a_new_example_is_a_draft_only_its_author_sees(client_as, member, lead, celcis, dundee):
    client = client_as(member)
    response = client.post(reverse("community:example_create"), _form(dundee))
    example = PracticeExample.objects.get()
    assert response.status_code == 302 and response.url == example.get_absolute_url()
    assert example.status == ExampleStatus.DRAFT and example.author == member
    assert [(t.kind, t.name) for t in example.tags.all()] == [("topic", "coaching")]
    assert client.get(example.get_absolute_url()).status_code == 200
    for other in (lead, celcis):
        assert client_as(other).get(example.get_absolute_url()).status_code == 404
    # Not in the library, nor for CELCIS's review list.
    assert example not in selectors.library(Access.for_user(member))
    assert example not in selectors.unpublished_for(Access.for_user(celcis))


def test_writing_refuses_a_phone_number_as_contact_and_keeps_what_was_typed(client_as, member, dundee):
    response = client_as(member).post(reverse("community:example_create"), _form(dundee, contact_role="07700 900123"))
    assert response.status_code == 200
    assert "not a phone number" in response.content.decode()
    assert "Coaching plans for new practitioners" in response.content.decode()
    assert not PracticeExample.objects.exists()


def test_an_area_member_cannot_write_about_another_area(client_as, member, dundee, inverclyde):
    response = client_as(member).post(reverse("community:example_create"), _form(inverclyde))
    assert response.status_code == 200
    assert not PracticeExample.objects.exists()


def test_submitting_needs_the_privacy_confirmation(client_as, member, dundee):
    draft = _draft(member, dundee)
    client = client_as(member)
    url = reverse("community:example_submit", args=[draft.pk])
    response = client.post(url, {})
    assert response.status_code == 200
    assert "Confirm that the example holds no detail" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.DRAFT and not draft.privacy_confirmed
    with pytest.raises(ValidationError):
        services.example_submit(example=draft, actor=member, privacy_confirmed=False)

    response = client.post(url, {"privacy_confirmed": "on"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.SUBMITTED
    assert draft.privacy_confirmed_by == member and draft.privacy_confirmed_at is not None
    assert draft.submitted_at is not None


def test_only_the_author_submits(member, lead, dundee):
    draft = _draft(member, dundee)
    with pytest.raises(PermissionDenied):
        services.example_submit(example=draft, actor=lead, privacy_confirmed=True)


def test_celcis_sees_the_confirmation_and_publishes(client_as, member, celcis, other_member, dundee):
    draft = _draft(member, dundee)
    services.example_submit(example=draft, actor=member, privacy_confirmed=True)
    client = client_as(celcis)
    review = client.get(reverse("community:example_review", args=[draft.pk]))
    page = review.content.decode()
    assert "Confirmed" in page and str(member) in page
    assert "holds no detail that could identify a child or family" in page
    assert draft in selectors.unpublished_for(Access.for_user(celcis))
    # Waiting for review: not for other readers yet.
    assert client_as(other_member).get(draft.get_absolute_url()).status_code == 404

    response = client.post(reverse("community:example_review", args=[draft.pk]), {"decision": "publish"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.PUBLISHED and draft.published_at is not None
    assert draft.reviewed_by == celcis
    assert client_as(other_member).get(draft.get_absolute_url()).status_code == 200
    assert draft in selectors.library(Access.for_user(other_member))


def test_celcis_cannot_publish_without_the_privacy_confirmation(celcis, member, dundee):
    example = ExampleFactory(
        area=dundee,
        author=member,
        status=ExampleStatus.SUBMITTED,
        published_at=None,
        privacy_confirmed_by=None,
        privacy_confirmed_at=None,
    )
    with pytest.raises(ValidationError, match="has not confirmed"):
        services.example_publish(example=example, actor=celcis)
    example.refresh_from_db()
    assert example.status == ExampleStatus.SUBMITTED


def test_a_draft_cannot_be_published_nor_published_by_anyone_but_celcis(member, lead, celcis, dundee):
    draft = _draft(member, dundee)
    with pytest.raises(ValidationError):
        services.example_publish(example=draft, actor=celcis)
    services.example_submit(example=draft, actor=member, privacy_confirmed=True)
    with pytest.raises(PermissionDenied):
        services.example_publish(example=draft, actor=lead)
    with pytest.raises(PermissionDenied):
        services.example_publish(example=draft, actor=member)


def test_returning_needs_a_comment_which_the_author_sees(client_as, member, celcis, dundee):
    draft = _draft(member, dundee)
    services.example_submit(example=draft, actor=member, privacy_confirmed=True)
    client = client_as(celcis)
    url = reverse("community:example_review", args=[draft.pk])
    response = client.post(url, {"decision": "return", "comment": "  "})
    assert response.status_code == 200 and "Say what the author should change" in response.content.decode()
    response = client.post(url, {"decision": "return", "comment": "Remove the school's name, please."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.RETURNED
    page = client_as(member).get(draft.get_absolute_url()).content.decode()
    assert "Remove the school&#x27;s name, please." in page or "Remove the school's name, please." in page
    # The author changes it and sends it again, confirming again.
    services.example_save(
        actor=member,
        example=draft,
        data={**FIELDS, "area": dundee, "summary": "Better."},
        tags=[],
        expected_version=draft.version,
    )
    draft.refresh_from_db()
    assert draft.status == ExampleStatus.RETURNED and not draft.privacy_confirmed
    services.example_submit(example=draft, actor=member, privacy_confirmed=True)
    assert PracticeExample.objects.get(pk=draft.pk).status == ExampleStatus.SUBMITTED


def test_edits_after_publishing_are_held_for_review_and_keep_history(client_as, member, celcis, dundee):
    example = _draft(member, dundee)
    services.example_submit(example=example, actor=member, privacy_confirmed=True)
    services.example_publish(example=example, actor=celcis)
    example.refresh_from_db()
    client = client_as(member)
    url = reverse("community:example_edit", args=[example.pk])
    form = client.get(url).content.decode()
    assert "readers see the published version" in form and FIELDS["what_changed"] in form
    assert 'name="privacy_confirmed"' not in form  # confirmed when the changes are sent

    response = client.post(url, _form(dundee, what_changed="14 of 14 practitioners met the criteria."))
    assert response.status_code == 302
    example.refresh_from_db()
    assert example.status == ExampleStatus.PUBLISHED
    assert example.what_changed == FIELDS["what_changed"]  # readers still see the published words
    changes = example.revisions.get()
    assert changes.status == ExampleStatus.DRAFT and changes.what_changed.startswith("14 of 14")

    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    services.example_changes_publish(example=example, actor=celcis)
    example.refresh_from_db()
    assert example.what_changed.startswith("14 of 14")
    records = list(example.history.order_by("history_date"))
    assert records[-1].history_change_reason == "Changes published"
    assert FIELDS["what_changed"] in [r.what_changed for r in records]
    history = client.get(reverse("community:example_history", args=[example.pk])).content.decode()
    assert "Changes after publishing" in history


def test_a_stale_edit_is_refused_and_explained(client_as, member, celcis, dundee):
    example = _draft(member, dundee)
    opened = example.version
    services.example_save(
        actor=member,
        example=example,
        data={**FIELDS, "area": dundee, "title": "First"},
        tags=[],
        expected_version=opened,
    )
    response = client_as(member).post(
        reverse("community:example_edit", args=[example.pk]), _form(dundee, title="Second", version=opened)
    )
    assert response.status_code == 200
    assert "Second" in response.content.decode()
    assert PracticeExample.objects.get(pk=example.pk).title == "First"


# --- Comments, useful marks and the library's order ---------------------------------------------------------


def test_comments_on_published_examples_only(client_as, member, other_member, dundee):
    published = ExampleFactory(area=dundee)
    client = client_as(other_member)
    response = client.post(reverse("community:example_comment", args=[published.pk]), {"body": "How long did it take?"})
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == post.get_absolute_url()
    assert post.example == published and post.author == other_member
    assert "How long did it take?" in client.get(published.get_absolute_url()).content.decode()
    # An empty comment comes back with a message.
    response = client.post(reverse("community:example_comment", args=[published.pk]), {"body": " "})
    assert response.status_code == 200 and Post.objects.count() == 1
    # A draft takes no comments, even from its author.
    draft = _draft(member, dundee)
    response = client_as(member).post(reverse("community:example_comment", args=[draft.pk]), {"body": "Note"})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        services.example_comment_add(example=draft, actor=member, body="Note")


def test_useful_mark_is_one_per_person_and_not_for_your_own(client_as, member, lead, dundee):
    example = ExampleFactory(area=dundee, author=member)
    client = client_as(lead)
    url = reverse("community:example_useful", args=[example.pk])
    client.post(url, {"action": "mark"})
    client.post(url, {"action": "mark"})
    assert UsefulMark.objects.filter(example=example).count() == 1
    services.example_mark_useful(example=example, actor=lead, useful=True)
    assert UsefulMark.objects.filter(example=example).count() == 1
    client.post(url, {"action": "unmark"})
    assert not UsefulMark.objects.exists()
    with pytest.raises(ValidationError):
        services.example_mark_useful(example=example, actor=member, useful=True)
    client_as(member).post(url, {"action": "mark"})
    assert not UsefulMark.objects.exists()


def test_useful_marks_order_the_library(client_as, member, lead, celcis, other_member, dundee):
    now = timezone.now()
    older = ExampleFactory(area=dundee, title="Older but useful", published_at=now - timezone.timedelta(days=30))
    newer = ExampleFactory(area=dundee, title="Newer", published_at=now)
    middle = ExampleFactory(area=dundee, title="Middle", published_at=now - timezone.timedelta(days=10))
    for person in (member, lead, celcis):
        services.example_mark_useful(example=older, actor=person, useful=True)
    services.example_mark_useful(example=middle, actor=member, useful=True)
    access = Access.for_user(other_member)
    assert list(selectors.library(access, sort="useful")) == [older, middle, newer]
    assert list(selectors.library(access)) == [newer, middle, older]
    page = client_as(other_member).get(reverse("community:example_list") + "?sort=useful").content.decode()
    assert page.index("Older but useful") < page.index("Middle") < page.index("Newer")


def test_library_browses_by_area_tag_and_framework(client_as, member, dundee, inverclyde):
    coaching = Tag.objects.get(slug="driver-coaching")
    drivers = Tag.objects.get(slug="implementation-drivers")
    tagged = ExampleFactory(area=dundee, title="Tagged coaching")
    tagged.tags.set([coaching, drivers])
    ExampleFactory(area=inverclyde, title="Inverclyde example")
    client = client_as(member)
    by_area = client.get(reverse("community:example_list") + "?area=inverclyde").content.decode()
    assert "Inverclyde example" in by_area and "Tagged coaching" not in by_area
    by_tag = client.get(reverse("community:example_list") + "?tag=driver-coaching").content.decode()
    assert "Tagged coaching" in by_tag and "Inverclyde example" not in by_tag
    by_framework = client.get(reverse("community:example_list") + "?tag=implementation-drivers").content.decode()
    assert "Tagged coaching" in by_framework and "Inverclyde example" not in by_framework
    # A tag no published example has shows none, not everything.
    unused = client.get(reverse("community:example_list") + "?tag=stage-full-implementation").content.decode()
    assert "Tagged coaching" not in unused and "Inverclyde example" not in unused
    assert "No published example matches" in unused


def test_hidden_comments_are_not_counted(member, celcis, other_member, dundee):
    example = ExampleFactory(area=dundee)
    services.example_comment_add(example=example, actor=member, body="Useful!")
    rude = services.example_comment_add(example=example, actor=other_member, body="Off topic")
    services.post_hide(post=rude, actor=celcis, reason="Off topic")
    shown = selectors.examples_for(Access.for_user(member)).get(pk=example.pk)
    assert shown.comment_count == 1
