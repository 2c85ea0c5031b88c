"""Every URL × every kind of user → the status they get.

Each app lists its URL names in `tests/<app>/access_rows.py` (vocabulary in `tests/access.py`).
A URL pattern with no row fails `test_every_url_is_in_the_matrix`, so every new page must say who
may use it. Django's admin (/admin/, for superusers only) is left to Django.
"""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from areas.models import Membership, Role
from tests.access import LOGIN, OK, USERS
from tests.factories import MembershipFactory


def _collect_rows():
    """Every app's rows, from tests/<app>/access_rows*.py."""
    matrix = {}
    for rows_file in sorted(Path(__file__).resolve().parent.parent.glob("*/access_rows*.py")):
        module = importlib.import_module(f"tests.{rows_file.parent.name}.{rows_file.stem}")
        duplicated = set(matrix) & set(module.ROWS)
        assert not duplicated, f"URL names with two rows: {duplicated}"
        matrix.update(module.ROWS)
    return matrix


MATRIX = _collect_rows()


def _url_names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else f"{namespace}<unnamed {pattern.pattern}>"


def test_every_url_is_in_the_matrix():
    names = {name for name in _url_names(get_resolver().url_patterns) if not name.startswith("admin:")}
    missing = sorted(names - set(MATRIX))
    assert not missing, f"URL patterns without a row in the access matrix: {missing}"
    stale = sorted(set(MATRIX) - names)
    assert not stale, f"Rows for URL names that no longer exist: {stale}"


@pytest.fixture
def people(request, dundee, inverclyde):
    """Every kind of user, by name; Dundee is their own area, Inverclyde the other."""
    return {name: (None if name == "anonymous" else request.getfixturevalue(name)) for name in USERS}


def url_kwargs(kind, dundee):
    if callable(kind):
        return kind(dundee)
    if kind == "area":
        return {"area_slug": dundee.slug}
    if kind == "membership":
        # Somebody other than the people under test, so nobody is acting on their own membership.
        target = MembershipFactory(area=dundee, role=Role.AREA_MEMBER)
        return {"area_slug": dundee.slug, "pk": target.pk}
    if kind == "national_membership":
        target = MembershipFactory(area=None, role=Role.COMMUNITY_MEMBER)
        return {"pk": target.pk}
    if kind == "reset":
        return {"uidb64": "MQ", "token": "not-a-real-token"}
    return {}


def _check(client, method, url, expected, user_name):
    response = client.get(url) if method == "get" else client.post(url, {})
    status = response.status_code
    where = f"{method.upper()} {url} as {user_name}"
    if expected == LOGIN:
        assert status == 302 and response["Location"].startswith(reverse("login")), f"{where}: {status}"
    elif expected == OK:
        assert status in (200, 302), f"{where}: expected the request to be accepted, got {status}"
    else:
        assert status == expected, f"{where}: expected {expected}, got {status}"


CASES = [
    (name, method, user)
    for name, row in MATRIX.items()
    for method in ("get", "post")
    if getattr(row, method) is not None
    for user in USERS
]


@pytest.mark.parametrize(("name", "method", "user_name"), CASES)
def test_access_matrix(client, people, dundee, name, method, user_name):
    row = MATRIX[name]
    url = reverse(name, kwargs=url_kwargs(row.kwargs, dundee))
    user = people[user_name]
    if user is not None:
        client.force_login(user)
    _check(client, method, url, getattr(row, method)[user_name], user_name)


def test_member_of_other_area_cannot_reach_our_membership_through_their_own_area(
    client, dundee, inverclyde, other_lead
):
    """A tampered URL (their area's slug with our membership's id) still gives 404."""
    ours = MembershipFactory(area=dundee, role=Role.AREA_MEMBER)
    client.force_login(other_lead)
    url = reverse("areas:member_end", kwargs={"area_slug": inverclyde.slug, "pk": ours.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Membership.objects.get(pk=ours.pk).is_active
