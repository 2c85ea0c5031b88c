"""Parts of a page contributed by other apps (STYLE rule 14).

An app that must not import the apps built on it (areas, innovations) keeps a `PageParts`
registry; each app that builds on it registers a part from its AppConfig.ready(): a template and a
function that gathers the part's context. Parts appear in `order`; each context function must use a
fixed number of queries, so the page's query count does not grow with data.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from . import freshness


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

    def for_page(self, record, access, *, skip: Iterable[str] = ()) -> list[dict]:
        """Each registered part's template and context for this record, in order (but those in `skip`)."""
        return [
            {"key": part.key, "template": part.template, **part.context(record, access)}
            for part in sorted(self._parts.values(), key=lambda p: (p.order, p.key))
            if part.key not in skip
        ]

    def rendered(self, name: str, record, access, *, area_id: int, context: dict, skip=()) -> list[dict]:
        """Each shown part as {"key", "html"}, rendered with the page's `context` (plain values the
        parts' templates use besides `panel`) and kept, per person and day, until a record of the
        area or of the programme changes (core.freshness)."""
        flags = ",".join(f"{k}={v}" for k, v in sorted(context.items()) if isinstance(v, bool | int | str))
        key = f"parts:{name}:{record.pk}:{access.user.pk}:{timezone.localdate().isoformat()}:{flags}:{','.join(skip)}"

        def render() -> list[dict]:
            return [
                {"key": part["key"], "html": render_to_string(part["template"], {**context, "panel": part})}
                for part in self.for_page(record, access, skip=skip)
                if not part.get("hidden")
            ]

        return [{**part, "html": mark_safe(part["html"])} for part in freshness.cached(key, [area_id], render)]  # noqa: S308 - rendered by our templates
