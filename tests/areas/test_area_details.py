from django.urls import reverse

from areas.models import LocalArea


def _form_data(area, **changes):
    data = {
        "name": area.name,
        "council": area.council,
        "health_board": area.health_board,
        "child_protection_committee": area.child_protection_committee,
        "in_programme": "on" if area.in_programme else "",
        "date_joined": area.date_joined.isoformat() if area.date_joined else "",
        "notes": area.notes,
        "version": area.version,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_celcis_edits_an_area_and_history_shows_who_changed_what(client_for, celcis, dundee):
    client = client_for(celcis)
    response = client.post(
        reverse("areas:edit", args=[dundee.slug]), _form_data(dundee, notes="Locality pilot in the east")
    )
    assert response.status_code == 302
    dundee.refresh_from_db()
    assert dundee.notes == "Locality pilot in the east"
    assert dundee.version == 2
    page = client.get(reverse("areas:history", args=[dundee.slug])).content.decode()
    assert "Notes" in page and "Locality pilot in the east" in page
    assert celcis.get_full_name() in page


def test_two_people_editing_at_once_do_not_overwrite_each_other(client_for, celcis, dundee):
    """The second save is refused with a message and keeps what its author typed."""
    opened_version = dundee.version
    client = client_for(celcis)
    first = client.post(reverse("areas:edit", args=[dundee.slug]), _form_data(dundee, notes="First person's notes"))
    assert first.status_code == 302
    second = client.post(
        reverse("areas:edit", args=[dundee.slug]),
        _form_data(dundee, notes="Second person's notes", version=opened_version),
    )
    assert second.status_code == 200
    content = second.content.decode()
    assert "Someone else saved changes to this record" in content
    assert "Second person&#x27;s notes" in content
    dundee.refresh_from_db()
    assert dundee.notes == "First person's notes"
    # Saving again from the refused form (now carrying the current version) goes through.
    resubmit = second.context["form"].data
    third = client.post(reverse("areas:edit", args=[dundee.slug]), resubmit)
    assert third.status_code == 302
    dundee.refresh_from_db()
    assert dundee.notes == "Second person's notes"


def test_bad_area_input_is_shown_at_the_field_and_nothing_is_saved(client_for, celcis, dundee):
    response = client_for(celcis).post(
        reverse("areas:edit", args=[dundee.slug]), _form_data(dundee, name="", date_joined="31/02/2026")
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "name" in errors and "date_joined" in errors
    assert LocalArea.objects.get(pk=dundee.pk).name == "Dundee City"


def test_a_date_joined_needs_the_area_to_be_in_the_programme(client_for, celcis, dundee):
    data = _form_data(dundee, date_joined="2026-04-01")
    data.pop("in_programme")
    response = client_for(celcis).post(reverse("areas:edit", args=[dundee.slug]), data)
    assert "Only an area in the programme" in response.context["form"].errors["date_joined"][0]


def test_a_tampered_version_is_refused_not_a_server_error(client_for, celcis, dundee):
    response = client_for(celcis).post(reverse("areas:edit", args=[dundee.slug]), _form_data(dundee, version="abc"))
    assert response.status_code == 200
    assert response.context["form"].errors
