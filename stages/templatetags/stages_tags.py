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


@register.simple_tag(takes_context=True)
def stage_url(context, part: str, record_pk=None) -> str:
    """The URL of one of the stage pages about this page's subject: the programme or a record
    (`stages.views.subject`), e.g. {% stage_url 'activity' row.activity.pk %}."""
    return context["view"].stage_url(part, record_pk)
