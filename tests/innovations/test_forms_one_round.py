"""Every mistake on an innovations form shows on the first submit (issue 15): each form runs its
service's rules in clean(), with the field checks, instead of the service finding more only once
the fields are right."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from innovations import selectors, services
from innovations.models import (
    Exploration,
    FidelityCheck,
    FidelityItem,
    HexagonAssessment,
    Innovation,
    Practitioner,
    PractitionerFigures,
    SystemSlice,
    UsabilityCriterion,
    UsabilityReview,
)
from tests.innovations.factories import make_exploration, make_innovation, make_instrument, record_figures

TODAY = timezone.localdate()
FUTURE = (TODAY + timedelta(days=2)).isoformat()


def _errors(response) -> set[str]:
    assert response.status_code == 200, "the form should have come back with its errors"
    return set(response.context["form"].errors)


@pytest.fixture
def innovation(dundee, member):
    innovation = make_innovation(dundee, member, name="Early help conversations", functions=2)
    make_instrument(innovation, member)
    return innovation


def _url(name, area, *args):
    return reverse(f"innovations:{name}", args=[area.slug, *args])


def test_a_new_innovation_with_a_bad_threshold_and_no_reason_for_its_status(client_for, member, dundee):
    data = {
        "name": "Family group conferencing",
        "summary": "",
        "origin": "established",
        "design_decision": "",
        "fidelity_threshold": "150",
        "status": "discontinued",
        "status_changed_on": TODAY.isoformat(),
        "status_reason": "",
    }
    errors = _errors(client_for(member).post(_url("create", dundee), data))
    assert {"fidelity_threshold", "status_reason"} <= errors
    assert not Innovation.objects.filter(name="Family group conferencing").exists()


def test_an_edit_to_a_name_already_used_with_a_bad_threshold(client_for, member, dundee, innovation):
    make_innovation(dundee, member, name="Signs of safety")
    data = {
        "name": "signs of safety",
        "summary": "",
        "origin": "established",
        "design_decision": "",
        "fidelity_threshold": "0",
        "fidelity_validity_months": "",
        "version": str(innovation.version),
    }
    errors = _errors(client_for(member).post(_url("update", dundee, innovation.pk), data))
    assert {"name", "fidelity_threshold"} <= errors


def test_a_status_with_an_impossible_date_and_no_reason(client_for, member, dundee, innovation):
    data = {"status": "discontinued", "status_changed_on": "2026-02-30", "status_reason": ""}
    errors = _errors(client_for(member).post(_url("status", dundee, innovation.pk), data))
    assert {"status_changed_on", "status_reason"} <= errors


def test_a_usability_judgement_in_the_future_with_a_criterion_unjudged(client_for, member, dundee, innovation):
    first, *others = UsabilityCriterion.values
    data = {"reviewed_on": FUTURE, "participants": "Team (4)"}
    data |= {f"rating_{c}": "met" for c in others} | {f"evidence_{c}": "Seen" for c in UsabilityCriterion.values}
    errors = _errors(client_for(member).post(_url("usability_create", dundee, innovation.pk), data))
    assert {"reviewed_on", f"rating_{first}"} <= errors
    assert not UsabilityReview.objects.exists()


def test_an_exploration_starting_in_the_future_without_its_need(client_for, member, dundee):
    data = {"need": "", "need_evidence": "", "started_on": FUTURE, "tool_version": "2018"}
    errors = _errors(client_for(member).post(_url("exploration_create", dundee), data))
    assert {"need", "started_on"} <= errors
    assert not Exploration.objects.exists()


def test_a_hexagon_assessment_in_the_future_with_an_indicator_unrated(client_for, member, dundee, innovation):
    exploration = services.exploration_save(
        area=dundee, actor=member, data={"need": "Earlier help", "started_on": TODAY - timedelta(days=30)}
    )
    first, *others = selectors.indicators_for(exploration.tool_version)
    data = {"innovation": innovation.pk, "assessed_on": FUTURE, "participants": "Team (5)", "notes": ""}
    data |= {f"rating_{i.pk}": "4" for i in others}
    data |= {f"rationale_{i.pk}": "Why" for i in [first, *others]}
    errors = _errors(client_for(member).post(_url("assessment_create", dundee, exploration.pk), data))
    assert {"assessed_on", f"rating_{first.pk}"} <= errors
    assert not HexagonAssessment.objects.exists()


def test_a_decision_in_the_future_to_proceed_with_no_candidate_and_no_reason(client_for, member, dundee, innovation):
    exploration = make_exploration(dundee, member, [innovation], [4])
    data = {"decision": "proceed", "decided_on": FUTURE, "chosen": "", "decision_rationale": ""}
    errors = _errors(client_for(member).post(_url("exploration_decide", dundee, exploration.pk), data))
    assert {"decided_on", "chosen", "decision_rationale"} <= errors
    exploration.refresh_from_db()
    assert exploration.decision == ""


def test_an_item_without_wording_retired_in_the_future(client_for, member, dundee, innovation):
    item = FidelityItem.objects.filter(innovation=innovation).first()
    data = {
        "function": item.function_id,
        "text": "",
        "kind": "met_not_met",
        "max_score": "",
        "retired_on": FUTURE,
        "version": str(item.version),
    }
    errors = _errors(client_for(member).post(_url("item_update", dundee, innovation.pk, item.pk), data))
    assert {"text", "retired_on"} <= errors


def test_a_practitioner_code_already_used_with_a_slice_from_elsewhere(client_for, member, dundee, innovation):
    services.practitioner_save(innovation=innovation, actor=member, code="DD-P01")
    data = {"code": "dd-p01", "slice": "999999"}
    errors = _errors(client_for(member).post(_url("practitioner_create", dundee, innovation.pk), data))
    assert {"code", "slice"} <= errors
    assert Practitioner.objects.filter(innovation=innovation).count() == 1


def test_a_check_without_an_assessor_before_the_instrument_has_items(client_for, member, dundee):
    bare = make_innovation(dundee, member, name="Without an instrument", functions=1)
    practitioner = services.practitioner_save(innovation=bare, actor=member, code="DD-P02")
    data = {"practitioner": practitioner.pk, "checked_on": TODAY.isoformat(), "assessor": "", "notes": ""}
    response = client_for(member).post(_url("check_create", dundee, bare.pk), data)
    form = response.context["form"]
    assert "assessor" in _errors(response) and "no items yet" in " ".join(form.non_field_errors())
    assert not FidelityCheck.objects.exists()


def test_figures_on_a_day_already_recorded_with_more_trained_than_intended(client_for, member, dundee, innovation):
    day = TODAY - timedelta(days=10)
    record_figures(innovation, member, day, intended=10, trained=5)
    data = {"effective_on": day.isoformat(), "practitioners_intended": "10", "practitioners_trained": "12", "notes": ""}
    errors = _errors(client_for(member).post(_url("figures_create", dundee, innovation.pk), data))
    assert {"effective_on", "practitioners_trained"} <= errors
    assert PractitionerFigures.objects.filter(innovation=innovation).count() == 1


def test_a_slice_moved_before_the_zone_without_evidence_or_a_name(client_for, member, dundee, innovation):
    def slice_data(name, started_on, evidence=""):
        return {
            "name": name,
            "kind": "locality",
            "started_on": started_on,
            "practitioners_intended": 8,
            "practitioners_trained": 6,
            "conditions_evidence": evidence,
        }

    services.slice_save(innovation=innovation, actor=member, data=slice_data("East", TODAY - timedelta(days=300)))
    later = services.slice_save(
        innovation=innovation, actor=member, data=slice_data("West", TODAY - timedelta(days=30), "Zone at fidelity")
    )
    data = {
        "name": "",
        "kind": "locality",
        "started_on": (TODAY - timedelta(days=400)).isoformat(),
        "conditions_evidence": "",
        "version": str(later.version),
    }
    errors = _errors(client_for(member).post(_url("slice_update", dundee, innovation.pk, later.pk), data))
    assert {"name", "started_on", "conditions_evidence"} <= errors
    later.refresh_from_db()
    assert later.name == "West" and SystemSlice.objects.filter(innovation=innovation).count() == 2
