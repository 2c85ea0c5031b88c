"""The CELCIS review opens on the quarter with returns waiting for review and lists first what needs
action: returns waiting, late, or sent back."""

from django.urls import reverse
from django.utils import timezone

from core.quarters import Quarter
from reports.models import ReturnStatus
from tests.query_budget import assert_flat_query_count
from tests.reports.factories import PAST, QuarterlyReturnFactory

REVIEW = reverse("reports:review")


def test_the_review_opens_on_the_latest_quarter_with_a_return_waiting(client_for, celcis, dundee, inverclyde):
    older = PAST.previous()
    QuarterlyReturnFactory(area=dundee, quarter_start=older.start, submitted=True)
    QuarterlyReturnFactory(area=inverclyde, quarter_start=older.previous().start, submitted=True)
    QuarterlyReturnFactory(area=dundee, quarter_start=PAST.start, accepted=True)
    response = client_for(celcis).get(REVIEW)
    assert response.context["quarter"] == older


def test_with_nothing_waiting_it_opens_on_the_last_finished_quarter(client_for, celcis, dundee):
    QuarterlyReturnFactory(area=dundee, quarter_start=PAST.start, accepted=True)
    response = client_for(celcis).get(REVIEW)
    assert response.context["quarter"] == Quarter.of(timezone.localdate()).previous()


def test_what_needs_action_comes_first_with_links_to_where_it_is_done(client_for, celcis, dundee, inverclyde):
    waiting = QuarterlyReturnFactory(area=dundee, submitted=True)
    late = QuarterlyReturnFactory(area=inverclyde, quarter_start=PAST.previous().start, status=ReturnStatus.DRAFT)
    sent_back = QuarterlyReturnFactory(area=inverclyde, written=True, status=ReturnStatus.RETURNED)
    QuarterlyReturnFactory(area=dundee, quarter_start=PAST.previous().start, accepted=True)  # needs nothing
    page = client_for(celcis).get(REVIEW).content.decode()
    top = page[page.index("Needs action") : page.index("<table")]
    assert reverse("reports:return_review", args=[dundee.slug, waiting.slug]) in top
    assert late.get_absolute_url() in top and "days late" in top
    assert sent_back.get_absolute_url() in top
    assert "Sent back, not yet resubmitted" in top
    needs = client_for(celcis).get(REVIEW).context["needs_action"]
    assert (len(needs.waiting), len(needs.late), len(needs.sent_back)) == (
        1,
        2,
        1,
    )  # a late return sent back counts as both


def test_national_viewers_see_what_needs_action_without_review_links(client_for, viewer, dundee):
    waiting = QuarterlyReturnFactory(area=dundee, submitted=True)
    page = client_for(viewer).get(REVIEW).content.decode()
    assert waiting.get_absolute_url() in page
    assert reverse("reports:return_review", args=[dundee.slug, waiting.slug]) not in page


def test_when_nothing_needs_action_it_says_so(client_for, celcis):
    assert "No return is waiting for review, late or sent back." in client_for(celcis).get(REVIEW).content.decode()


def test_the_review_query_count_stays_flat_as_returns_needing_action_grow(client_for, celcis, dundee, inverclyde):
    quarters = [PAST]

    def add_rows():
        quarters.append(quarters[-1].previous())
        QuarterlyReturnFactory(area=dundee, quarter_start=quarters[-1].start, submitted=True)
        QuarterlyReturnFactory(area=inverclyde, quarter_start=quarters[-1].start, status=ReturnStatus.RETURNED)

    assert_flat_query_count(client_for(celcis), REVIEW, add_rows, factor=3, max_queries=26)


def test_a_return_sent_back_after_an_on_time_submission_is_not_late(client_for, celcis, dundee, inverclyde):
    # Issue 15: the review said "48 days late" of a return its own page called "on time".
    on_time = QuarterlyReturnFactory(area=dundee, written=True, status=ReturnStatus.RETURNED)
    on_time.first_submitted_at = timezone.make_aware(
        timezone.datetime.combine(on_time.due_on, timezone.datetime.min.time())
    )
    on_time.save()
    late = QuarterlyReturnFactory(area=inverclyde, written=True, status=ReturnStatus.RETURNED)
    late.first_submitted_at = on_time.first_submitted_at + timezone.timedelta(days=3)
    late.save()
    needs = client_for(celcis).get(REVIEW).context["needs_action"]
    assert {r.pk for r in needs.sent_back} == {on_time.pk, late.pk}
    assert [(r.pk, r.days_late) for r in needs.late] == [(late.pk, 3)]  # submitted three days after the due date
