"""The landing page, search, files and unsubscribing."""

import hashlib

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from areas.access import CommunityMixin
from core import freshness
from core.views import ActionView, RecordFromUrl

from .. import rules, selectors, services
from ..forms import SearchForm
from ..models import Attachment
from ..services.follows import follows_for_token
from ._helpers import CommunityPage, community_view


class CommunityHomeView(CommunityMixin, TemplateView):
    """What is coming up, new and being discussed, and a search box."""

    template_name = "community/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            search_form=SearchForm(),
            can_organise=rules.can_organise_events(self.access),
            **selectors.home(self.access),
            **kwargs,
        )


class SearchView(CommunityMixin, TemplateView):
    """Search everything. What a search finds is the same for every reader but CELCIS (who also finds
    discussions whose opening post is hidden), so each search's results are rendered once until the
    community's records (or an area's name, which examples are found by and show) change."""

    template_name = "community/search.html"

    def get_context_data(self, **kwargs):
        form = SearchForm(self.request.GET or None)
        results_html = None
        if form.is_valid() and form.cleaned_data["q"].strip():
            q = " ".join(form.cleaned_data["q"].split())
            results_html = mark_safe(  # noqa: S308 -- rendered by the template engine, escaped there
                freshness.cached(self._search_key(q), [], lambda: self._results(q))
            )
        return super().get_context_data(search_form=form, results_html=results_html, **kwargs)

    def _search_key(self, q: str) -> str:
        reader = "celcis" if self.access.is_celcis else "member"
        digest = hashlib.sha256(q.encode()).hexdigest()[:32]
        return f"community:search:{reader}:{selectors.area_names_version()}:{digest}"

    def _results(self, q: str) -> str:
        results = selectors.search_everything(self.access, q)
        return render_to_string("community/_search_results.html", {"results": results})


def _attachment_for(access, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("event__host_area", "example"), pk=pk)
    if not rules.can_see_attachment(access, attachment):
        raise Http404("No such file")
    return attachment


@require_http_methods(["GET", "HEAD"])
@community_view()
def attachment_download(request, access, pk):
    """Serve a file to someone who may see what it belongs to, as a download (never shown inline)."""
    attachment = _attachment_for(access, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing") from None
    return FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )


class AttachmentDeleteView(CommunityPage, ActionView):
    """Confirm, then remove a file (its uploader, the event's organisers or whoever may edit the example)."""

    write = True
    confirm_template = "community/attachment_delete.html"

    attachment = RecordFromUrl(
        Attachment, queryset=lambda view: Attachment.objects.select_related("event__host_area", "example")
    )

    @cached_property
    def parent(self):
        """What the file belongs to: an event or an example."""
        return self.attachment.event if self.attachment.event_id else self.attachment.example

    def check_permission(self):
        if not rules.can_see_attachment(self.access, self.attachment):
            raise Http404("No such file")
        if not rules.can_remove_attachment(self.access, self.attachment):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.parent, **kwargs)

    def perform(self) -> str:
        services.attachment_remove(attachment=self.attachment, actor=self.request.user)
        return f"“{self.attachment}” removed."

    def get_success_url(self):
        return self.parent.get_absolute_url()


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """Stop follower emails from the link in an email, without signing in. GET asks; POST does it, so a
    mail scanner opening the link changes nothing."""
    try:
        payload = services.unsubscribe_payload(token)
    except signing.BadSignature:
        raise Http404("This link is not valid") from None
    follows = list(follows_for_token(payload))
    if request.method == "POST":
        removed = services.unsubscribe(token=token)
        return render(request, "community/unsubscribed.html", {"removed": removed, "everything": "user" in payload})
    return render(request, "community/unsubscribe.html", {"follows": follows, "everything": "user" in payload})
