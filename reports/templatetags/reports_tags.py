from datetime import date

from django import template

from core.dates import day_label

register = template.Library()


@register.filter
def isodate(value):
    """An ISO date from a frozen snapshot ('2026-06-30') as '30 Jun 2026'; '—' when empty."""
    if not value:
        return "—"
    try:
        return day_label(date.fromisoformat(str(value)[:10]))
    except ValueError:
        return value


@register.filter
def qslug(quarter) -> str:
    """A quarter as it appears in URLs: '2026-27-q3'."""
    from core.quarters import quarter_slug

    return quarter_slug(quarter)
