"""The date filters every template shares (the rule itself is in `core.dates`).

    {% load dates %}
    {{ cycle.started_on|date }}        26 Nov 2026   (Django's own filter, the project's DATE_FORMAT)
    {{ period|month }}                 Jul 2025
    {{ notification.created_at|date_time }}   26 Nov 2026, 14:02
    {{ event.starts_at|time_of_day }}  14:02

Empty values give "" so that `|default:"—"` works as it does after `|date`.
"""

from django import template

from core import dates

register = template.Library()


def _shown(function, value) -> str:
    if value in (None, ""):
        return ""
    try:
        return function(value)
    except (AttributeError, TypeError, ValueError):
        return ""  # as Django's |date does for something that is not a date


# expects_localtime: an aware datetime arrives already in UK time, as it does for |date.
@register.filter(expects_localtime=True)
def month(value) -> str:
    """'Jul 2025'."""
    return _shown(dates.month_label, value)


@register.filter(expects_localtime=True)
def date_time(value) -> str:
    """'26 Nov 2026, 14:02'."""
    return _shown(dates.datetime_label, value)


@register.filter(expects_localtime=True)
def time_of_day(value) -> str:
    """'14:02'."""
    return _shown(dates.time_label, value)
