"""GET and HEAD change nothing: every URL in the access matrix, requested by every kind of user, leaves
every table (history tables included) with the rows it had.

A page that creates or changes a record when it is merely looked at surprises whoever looks (a
viewer "opening" a return), runs again on every prefetch and crawl, and escapes CSRF protection.
The URLs and the users are the access matrix's own (tests/areas/test_access_matrix.py), so a new
page is covered as soon as it has its row there.
"""

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from tests.access import USERS
from tests.areas.test_access_matrix import MATRIX, url_kwargs

READABLE = sorted(name for name, row in MATRIX.items() if row.get is not None)


# Records of who read what are the one write a GET may make: the audit trail of report downloads
# that the README promises ("every download recorded"). A HEAD downloads nothing and records nothing.
READ_RECORDS = {"reports.ReportDownload"}


def _row_counts() -> dict[str, int]:
    """Rows in every table the portal has, including history and many-to-many tables (one query)."""
    models = apps.get_models(include_auto_created=True)
    counts = " UNION ALL ".join(
        f"SELECT %s, COUNT(*) FROM {connection.ops.quote_name(model._meta.db_table)}"  # noqa: S608 -- table names
        for model in models
    )
    with connection.cursor() as cursor:
        cursor.execute(counts, [model._meta.label for model in models])
        return dict(cursor.fetchall())


def _differences(before: dict[str, int], after: dict[str, int], method: str) -> dict[str, int]:
    allowed = READ_RECORDS if method == "get" else set()
    return {
        label: after[label] - before[label] for label in after if after[label] != before[label] and label not in allowed
    }


@pytest.mark.parametrize("name", READABLE)
def test_reading_a_page_changes_nothing(client, request, dundee, inverclyde, name):
    people = {user: None if user == "anonymous" else request.getfixturevalue(user) for user in USERS}
    # Building the URL may create the record it points at; that happens before anything is counted.
    url = reverse(name, kwargs=url_kwargs(MATRIX[name].kwargs, dundee))
    changes = []
    for user_name, user in people.items():
        # Signing in happens before the count, so its session and sign-in record are not the request's.
        client.logout()
        if user is not None:
            client.force_login(user)
        before = _row_counts()
        for method in ("get", "head"):
            getattr(client, method)(url)
            after = _row_counts()
            if difference := _differences(before, after, method):
                changes.append(f"{method.upper()} {url} as {user_name} changed the rows of {difference}")
            before = after
    assert not changes, "\n".join(changes)
