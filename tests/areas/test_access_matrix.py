"""Every URL × every kind of user → the status they get.

A URL pattern missing from MATRIX fails `test_every_url_is_in_the_matrix`, so every new page must
say here who may use it. Django's admin (/admin/, for superusers only) is left to Django.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from areas.models import Membership, Role
from tests.factories import MembershipFactory

USERS = ["anonymous", "nobody", "community", "member", "lead", "other_member", "other_lead", "viewer", "celcis"]
LOGIN = "login"  # expected: redirect to the sign-in page
OK = "ok"  # expected: the request is accepted (200 page or 302 after a write)


def expect(default, **overrides):
    return {user: overrides.get(user, default) for user in USERS}


# What each kind of page gives each kind of user.
SIGNED_IN = expect(200, anonymous=LOGIN)
AREA_READ = expect(404, anonymous=LOGIN, member=200, lead=200, viewer=200, celcis=200)
AREA_WRITE = expect(404, anonymous=LOGIN, member=200, lead=200, viewer=403, celcis=200)
AREA_LEAD = expect(404, anonymous=LOGIN, member=403, lead=403, viewer=403, celcis=200) | {"lead": 200}
AREA_CELCIS = expect(404, anonymous=LOGIN, member=403, lead=403, viewer=403, celcis=200)
NATIONAL_READ = expect(404, anonymous=LOGIN, viewer=200, celcis=200)
NATIONAL_WRITE = expect(404, anonymous=LOGIN, viewer=403, celcis=200)
ANYONE = expect(200)


def as_post(get_expectation):
    """A POST is refused exactly as the GET is; where the GET is allowed the POST is accepted."""
    return {user: (OK if status == 200 else status) for user, status in get_expectation.items()}


@dataclass
class Row:
    get: dict | None
    post: dict | None = None
    kwargs: str = "none"  # which URL arguments: see url_kwargs()


MATRIX = {
    "home": Row(get=expect(302, anonymous=LOGIN, nobody=200, community=200)),
    "healthz": Row(get=ANYONE),
    "login": Row(get=expect(302, anonymous=200), post=expect(302, anonymous=200)),
    "logout": Row(get=expect(405), post=expect(302)),
    "password_change": Row(get=SIGNED_IN, post=as_post(SIGNED_IN)),
    "password_change_done": Row(get=SIGNED_IN),
    "password_reset": Row(get=ANYONE, post=expect(OK)),
    "password_reset_done": Row(get=ANYONE),
    "password_reset_confirm": Row(get=ANYONE, kwargs="reset"),
    "password_reset_complete": Row(get=ANYONE),
    "areas:list": Row(get=SIGNED_IN),
    "areas:overview": Row(get=AREA_READ, kwargs="area"),
    "areas:edit": Row(get=AREA_CELCIS, post=as_post(AREA_CELCIS), kwargs="area"),
    "areas:history": Row(get=AREA_READ, kwargs="area"),
    "areas:members": Row(get=AREA_LEAD, kwargs="area"),
    "areas:member_add": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="area"),
    "areas:member_role": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="membership"),
    "areas:member_end": Row(get=AREA_LEAD, post=as_post(AREA_LEAD), kwargs="membership"),
    "areas:national": Row(get=NATIONAL_READ),
    "areas:national_people": Row(get=NATIONAL_WRITE),
    "areas:national_person_add": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE)),
    "areas:national_person_end": Row(get=NATIONAL_WRITE, post=as_post(NATIONAL_WRITE), kwargs="national_membership"),
}


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
