"""Shared people and places for every test.

Dundee is "our" area and Inverclyde "the other" one: every role is represented, plus someone
from the other area who must see nothing of ours.
"""

import pytest
from django.core.cache import cache

from areas.models import Role
from tests.factories import LocalAreaFactory, MembershipFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Cached pages are keyed by record ids, which test databases reuse: every test starts empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Let every connection object restore the rows the data migrations load.

    Django keeps the serialized copy of those rows (for `serialized_rollback`) on the connection
    object that created the test database. Playwright's sync API runs its event loop in greenlets,
    and inside them Django hands out a different connection object, which would then restore
    nothing: every browser test after the first would start with no areas or catalogues whenever
    another test had opened the database first (pytest-dev/pytest-django#1117). Keeping the copy on
    the connection class gives every connection object the same one.
    """
    from django.db import connections

    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    if contents is not None:
        type(connection)._test_serialized_contents = contents
    return django_db_setup


PASSWORD = "correct-horse-battery"  # set by UserFactory


@pytest.fixture
def dundee(db):
    return LocalAreaFactory(slug="dundee", name="Dundee City")


@pytest.fixture
def inverclyde(db):
    return LocalAreaFactory(slug="inverclyde", name="Inverclyde")


def _person(username, role, area=None):
    user = UserFactory(username=username)
    MembershipFactory(user=user, role=role, area=area)
    return user


@pytest.fixture
def member(dundee):
    """An area member of Dundee."""
    return _person("t-dundee-member", Role.AREA_MEMBER, dundee)


@pytest.fixture
def lead(dundee):
    """An area lead of Dundee."""
    return _person("t-dundee-lead", Role.AREA_LEAD, dundee)


@pytest.fixture
def other_member(inverclyde):
    """A member of Inverclyde, who must see nothing of Dundee."""
    return _person("t-inverclyde-member", Role.AREA_MEMBER, inverclyde)


@pytest.fixture
def other_lead(inverclyde):
    """A lead of Inverclyde, who must manage nothing of Dundee."""
    return _person("t-inverclyde-lead", Role.AREA_LEAD, inverclyde)


@pytest.fixture
def celcis(db):
    return _person("t-celcis", Role.CELCIS)


@pytest.fixture
def viewer(db):
    """A national viewer: reads everything, writes nothing."""
    return _person("t-viewer", Role.NATIONAL_VIEWER)


@pytest.fixture
def community(db):
    """A Community of Practice member: no area records at all."""
    return _person("t-community", Role.COMMUNITY_MEMBER)


@pytest.fixture
def area_viewer(dundee):
    """An area viewer of Dundee (local governance): reads Dundee, writes nothing, sees no other area."""
    return _person("t-dundee-area-viewer", Role.AREA_VIEWER, dundee)


@pytest.fixture
def nobody(db):
    """Signed in, but with no membership."""
    return UserFactory(username="t-nobody")


@pytest.fixture
def client_for(client):
    """`client_for(user)` gives the test client signed in as that user."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
