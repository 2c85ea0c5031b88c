"""Changes to a published practice example (words or files) wait for CELCIS review and the author's
privacy confirmation before anyone else sees them; the published version stays visible meanwhile."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from community import services
from community.models import Attachment, ExampleRevision, ExampleStatus, PracticeExample
from notifications.models import Notification
from tests.community.factories import PDF_BYTES, ExampleFactory

PUBLISHED_WORDS = "80 practitioners used the shared page within six months."


def _form(example, **overrides):
    fields = {name: getattr(example, name) for name in services.REVISION_FIELDS}
    return {**fields, "area": example.area_id, "topics": "", **overrides}


def _edit(client, example, **overrides):
    return client.post(reverse("community:example_edit", args=[example.pk]), _form(example, **overrides))


def _download(client, attachment):
    return client.get(reverse("community:attachment_download", args=[attachment.pk]))


@pytest.fixture
def example(member, dundee):
    return ExampleFactory(area=dundee, author=member, title="Shared language")


def test_a_file_attached_after_publishing_is_not_downloadable_until_celcis_approves(
    client_as, example, member, community, other_member, viewer, celcis
):
    author = client_as(member)
    response = author.post(
        reverse("community:example_attachment_add", args=[example.pk]),
        {"file": SimpleUploadedFile("case-notes.pdf", PDF_BYTES), "title": "Case notes"},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.is_held
    for reader in (community, other_member, viewer):
        assert _download(client_as(reader), attachment).status_code == 404
        page = client_as(reader).get(example.get_absolute_url()).content.decode()
        assert "Case notes" not in page and "Changes not yet published" not in page
    assert _download(author, attachment).status_code == 200
    assert _download(client_as(celcis), attachment).status_code == 200  # CELCIS reads it to review
    assert "Case notes" in author.get(example.get_absolute_url()).content.decode()

    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    assert _download(client_as(community), attachment).status_code == 404  # sent, not yet approved
    services.example_changes_publish(example=example, actor=celcis)
    assert _download(client_as(community), attachment).status_code == 200
    assert "Case notes" in client_as(community).get(example.get_absolute_url()).content.decode()


# A street no generated name or place contains, so "not on the page" means the edit is hidden.
STREET = "Quoyburray Wynd"


def test_a_text_edit_after_publishing_is_not_visible_until_approved(client_as, example, member, community, celcis):
    author = client_as(member)
    assert _edit(author, example, what_changed=f"The Smith family at 4 {STREET}.").status_code == 302
    example.refresh_from_db()
    assert example.what_changed == PUBLISHED_WORDS and example.status == ExampleStatus.PUBLISHED

    reader = client_as(community)
    page = reader.get(example.get_absolute_url()).content.decode()
    assert PUBLISHED_WORDS in page and STREET not in page  # the published version stays visible
    assert STREET not in reader.get(reverse("community:example_list")).content.decode()
    assert reader.get(reverse("community:example_changes", args=[example.pk])).status_code == 403
    mine = author.get(reverse("community:example_changes", args=[example.pk])).content.decode()
    assert STREET in mine and "What changed" in mine

    # CELCIS returns it; readers still see the published words.
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    review = client_as(celcis).get(reverse("community:example_review", args=[example.pk]))
    assert review.status_code == 200 and STREET in review.content.decode()
    client_as(celcis).post(
        reverse("community:example_review", args=[example.pk]), {"decision": "return", "comment": "Names a family."}
    )
    assert ExampleRevision.objects.get().status == ExampleStatus.RETURNED
    assert Notification.objects.filter(recipient=member, title__contains="sent back").exists()
    assert STREET not in reader.get(example.get_absolute_url()).content.decode()

    # The author puts it right and sends it again; CELCIS publishes it, and only then readers see it.
    revision = ExampleRevision.objects.get()
    data = _form(revision, what_changed="90 practitioners used the page.", version=revision.version)
    assert author.post(reverse("community:example_edit", args=[example.pk]), data).status_code == 302
    submit = author.post(reverse("community:example_submit", args=[example.pk]), {"privacy_confirmed": "on"})
    assert submit.status_code == 302
    assert PracticeExample.objects.get(pk=example.pk).what_changed == PUBLISHED_WORDS
    client_as(celcis).post(reverse("community:example_review", args=[example.pk]), {"decision": "publish"})
    page = reader.get(example.get_absolute_url()).content.decode()
    assert "90 practitioners used the page." in page and PUBLISHED_WORDS not in page
    assert ExampleRevision.objects.get().status == ExampleStatus.PUBLISHED


def test_sending_the_changes_needs_the_authors_privacy_confirmation(client_as, example, member, celcis):
    services.example_changes_save(actor=member, example=example, data={"title": "New title"}, tags=[])
    response = client_as(member).post(reverse("community:example_submit", args=[example.pk]), {})
    assert response.status_code == 200 and "Confirm that" in response.content.decode()
    with pytest.raises(ValidationError):
        services.example_changes_publish(example=example, actor=celcis)  # not sent yet
    with pytest.raises(PermissionDenied):
        services.example_changes_submit(example=example, actor=celcis, privacy_confirmed=True)
    assert PracticeExample.objects.get(pk=example.pk).title == "Shared language"


def test_a_file_added_to_changes_with_celcis_takes_them_back_to_the_author(example, member):
    services.example_changes_save(actor=member, example=example, data={"title": "New title"}, tags=[])
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    services.attachment_add(actor=member, file=SimpleUploadedFile("plan.pdf", PDF_BYTES), example=example)
    changes = ExampleRevision.objects.get()
    assert changes.status == ExampleStatus.DRAFT and not changes.privacy_confirmed
    assert changes.held_files.count() == 1


def test_only_editors_change_a_published_example_and_only_celcis_publishes(example, other_member, member):
    with pytest.raises(PermissionDenied):
        services.example_changes_save(actor=other_member, example=example, data={"title": "Mine now"}, tags=[])
    services.example_changes_save(actor=member, example=example, data={"title": "New title"}, tags=[])
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    with pytest.raises(PermissionDenied):
        services.example_changes_publish(example=example, actor=member)


def test_two_people_starting_changes_at_once_do_not_overwrite_each_other(client_as, example, member, celcis):
    opened = client_as(member).get(reverse("community:example_edit", args=[example.pk]))
    assert opened.status_code == 200
    services.example_changes_save(actor=celcis, example=example, data={"title": "CELCIS's title"}, tags=[])
    response = _edit(client_as(member), example, title="The author's title")
    assert response.status_code == 200
    assert "Someone else saved changes to this example" in response.content.decode()
    assert ExampleRevision.objects.get().title == "CELCIS's title"


def test_only_one_set_of_changes_is_open_at_a_time(example, member, celcis):
    services.example_changes_save(actor=member, example=example, data={"title": "First"}, tags=[])
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    services.example_changes_publish(example=example, actor=celcis)
    revision = services.example_changes_save(actor=member, example=example, data={"title": "Second"}, tags=[])
    assert ExampleRevision.objects.count() == 2 and revision.status == ExampleStatus.DRAFT
    assert PracticeExample.objects.get(pk=example.pk).title == "First"
