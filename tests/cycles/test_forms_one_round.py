"""Every mistake on the cycle form shows on the first submit (issue 15): "Save and move to Do" with a
field refused and the plan unfinished says both, instead of the missing plan only once the field is
right."""

from django.urls import reverse

from cycles.models import Cycle
from tests.cycles.factories import PLAN


def test_moving_on_with_a_link_refused_and_the_plan_unfinished_says_both(client_for, member, dundee):
    data = {
        "kind": "pdsa",
        "title": "Weekly huddle",
        "aim": "Concerns discussed early",
        "change_idea": "Huddle",
        "innovation": "999999",  # not one of the area's innovations
        "objective": "Half a plan",
        "advance": "1",
    }
    response = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "innovation" in form.errors and "questions" in form.errors
    assert "Fill this in before the cycle moves on from Plan." in form.errors["questions"][0]
    assert any("Nothing has been saved yet" in error for error in form.non_field_errors())
    assert not Cycle.objects.exists()


def test_saving_without_moving_on_does_not_ask_for_the_whole_plan(client_for, member, dundee):
    data = {"kind": "pdsa", "title": "Weekly huddle", "aim": "Concerns", "change_idea": "Huddle", "innovation": "9999"}
    form = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), data).context["form"]
    assert set(form.errors) == {"innovation"}


def test_moving_on_with_the_whole_plan_still_moves_the_cycle(client_for, member, dundee):
    data = {"kind": "pdsa", "title": "Weekly huddle", "aim": "Concerns", "change_idea": "Huddle", "advance": "1"}
    response = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), data | PLAN)
    assert response.status_code == 302 and Cycle.objects.get().phase == "do"
