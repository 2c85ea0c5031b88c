"""Planning, editing and moving a cycle on through its pages; ramps; the list's filters; the timeline;
and bad input answered with clear errors, nothing typed lost."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from core.dates import month_label
from cycles import ramps
from cycles.models import Cycle, CycleMeasure
from tests.cycles.factories import DO, PLAN, CycleFactory, filled
from tests.drivers.factories import AssessmentFactory, ItemScoreFactory
from tests.innovations.factories import InnovationFactory
from tests.measures.factories import MeasureFactory
from tests.teams.factories import ActionFactory

TODAY = timezone.localdate()


def _plan_form(**extra):
    return {
        "kind": "pdsa",
        "title": "Weekly huddle",
        "aim": "Concerns discussed early",
        "change_idea": "Huddle",
    } | extra


def test_a_member_plans_a_cycle_linked_to_measures_a_gap_and_an_action(client_for, member, dundee):
    measure = MeasureFactory(area=dundee)
    gap = ItemScoreFactory(assessment=AssessmentFactory(area=dundee, completed=True), score=0)
    action = ActionFactory(area=dundee)
    innovation = InnovationFactory(area=dundee)
    data = _plan_form(measures=[measure.pk], driver_gap=gap.pk, action=action.pk, innovation=innovation.pk, **PLAN)
    response = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), data)
    cycle = Cycle.objects.get(title="Weekly huddle")
    assert response.status_code == 302 and response["Location"] == reverse(
        "cycles:detail", args=[dundee.slug, cycle.pk]
    )
    assert cycle.phase == "plan" and cycle.created_by == member and cycle.objective == PLAN["objective"]
    assert (cycle.driver_gap, cycle.action, cycle.innovation) == (gap, action, innovation)
    assert list(cycle.measures.all()) == [measure]
    page = client_for(member).get(response["Location"]).content.decode()
    assert measure.name in page and escape(gap.item.text) in page and action.title in page
    assert "Plan is filled in" in page and "Move to Do" in page


def test_an_unfinished_plan_can_be_saved_and_says_what_is_missing(client_for, member, dundee):
    client = client_for(member)
    client.post(reverse("cycles:create", args=[dundee.slug]), _plan_form(objective="Half a plan"))
    cycle = Cycle.objects.get()
    page = client.get(reverse("cycles:detail", args=[dundee.slug, cycle.pk])).content.decode()
    assert "Before the cycle moves on from Plan, fill in:" in page and "Predictions" in page
    # No dead end: "Move to Do" leads to the Plan form, which marks what is needed and offers the move.
    edit_url = reverse("cycles:update", args=[dundee.slug, cycle.pk])
    for response in (
        client.get(reverse("cycles:advance", args=[dundee.slug, cycle.pk])),
        client.post(reverse("cycles:advance", args=[dundee.slug, cycle.pk]), {"version": cycle.version}),
    ):
        assert response.status_code == 302 and response["Location"] == edit_url
    assert Cycle.objects.get().phase == "plan"
    form = client.get(edit_url).content.decode()
    assert "Fill in the fields marked “Needed to move to Do”" in form
    assert form.count("<strong>Needed to move to Do.</strong>") == 11  # title, aim, change idea and the 8 plan fields
    assert "Save and move to Do</button>" in form


def test_the_new_plan_form_marks_what_is_needed_and_saves_and_moves_to_do(client_for, member, dundee):
    client = client_for(member)
    url = reverse("cycles:create", args=[dundee.slug])
    form = client.get(url).content.decode()
    assert "Save and move to Do</button>" in form
    assert form.count("<strong>Needed to move to Do.</strong>") == 11
    assert form.count("<strong>Needed to move a usability test to Do.</strong>") == 2  # criteria and cohort size
    # Half a plan: nothing saved, the missing fields marked, what was typed kept.
    response = client.post(url, _plan_form(objective="Half a plan", advance="1"))
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing has been saved yet" in page and "Half a plan" in page
    assert "Fill this in before the cycle moves on from Plan." in page and not Cycle.objects.exists()
    # The whole plan: saved and moved to Do in one step.
    response = client.post(url, _plan_form(**PLAN, advance="1"))
    cycle = Cycle.objects.get()
    assert response.status_code == 302 and cycle.phase == "do" and cycle.phase_changed_on == TODAY
    assert "planned and moved to Do" in client.get(response["Location"]).content.decode()


def test_save_and_move_to_do_from_the_plan_form_of_a_saved_cycle(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, objective="", phase_changed_on=TODAY - timedelta(days=30))
    client = client_for(member)
    url = reverse("cycles:update", args=[dundee.slug, cycle.pk])
    response = client.post(url, _plan_form(title=cycle.title, **PLAN, version=cycle.version, advance="1"))
    cycle.refresh_from_db()
    assert response.status_code == 302 and cycle.phase == "do" and cycle.phase_changed_on == TODAY


def test_the_edit_form_moves_the_cycle_on_or_keeps_what_was_typed(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, **filled("do"))
    client = client_for(member)
    url = reverse("cycles:update", args=[dundee.slug, cycle.pk])
    form = client.get(url).content.decode()
    assert 'name="started_on"' in form and 'name="results"' not in form and "Save and move to Study" in form
    base = _plan_form(title=cycle.title, **PLAN, version=cycle.version)
    typed = base | {"started_on": (TODAY - timedelta(days=3)).isoformat(), "what_happened": "Typed and kept"}
    response = client.post(url, typed | {"advance": "1"})
    page = response.content.decode()
    assert response.status_code == 200 and "Nothing has been saved yet" in page and "Typed and kept" in page
    assert "Fill this in before the cycle moves on from Do." in page
    assert Cycle.objects.get(pk=cycle.pk).what_happened == ""
    done = base | {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in DO.items()} | {"advance": "1"}
    response = client.post(url, done)
    assert response.status_code == 302 and Cycle.objects.get(pk=cycle.pk).phase == "study"


def test_a_stale_edit_keeps_the_typed_values_and_names_who_saved(client_for, member, lead, dundee):
    cycle = CycleFactory(area=dundee)
    url = reverse("cycles:update", args=[dundee.slug, cycle.pk])
    mine = _plan_form(title=cycle.title, **PLAN) | {"objective": "Mine", "version": cycle.version}
    theirs = _plan_form(title=cycle.title, **PLAN) | {"objective": "Theirs", "version": cycle.version}
    assert client_for(lead).post(url, theirs).status_code == 302
    response = client_for(member).post(url, mine)
    page = response.content.decode()
    assert response.status_code == 200 and "Someone else saved changes" in page and "Mine" in page
    assert Cycle.objects.get(pk=cycle.pk).objective == "Theirs"


def test_dates_in_the_wrong_order_or_the_future_are_refused(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, **filled("do"))
    url = reverse("cycles:update", args=[dundee.slug, cycle.pk])
    base = _plan_form(title=cycle.title, **PLAN, version=cycle.version)
    wrong_order = {
        "started_on": (TODAY - timedelta(days=2)).isoformat(),
        "ended_on": (TODAY - timedelta(days=9)).isoformat(),
    }
    page = client_for(member).post(url, base | wrong_order).content.decode()
    assert "The test cannot end before it started" in page
    future = {"started_on": (TODAY + timedelta(days=2)).isoformat()}
    page = client_for(member).post(url, base | future).content.decode()
    assert "This date is in the future" in page
    assert Cycle.objects.get(pk=cycle.pk).started_on is None


def test_links_to_another_areas_records_are_refused(client_for, member, dundee, inverclyde):
    theirs = {
        "measures": [MeasureFactory(area=inverclyde).pk],
        "innovation": InnovationFactory(area=inverclyde).pk,
        "follows": CycleFactory(area=inverclyde).pk,
        "action": ActionFactory(area=inverclyde).pk,
    }
    response = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), _plan_form(**theirs))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose Dundee City&#x27;s own measures." in page and "Choose one of Dundee City&#x27;s innovations." in page
    assert "earlier cycles" in page and "actions" in page
    assert not Cycle.objects.filter(area=dundee).exists()


def test_a_gap_that_is_in_place_cannot_be_chosen(client_for, member, dundee):
    in_place = ItemScoreFactory(assessment=AssessmentFactory(area=dundee, completed=True), score=2)
    page = (
        client_for(member)
        .post(reverse("cycles:create", args=[dundee.slug]), _plan_form(driver_gap=in_place.pk))
        .content.decode()
    )
    assert "Choose a gap from Dundee City&#x27;s drivers assessments." in page


def test_a_cohort_size_that_is_not_small_is_refused(client_for, member, dundee):
    data = _plan_form(kind="usability", innovation=InnovationFactory(area=dundee).pk, cohort_size=60)
    page = client_for(member).post(reverse("cycles:create", args=[dundee.slug]), data).content.decode()
    assert "not a small cohort" in page and not Cycle.objects.exists()


# --- Ramps ------------------------------------------------------------------------------------


def test_the_next_cycle_of_a_ramp_starts_from_the_one_before(client_for, member, dundee):
    measure = MeasureFactory(area=dundee)
    first = CycleFactory(area=dundee, **filled("closed"))
    CycleMeasure.objects.create(area=dundee, cycle=first, measure=measure)
    client = client_for(member)
    form = client.get(reverse("cycles:create", args=[dundee.slug]) + f"?follows={first.pk}").content.decode()
    assert f"Plan the next cycle after “{first.title}”" in form and first.aim in form
    client.post(
        reverse("cycles:create", args=[dundee.slug]),
        _plan_form(title="Second", follows=first.pk, measures=[measure.pk]),
    )
    second = Cycle.objects.get(title="Second")
    assert second.follows == first and list(second.measures.all()) == [measure]


def test_a_ramp_may_branch_but_still_runs_forward(member, dundee):
    from cycles import rules, services

    first = CycleFactory(area=dundee, started_on=TODAY - timedelta(days=60), **{"ended_on": TODAY - timedelta(days=50)})
    second = CycleFactory(area=dundee, follows=first)
    data = {"title": "Third", "aim": "a", "change_idea": "c", "follows": first}
    third = services.cycle_create(area=dundee, actor=member, data=data)  # a second cycle following the first
    assert set(first.followed_by.all()) == {second, third}
    lone = CycleFactory(area=dundee, started_on=TODAY - timedelta(days=60))
    later = CycleFactory(area=dundee, **filled("do"))
    assert "follows" in rules.cycle_errors(area=dundee, cycle=first, values={"follows": later})  # not an earlier one
    started_before = {"follows": lone, "started_on": TODAY - timedelta(days=70)}
    errors = rules.cycle_errors(area=dundee, cycle=later, values=started_before)
    assert "it cannot have started before then" in errors["started_on"]


def test_a_branching_ramp_is_drawn_as_a_tree(client_for, member, viewer, dundee):
    """Worked example: "Try the huddle" is followed by two cycles ("Move it to Tuesdays" and "Early
    years huddle"), and "Three localities" follows "Move it to Tuesdays": four cycles, one branch."""
    first = CycleFactory(area=dundee, title="Try the huddle", **filled("closed") | {"learning": "Mondays are busy"})
    tuesdays = CycleFactory(area=dundee, title="Move it to Tuesdays", follows=first, **filled("closed"))
    early_years = CycleFactory(area=dundee, title="Early years huddle", follows=first, **filled("do"))
    localities = CycleFactory(area=dundee, title="Three localities", follows=tuesdays)
    CycleFactory(area=dundee, title="Unrelated")
    tree = ramps.ramp_tree(localities)
    assert tree.cycle == first and tree.branches
    assert [node.cycle for node in tree.followers] == [tuesdays, early_years]
    assert [node.cycle for node in tree.followers[0].followers] == [localities]
    assert [(n.cycle, n.step) for n in ramps.flatten(tree)] == [
        (first, 1),
        (tuesdays, 2),
        (localities, 3),
        (early_years, 2),
    ]
    assert ramps.ramp_steps([localities, early_years, first]) == {localities.pk: 3, early_years.pk: 2, first.pk: 1}
    page = client_for(viewer).get(reverse("cycles:ramp", args=[dundee.slug, early_years.pk])).content.decode()
    assert "Ramp of 4 cycles" in page and "This ramp branches 1 time." in page and "Unrelated" not in page
    body = page[page.index("<h1") :]
    # The tree: each branch nested under the cycle it follows, in reading order.
    assert body.index("Try the huddle") < body.index("Move it to Tuesdays") < body.index("Three localities")
    assert body.index("Three localities") < body.index("Early years huddle")
    assert 'aria-label="Cycles following Try the huddle"' in body
    assert "Plan a cycle following this one" not in page  # a viewer writes nothing
    page = client_for(member).get(reverse("cycles:ramp", args=[dundee.slug, first.pk])).content.decode()
    assert f"?follows={first.pk}" in page and f"?follows={tuesdays.pk}" in page  # either closed cycle may branch
    assert f"?follows={early_years.pk}" not in page  # still in Do
    detail = client_for(member).get(reverse("cycles:detail", args=[dundee.slug, first.pk])).content.decode()
    assert "the ramp branches here" in detail and "Plan another cycle following this one" in detail


def test_the_ramp_view_shows_the_chain_and_what_each_step_learned(client_for, viewer, dundee):
    first = CycleFactory(area=dundee, title="Try the huddle", **filled("closed") | {"learning": "Mondays are busy"})
    second = CycleFactory(area=dundee, title="Move it to Tuesdays", follows=first, **filled("closed"))
    third = CycleFactory(area=dundee, title="Three localities", follows=second)
    CycleFactory(area=dundee, title="Unrelated")
    assert [c.pk for c in ramps.ramp_of(second)] == [first.pk, second.pk, third.pk]
    page = client_for(viewer).get(reverse("cycles:ramp", args=[dundee.slug, third.pk])).content.decode()
    assert "Ramp of 3 cycles" in page and "Mondays are busy" in page and "Unrelated" not in page
    body = page[page.index("<h1") :]
    assert body.index("Try the huddle") < body.index("Move it to Tuesdays") < body.index("Three localities")
    assert "Plan a cycle following" not in page  # a viewer writes nothing, and the last cycle is only planned


# --- The list and the timeline --------------------------------------------------------------------


def test_the_list_filters_by_innovation_phase_kind_decision_and_dates(client_for, member, dundee, inverclyde):
    innovation = InnovationFactory(area=dundee)
    CycleFactory(area=dundee, title="Planning one", innovation=innovation)
    CycleFactory(area=dundee, title="Adopted one", **filled("closed") | {"decision": "adopt"})
    CycleFactory(
        area=dundee,
        title="Old one",
        **filled("study") | {"started_on": TODAY - timedelta(days=400), "ended_on": TODAY - timedelta(days=390)},
    )
    CycleFactory(area=inverclyde, title="Theirs")
    client = client_for(member)
    url = reverse("cycles:list", args=[dundee.slug])

    def titles(query):
        page = client.get(url, query).content.decode()
        return {t for t in ("Planning one", "Adopted one", "Old one", "Theirs") if t in page}

    assert titles({}) == {"Planning one", "Adopted one", "Old one"}
    assert titles({"innovation": innovation.pk}) == {"Planning one"}
    assert titles({"phase": "active"}) == {"Planning one", "Old one"}
    assert titles({"phase": "closed", "decision": "adopt"}) == {"Adopted one"}
    assert titles({"start": (TODAY - timedelta(days=100)).isoformat()}) == {"Adopted one"}
    assert titles({"end": (TODAY - timedelta(days=300)).isoformat()}) == {"Old one"}
    page = client.get(
        url, {"start": TODAY.isoformat(), "end": (TODAY - timedelta(days=5)).isoformat()}
    ).content.decode()
    assert "The end of the range is before its start." in page
    assert "No cycle matches these filters." in client.get(url, {"kind": "usability"}).content.decode()


def test_the_list_shows_active_cycles_first_and_pages_of_25(client_for, member, dundee):
    for n in range(26):
        CycleFactory(area=dundee, title=f"Closed {n}", **filled("closed"))
    CycleFactory(area=dundee, title="Still testing", **filled("do"))
    client = client_for(member)
    page = client.get(reverse("cycles:list", args=[dundee.slug])).content.decode()
    assert page.index("Still testing") < page.index("Closed 25") and "Page 1 of 2" in page


def test_an_empty_list_invites_the_first_cycle(client_for, member, viewer, dundee):
    page = client_for(member).get(reverse("cycles:list", args=[dundee.slug])).content.decode()
    assert "No cycles yet." in page and reverse("cycles:create", args=[dundee.slug]) in page
    page = client_for(viewer).get(reverse("cycles:list", args=[dundee.slug])).content.decode()
    assert reverse("cycles:create", args=[dundee.slug]) not in page


def test_the_timeline_lists_each_months_events_newest_first(client_for, member, dundee):
    start = TODAY.replace(day=1) - timedelta(days=70)
    CycleFactory(
        area=dundee,
        title="Huddle",
        **filled("closed") | {"started_on": start, "ended_on": start + timedelta(days=20), "closed_on": TODAY},
    )
    CycleFactory(area=dundee, title="Still planning")
    page = client_for(member).get(reverse("cycles:timeline", args=[dundee.slug])).content.decode()
    assert page.index(f">{month_label(TODAY)}<") < page.index(f">{month_label(start)}<")  # "Jul 2025" (issue 15)
    assert "PDSA cycle closed: adapt" in page and "PDSA cycle started" in page
    assert "Being planned" in page and "Still planning" in page
    later = client_for(member).get(
        reverse("cycles:timeline", args=[dundee.slug]), {"start": (TODAY - timedelta(days=5)).isoformat()}
    )
    assert "PDSA cycle started" not in later.content.decode()


def test_the_timeline_draws_each_ramp_as_a_tree_with_its_branches(client_for, member, dundee):
    start = TODAY - timedelta(days=90)
    dated = {"started_on": start, "ended_on": start + timedelta(days=14), "closed_on": start + timedelta(days=20)}
    first = CycleFactory(area=dundee, title="Weekly huddle", **filled("closed") | dated)
    CycleFactory(area=dundee, title="Huddle in schools", follows=first, started_on=start + timedelta(days=30))
    CycleFactory(area=dundee, title="Huddle with early years", follows=first, started_on=start + timedelta(days=40))
    CycleFactory(area=dundee, title="A cycle on its own", started_on=start)
    page = client_for(member).get(reverse("cycles:timeline", args=[dundee.slug])).content.decode()
    ramps_part = page[page.index("Ramps: which cycle built on which") :]
    assert "Branches: 2 cycles follow it" in ramps_part
    assert ramps_part.index("Weekly huddle") < ramps_part.index("Huddle in schools")
    assert ramps_part.index("Weekly huddle") < ramps_part.index("Huddle with early years")
    assert "A cycle on its own" not in ramps_part.split("</section>")[0]  # a lone cycle is no ramp


def test_the_timeline_shows_the_last_twelve_months_unless_dates_are_chosen(client_for, member, dundee):
    # Issue 17: at five years the timeline drew every month and every ramp on each visit.
    old = TODAY - timedelta(days=800)
    dated = {"started_on": old, "ended_on": old + timedelta(days=14), "closed_on": old + timedelta(days=20)}
    first = CycleFactory(area=dundee, title="Old huddle", **filled("closed") | dated)
    CycleFactory(area=dundee, title="Old follow-on", follows=first, **filled("closed") | dated)
    client = client_for(member)
    page = client.get(reverse("cycles:timeline", args=[dundee.slug])).content.decode()
    assert "Old huddle" not in page and "Old follow-on" not in page
    assert "Nothing happened in the last twelve months" in page and "Choose dates above" in page
    chosen = client.get(
        reverse("cycles:timeline", args=[dundee.slug]), {"start": (old - timedelta(days=1)).isoformat()}
    )
    assert "Old huddle" in chosen.content.decode() and "Ramps: which cycle built on which" in chosen.content.decode()
