"""Every mistake on a practice example shows on the first submit (issue 15): the service's check on
the contact (a role, never a phone number) runs with the field checks."""

from django.urls import reverse

from community.models import PracticeExample
from tests.community.test_examples import FIELDS


def test_an_example_without_a_title_and_with_a_phone_number_as_contact_says_both(client_as, member, dundee):
    data = {**FIELDS, "title": "", "contact_role": "Call 07700 900123", "area": dundee.pk, "topics": ""}
    response = client_as(member).post(reverse("community:example_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "title" in errors and "not a phone number" in errors["contact_role"][0]
    assert not PracticeExample.objects.exists()
