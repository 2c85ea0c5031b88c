"""The phase rules of a PDSA cycle: each phase filled in before it moves on, back one phase at a
time with nothing lost, and a closed cycle that never changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.locking import StaleEdit
from cycles import phases, services
from cycles.models import Cycle
from tests.cycles.factories import ACT, DO, STUDY, CycleFactory, UsabilityIterationFactory, filled
from tests.innovations.factories import InnovationFactory

TODAY = timezone.localdate()


def _errors(excinfo) -> dict:
    return {name: [str(m) for m in messages] for name, messages in excinfo.value.message_dict.items()}


# --- The pure rules --------------------------------------------------------------------------------


def test_each_phase_lists_what_it_needs_before_moving_on():
    assert phases.missing_to_leave("plan", {"title": "x", "aim": " ", "change_idea": "y"}) == [
        "aim",
        "objective",
        "questions",
        "predictions",
        "plan_who",
        "plan_what",
        "plan_where",
        "plan_when",
        "data_to_collect",
    ]
    assert phases.missing_to_leave("do", {"started_on": TODAY, "what_happened": "x"}) == ["ended_on", "observations"]
    assert phases.missing_to_leave("study", STUDY) == []
    assert phases.missing_to_leave("act", {"decision": "adopt"}) == ["next_steps"]
    assert phases.missing_to_leave("closed", {}) == []


def test_a_usability_test_also_needs_criteria_and_cohort_size_to_leave_plan():
    values = dict.fromkeys(phases.REQUIRED["plan"], "x")
    assert phases.missing_to_leave("plan", values) == []
    assert phases.missing_to_leave("plan", values, usability=True) == ["success_criteria", "cohort_size"]


def test_editable_fields_grow_with_the_phase_and_vanish_once_closed():
    assert "started_on" not in phases.editable_fields("plan")
    assert "started_on" in phases.editable_fields("do") and "results" not in phases.editable_fields("do")
    assert {"decision", "objective", "results"} <= set(phases.editable_fields("act"))
    assert "cohort_size" not in phases.editable_fields("act") and "cohort_size" in phases.editable_fields(
        "act", usability=True
    )
    assert phases.editable_fields("closed") == []


@pytest.mark.parametrize(
    ("as_intended", "held", "key"),
    [
        ("yes", "yes", "worked"),
        ("yes", "no", "innovation"),
        ("yes", "partly", "innovation"),
        ("no", "yes", "implementation"),
        ("partly", "no", "implementation"),
        ("", "no", ""),
        ("yes", "", ""),
    ],
)
def test_study_reads_a_poor_result_as_an_innovation_or_an_implementation_problem(as_intended, held, key):
    assert phases.reading_key(as_intended, held) == key


# --- Moving on through the services ------------------------------------------------------------


def test_a_cycle_cannot_leave_plan_with_fields_missing(member, dundee):
    cycle = CycleFactory(area=dundee, predictions="", plan_where="  ")
    with pytest.raises(ValidationError) as excinfo:
        services.cycle_advance(cycle=cycle, actor=member)
    assert set(_errors(excinfo)) == {"predictions", "plan_where"}
    assert "before the cycle moves on from Plan" in _errors(excinfo)["predictions"][0]
    assert Cycle.objects.get(pk=cycle.pk).phase == "plan"


def test_a_cycle_moves_through_every_phase_to_closed(member, dundee):
    cycle = CycleFactory(area=dundee)
    for phase, fields in (("do", DO), ("study", STUDY), ("act", ACT)):
        cycle = services.cycle_advance(cycle=cycle, actor=member)
        assert cycle.phase == phase
        with pytest.raises(ValidationError):
            services.cycle_advance(cycle=cycle, actor=member)  # this phase is still empty
        cycle = services.cycle_update(cycle=cycle, actor=member, expected_version=cycle.version, data=fields)
    cycle = services.cycle_advance(cycle=cycle, actor=member)
    assert cycle.phase == "closed" and cycle.closed_on == TODAY and cycle.decision == "adapt"
    reasons = list(
        Cycle.history.filter(id=cycle.pk)
        .exclude(history_change_reason=None)
        .values_list("history_change_reason", flat=True)
    )
    assert {"Moved to Do", "Moved to Study", "Moved to Act", "Closed: adapt"} <= set(reasons)


def test_save_and_move_on_saves_nothing_when_the_phase_is_incomplete(member, dundee):
    cycle = CycleFactory(area=dundee, **filled("do"))
    data = {"started_on": TODAY - timedelta(days=5), "what_happened": "Two huddles held"}
    with pytest.raises(ValidationError) as excinfo:
        services.cycle_update(cycle=cycle, actor=member, expected_version=cycle.version, data=data, advance=True)
    assert set(_errors(excinfo)) == {"ended_on", "observations"}
    stored = Cycle.objects.get(pk=cycle.pk)
    assert stored.phase == "do" and stored.what_happened == "" and stored.version == cycle.version


def test_save_and_move_on_moves_on_when_complete(member, dundee):
    cycle = CycleFactory(area=dundee, **filled("do"))
    cycle = services.cycle_update(cycle=cycle, actor=member, expected_version=cycle.version, data=DO, advance=True)
    assert cycle.phase == "study" and Cycle.objects.get(pk=cycle.pk).what_happened == DO["what_happened"]


def test_a_closed_cycle_is_read_only(member, dundee):
    cycle = CycleFactory(area=dundee, **filled("closed"))
    for attempt in (
        lambda: services.cycle_update(cycle=cycle, actor=member, expected_version=cycle.version, data={"title": "New"}),
        lambda: services.cycle_advance(cycle=cycle, actor=member),
        lambda: services.cycle_step_back(cycle=cycle, actor=member),
    ):
        with pytest.raises(ValidationError, match="closed"):
            attempt()
    assert Cycle.objects.get(pk=cycle.pk).title == cycle.title


def test_a_closed_cycle_page_offers_no_change_and_refuses_an_edit(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, **filled("closed"))
    client = client_for(member)
    page = client.get(reverse("cycles:detail", args=[dundee.slug, cycle.pk])).content.decode()
    assert "cannot change" in page and reverse("cycles:update", args=[dundee.slug, cycle.pk]) not in page
    for name in ("cycles:update", "cycles:advance", "cycles:step_back"):
        url = reverse(name, args=[dundee.slug, cycle.pk])
        response = client.post(url, {"title": "Changed", "reason": "x", "version": cycle.version}, follow=True)
        assert "This cycle is closed" in response.content.decode(), name
    assert Cycle.objects.get(pk=cycle.pk).title == cycle.title and Cycle.objects.get(pk=cycle.pk).phase == "closed"


def test_stepping_back_keeps_everything_written(member, dundee):
    cycle = CycleFactory(area=dundee, **filled("act"))
    cycle = services.cycle_step_back(cycle=cycle, actor=member, reason="Results need a second look")
    assert cycle.phase == "study" and cycle.results == STUDY["results"]
    assert Cycle.history.filter(id=cycle.pk).first().history_change_reason == (
        "Stepped back to Study: Results need a second look"
    )
    cycle = services.cycle_advance(cycle=cycle, actor=member)  # Study is still filled in
    assert cycle.phase == "act"


def test_there_is_no_phase_before_plan(member, dundee):
    with pytest.raises(ValidationError, match="first phase"):
        services.cycle_step_back(cycle=CycleFactory(area=dundee), actor=member)


def test_a_usability_test_needs_an_iteration_before_it_leaves_do(member, dundee):
    cycle = CycleFactory(
        area=dundee,
        kind="usability",
        innovation=InnovationFactory(area=dundee),
        success_criteria="4 of 5",
        cohort_size=5,
        **filled("do"),
        **DO,
    )
    with pytest.raises(ValidationError, match="at least one iteration"):
        services.cycle_advance(cycle=cycle, actor=member)
    UsabilityIterationFactory(cycle=cycle, number=1)
    assert services.cycle_advance(cycle=cycle, actor=member).phase == "study"


def test_a_usability_test_names_its_innovation_and_criteria(member, dundee):
    data = {"kind": "usability", "title": "Try the guide", "aim": "a", "change_idea": "c"}
    with pytest.raises(ValidationError) as excinfo:
        services.cycle_create(area=dundee, actor=member, data=data)
    assert "innovation" in _errors(excinfo)
    cycle = services.cycle_create(
        area=dundee, actor=member, data={**data, "innovation": InnovationFactory(area=dundee)}
    )
    with pytest.raises(ValidationError) as excinfo:
        services.cycle_advance(cycle=cycle, actor=member)
    assert {"success_criteria", "cohort_size"} <= set(_errors(excinfo))


def test_two_people_saving_the_same_cycle_cannot_overwrite_each_other(member, lead, dundee):
    cycle = CycleFactory(area=dundee)
    opened = cycle.version
    services.cycle_update(cycle=cycle, actor=lead, expected_version=opened, data={"objective": "Lead's"})
    with pytest.raises(StaleEdit):
        services.cycle_update(cycle=cycle, actor=member, expected_version=opened, data={"objective": "Member's"})
    assert Cycle.objects.get(pk=cycle.pk).objective == "Lead's"


def test_a_viewer_cannot_move_a_cycle_on(viewer, other_member, dundee):
    cycle = CycleFactory(area=dundee)
    for actor in (viewer, other_member):
        with pytest.raises(PermissionDenied):
            services.cycle_advance(cycle=cycle, actor=actor)
