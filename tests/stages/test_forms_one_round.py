"""Every mistake on a stages form shows on the first submit (issue 15): the service's rules run in the
form's clean(), with the field checks, instead of only after the fields are right."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from stages.forms import StageDecisionForm
from stages.models import ActivityProgress, ReadinessCheck, ReadinessQuestion, StageActivity, StageChange
from tests.stages.factories import StageChangeFactory

TODAY = timezone.localdate()


def _errors(response) -> dict:
    assert response.status_code == 200, "the form should have come back with its errors"
    return response.context["form"].errors


def test_going_back_a_stage_before_the_current_one_began_shows_both_problems_at_once(client_for, lead, dundee):
    StageChangeFactory(area=dundee, stage="installation", entered_on=TODAY - timedelta(days=10))
    payload = {"stage": "exploration", "entered_on": (TODAY - timedelta(days=30)).isoformat(), "reason": ""}
    errors = _errors(client_for(lead).post(reverse("stages:change_create", args=[dundee.slug]), payload))
    assert {"entered_on", "reason"} <= set(errors)
    assert "began on" in errors["entered_on"][0] and "needs a reason" in errors["reason"][0]
    assert StageChange.objects.filter(area=dundee).count() == 1


def test_a_future_date_and_the_current_stage_again_show_together(client_for, lead, dundee):
    StageChangeFactory(area=dundee, stage="installation", entered_on=TODAY - timedelta(days=10))
    payload = {"stage": "installation", "entered_on": (TODAY + timedelta(days=3)).isoformat(), "reason": ""}
    errors = _errors(client_for(lead).post(reverse("stages:change_create", args=[dundee.slug]), payload))
    assert "already the current stage" in errors["stage"][0] and "in the future" in errors["entered_on"][0]


def test_an_activity_marked_done_without_its_date_and_with_a_bad_link_shows_both(client_for, member, dundee):
    activity = StageActivity.objects.filter(stage="exploration").first()
    payload = {
        "status": "done",
        "started_on": (TODAY - timedelta(days=5)).isoformat(),
        "completed_on": "",
        "notes": "",
        "evidence_link": "not a link",
        "version": "",
    }
    url = reverse("stages:activity_progress", args=[dundee.slug, activity.pk])
    errors = _errors(client_for(member).post(url, payload))
    assert {"completed_on", "evidence_link"} <= set(errors)
    assert not ActivityProgress.objects.filter(area=dundee, activity=activity).exists()


def test_a_readiness_check_in_the_future_with_a_question_unscored_shows_both(client_for, member, dundee):
    questions = list(ReadinessQuestion.objects.all())
    payload = {"checked_on": (TODAY + timedelta(days=1)).isoformat(), "participants": "Team (4)", "notes": ""}
    payload |= {f"question_{q.pk}": 3 for q in questions[1:]}
    errors = _errors(client_for(member).post(reverse("stages:readiness_create", args=[dundee.slug]), payload))
    assert {"checked_on", f"question_{questions[0].pk}"} <= set(errors)
    assert not ReadinessCheck.objects.exists()


def test_declining_without_a_note_is_refused_by_the_form_itself():
    form = StageDecisionForm({"decision": "decline", "note": "  "})
    assert not form.is_valid() and "Say why the change is declined" in form.errors["note"][0]
    assert StageDecisionForm({"decision": "confirm", "note": ""}).is_valid()
