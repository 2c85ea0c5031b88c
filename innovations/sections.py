"""Sections on an innovation's page, contributed by the apps built on innovations.

Innovations must not import the apps that build on it (cycles, say), so each app registers a section
from its AppConfig.ready(): a template and a function that gathers the section's context for one
innovation. Sections appear in `order` after the innovation's own; each context function must use a
fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class InnovationSection:
    key: str
    template: str
    context: Callable  # (innovation, access) -> dict
    order: int = 100


_SECTIONS: dict[str, InnovationSection] = {}


def register_innovation_section(*, key: str, template: str, context: Callable, order: int = 100) -> None:
    """Add (or replace) a section on the innovation's page."""
    _SECTIONS[key] = InnovationSection(key=key, template=template, context=context, order=order)


def innovation_sections(innovation, access) -> list[dict]:
    """Each registered section's template and context for this innovation, in order."""
    return [
        {"key": section.key, "template": section.template, **section.context(innovation, access)}
        for section in sorted(_SECTIONS.values(), key=lambda s: (s.order, s.key))
    ]
