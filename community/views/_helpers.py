"""What the community pages share beyond `core.views`.

Community records are not owned by an area, so the record in the URL is declared with
`RecordFromUrl(..., queryset=...)` on a `CommunityPage`, which puts it in the context like
`core.views.AreaRecordMixin` does.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.views.generic import FormView

from areas.access import CommunityMixin, require_community
from core.views import ActionView, RecordsFromUrlMixin, ServiceFormMixin

from .. import services
from ..forms import AttachmentForm


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


class CommunityPage(RecordsFromUrlMixin, CommunityMixin, _RecordCheck):
    """CommunityMixin, then `check_permission()` once `self.access` is known and before the handler.

    Records declared with `RecordFromUrl` (with a `queryset`, as community records have no area) are
    in the context under their own names.
    """


class CommunityFormMixin(ServiceFormMixin):
    """A community form page that writes: one service, then the saved record's own page.

    Put it before `CommunityPage` and the generic view: `class X(CommunityFormMixin, CommunityPage, FormView)`.
    """

    write = True

    def get_success_url(self):
        return self.saved.get_absolute_url()


class FollowView(ActionView):
    """The follow button on a topic or an example: start following, or stop ("action": "unfollow")."""

    followed = ""  # the record's attribute: "topic" or "example"
    followed_message = ""

    def perform(self) -> str:
        following = self.request.POST.get("action") != "unfollow"
        services.follow_set(actor=self.request.user, following=following, **{self.followed: self.record()})
        if following:
            return f"You are following this {self.followed}: a daily email tells you of {self.followed_message}."
        return f"You no longer follow this {self.followed}."

    def record(self):
        return getattr(self, self.followed)

    def get_success_url(self):
        return self.record().get_absolute_url()


class PostFromPageView(CommunityFormMixin, FormView):
    """A form posted from a record's own page (a reply, a comment): checked by the privacy guard and
    saved by one service like any form page, then the reader is taken to it; with an error, the page
    comes back with what was typed and the error at the field. POST only: the form lives on the page."""

    http_method_names = ["post"]
    page_template = ""

    def get_template_names(self):
        return [self.page_template]

    def perform_with(self, form):  # pragma: no cover - each page says what it saves
        """Call one service with the valid form; return the saved post. Every such page defines it."""
        raise NotImplementedError(f"{type(self).__name__} must define perform_with(form): the one service it calls.")

    def perform(self, form):
        return self.perform_with(form)


class AttachmentAddMixin(CommunityFormMixin):
    """Upload a file to the page's event or example (`attached_to` names which)."""

    form_class = AttachmentForm
    template_name = "community/attachment_form.html"
    attached_to = ""  # "event" or "example"
    files_anchor = ""  # where the parent's page lists its files
    success_message = "“{obj}” attached."

    def parent(self):
        return getattr(self, self.attached_to)

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent(), parent_kind=self.attached_to, **kwargs)

    def perform(self, form):
        # The plain record, without the annotations the page loaded it with.
        parent = type(self.parent()).objects.get(pk=self.parent().pk)
        return services.attachment_add(
            actor=self.request.user,
            file=form.cleaned_data["file"],
            title=form.cleaned_data["title"],
            **{self.attached_to: parent},
        )

    def get_success_url(self):
        return self.parent().get_absolute_url() + self.files_anchor
