from django import template

from drivers.scoring import Score, band, describe_change, score_label

register = template.Library()


def _percent_of(value):
    return value.percent if isinstance(value, Score) else value


@register.filter
def percent(value) -> str:
    """A Score (or a whole number) as '62%', or '—' when nothing was answered."""
    number = _percent_of(value)
    return "—" if number is None else f"{number}%"


@register.filter
def band_class(value) -> str:
    """The heat-map colour band class for a Score or percentage (see static/css/drivers.css)."""
    return band(_percent_of(value))


@register.filter
def change_text(points) -> str:
    """+12 → 'Up 12 points'; None → 'No comparison'."""
    return describe_change(points)


@register.filter
def score_text(value) -> str:
    """2 → 'In place'; None → 'Not yet answered'."""
    return score_label(value)
