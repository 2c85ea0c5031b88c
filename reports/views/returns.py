"""An area's quarterly returns: the list, starting this quarter's return, the return itself, the
narrative (saved as it is written), submission by the area's lead, and CELCIS's review and reopening.

A return is named in its URLs by its quarter ("2026-27-q3"), not by its pk.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import FormView, ListView, TemplateView

from areas.access import AreaMixin, AreaScopedMixin, Permission
from areas.history import history_entries
from areas.models import Role
from core import autosave, freshness
from core.dates import time_label
from core.quarters import Quarter, parse_slug
from core.views import PAGE_SIZE, ActionView, AreaRecordMixin, AutosaveFormMixin, RecordFromUrl, ServiceFormMixin

from .. import selectors, services
from ..forms import NarrativeForm, ReasonForm, ReviewForm
from ..models import SECTION_KEYS, QuarterlyReturn, ReturnStatus
from ..snapshot import build_snapshot, figures_date, upgrade


class ReturnFromUrl(RecordFromUrl):
    """The area's return for the quarter the URL names ("2026-27-q3"); 404 for anything else.

    CORE-CANDIDATE: `RecordFromUrl` looks records up by pk only; a lookup by another URL value
    (here the quarter slug, turned into the quarter's first day) would make this override unneeded.
    """

    def __get__(self, view, owner=None):
        if view is not None and self.name not in view.__dict__:
            try:
                quarter = parse_slug(view.kwargs[self.url_kwarg])
            except ValueError:
                raise Http404("No such quarter") from None
            view.__dict__[self.name] = get_object_or_404(self.get_queryset(view), quarter_start=quarter.start)
        return super().__get__(view, owner)


def _visible_returns(view):
    """The area's returns this person may open: all of them for the area and CELCIS; accepted ones
    only for national viewers and the area's governance viewers (404 for the others)."""
    returns = QuarterlyReturn.objects.filter(area=view.area)
    if not selectors.sees_returns_in_full(view.access, view.area):
        returns = returns.filter(status=ReturnStatus.ACCEPTED)
    return returns


class ReturnPageMixin(AreaRecordMixin):
    """A page about one of the area's returns: `quarterly_return` in the view and its context."""

    quarterly_return = ReturnFromUrl(
        QuarterlyReturn,
        "quarter",
        queryset=_visible_returns,
        select_related=("area", "submitted_by", "reviewed_by", "updated_by"),
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            is_lead=self.access.area_role(self.area) == Role.AREA_LEAD,
            is_celcis=self.access.is_celcis,
            sees_review=selectors.sees_returns_in_full(self.access, self.area),
            can_submit_now=self.quarterly_return.can_submit_on(timezone.localdate()),
            **kwargs,
        )


class ReturnListView(AreaScopedMixin, ListView):
    """The area's returns, newest first. Only viewing: a quarter's return is opened by the daily task
    or by an area user's "Start" button, never by a visit."""

    model = QuarterlyReturn
    template_name = "reports/return_list.html"
    context_object_name = "returns"
    paginate_by = PAGE_SIZE

    def get_queryset(self):
        # Only what the table shows: the frozen snapshot and the narrative are large and unused here.
        returns = (
            super()
            .get_queryset()
            .only("id", "area_id", "quarter_start", "due_on", "status", "first_submitted_at", "accepted_at")
            .order_by("-quarter_start")
        )
        if not selectors.sees_returns_in_full(self.access, self.area):
            returns = returns.filter(status=ReturnStatus.ACCEPTED)  # viewers: accepted returns only
        return returns

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sees_review"] = selectors.sees_returns_in_full(self.access, self.area)
        today = timezone.localdate()
        current = Quarter.of(today)
        for quarterly_return in context["returns"]:
            quarterly_return.area = self.area  # its links need the area: no query per row
            quarterly_return.is_overdue = quarterly_return.is_editable and today > quarterly_return.due_on
        context["current"] = current
        context["current_is_open"] = QuarterlyReturn.objects.filter(
            area=self.area, quarter_start=current.start
        ).exists()
        return context


class ReturnStartView(AreaMixin, ActionView):
    """A member or lead opens the current quarter's return before the daily task does."""

    def perform(self) -> str:
        quarter = Quarter.of(timezone.localdate())
        self.opened = services.return_open(area=self.area, quarter=quarter, actor=self.request.user)
        return f"The return for {quarter} is open. Write its narrative whenever you are ready."

    def get_success_url(self) -> str:
        return self.opened.get_absolute_url()

    def get_failure_url(self) -> str:
        return reverse("reports:return_list", args=[self.area.slug])


# What the return page's header needs of the return; the rest (the frozen figures, the narrative and
# CELCIS's comments) is read only when the page body is drawn.
_BODY_FIELDS = ("snapshot", *SECTION_KEYS, "section_comments", "narrative_when_returned", "review_comment")


def _visible_return_headers(view):
    return _visible_returns(view).defer(*_BODY_FIELDS)


class ReturnDetailView(ReturnPageMixin, TemplateView):
    """One return: its status, narrative, figures, steps and history.

    Below the navigation the page is the same for everyone with the same rights (sees the return in
    full, is the area's lead, is CELCIS) on the same day, so it is drawn once per change of the area's
    records (a write to the return renews the area's token; a draft's live figures are the area's and
    the programme's records) and kept; a request reads only the return's header fields."""

    template_name = "reports/return_detail.html"
    quarterly_return = ReturnFromUrl(QuarterlyReturn, "quarter", queryset=_visible_return_headers)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        r, today = self.quarterly_return, timezone.localdate()
        full = context["sees_review"]
        drawn_for = f"{int(full)}:{int(context['is_lead'])}:{int(context['is_celcis'])}:{today.isoformat()}"
        key = f"reports:return:{r.pk}:{r.status}:{r.version}:{drawn_for}"
        body = freshness.cached(key, [self.area.pk], lambda: self._body(context, full, today))
        context["return_body"] = mark_safe(body)  # noqa: S308 -- rendered by our template, which escaped every value
        return context

    def _body(self, outer: dict, full: bool, today) -> str:
        r = QuarterlyReturn.objects.select_related("area", "reviewed_by").get(pk=self.quarterly_return.pk)
        frozen = r.status in (ReturnStatus.SUBMITTED, ReturnStatus.ACCEPTED) and r.snapshot
        snapshot = upgrade(r.snapshot) if frozen else build_snapshot(self.area, r.quarter, today=today)
        # Viewers read the accepted return, never CELCIS's review of it (comments, notes, history).
        history = history_entries(r.history.all(), describe=lambda record: "Return") if full else []
        sections = selectors.narrative_sections(r)
        if not full:
            for section in sections:
                section.comment, section.text_when_returned = "", None
        context = {
            "area": self.area,
            "quarterly_return": r,
            "is_lead": outer["is_lead"],
            "is_celcis": outer["is_celcis"],
            "sees_review": full,
            "can_submit_now": r.can_submit_on(today),
            "snapshot": snapshot,
            "frozen": frozen,
            "figures_date": figures_date(r.quarter, today),
            "on_time": bool(r.first_submitted_at and timezone.localdate(r.first_submitted_at) <= r.due_on),
            "sections": sections,
            "events": selectors.return_events(r),
            "history": history,
        }
        return render_to_string("reports/_return_body.html", context)


def _locked_reason(quarterly_return: QuarterlyReturn) -> str:
    if quarterly_return.status == ReturnStatus.SUBMITTED:
        return "it has been submitted and is with CELCIS."
    return "it has been accepted. CELCIS can reopen it if it needs to change."


class ReturnEditView(ReturnPageMixin, AutosaveFormMixin, FormView):
    """Write the narrative; every save keeps a draft, and two people's saves never overwrite each other.

    static/js/autosave.js saves the form as people type and reads the answer of `core.autosave`.
    """

    permission = Permission.WRITE
    template_name = "reports/return_edit.html"
    form_class = NarrativeForm
    autosave_what = "this narrative"

    def get(self, request, *args, **kwargs):
        if not self.quarterly_return.is_editable:
            messages.info(request, "This return cannot be changed now: " + _locked_reason(self.quarterly_return))
            return redirect(self.quarterly_return.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.quarterly_return.is_editable:
            if autosave.wants_json(request):
                return autosave.locked("Not saved: " + _locked_reason(self.quarterly_return))
            messages.error(request, "Your changes were not saved: " + _locked_reason(self.quarterly_return))
            return redirect(self.quarterly_return.get_absolute_url())
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.quarterly_return}

    def get_context_data(self, **kwargs):
        return super().get_context_data(sections=selectors.narrative_sections(self.quarterly_return), **kwargs)

    def perform(self, form):
        return services.return_save_narrative(
            quarterly_return=self.quarterly_return,
            actor=self.request.user,
            data=form.cleaned_data,
            expected_version=form.cleaned_data["version"],
        )

    def get_success_message(self, obj) -> str:
        return f"Draft saved at {time_label(timezone.now())}."

    def get_success_url(self) -> str:
        return reverse("reports:return_edit", args=[self.area.slug, self.quarterly_return.slug])


class OwnLeadOnlyMixin:
    """Only the area's own lead may use the page (403 for everyone else who may write there, CELCIS
    included: CELCIS reviews returns, it does not submit them). Goes after the area mixin."""

    def dispatch(self, request, *args, **kwargs):
        if self.access.area_role(self.area) != Role.AREA_LEAD:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ReturnSubmitView(ReturnPageMixin, OwnLeadOnlyMixin, ActionView):
    """The area lead submits the return (a confirmation page, then the POST)."""

    permission = Permission.WRITE
    confirm_template = "reports/return_submit.html"

    def perform(self) -> str:
        services.return_submit(quarterly_return=self.quarterly_return, actor=self.request.user)
        return "Return submitted to CELCIS. Its figures are now frozen as they stand today."

    def get_success_url(self) -> str:
        return self.quarterly_return.get_absolute_url()

    def get_failure_url(self) -> str:
        return self.get_success_url()


class ReturnReviewView(ReturnPageMixin, ServiceFormMixin, FormView):
    """CELCIS accepts a submitted return or returns it, commenting on any section either way (one
    form, two buttons; the full narrative beside the comment boxes)."""

    permission = Permission.CELCIS
    template_name = "reports/return_review.html"

    form_class = ReviewForm

    @property
    def accepting(self) -> bool:
        return self.request.POST.get("decision") == "accept"

    def get_context_data(self, **kwargs):
        form = kwargs.get("form") or self.get_form()
        sections = selectors.narrative_sections(self.quarterly_return)
        for section in sections:
            section.comment_field = form[f"section_{section.key}"]
        return super().get_context_data(sections=sections, **kwargs)

    def perform(self, form):
        if self.accepting:
            return services.return_accept(
                quarterly_return=self.quarterly_return,
                actor=self.request.user,
                note=form.cleaned_data["note"],
                section_comments=form.section_comments(),
            )
        return services.return_send_back(
            quarterly_return=self.quarterly_return,
            actor=self.request.user,
            comment=form.cleaned_data["comment"],
            section_comments=form.section_comments(),
        )

    def get_success_message(self, obj) -> str:
        if self.accepting:
            return f"{obj.area}'s return for {obj.quarter} accepted. It is now locked."
        return f"{obj.area}'s return for {obj.quarter} returned with your comments."

    def get_success_url(self) -> str:
        return self.quarterly_return.get_absolute_url()


class ReturnReopenView(ReturnPageMixin, ServiceFormMixin, FormView):
    """CELCIS reopens an accepted return, giving the area its reason."""

    permission = Permission.CELCIS
    template_name = "reports/return_reopen.html"
    form_class = ReasonForm
    success_message = "Return reopened and handed back to the area with your reason."

    def perform(self, form):
        return services.return_reopen(
            quarterly_return=self.quarterly_return, actor=self.request.user, reason=form.cleaned_data["reason"]
        )

    def get_success_url(self) -> str:
        return self.quarterly_return.get_absolute_url()
