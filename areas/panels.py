"""Panels on the area overview page, contributed by the apps that own their data.

`areas` must not import the apps built on it, so each app registers its panel from its
AppConfig.ready(): a template and a function that gathers the panel's context for one area.
Panels appear in `order`; each context function must use a fixed number of queries.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class OverviewPanel:
    key: str
    template: str
    context: Callable  # (area, access) -> dict
    order: int = 100


_PANELS: dict[str, OverviewPanel] = {}


def register_overview_panel(*, key: str, template: str, context: Callable, order: int = 100) -> None:
    """Add (or replace) a panel on the area overview."""
    _PANELS[key] = OverviewPanel(key=key, template=template, context=context, order=order)


def overview_panels(area, access) -> list[dict]:
    """Each registered panel's template and context for this area, in order."""
    return [
        {"key": panel.key, "template": panel.template, **panel.context(area, access)}
        for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key))
    ]
