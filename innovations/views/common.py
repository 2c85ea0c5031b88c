"""What every innovations page shares: the innovation named in the URL, fetched from this area only,
and putting a service's validation errors on the form."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property

from areas.access import AreaMixin

from ..models import Innovation

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


def stale(form, instance) -> None:
    """Tell the user someone else saved first, and who; their typed values stay in the form."""
    latest = instance.history.select_related("history_user").first()
    who = STALE_MESSAGE.format(who=latest.history_user or "the system", when=latest.history_date) if latest else ""
    form.add_stale_error(who)


def get_innovation(area, pk) -> Innovation:
    """The innovation with this id in this area, or 404 (never another area's)."""
    innovation = get_object_or_404(Innovation, pk=pk, area=area)
    innovation.area = area  # already loaded: saves a query wherever the page names the area
    return innovation


class InnovationMixin(AreaMixin):
    """For pages under /areas/<slug>/innovations/<pk>/: `self.innovation`, from this area only."""

    innovation_url_kwarg = "pk"
    page = ""  # which of the innovation's pages this is, for its navigation

    @cached_property
    def innovation(self) -> Innovation:
        return get_innovation(self.area, self.kwargs[self.innovation_url_kwarg])

    def get_context_data(self, **kwargs):
        return super().get_context_data(innovation=self.innovation, page=self.page, **kwargs)
