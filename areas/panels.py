"""Panels on the area overview page, contributed by the apps that own their data.

`areas` must not import the apps built on it, so each app registers its panel from its
AppConfig.ready(): `register_overview_panel(key=…, template=…, context=…, order=…)`, where the
context function takes (area, access). See core.registry.
"""

from core.registry import PageParts

_PANELS = PageParts()

register_overview_panel = _PANELS.register
overview_panels = _PANELS.for_page


def rendered_overview_panels(area, access, *, can_edit_area: bool, skip=()) -> list[dict]:
    """The panels' HTML for this person, kept until the area's records change (core.freshness)."""
    context = {"area": area, "can_edit_area": can_edit_area}
    return _PANELS.rendered("area-overview", area, access, area_id=area.pk, context=context, skip=skip)
