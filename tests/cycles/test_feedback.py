"""The practice–policy feedback loop: its figures (age bands, median days to resolve, overdue items),
its rules for each status and date, the list's filters, and the figures a quarterly report reads."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from areas.access import Access
from cycles import figures, rules, selectors, services
from cycles.models import FeedbackItem
from tests.cycles.factories import CycleFactory, FeedbackItemFactory, filled

TODAY = timezone.localdate()


def days_ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# --- Pure figures --------------------------------------------------------------------------------


def test_age_bands_put_each_open_item_in_one_band_at_their_edges():
    on = date(2026, 6, 30)
    raised = [on - timedelta(days=d) for d in (0, 30, 31, 60, 61, 90, 91, 400)]
    assert [(band.label, n) for band, n in figures.age_bands(raised, on)] == [
        ("Up to 30 days", 2),
        ("31 to 60 days", 2),
        ("61 to 90 days", 2),
        ("More than 90 days", 2),
    ]
    assert all(n == 0 for _, n in figures.age_bands([], on))


def test_overdue_means_open_more_than_60_days():
    on = date(2026, 6, 30)
    assert not figures.is_overdue(on - timedelta(days=60), on)
    assert figures.is_overdue(on - timedelta(days=61), on)


def test_median_days_to_resolve_with_odd_and_even_counts():
    raised = date(2026, 1, 1)
    spans = [(raised, raised + timedelta(days=d)) for d in (10, 2, 30)]
    assert figures.median_days(spans) == 10
    assert figures.median_days([*spans, (raised, raised + timedelta(days=40))]) == 20
    assert figures.median_days([]) is None


# --- The area's figures and the list --------------------------------------------------------------


def _loop(area):
    FeedbackItemFactory(area=area, title="Fresh", raised_on=days_ago(5))
    FeedbackItemFactory(
        area=area,
        title="Routed long ago",
        raised_on=days_ago(75),
        status="routed",
        routed_to="cpc",
        routed_on=days_ago(70),
    )
    FeedbackItemFactory(area=area, title="Very old", raised_on=days_ago(200), status="open")
    FeedbackItemFactory(
        area=area,
        title="Sorted quickly",
        raised_on=days_ago(40),
        status="resolved",
        routed_to="leadership",
        routed_on=days_ago(39),
        response="Form changed",
        responded_on=days_ago(35),
        resolved_on=days_ago(30),
    )
    FeedbackItemFactory(
        area=area,
        title="Not for change",
        raised_on=days_ago(100),
        status="closed",
        response="National policy",
        resolved_on=days_ago(70),
    )


def test_feedback_figures_for_an_area(dundee, inverclyde):
    _loop(dundee)
    FeedbackItemFactory(area=inverclyde, raised_on=days_ago(300))
    found = selectors.feedback_figures(dundee)
    assert found.open_count == 3 and found.overdue_count == 2
    assert [n for _, n in found.bands] == [1, 0, 1, 1]
    # Resolved items only: "Sorted quickly" took 10 days; "Not for change" (closed, 30 days) is not resolved.
    assert found.resolved_count == 1 and found.median_days == 10
    assert (found.closed_count, found.closed_shared_count, found.closed_shared_percent) == (1, 0, 0)


def test_median_days_to_resolve_counts_resolved_items_only(db):
    """Worked example from issue 13: 50 days closed without change and 40 days resolved used to give a
    "median days to resolve" of 45; only the resolved item counts, so the median is 40. Resolution is
    the later of the change being made and the answer being shared back with practice."""
    from tests.factories import LocalAreaFactory

    area = LocalAreaFactory()
    raised = days_ago(100)
    FeedbackItemFactory(
        area=area, raised_on=raised, status="closed", response="No change", resolved_on=raised + timedelta(days=50)
    )
    FeedbackItemFactory(
        area=area,
        raised_on=raised,
        status="resolved",
        response="Form changed",
        resolved_on=raised + timedelta(days=30),  # the change made on day 30 …
        shared_with_practice_on=raised + timedelta(days=40),  # … and practice told on day 40
    )
    # A change made but not yet shared back is not resolved, and not counted.
    FeedbackItemFactory(
        area=area, raised_on=raised, status="changed", response="Done", resolved_on=raised + timedelta(days=5)
    )
    found = selectors.feedback_figures(area)
    assert found.median_days == 40 and found.resolved_count == 1
    assert found.closed_count == 1 and found.closed_shared_count == 0
    assert [item.status for item in found.awaiting_share_back] == ["changed"]
    quarter = selectors.quarter_figures(area, raised, TODAY)
    assert quarter.feedback_resolved == 1 and quarter.median_days_to_resolve == 40
    assert (quarter.feedback_closed, quarter.feedback_closed_shared_back, quarter.awaiting_share_back) == (1, 0, 1)


def test_the_share_of_closed_items_whose_answer_went_back_to_practice(client_for, member, dundee):
    for shared in (days_ago(5), days_ago(4), None):
        FeedbackItemFactory(
            area=dundee,
            raised_on=days_ago(50),
            status="closed",
            response="No change",
            responded_on=days_ago(10),
            shared_with_practice_on=shared,
            resolved_on=days_ago(8),
        )
    found = selectors.feedback_figures(dundee)
    assert (found.closed_count, found.closed_shared_count, found.closed_shared_percent) == (3, 2, 67)
    page = client_for(member).get(reverse("cycles:feedback_list", args=[dundee.slug])).content.decode()
    assert "2 of 3 (67 %)" in page and "Nothing resolved yet" in page


def test_changes_not_yet_shared_back_are_listed_and_resolve_once_shared(client_for, member, dundee):
    item = FeedbackItemFactory(
        area=dundee,
        title="Template added to the case system",
        raised_on=days_ago(30),
        status="changed",
        routed_to="implementation",
        routed_on=days_ago(29),
        response="Added",
        responded_on=days_ago(10),
        resolved_on=days_ago(9),
    )
    client = client_for(member)
    page = client.get(reverse("cycles:feedback_list", args=[dundee.slug])).content.decode()
    section = page[page.index("Changes made, not yet shared back with practice") :]
    assert "Template added to the case system" in section[: section.index("</section>")]
    assert "Change made, not yet shared back" in page
    overview = client.get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "1 change made" in overview
    # Resolving needs the date practice heard; with it, the item is resolved.
    data = _form(
        title=item.title,
        raised_on=days_ago(30).isoformat(),
        status="resolved",
        routed_to="implementation",
        routed_on=days_ago(29).isoformat(),
        response="Added",
        responded_on=days_ago(10).isoformat(),
        resolved_on=days_ago(9).isoformat(),
        version=item.version,
    )
    url = reverse("cycles:feedback_update", args=[dundee.slug, item.pk])
    response = client.post(url, data)
    assert response.status_code == 200 and "give the date it was shared back" in response.content.decode()
    response = client.post(url, data | {"shared_with_practice_on": days_ago(2).isoformat()})
    item.refresh_from_db()
    assert response.status_code == 302 and item.status == "resolved" and item.done_on == days_ago(2)
    assert selectors.feedback_figures(dundee).median_days == 28
    # A change recorded as already shared back is resolved, not "not yet shared back".
    values = {"status": "changed", "raised_on": days_ago(30), "response": "Added", "resolved_on": days_ago(9)}
    errors = rules.feedback_errors(area=dundee, values=values | {"shared_with_practice_on": days_ago(2)})
    assert "so the barrier is resolved" in errors["status"]


def test_the_list_shows_the_figures_and_filters_overdue_items(client_for, member, dundee):
    _loop(dundee)
    client = client_for(member)
    url = reverse("cycles:feedback_list", args=[dundee.slug])
    page = client.get(url).content.decode()
    assert "2 overdue" in page and "10 days" in page
    assert page.index("Very old") < page.index("Routed long ago") < page.index("Fresh") < page.index("Sorted quickly")
    overdue = client.get(url, {"status": "overdue"}).content.decode()
    assert "Very old" in overdue and "Routed long ago" in overdue and "Fresh" not in overdue
    assert "Sorted quickly" not in client.get(url, {"status": "not_done"}).content.decode()
    routed = client.get(url, {"routed_to": "cpc"}).content.decode()
    assert "Routed long ago" in routed and "Very old" not in routed
    recent = client.get(url, {"start": days_ago(50).isoformat()}).content.decode()
    assert "Fresh" in recent and "Sorted quickly" in recent and "Very old" not in recent


def test_an_empty_loop_invites_the_first_barrier(client_for, member, dundee):
    page = client_for(member).get(reverse("cycles:feedback_list", args=[dundee.slug])).content.decode()
    assert "No barriers raised yet." in page and "Nothing resolved yet" in page


# --- Recording and updating items ------------------------------------------------------------------


def _form(**extra):
    return {
        "title": "Two referral forms",
        "description": "The same details are asked for twice.",
        "raised_on": days_ago(3).isoformat(),
        "raised_from": "practice",
        "status": "open",
    } | extra


def test_a_member_raises_a_barrier_from_a_cycle_and_closes_the_loop(client_for, member, dundee):
    cycle = CycleFactory(area=dundee, **filled("study"))
    client = client_for(member)
    response = client.post(reverse("cycles:feedback_create", args=[dundee.slug]), _form(cycle=cycle.pk))
    item = FeedbackItem.objects.get()
    assert response.status_code == 302 and item.cycle == cycle and item.created_by == member
    url = reverse("cycles:feedback_update", args=[dundee.slug, item.pk])
    resolved = _form(
        cycle=cycle.pk,
        status="resolved",
        routed_to="leadership",
        routed_on=days_ago(2).isoformat(),
        response="One form from next month",
        responded_on=days_ago(1).isoformat(),
        shared_with_practice_on=TODAY.isoformat(),
        resolved_on=TODAY.isoformat(),
        version=item.version,
    )
    assert client.post(url, resolved).status_code == 302
    item.refresh_from_db()
    assert item.status == "resolved" and item.resolved_on == TODAY
    page = client.get(reverse("cycles:feedback_detail", args=[dundee.slug, item.pk])).content.decode()
    assert "Resolved in 3 days: from being raised to the change being made and shared back" in page
    assert "Status: resolved" in page
    assert item.title in client.get(reverse("cycles:detail", args=[dundee.slug, cycle.pk])).content.decode()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"raised_on": (TODAY + timedelta(days=1)).isoformat()}, "raised_on", "This date is in the future"),
        ({"status": "routed"}, "routed_to", "A routed barrier names the team or body it went to."),
        ({"routed_to": "cpc"}, "routed_on", "Give the date the barrier was routed."),
        (
            {"routed_to": "cpc", "routed_on": days_ago(10).isoformat()},
            "routed_on",
            "This cannot be before the date it was raised",
        ),
        (
            {"status": "responded", "routed_to": "cpc", "routed_on": days_ago(2).isoformat()},
            "response",
            "Give the response that came back.",
        ),
        (
            {"status": "resolved", "response": "Done"},
            "resolved_on",
            "Give the date the change was made.",
        ),
        (
            {"status": "resolved", "response": "Done", "resolved_on": days_ago(1).isoformat()},
            "shared_with_practice_on",
            "A barrier is resolved once practice has heard what changed",
        ),
        (
            {"status": "closed", "resolved_on": days_ago(1).isoformat()},
            "response",
            "Say why it was closed without a change.",
        ),
        (
            {"resolved_on": days_ago(1).isoformat()},
            "resolved_on",
            "Only a barrier with a change made, or closed, has this date.",
        ),
        (
            {"status": "resolved", "response": "x", "resolved_on": days_ago(9).isoformat()},
            "resolved_on",
            "This cannot be before",
        ),
    ],
)
def test_bad_feedback_input_gets_a_clear_error_and_keeps_what_was_typed(
    client_for, member, dundee, extra, field, message
):
    response = client_for(member).post(reverse("cycles:feedback_create", args=[dundee.slug]), _form(**extra))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors.get(field, [])), form.errors
    assert "Two referral forms" in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_barrier_from_another_areas_cycle_is_refused(client_for, member, dundee, inverclyde):
    theirs = CycleFactory(area=inverclyde)
    response = client_for(member).post(reverse("cycles:feedback_create", args=[dundee.slug]), _form(cycle=theirs.pk))
    assert "Choose one of Dundee City&#x27;s cycles." in response.content.decode()


def test_a_stale_feedback_edit_is_caught(client_for, member, lead, dundee):
    item = FeedbackItemFactory(area=dundee, raised_on=days_ago(3))
    url = reverse("cycles:feedback_update", args=[dundee.slug, item.pk])
    assert client_for(lead).post(url, _form(title="Lead's", version=item.version)).status_code == 302
    response = client_for(member).post(url, _form(title="Member's", version=item.version))
    assert "Someone else saved changes" in response.content.decode() and "Member&#x27;s" in response.content.decode()
    assert FeedbackItem.objects.get().title == "Lead's"


# --- Figures for a quarterly report --------------------------------------------------------------


def test_quarter_figures_count_what_happened_in_the_period(member, dundee, inverclyde):
    start, end = date(2026, 4, 1), date(2026, 6, 30)
    in_q, before = date(2026, 5, 10), date(2026, 2, 1)
    closed = filled("closed")
    CycleFactory(area=dundee, **closed | {"started_on": in_q, "ended_on": in_q, "closed_on": in_q, "decision": "adopt"})
    CycleFactory(
        area=dundee, **closed | {"started_on": before, "ended_on": before, "closed_on": in_q, "decision": "abandon"}
    )
    CycleFactory(area=dundee, **closed | {"started_on": before, "ended_on": before, "closed_on": before})
    CycleFactory(area=dundee, **filled("do") | {"started_on": end})
    CycleFactory(area=inverclyde, **closed | {"started_on": in_q, "ended_on": in_q, "closed_on": in_q})
    FeedbackItemFactory(area=dundee, raised_on=in_q)  # raised, still open, not yet 60 days at the end
    FeedbackItemFactory(area=dundee, raised_on=date(2026, 3, 1))  # open more than 60 days at the end
    FeedbackItemFactory(  # raised before, resolved in the quarter after 60 days: was not open at the end
        area=dundee, raised_on=date(2026, 2, 1), status="resolved", response="x", resolved_on=date(2026, 4, 3)
    )
    FeedbackItemFactory(  # raised in the quarter, resolved in 4 days
        area=dundee, raised_on=in_q, status="closed", response="x", resolved_on=in_q + timedelta(days=4)
    )
    FeedbackItemFactory(  # open at the end (resolved after it), more than 60 days old by then
        area=dundee, raised_on=date(2026, 1, 5), status="resolved", response="x", resolved_on=date(2026, 7, 10)
    )
    found = selectors.quarter_figures(dundee, start, end)
    assert found.cycles_started == 2
    assert found.cycles_closed == {"adopt": 1, "adapt": 0, "abandon": 1} and found.cycles_closed_total == 2
    # Resolved in the quarter: only the item resolved (and shared back) on 3 April, after 61 days; the
    # item closed without change in 4 days is counted apart and not in the median.
    assert found.feedback_raised == 2 and found.feedback_resolved == 1 and found.feedback_closed == 1
    assert found.median_days_to_resolve == 61
    assert found.open_over_60_days == 2


def test_quarter_figures_refuse_a_period_that_ends_before_it_starts(dundee):
    with pytest.raises(ValueError, match="ends before it starts"):
        selectors.quarter_figures(dundee, date(2026, 6, 30), date(2026, 4, 1))


def test_an_empty_quarter_has_no_median(dundee):
    found = selectors.quarter_figures(dundee, date(2026, 4, 1), date(2026, 6, 30))
    assert found.median_days_to_resolve is None and found.cycles_closed_total == 0


# --- The overview panel --------------------------------------------------------------------------


def test_the_overview_shows_open_and_overdue_items(client_for, member, dundee, inverclyde):
    _loop(dundee)
    FeedbackItemFactory(area=inverclyde, title="Theirs", raised_on=days_ago(500))
    panel = selectors.feedback_panel(dundee, Access.for_user(member))
    assert panel["open_count"] == 3 and panel["overdue_count"] == 2
    assert panel["oldest"]["title"] == "Very old" and panel["oldest"]["days"] == 200
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert '<h2 id="panel-feedback"' in page and "2 overdue" in page and "Very old" in page and "Theirs" not in page


def test_the_overview_panel_with_nothing_overdue(client_for, member, dundee):
    services.feedback_create(
        area=dundee,
        actor=member,
        data={"title": "New", "description": "d", "raised_on": TODAY, "raised_from": "practice"},
    )
    page = client_for(member).get(reverse("areas:overview", args=[dundee.slug])).content.decode()
    assert "1 open item." in page and "None is overdue." in page
