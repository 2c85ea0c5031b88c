"""Every mistake on the areas forms shows on the first submit (issue 15): the services' checks (a new
account needs both names; an area joins today or earlier) run with the field checks."""

import datetime

from django.urls import reverse
from django.utils import timezone

from areas.models import LocalArea, Membership, User

ANGUS = "angus"


def test_bringing_an_area_in_with_a_council_name_too_long_a_future_date_and_no_lead_names(client_for, celcis):
    angus = LocalArea.objects.get(slug=ANGUS)
    data = {
        "council": "x" * 151,
        "health_board": angus.health_board,
        "child_protection_committee": "",
        "date_joined": (timezone.localdate() + datetime.timedelta(days=1)).isoformat(),
        "notes": "",
        "version": angus.version,
        "lead_email": "new.lead@angus.example.org",
        "lead_first_name": "",
        "lead_last_name": "",
    }
    response = client_for(celcis).post(reverse("areas:onboard", args=[ANGUS]), data)
    assert response.status_code == 200
    assert {"council", "date_joined", "lead_first_name", "lead_last_name"} <= set(response.context["form"].errors)
    angus.refresh_from_db()
    assert not angus.in_programme


def test_adding_a_new_person_with_an_area_they_cannot_have_and_no_names(client_for, celcis, dundee):
    data = {"email": "new.viewer@example.org", "first_name": "", "last_name": "", "role": "viewer", "area": dundee.pk}
    response = client_for(celcis).post(reverse("areas:national_person_add"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "area" in errors and "Give a first and last name" in errors["first_name"][0]
    assert not User.objects.filter(email="new.viewer@example.org").exists()


def test_someone_with_an_account_needs_no_names(client_for, celcis, member):
    data = {"email": member.email, "first_name": "", "last_name": "", "role": "viewer", "area": ""}
    response = client_for(celcis).post(reverse("areas:national_person_add"), data)
    assert response.status_code == 302
    assert Membership.objects.filter(user=member, role="viewer").exists()
