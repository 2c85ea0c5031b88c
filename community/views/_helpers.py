from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError

from areas.access import CommunityMixin, require_community

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


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def stale(form, instance) -> None:
    """Tell the user someone saved in between, and who, keeping what they typed."""
    latest = instance.history.select_related("history_user").first()
    who = STALE_MESSAGE.format(who=latest.history_user or "the system", when=latest.history_date) if latest else ""
    form.add_stale_error(who)


def community_view(*, write: bool = False):
    """For function views under /community/: sign-in first, then the community rule (404 for people
    with no role; 403 on a write for people who only read). Passes the request's Access."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            needs_write = write or request.method not in ("GET", "HEAD", "OPTIONS")
            access = require_community(request, write=needs_write)
            return view(request, access, *args, **kwargs)

        return wrapper

    return decorator


class _RecordCheck:
    def dispatch(self, request, *args, **kwargs):
        self.check_permission()
        return super().dispatch(request, *args, **kwargs)

    def check_permission(self) -> None:
        """Raise PermissionDenied (403) or Http404 for a user the page's record is not for."""


class CommunityPage(CommunityMixin, _RecordCheck):
    """CommunityMixin, then `check_permission()` once `self.access` is known and before the handler."""
