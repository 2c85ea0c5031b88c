"""The landing page, search, files and unsubscribing."""

import hashlib
from datetime import datetime

from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
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
    """What is coming up, new and being discussed, and a search box.

    Below the search form the page is drawn once per reader (`community/_home_body.html`) and kept until
    the community's records change (they renew the programme's token, part of every key). Its key holds
    everything else it depends on: CELCIS or not, the reader (their registrations and examples), what
    they may do (organise events, take part), the areas' names and the day. Events stop being upcoming
    as time passes, with no record changing: a body is served only until the first event it shows ends
    (`upcoming_until`); after that the next body is kept under a key naming that moment."""

    template_name = "community/home.html"
    # Bodies looked up in turn, each kept after the first event of the one before ended (several events
    # ending within one keeping, 15 minutes); past that many the body is drawn, uncached.
    MOST_HOPS = 8

    def get_context_data(self, **kwargs):
        body = mark_safe(self._body())  # noqa: S308 -- rendered by the template engine, escaped there
        return super().get_context_data(search_form=SearchForm(), home_body=body, **kwargs)

    def _body(self) -> str:
        access = self.access
        can_organise = rules.can_organise_events(access)
        reader = "celcis" if access.is_celcis else "member"
        drawn_for = ":".join(
            [
                reader,
                str(access.user.pk),
                str(int(can_organise)),
                str(int(access.can_take_part_in_community)),
                selectors.area_names_version(),
                timezone.localdate().isoformat(),
            ]
        )
        key = f"community:home-body:{drawn_for}"
        for _ in range(self.MOST_HOPS):
            html, until = freshness.cached(key, [], lambda: self._draw(can_organise))
            if until is None or timezone.now() <= until:
                return html
            # The first event shown has ended since: the body drawn after that moment (whose own first
            # event ends later still) is kept under a key of its own.
            key = f"community:home-body:{drawn_for}:after:{until.timestamp():.6f}"
        return self._draw(can_organise)[0]

    def _draw(self, can_organise: bool) -> tuple[str, datetime | None]:
        """The body's HTML and the moment it stops being right however the records stay."""
        context = selectors.home(self.access)
        html = render_to_string(
            "community/_home_body.html",
            {**context, "access": self.access, "user": self.access.user, "can_organise": can_organise},
        )
        return html, context["upcoming_until"]


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
