"""Sections on an innovation's page, contributed by the apps built on innovations.

Innovations must not import the apps that build on it (cycles, say), so each app registers a section
from its AppConfig.ready(): `register_innovation_section(key=…, template=…, context=…, order=…)`,
where the context function takes (innovation, access). Sections appear after the innovation's own.
See core.registry.
"""

from core.registry import PageParts

_SECTIONS = PageParts()

register_innovation_section = _SECTIONS.register
innovation_sections = _SECTIONS.for_page
