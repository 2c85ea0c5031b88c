"""Full-text search across events, examples, discussions and the evidence library.

On PostgreSQL (as in production and CI) this is PostgreSQL's own full-text search: English stemming,
the person's words read as a web search (quotes, "or", -minus) and results ranked by relevance,
titles weighing most. On SQLite, used only on a developer's machine, every word must appear in one
of the fields (a word after a minus must not) and results come newest first.
"""

from __future__ import annotations

import operator
from functools import reduce

from django.db import connection
from django.db.models import FloatField, Q, Value

CONFIG = "english"


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def ranked(queryset, q: str, fields: dict[str, str]):
    """`queryset` narrowed to records matching `q`, annotated with `rank` (0 on SQLite).

    `fields` maps field paths to PostgreSQL weights, "A" (most) to "D".
    """
    q = " ".join((q or "").split())
    if not q:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField()))
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = reduce(
            operator.add, [SearchVector(field, weight=weight, config=CONFIG) for field, weight in fields.items()]
        )
        query = SearchQuery(q, search_type="websearch", config=CONFIG)
        return queryset.annotate(search=vector).filter(search=query).annotate(rank=SearchRank(vector, query))
    condition = Q()
    for word in q.split()[:10]:
        leave_out = word.startswith("-")
        word = word.lstrip("-").strip("\"'")
        if word and word.lower() not in {"or", "and"}:
            found = reduce(operator.or_, [Q(**{f"{field}__icontains": word}) for field in fields])
            condition &= ~found if leave_out else found
    return queryset.filter(condition).annotate(rank=Value(0.0, output_field=FloatField()))


EVENT_FIELDS = {"title": "A", "theme": "A", "agenda": "B", "learning": "B", "venue": "C"}
EXAMPLE_FIELDS = {
    "title": "A",
    "summary": "B",
    "what_was_done": "C",
    "what_changed": "C",
    "what_others_can_learn": "C",
    "area__name": "D",
}
POST_FIELDS = {"topic__title": "A", "body": "B"}
REFERENCE_FIELDS = {"title": "A", "authors": "B", "summary": "B"}
