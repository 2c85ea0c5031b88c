"""Query budgets: a page's query count must not grow with the amount of data behind it."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, *, cold: bool = True) -> int:
    """The queries of one request; `cold`: with nothing cached, what the first visitor after a change
    waits for (and what could grow with data)."""
    if cold:
        cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)


def assert_flat_query_count(client, url, add_rows, *, factor: int = 5, max_queries: int | None = None) -> int:
    """Load `url` with one lot of rows and with `factor` lots; the query count must be the same.

    `add_rows()` adds one lot of data. `max_queries`, when given, also pins the count itself.
    """
    add_rows()
    client.get(url)  # warm up: session, user and other one-off work
    small = count_queries(client, url)
    for _ in range(factor - 1):
        add_rows()
    large = count_queries(client, url)
    assert large == small, f"{url}: {small} queries with 1× the rows but {large} with {factor}×"
    if max_queries is not None:
        assert small <= max_queries, f"{url}: {small} queries, budget {max_queries}"
    return small
