"""Parts of a page contributed by other apps (STYLE rule 14).

An app that must not import the apps built on it (areas, innovations) keeps a `PageParts`
registry; each app that builds on it registers a part from its AppConfig.ready(): a template and a
function that gathers the part's context. Parts appear in `order`; each context function must use a
fixed number of queries, so the page's query count does not grow with data.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PagePart:
    key: str
    template: str
    context: Callable  # (record, access) -> dict
    order: int = 100


class PageParts:
    """One registry of parts for one kind of page (the area overview, an innovation's page…)."""

    def __init__(self):
        self._parts: dict[str, PagePart] = {}

    def register(self, *, key: str, template: str, context: Callable, order: int = 100) -> None:
        """Add (or replace) a part."""
        self._parts[key] = PagePart(key=key, template=template, context=context, order=order)

    def for_page(self, record, access) -> list[dict]:
        """Each registered part's template and context for this record, in order."""
        return [
            {"key": part.key, "template": part.template, **part.context(record, access)}
            for part in sorted(self._parts.values(), key=lambda p: (p.order, p.key))
        ]
