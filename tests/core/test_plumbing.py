"""The shared plumbing in core/: records from the URL, service forms, actions, locking, autosave."""

import json

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import RequestFactory
from django.views.generic import FormView

from areas.models import LocalArea, Membership, Role
from core import autosave
from core.locking import StaleEdit, VersionedModelForm, claim_version, save_versioned, stale_message
from core.services import require_area_lead, require_area_write, require_celcis, save_with_history
from core.views import ActionView, AreaRecordMixin, RecordFromUrl, ServiceFormMixin


def _request(method, user, data=None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


class MembershipPage(AreaRecordMixin, FormView):
    membership = RecordFromUrl(Membership, select_related=("user",))
    template_name = "areas/member_role.html"


def test_a_record_from_the_url_comes_from_the_resolved_area_only(dundee, inverclyde, lead, other_member):
    ours = lead.memberships.get()
    view = MembershipPage()
    view.setup(_request("get", lead), area_slug="dundee", pk=ours.pk)
    view.area = dundee
    assert view.membership == ours
    theirs = other_member.memberships.get()
    view = MembershipPage()
    view.setup(_request("get", lead), area_slug="dundee", pk=theirs.pk)
    view.area = dundee
    with pytest.raises(Http404):
        _ = view.membership


class AreaNameForm(VersionedModelForm):
    class Meta:
        model = LocalArea
        fields = ["name"]


class RenameView(ServiceFormMixin, FormView):
    form_class = AreaNameForm
    template_name = "areas/area_form.html"
    success_message = "{obj.name} saved."
    outcome = None
    area_record = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.area_record}

    def perform(self, form):
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.area_record

    def get_success_url(self):
        return "/done/"


def _rename(user, area, outcome):
    view = RenameView.as_view(area_record=area, outcome=outcome)
    return view(_request("post", user, {"name": "New name", "version": area.version}))


def test_a_service_form_redirects_with_a_message_when_the_service_succeeds(celcis, dundee):
    response = _rename(celcis, dundee, None)
    assert response.status_code == 302 and response.url == "/done/"


def test_a_service_refusal_goes_onto_the_field_and_keeps_what_was_typed(celcis, dundee):
    response = _rename(celcis, dundee, ValidationError({"name": "That name is taken."}))
    form = response.context_data["form"]
    assert response.status_code == 200 and form.errors["name"] == ["That name is taken."]
    assert form["name"].value() == "New name"


def test_a_stale_edit_shows_the_one_clash_message_with_who_saved(celcis, dundee):
    save_with_history(dundee, actor=celcis, reason="Renamed")
    response = _rename(celcis, dundee, StaleEdit(dundee))
    message = response.context_data["form"].non_field_errors()[0]
    assert message.startswith("Someone else saved changes to this record after you opened it")
    assert "Last saved by" in message


class CloseView(ActionView):
    done = []

    def perform(self):
        self.done.append(True)
        return "Closed."

    def get_success_url(self):
        return "/closed/"


def test_an_action_without_a_confirmation_page_answers_get_with_405(member):
    assert CloseView.as_view()(_request("get", member)).status_code == 405
    assert CloseView.done == []


def test_an_action_runs_on_post_and_redirects(member):
    response = CloseView.as_view()(_request("post", member))
    assert response.status_code == 302 and response.url == "/closed/" and CloseView.done == [True]


def test_claim_version_lets_only_one_of_two_saves_through(celcis, dundee):
    opened_at = dundee.version
    dundee.name = "First"
    save_versioned(dundee, expected_version=opened_at, actor=celcis)
    with pytest.raises(StaleEdit) as clash:
        claim_version(LocalArea, pk=dundee.pk, expected_version=opened_at)
    assert clash.value.instance.name == "First"
    assert LocalArea.objects.get(pk=dundee.pk).history.first().history_user == celcis


def test_the_clash_message_names_what_was_saved():
    assert stale_message(what="data for this measure", latest="").startswith(
        "Someone else saved data for this measure after you opened it, so yours were not saved."
    )


def test_rights_checks_follow_the_access_policy(dundee, member, lead, celcis, viewer):
    from django.core.exceptions import PermissionDenied

    assert require_area_write(member, dundee).can_edit_area(dundee)
    for check, refused in ((require_area_write, viewer), (require_area_lead, member)):
        with pytest.raises(PermissionDenied):
            check(refused, dundee)
    require_area_lead(lead, dundee)
    require_celcis(celcis)
    with pytest.raises(PermissionDenied):
        require_celcis(lead)


def test_the_autosave_answers_have_one_shape(dundee):
    ok = json.loads(autosave.saved(version=3, message="Draft saved at 14:02.", answered=2).content)
    assert ok == {"saved": True, "version": 3, "message": "Draft saved at 14:02.", "answered": 2}
    form = AreaNameForm(data={"name": ""}, instance=dundee)
    form.is_valid()
    bad = autosave.invalid(form)
    assert bad.status_code == 400 and json.loads(bad.content)["errors"]["name"]
    clash = autosave.clash(dundee, version=4, latest="")
    assert clash.status_code == 409 and json.loads(clash.content)["clash"] is True
    assert autosave.locked("Submitted.").status_code == 409


def test_save_with_history_records_who_and_why(dundee, member, lead):
    membership = member.memberships.get()
    membership.role = Role.AREA_LEAD
    save_with_history(membership, actor=lead, reason="Promoted", validate=True)
    latest = membership.history.first()
    assert latest.history_user == lead and latest.history_change_reason == "Promoted"


def test_an_out_of_range_key_in_a_list_matches_nothing_instead_of_crashing(db, dundee):
    """What a tampered multiple-choice field posts: 10**30 is beyond every integer column."""
    from areas.models import LocalArea

    assert list(LocalArea.objects.filter(pk__in=[10**30])) == []
    assert list(LocalArea.objects.filter(pk__in=[10**30, -(10**30), dundee.pk])) == [dundee]
