"""Practice examples: the library, writing and sending to CELCIS, review, links, files, comments and marks."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from areas.access import CommunityMixin
from areas.history import history_entries
from areas.models import LocalArea
from core.locking import StaleEdit

from .. import links, rules, selectors, services
from ..forms import (
    AttachmentForm,
    CommentForm,
    ExampleFilterForm,
    ExampleLinksForm,
    PracticeExampleForm,
    ReviewForm,
    SubmitForm,
)
from ..models import ExampleLink, ExampleStatus, PracticeExample
from ._helpers import PAGE_SIZE, CommunityPage, apply_errors, community_view, error_text, stale


class ExampleListView(CommunityMixin, ListView):
    """The library of published examples: browse by area and tag, search, newest or most useful first."""

    template_name = "community/example_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "examples"

    def get_queryset(self):
        self.filter_form = ExampleFilterForm(
            self.request.GET or None,
            areas=LocalArea.objects.in_programme().order_by("name"),
            tags=selectors.browsable_tags(),
        )
        if self.filter_form.is_bound and not self.filter_form.is_valid():
            # An area or tag that does not exist (an old or mistyped link) matches nothing; showing the
            # whole library instead would look like a match.
            return PracticeExample.objects.none()
        filters = self.filter_form.cleaned_data if self.filter_form.is_bound else {}
        return selectors.library(
            self.access,
            q=(filters.get("q") or "").strip(),
            area=filters.get("area"),
            tag=filters.get("tag"),
            sort=filters.get("sort") or "",
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter_form=self.filter_form,
            unpublished=list(selectors.unpublished_for(self.access)[:10]),
            frameworks=selectors.framework_tags(),
            filtering=any(self.request.GET.get(k) for k in ("q", "area", "tag")),
            **kwargs,
        )


class ExampleMixin(CommunityPage):
    """Loads an example the reader may see (404 for anyone else's draft)."""

    @cached_property
    def example(self):
        return get_object_or_404(selectors.examples_for(self.access), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("example", self.example)
        if "can_edit" not in kwargs:
            kwargs["can_edit"] = rules.can_edit_example(self.access, self.example)
        return super().get_context_data(**kwargs)


def example_page(access, example, request, comment_form=None) -> dict:
    """Everything the example's page shows, for the page itself and for a comment sent back with errors."""
    shown, withheld = links.links_for_reader(selectors.example_links(example), access)
    user = request.user
    return {
        "example": example,
        "can_edit": rules.can_edit_example(access, example),
        "can_submit": example.author_id == user.pk
        and example.status in (ExampleStatus.DRAFT, ExampleStatus.RETURNED)
        and access.can_take_part_in_community,
        "can_review": access.is_celcis and example.status == ExampleStatus.SUBMITTED,
        "can_link": rules.can_edit_example(access, example) and access.can_see_area(example.area),
        "linked": shown,
        "withheld_links": withheld,
        "attachments": list(example.attachments.select_related("uploaded_by")),
        "comments": list(selectors.example_comments(example, access)),
        "comment_form": comment_form or CommentForm(),
        "is_following": selectors.is_following(user, example=example),
        "is_author": example.author_id == user.pk,
    }


class ExampleDetailView(ExampleMixin, TemplateView):
    template_name = "community/example_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**example_page(self.access, self.example, self.request), **kwargs})


class ExampleCreateView(CommunityMixin, FormView):
    """Anyone taking part writes an example; it starts as a draft only they can see."""

    write = True
    form_class = PracticeExampleForm
    template_name = "community/example_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            example = services.example_save(
                actor=self.request.user, data=data, tags=form.chosen_tags(), topics=form.cleaned_data["topics"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Draft saved. Only you can see it until you send it to CELCIS for review.")
        return redirect(example)


class ExampleUpdateView(ExampleMixin, FormView):
    write = True
    form_class = PracticeExampleForm
    template_name = "community/example_form.html"

    def check_permission(self):
        if not rules.can_edit_example(self.access, self.example):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "access": self.access,
            "instance": PracticeExample.objects.select_related("area").get(pk=self.example.pk),
        }

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.example_save(
                actor=self.request.user,
                data=data,
                tags=form.chosen_tags(),
                topics=form.cleaned_data["topics"],
                example=self.example,
                expected_version=form.cleaned_data["version"],
                privacy_confirmed=form.cleaned_data.get("privacy_confirmed", False),
            )
        except StaleEdit:
            stale(form, self.example)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{form.cleaned_data['title']}” saved.")
        return redirect("community:example_detail", pk=self.example.pk)


class ExampleSubmitView(ExampleMixin, FormView):
    """The author confirms the privacy check and sends the example to CELCIS."""

    write = True
    form_class = SubmitForm
    template_name = "community/example_submit.html"

    def check_permission(self):
        if self.example.author_id != self.request.user.pk:
            raise PermissionDenied

    def get(self, request, *args, **kwargs):
        if self.example.status not in (ExampleStatus.DRAFT, ExampleStatus.RETURNED):
            messages.info(request, "This example has already been sent to CELCIS.")
            return redirect(self.example)
        return super().get(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.example_submit(
                example=self.example, actor=self.request.user, privacy_confirmed=form.cleaned_data["privacy_confirmed"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Sent to CELCIS. They will publish it or return it to you with a comment.")
        return redirect("community:example_detail", pk=self.example.pk)


class ExampleReviewView(CommunityPage, FormView):
    """CELCIS reads the example and the author's privacy confirmation, then publishes or returns it."""

    write = True
    form_class = ReviewForm
    template_name = "community/example_review.html"

    def check_permission(self):
        if not self.access.is_celcis:
            raise PermissionDenied

    @cached_property
    def example(self):
        return get_object_or_404(
            PracticeExample.objects.select_related("area", "author", "privacy_confirmed_by").prefetch_related("tags"),
            pk=self.kwargs["pk"],
            status=ExampleStatus.SUBMITTED,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(example=self.example, **kwargs)

    def form_valid(self, form):
        publish = form.cleaned_data["decision"] == "publish"
        comment = form.cleaned_data["comment"]
        try:
            if publish:
                services.example_publish(example=self.example, actor=self.request.user, comment=comment)
            else:
                services.example_return(example=self.example, actor=self.request.user, comment=comment)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        if publish:
            messages.success(self.request, f"“{self.example}” is published in the library.")
        else:
            messages.success(self.request, f"“{self.example}” returned to {self.example.author} with your comment.")
        return redirect("community:example_detail", pk=self.example.pk)


class ExampleHistoryView(ExampleMixin, TemplateView):
    """Every change to the example, its status and its links: who, when and what."""

    template_name = "community/example_history.html"

    def get_context_data(self, **kwargs):
        example = self.example
        entries = history_entries(example.history.all(), describe=lambda r: "Example")
        entries += history_entries(
            ExampleLink.history.filter(example_id=example.pk),
            describe=lambda r: "Link to a portal record",
        )
        entries.sort(key=lambda e: e.when, reverse=True)
        words_shown = rules.can_read_earlier_words(self.access, example)
        if not words_shown:
            for entry in entries:
                entry.changes = []
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, words_shown=words_shown, **kwargs)


class ExampleLinksView(ExampleMixin, FormView):
    """Link the example to records in its area: only those the editor may see are offered."""

    write = True
    form_class = ExampleLinksForm
    template_name = "community/example_links.html"

    def check_permission(self):
        if not rules.can_edit_example(self.access, self.example):
            raise PermissionDenied

    @cached_property
    def groups(self):
        if not self.access.can_see_area(self.example.area):
            return []
        return [(kind, list(links.records_in_area(kind, self.example.area))) for kind in links.linkable_kinds()]

    def get_form_kwargs(self):
        chosen = links.group_by_kind(self.example.links.all())
        return {**super().get_form_kwargs(), "groups": self.groups, "chosen": chosen}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_see_area=self.access.can_see_area(self.example.area),
            has_records=any(records for _kind, records in self.groups),
            **kwargs,
        )

    def form_valid(self, form):
        if not self.access.can_see_area(self.example.area):
            raise PermissionDenied
        try:
            saved = services.example_links_set(example=self.example, actor=self.request.user, targets=form.targets())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Links saved: {len(saved)} portal record{'s' if len(saved) != 1 else ''}.")
        return redirect(reverse("community:example_detail", kwargs={"pk": self.example.pk}) + "#links")


class ExampleAttachmentAddView(ExampleMixin, FormView):
    write = True
    form_class = AttachmentForm
    template_name = "community/attachment_form.html"

    def check_permission(self):
        if not rules.can_edit_example(self.access, self.example):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        return super().get_context_data(parent=self.example, parent_kind="example", **kwargs)

    def form_valid(self, form):
        try:
            attachment = services.attachment_add(
                actor=self.request.user,
                file=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                example=PracticeExample.objects.get(pk=self.example.pk),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{attachment}” attached.")
        return redirect(reverse("community:example_detail", kwargs={"pk": self.example.pk}) + "#attachments")


def _visible_example(access, pk):
    return get_object_or_404(selectors.examples_for(access), pk=pk)


@require_POST
@community_view(write=True)
def example_comment(request, access, pk):
    """Add a comment to a published example; with an error, the page comes back with what was typed."""
    example = _visible_example(access, pk)
    if example.status != ExampleStatus.PUBLISHED:
        raise Http404("Comments are for published examples")
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            post = services.example_comment_add(example=example, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Comment added. You will get an email when others reply.")
            return redirect(post)
    context = example_page(access, example, request, comment_form=form)
    return render(request, "community/example_detail.html", context, status=200)


@require_POST
@community_view(write=True)
def example_useful(request, access, pk):
    example = _visible_example(access, pk)
    useful = request.POST.get("action") != "unmark"
    try:
        services.example_mark_useful(example=example, actor=request.user, useful=useful)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, "Marked as useful." if useful else "Your “useful” mark is removed.")
    return redirect(example)


@require_POST
@community_view(write=True)
def example_follow(request, access, pk):
    example = _visible_example(access, pk)
    following = request.POST.get("action") != "unfollow"
    services.follow_set(actor=request.user, example=example, following=following)
    messages.success(
        request,
        "You are following this example: a daily email tells you of new comments."
        if following
        else "You no longer follow this example.",
    )
    return redirect(example)
