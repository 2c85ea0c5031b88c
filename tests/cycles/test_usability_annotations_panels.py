"""Usability tests and their iterations, the innovation page's usability-testing history, PDSA cycles
drawn on measure charts, and the active-cycles panel on the area overview."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from cycles import selectors, services
from cycles.models import UsabilityIteration
from measures.annotations import annotations_for
from tests.cycles.factories import DO, CycleFactory, CycleMeasureFactory, UsabilityIterationFactory, filled
from tests.innovations.factories import InnovationFactory
from tests.measures.factories import MeasureFactory, add_values

TODAY = timezone.localdate()


def _usability(area, phase="do", **extra):
    return CycleFactory(
        area=area,
        kind="usability",
        innovation=extra.pop("innovation", None) or InnovationFactory(area=area),
        success_criteria="4 of 5 complete the guide",
        cohort_size=5,
        **filled(phase) | extra,
    )


def _iteration_form(**extra):
    return {
        "number": 1,
        "cohort_size": 4,
        "tested_from": (TODAY - timedelta(days=20)).isoformat(),
        "tested_to": (TODAY - timedelta(days=10)).isoformat(),
        "results": "3 of 4 completed the guide",
        "criteria_met": "partly",
        "changes": "Shorter guide",
    } | extra


def test_a_member_records_iterations_of_a_usability_test(client_for, member, dundee):
    cycle = _usability(dundee)
    client = client_for(member)
    url = reverse("cycles:iteration_create", args=[dundee.slug, cycle.pk])
    form = client.get(url).content.decode()
    assert 'value="1"' in form and "4 of 5 complete the guide" in form
    assert client.post(url, _iteration_form()).status_code == 302
    assert client.post(url, _iteration_form(number=2, cohort_size=5, criteria_met="met")).status_code == 302
    page = client.get(reverse("cycles:detail", args=[dundee.slug, cycle.pk])).content.decode()
    assert "3 of 4 completed the guide" in page and "Partly met" in page
    iteration = UsabilityIteration.objects.get(number=1)
    edit = reverse("cycles:iteration_update", args=[dundee.slug, cycle.pk, iteration.pk])
    assert client.post(edit, _iteration_form(results="Corrected", version=1)).status_code == 302
    assert UsabilityIteration.objects.get(number=1).results == "Corrected"


def test_two_people_correcting_one_iteration_do_not_overwrite_each_other(client_for, member, lead, dundee):
    cycle = _usability(dundee)
    iteration = UsabilityIterationFactory(cycle=cycle, number=1, results="As first recorded")
    edit = reverse("cycles:iteration_update", args=[dundee.slug, cycle.pk, iteration.pk])
    first, second = client_for(lead), client_for(member)
    opened = [client.get(edit).context["form"]["version"].value() for client in (first, second)]
    assert opened == [1, 1]
    assert first.post(edit, _iteration_form(results="The lead's correction", version=1)).status_code == 302
    response = second.post(edit, _iteration_form(results="The member's correction", version=1))
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved changes to this iteration" in page
    assert "The member&#x27;s correction" in page  # what they typed is still in the form
    stored = UsabilityIteration.objects.get(pk=iteration.pk)
    assert stored.results == "The lead's correction" and stored.version == 2


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"cohort_size": 31}, "cohort_size", "not a small cohort"),
        ({"cohort_size": 0}, "cohort_size", "at least one practitioner"),
        ({"tested_to": (TODAY - timedelta(days=30)).isoformat()}, "tested_to", "cannot end before it began"),
        ({"tested_from": (TODAY + timedelta(days=1)).isoformat()}, "tested_from", "in the future"),
    ],
)
def test_bad_iteration_input_is_refused_at_its_field(client_for, member, dundee, extra, field, message):
    cycle = _usability(dundee)
    response = client_for(member).post(
        reverse("cycles:iteration_create", args=[dundee.slug, cycle.pk]), _iteration_form(**extra)
    )
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert not UsabilityIteration.objects.exists()


def test_an_iteration_number_is_used_once(member, dundee):
    cycle = _usability(dundee)
    UsabilityIterationFactory(cycle=cycle, number=1)
    data = {
        "number": 1,
        "cohort_size": 3,
        "tested_from": TODAY,
        "tested_to": TODAY,
        "results": "r",
        "criteria_met": "met",
    }
    with pytest.raises(ValidationError, match="already recorded"):
        services.iteration_save(cycle=cycle, actor=member, data=data)


def test_iterations_belong_to_usability_tests_under_way(client_for, member, dundee):
    client = client_for(member)
    for cycle, message in (
        (CycleFactory(area=dundee, **filled("do")), "Only a usability test has iterations."),
        (_usability(dundee, phase="plan"), "Record iterations once the test has moved to Do."),
        (_usability(dundee, phase="closed"), "This cycle is closed"),
    ):
        url = reverse("cycles:iteration_create", args=[dundee.slug, cycle.pk])
        response = client.post(url, _iteration_form(), follow=True)
        assert message in response.content.decode()
    assert not UsabilityIteration.objects.exists()


def test_the_innovation_page_shows_its_usability_testing_history(client_for, member, viewer, dundee):
    innovation = InnovationFactory(area=dundee)
    test = _usability(dundee, innovation=innovation, title="Guide, first cohort")
    UsabilityIterationFactory(cycle=test, number=1, cohort_size=4, criteria_met="not_met")
    UsabilityIterationFactory(cycle=test, number=2, cohort_size=5, criteria_met="met")
    _usability(dundee, title="Another innovation's test")
    CycleFactory(area=dundee, innovation=innovation, title="An ordinary PDSA cycle")
    page = client_for(member).get(reverse("innovations:detail", args=[dundee.slug, innovation.pk])).content.decode()
    section = page[page.index('id="usability-testing-heading"') :]
    assert "Guide, first cohort" in section and "Criteria met" in section
    assert "Another innovation" not in section and "An ordinary PDSA cycle" not in section
    row = section[section.index("Guide, first cohort") :]
    assert '<td class="text-end">2</td>' in row and '<td class="text-end">9</td>' in row
    assert "Plan a usability test" in section
    viewer_page = client_for(viewer).get(reverse("innovations:detail", args=[dundee.slug, innovation.pk]))
    assert "Plan a usability test" not in viewer_page.content.decode()


def test_an_innovation_without_usability_tests_says_so(client_for, member, dundee):
    innovation = InnovationFactory(area=dundee)
    page = client_for(member).get(reverse("innovations:detail", args=[dundee.slug, innovation.pk])).content.decode()
    assert "No usability test yet." in page


# --- Measure chart annotations --------------------------------------------------------------------


def test_linked_cycles_are_drawn_on_the_measure_chart(client_for, member, dundee, django_assert_num_queries):
    measure = MeasureFactory(area=dundee)
    started = CycleFactory(area=dundee, title="Huddle", **filled("closed"))
    CycleMeasureFactory(cycle=started, measure=measure)
    CycleMeasureFactory(cycle=CycleFactory(area=dundee, title="Only planned"), measure=measure)
    CycleFactory(area=dundee, title="Not linked", **filled("do") | DO)
    measure.area = dundee
    with django_assert_num_queries(1):
        found = selectors.pdsa_annotations(measure)
    assert [(a.on, a.label) for a in found] == [
        (DO["started_on"], "PDSA cycle started: Huddle"),
        (started.closed_on, "PDSA cycle closed (adapt): Huddle"),
    ]
    assert found[0].url == reverse("cycles:detail", args=[dundee.slug, started.pk])
    assert any(a.kind == "pdsa" for a in annotations_for(measure))
    cache.clear()  # charts are cached by measure id, which test databases reuse
    add_values(measure, TODAY.replace(day=1) - timedelta(days=400), [10, 12, 11, 9, 10, 13, 12, 11, 10, 12, 11, 12])
    page = client_for(member).get(reverse("measures:detail", args=[dundee.slug, measure.pk])).content.decode()
    assert "PDSA cycle started: Huddle" in page


def test_the_cycle_page_links_its_measures(client_for, member, dundee):
    measure = MeasureFactory(area=dundee, name="Concerns discussed")
    cycle = CycleFactory(area=dundee)
    CycleMeasureFactory(cycle=cycle, measure=measure)
    page = client_for(member).get(reverse("cycles:detail", args=[dundee.slug, cycle.pk])).content.decode()
    assert reverse("measures:detail", args=[dundee.slug, measure.pk]) in page


# --- The active-cycles panel ----------------------------------------------------------------------


def test_the_overview_shows_active_cycles_by_phase(client_for, member, dundee, inverclyde, django_assert_num_queries):
    for phase, n in (("plan", 2), ("do", 1), ("act", 1), ("closed", 3)):
        for _ in range(n):
            CycleFactory(area=dundee, **filled(phase))
    CycleFactory(area=dundee, **filled("act"), phase_changed_on=timezone.localdate() - timedelta(days=61))
    CycleFactory(area=inverclyde, **filled("study"))
    access = Access.for_user(member)
    with django_assert_num_queries(1):
        panel = selectors.cycles_panel(dundee, access)
    assert [(phase.label, n, stalled) for phase, n, stalled in panel["by_phase"]] == [
        ("Plan", 2, 0),
        ("Do", 1, 0),
        ("Study", 0, 0),
        ("Act", 2, 1),
    ]
    assert panel["active"] == 5 and panel["closed"] == 3 and panel["stalled"] == 1
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert '<h2 id="panel-cycles"' in page and "5 active cycles, 3 closed." in page and "1 stalled</span>" in page
    assert f"{reverse('cycles:list', args=[dundee.slug])}?phase=plan" in page


def test_the_overview_invites_a_first_cycle(client_for, member, viewer, dundee):
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "No improvement cycles yet." in page and reverse("cycles:create", args=[dundee.slug]) in page
    page = client_for(viewer).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert reverse("cycles:create", args=[dundee.slug]) not in page


def test_the_feedback_panel_costs_one_query(member, dundee, django_assert_num_queries):
    access = Access.for_user(member)
    with django_assert_num_queries(1):
        selectors.feedback_panel(dundee, access)
