"""Helpers shared by the teams pages: errors from services onto forms, stale edits, the team in the URL."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from areas.access import AreaMixin

from ..models import Team

PAGE_SIZE = 25
STALE_MESSAGE = "Last saved by {who} at {when:%H:%M on %d %b %Y}."


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            for message in errors:
                form.add_error(field if field in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def show_stale_edit(form, instance) -> None:
    """Explain at the top of the form that someone else saved first, and who and when."""
    latest = type(instance).history.filter(id=instance.pk).select_related("history_user").first()
    who = STALE_MESSAGE.format(who=latest.history_user or "the system", when=latest.history_date) if latest else ""
    form.add_stale_error(who)


def form_data(form, names) -> dict:
    """The cleaned values of `names` that the form has (a create form has no stood-down date)."""
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


class TeamInUrlMixin(AreaMixin):
    """Loads the team named in the URL, from this area only (404 for any other)."""

    team_url_kwarg = "pk"

    @cached_property
    def team(self) -> Team:
        return get_object_or_404(
            Team.objects.select_related("area"), pk=self.kwargs[self.team_url_kwarg], area=self.area
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(team=self.team, **kwargs)
