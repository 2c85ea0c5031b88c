from django import template

from stages.models import Stage

register = template.Library()


@register.filter
def stage_label(value: str) -> str:
    """'initial' → 'Initial implementation'."""
    try:
        return Stage(value).label
    except ValueError:
        return value
