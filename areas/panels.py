"""Panels on the area overview page, contributed by the apps that own their data.

`areas` must not import the apps built on it, so each app registers its panel from its
AppConfig.ready(): `register_overview_panel(key=…, template=…, context=…, order=…)`, where the
context function takes (area, access). See core.registry.
"""

from core.registry import PageParts

_PANELS = PageParts()

register_overview_panel = _PANELS.register
overview_panels = _PANELS.for_page
