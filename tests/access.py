"""The vocabulary of the access matrix, shared by every app's `tests/<app>/access_rows.py`."""

from collections.abc import Callable
from dataclasses import dataclass

USERS = [
    "anonymous",
    "nobody",
    "community",
    "member",
    "lead",
    "other_member",
    "other_lead",
    "viewer",
    "celcis",
    "area_viewer",
]
LOGIN = "login"  # expected: redirect to the sign-in page
OK = "ok"  # expected: the request is accepted (200 page or 302 after a write)


def expect(default, **overrides):
    return {user: overrides.get(user, default) for user in USERS}


# What each kind of page gives each kind of user. `area_viewer` reads Dundee (local governance) and
# writes nothing; like a national viewer it reads the Community of Practice without taking part.
SIGNED_IN = expect(200, anonymous=LOGIN)
AREA_READ = expect(404, anonymous=LOGIN, member=200, lead=200, viewer=200, celcis=200, area_viewer=200)
AREA_WRITE = expect(404, anonymous=LOGIN, member=200, lead=200, viewer=403, celcis=200, area_viewer=403)
AREA_LEAD = expect(404, anonymous=LOGIN, member=403, lead=403, viewer=403, celcis=200, area_viewer=403) | {"lead": 200}
AREA_CELCIS = expect(404, anonymous=LOGIN, member=403, lead=403, viewer=403, celcis=200, area_viewer=403)
NATIONAL_READ = expect(404, anonymous=LOGIN, viewer=200, celcis=200)
NATIONAL_WRITE = expect(404, anonymous=LOGIN, viewer=403, celcis=200)
ANYONE = expect(200)
COMMUNITY_READ = expect(200, anonymous=LOGIN, nobody=404)
COMMUNITY_WRITE = expect(200, anonymous=LOGIN, nobody=404, viewer=403, area_viewer=403)


def as_post(get_expectation):
    """A POST is refused exactly as the GET is; where the GET is allowed the POST is accepted."""
    return {user: (OK if status == 200 else status) for user, status in get_expectation.items()}


@dataclass
class Row:
    """Who gets what from one URL name. `kwargs(dundee)` builds its URL arguments (creating any
    record it needs in Dundee, the area the users under test belong to) or names a built-in kind."""

    get: dict | None
    post: dict | None = None
    kwargs: str | Callable = "none"
