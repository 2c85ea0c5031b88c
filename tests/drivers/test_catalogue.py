"""The versioned catalogue of drivers items: seeded, copied into a draft, edited, published."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from drivers import services
from drivers.models import Driver, DriverGroup, Item, ItemSet, ItemSetStatus


def test_nine_drivers_in_three_groups_and_version_1_published_with_history(db):
    by_group = {group: list(Driver.objects.filter(group=group).values_list("key", flat=True)) for group in DriverGroup}
    assert by_group == {
        "competency": ["selection", "training", "coaching", "fidelity"],
        "organisation": ["decision-support-data-system", "facilitative-administration", "systems-intervention"],
        "leadership": ["technical-leadership", "adaptive-leadership"],
    }
    version = ItemSet.objects.current()
    assert version.number == 1 and version.status == ItemSetStatus.PUBLISHED
    assert version.items.count() == 33
    assert version.items.filter(driver__key="coaching", text__icontains="direct observation").exists()
    item = version.items.first()
    assert item.history.get().history_change_reason == "Seed catalogue"
    assert version.history.get().history_type == "+"


def test_a_new_version_starts_as_a_draft_copy_of_the_published_one(celcis):
    draft = services.item_set_start_draft(actor=celcis, change_note="Plainer wording")
    assert draft.number == 2 and draft.is_draft and draft.based_on.number == 1
    assert list(draft.items.values_list("driver_id", "text")) == list(
        ItemSet.objects.get(number=1).items.values_list("driver_id", "text")
    )
    assert ItemSet.objects.current().number == 1  # nothing changes for areas until it is published
    with pytest.raises(ValidationError, match="draft version already exists"):
        services.item_set_start_draft(actor=celcis)


def test_only_celcis_changes_the_catalogue(lead, viewer, celcis):
    for person in (lead, viewer):
        with pytest.raises(PermissionDenied):
            services.item_set_start_draft(actor=person)
    draft = services.item_set_start_draft(actor=celcis)
    with pytest.raises(PermissionDenied):
        services.item_save(actor=lead, item_set=draft, driver=Driver.objects.first(), text="x")


def test_items_change_only_while_their_version_is_a_draft(celcis):
    published = ItemSet.objects.current()
    coaching = Driver.objects.get(key="coaching")
    with pytest.raises(ValidationError, match="published"):
        services.item_save(actor=celcis, item_set=published, driver=coaching, text="Coaches meet monthly")
    with pytest.raises(ValidationError, match="published"):
        services.item_remove(actor=celcis, item=published.items.first())

    draft = services.item_set_start_draft(actor=celcis)
    added = services.item_save(actor=celcis, item_set=draft, driver=coaching, text="  Coaches   meet monthly ", order=5)
    assert added.text == "Coaches meet monthly"
    with pytest.raises(ValidationError, match="already has an item with this wording"):
        services.item_save(actor=celcis, item_set=draft, driver=coaching, text="coaches meet monthly.")
    with pytest.raises(ValidationError, match="wording"):
        services.item_save(actor=celcis, item_set=draft, driver=coaching, text="   ")
    removed = draft.items.exclude(pk=added.pk).first()
    services.item_remove(actor=celcis, item=removed)
    assert not Item.objects.filter(pk=removed.pk).exists()
    assert Item.history.filter(id=removed.pk, history_type="-").get().history_user == celcis
    assert published.items.count() == 33  # the published version is untouched


def test_publishing_needs_an_item_for_every_driver_and_then_new_assessments_use_it(celcis):
    draft = services.item_set_start_draft(actor=celcis)
    for item in draft.items.filter(driver__key="adaptive-leadership"):
        services.item_remove(actor=celcis, item=item)
    with pytest.raises(ValidationError, match="Adaptive leadership"):
        services.item_set_publish(actor=celcis, item_set=draft)
    services.item_save(
        actor=celcis, item_set=draft, driver=Driver.objects.get(key="adaptive-leadership"), text="Leaders listen"
    )
    published = services.item_set_publish(actor=celcis, item_set=draft, change_note="Adaptive leadership in one item")
    assert published.status == ItemSetStatus.PUBLISHED and published.published_by == celcis
    assert ItemSet.objects.current() == published
    assert published.history.first().history_change_reason == "Published"
    with pytest.raises(ValidationError, match="published"):
        services.item_set_publish(actor=celcis, item_set=published)


def test_celcis_works_the_catalogue_through_the_pages(client_for, celcis):
    client = client_for(celcis)
    assert "Version 1" in client.get(reverse("drivers:catalogue")).content.decode()
    response = client.post(reverse("drivers:item_set_create"), {"change_note": "Clearer items"})
    draft = ItemSet.objects.get(status="draft")
    assert response["Location"] == reverse("drivers:item_set", args=[draft.number])
    # A second start leads to the draft already there.
    assert client.get(reverse("drivers:item_set_create"))["Location"] == draft.get_absolute_url()

    training = Driver.objects.get(key="training")
    response = client.post(
        reverse("drivers:item_create", args=[draft.number]), {"driver": training.pk, "text": "", "order": 5}
    )
    assert response.status_code == 200 and "Wording" in response.content.decode()
    client.post(
        reverse("drivers:item_create", args=[draft.number]),
        {"driver": training.pk, "text": "Refresher training", "order": 5},
    )
    item = draft.items.get(text="Refresher training")
    client.post(
        reverse("drivers:item_update", args=[draft.number, item.pk]),
        {"driver": training.pk, "text": "Yearly refresher training", "order": 6},
    )
    item.refresh_from_db()
    assert (item.text, item.order) == ("Yearly refresher training", 6)
    confirm = client.get(reverse("drivers:item_remove", args=[draft.number, item.pk]))
    assert "Yearly refresher training" in confirm.content.decode()
    client.post(reverse("drivers:item_remove", args=[draft.number, item.pk]))
    assert not Item.objects.filter(pk=item.pk).exists()

    page = client.get(reverse("drivers:item_set", args=[draft.number])).content.decode()
    assert "Item removed" in page or "Removed" in page or "Deleted" in page  # the history shows it
    assert "Publish version 2" in page
    response = client.post(reverse("drivers:item_set_publish", args=[draft.number]), {"change_note": "Clearer"})
    assert response.status_code == 302
    assert ItemSet.objects.current().number == 2


def test_a_versions_page_is_kept_until_the_programmes_records_change(client_for, celcis, viewer):
    draft = services.item_set_start_draft(actor=celcis, change_note="Clearer items")
    url = reverse("drivers:item_set", args=[draft.number])
    client = client_for(celcis)
    assert "Refresher training" not in client.get(url).content.decode()
    training = Driver.objects.get(key="training")
    services.item_save(actor=celcis, item_set=draft, driver=training, text="Refresher training", order=5)
    page = client.get(url).content.decode()
    assert "Refresher training" in page and "Remove<span" in page and "Publish version 2" in page
    # Drawn apart for those who may not edit the draft.
    seen = client_for(viewer).get(url).content.decode()
    assert "Refresher training" in seen and "Remove<span" not in seen


def test_a_published_versions_edit_pages_say_why_they_cannot_change(client_for, celcis):
    client = client_for(celcis)
    item = ItemSet.objects.current().items.first()
    for url in (
        reverse("drivers:item_create", args=[1]),
        reverse("drivers:item_update", args=[1, item.pk]),
        reverse("drivers:item_remove", args=[1, item.pk]),
        reverse("drivers:item_set_publish", args=[1]),
    ):
        response = client.get(url, follow=True)
        assert "is published, so its items cannot change" in response.content.decode(), url
    response = client.post(reverse("drivers:item_remove", args=[1, item.pk]), follow=True)
    assert "is published" in response.content.decode()
    assert Item.objects.filter(pk=item.pk).exists()


def test_an_item_of_another_version_is_not_found_through_this_one(client_for, celcis):
    draft = services.item_set_start_draft(actor=celcis)
    old_item = ItemSet.objects.get(number=1).items.first()
    response = client_for(celcis).get(reverse("drivers:item_update", args=[draft.number, old_item.pk]))
    assert response.status_code == 404
