"""The Community of Practice in people's to-do lists: examples and changes sent back to their author,
events coming up that they registered for, and for CELCIS what waits for review. Each item is for the
right person, goes once done, and the query count stays flat."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community import services, todos
from community.models import ExampleStatus
from core.todos import TodoScope, Urgency
from tests.community.factories import EventFactory, ExampleFactory, RegistrationFactory
from tests.factories import LocalAreaFactory, UserFactory


def _scope(user, *areas, celcis=False, community=True, today=None):
    return TodoScope(
        user=user, areas=list(areas), celcis=celcis, community=community, today=today or timezone.localdate()
    )


def _keys(scope, key):
    return [item for item in todos.items(scope) if item.key == key]


def _submitted(author, area):
    return ExampleFactory(area=area, author=author, status=ExampleStatus.SUBMITTED, published_at=None)


def test_an_example_sent_back_is_on_its_authors_list_until_sent_again(member, other_member, celcis, dundee):
    example = _submitted(member, dundee)
    services.example_return(example=example, actor=celcis, comment="Take out the school's name.")
    (item,) = _keys(_scope(member, dundee), "community.example_returned")
    assert item.urgency == Urgency.OVERDUE and item.since == timezone.localdate()
    assert item.url == example.get_absolute_url() and "school's name" in item.detail
    assert not _keys(_scope(other_member), "community.example_returned")
    services.example_submit(example=example, actor=member, privacy_confirmed=True)
    assert not _keys(_scope(member, dundee), "community.example_returned")


def test_changes_sent_back_are_on_the_authors_list_until_sent_again(member, celcis, dundee):
    example = ExampleFactory(area=dundee, author=member)
    services.example_changes_save(actor=member, example=example, data={"title": "New title"}, tags=[])
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    services.example_changes_return(example=example, actor=celcis, comment="Say which service.")
    (item,) = _keys(_scope(member), "community.changes_returned")
    assert item.url == f"/community/examples/{example.pk}/changes/" and item.urgency == Urgency.OVERDUE
    services.example_changes_submit(example=example, actor=member, privacy_confirmed=True)
    assert not _keys(_scope(member), "community.changes_returned")


def test_celcis_sees_examples_and_changes_waiting_for_review_in_its_areas(member, celcis, dundee, inverclyde):
    waiting = _submitted(member, dundee)
    published = ExampleFactory(area=dundee, author=member, title="Published one")
    services.example_changes_save(actor=member, example=published, data={"title": "Published, changed"}, tags=[])
    services.example_changes_submit(example=published, actor=member, privacy_confirmed=True)
    scope = _scope(celcis, dundee, inverclyde, celcis=True)
    (example_item,) = _keys(scope, "community.example_review")
    (changes_item,) = _keys(scope, "community.changes_review")
    assert example_item.url == f"/community/examples/{waiting.pk}/review/" and example_item.urgency == Urgency.DUE_SOON
    assert changes_item.title == "Publish or return the changes to “Published one”"
    assert not _keys(_scope(celcis, inverclyde, celcis=True), "community.example_review")  # not in its areas
    assert not _keys(_scope(member, dundee), "community.example_review")  # review is CELCIS's
    services.example_publish(example=waiting, actor=celcis)
    services.example_changes_publish(example=published, actor=celcis)
    assert not _keys(scope, "community.example_review") and not _keys(scope, "community.changes_review")


def test_events_i_registered_for_in_the_next_30_days(member, community):
    soon = EventFactory(title="Coaching workshop", starts_at=timezone.now() + timedelta(days=3))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=45))
    for event in (soon, later):
        RegistrationFactory(event=event, user=member)
    (item,) = _keys(_scope(member), "community.event")
    assert item.title == "Attend “Coaching workshop”" and item.urgency == Urgency.UPCOMING
    assert item.due == timezone.localdate(soon.starts_at) and item.url == soon.get_absolute_url()
    assert not _keys(_scope(community), "community.event")  # not registered
    services.event_withdraw(event=soon, actor=member)
    assert not _keys(_scope(member), "community.event")


def test_nothing_for_someone_not_taking_part(member, dundee, celcis):
    example = _submitted(member, dundee)
    services.example_return(example=example, actor=celcis, comment="Say more.")
    assert todos.items(_scope(member, dundee, community=False)) == []


@pytest.mark.parametrize("as_celcis", [False, True])
def test_the_query_count_stays_flat(member, celcis, as_celcis):
    areas = []

    def add_rows():
        area = LocalAreaFactory()
        areas.append(area)
        returned = _submitted(member, area)
        services.example_return(example=returned, actor=celcis, comment="Say more.")
        _submitted(UserFactory(), area)
        RegistrationFactory(event=EventFactory(starts_at=timezone.now() + timedelta(days=2)), user=member)
        published = ExampleFactory(area=area, author=member)
        services.example_changes_save(actor=member, example=published, data={"title": "Changed"}, tags=[])
        services.example_changes_submit(example=published, actor=member, privacy_confirmed=True)

    def count():
        scope = _scope(celcis if as_celcis else member, *areas, celcis=as_celcis, community=not as_celcis)
        with CaptureQueriesContext(connection) as captured:
            found = todos.items(scope)
        return len(captured.captured_queries), len(found)

    add_rows()
    small, few = count()
    for _ in range(4):
        add_rows()
    large, many = count()
    assert large == small and many == 5 * few
    assert small <= (2 if as_celcis else 3)
