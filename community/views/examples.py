"""Practice examples: the library, writing and sending to CELCIS, review, links, files, comments and marks."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.views.generic import FormView, ListView, TemplateView

from areas.access import CommunityMixin
from areas.history import history_page
from areas.models import LocalArea
from core.kept import KeptPageMixin
from core.views import ActionView, FilteredListMixin, RecordFromUrl

from .. import links, rules, selectors, services, shared
from ..forms import (
    CommentForm,
    ExampleChangesForm,
    ExampleFilterForm,
    ExampleLinksForm,
    PracticeExampleForm,
    ReviewForm,
    SubmitForm,
)
from ..models import ExampleLink, ExampleRevision, ExampleStatus, PracticeExample
from ._helpers import AttachmentAddMixin, CommunityFormMixin, CommunityPage, FollowView, PostFromPageView


class ExampleListView(KeptPageMixin, FilteredListMixin, CommunityMixin, ListView):
    """The library of published examples: browse by area and tag, search, newest or most useful first.

    The library is the same for every reader: each page of each filtering (its count, rows and the
    tags offered) is drawn once until the community's records or the areas change (`core.kept`);
    only the reader's own "useful" marks and unpublished examples are read on each visit."""

    template_name = "community/example_list.html"
    context_object_name = "examples"
    filter_form_class = ExampleFilterForm
    kept_name = "community:library"

    def kept_areas(self) -> list[int]:
        return []  # the programme's own records

    @cached_property
    def areas(self) -> shared.AreaList:
        return shared.area_list()

    def unfiltered_rows(self):
        return shared.published_examples()

    def get_filter_form_kwargs(self):
        return {"areas": LocalArea.objects.in_programme().order_by("name"), "tags": selectors.browsable_tags()}

    def filter_rows(self, rows, filters):
        return selectors.narrow_library(
            rows, q=filters["q"].strip(), area=filters["area"], tag=filters["tag"], sort=filters["sort"]
        )

    def get_queryset(self):
        examples = super().get_queryset()
        # An area or tag that does not exist (an old or mistyped link) matches nothing; showing the
        # whole library instead would look like a match.
        return examples.none() if self.filter_form.is_bound and not self.filter_form.is_valid() else examples

    def kept_variant(self) -> str:
        return self.areas.version

    def page_rows(self, queryset):
        return shared.library_rows(queryset)

    def kept_rows(self, rows):
        return shared.library_drawn(rows)

    def drawn(self, rows, count):
        return shared.library_tags()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            unpublished=list(selectors.unpublished_for(self.access)[:10]),
            filtering=any(self.request.GET.get(k) for k in ("q", "area", "tag")),
            **kwargs,
        )
        self.filter_form.offer(areas=self.areas.choices, tags=context["tag_choices"])
        shared.mark_useful_for(self.request.user, context["examples"])
        return context


class ExampleMixin(CommunityPage):
    """Loads an example the reader may see (404 for anyone else's draft); `editors_only = True`
    limits the page to those who may edit it (403 otherwise)."""

    editors_only = False
    example = RecordFromUrl(PracticeExample, queryset=lambda view: selectors.examples_for(view.access))

    def check_permission(self):
        if self.editors_only and not rules.can_edit_example(self.access, self.example):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        if "can_edit" not in kwargs:
            kwargs["can_edit"] = rules.can_edit_example(self.access, self.example)
        return super().get_context_data(**kwargs)


class ExamplePageMixin(ExampleMixin):
    """The example's own page (and what comes back to it): the reader's "useful" mark and follow are
    read with the example; what every reader sees alike comes from `shared.example_shared`."""

    example = RecordFromUrl(PracticeExample, queryset=lambda view: selectors.example_for_reader(view.access))


def example_page(access, example, request, comment_form=None) -> dict:
    """Everything the example's page shows, for the page itself and for a comment sent back with errors.
    `example` comes from `selectors.example_for_reader`."""
    user = request.user
    sees_changes = rules.can_see_pending_changes(access, example) and example.status == ExampleStatus.PUBLISHED
    changes = selectors.pending_changes(example) if sees_changes and example.has_pending_changes else None
    waiting = changes.status if changes else example.status
    alike = shared.example_shared(example)
    shown = alike["example"]
    shown.marked_useful = example.marked_useful
    linked, withheld = links.links_for_reader(selectors.example_links(example), access)
    return {
        "example": shown,
        "tags_html": alike["tags_html"],
        "changes": changes,
        "can_edit": rules.can_edit_example(access, example),
        "can_submit": example.author_id == user.pk
        and waiting in (ExampleStatus.DRAFT, ExampleStatus.RETURNED)
        and (changes is not None or example.status != ExampleStatus.PUBLISHED)
        and access.can_take_part_in_community,
        "can_review": access.is_celcis and waiting == ExampleStatus.SUBMITTED,
        "can_link": rules.can_edit_example(access, example) and access.can_see_area(shown.area),
        "linked": linked,
        "withheld_links": withheld,
        # Files attached since publishing wait with the changes: listed with them, for who may see them.
        "attachments": [file for file in alike["files"] if not file.is_held],
        "held_files": [file for file in alike["files"] if file.is_held] if sees_changes else [],
        "comments": alike["comments"],
        "comment_form": comment_form or CommentForm(),
        "is_following": example.is_following,
        "is_author": example.author_id == user.pk,
    }


class ExampleDetailView(ExamplePageMixin, TemplateView):
    template_name = "community/example_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{**example_page(self.access, self.example, self.request), **kwargs})


class ExampleCreateView(CommunityFormMixin, CommunityMixin, FormView):
    """Anyone taking part writes an example; it starts as a draft only they can see."""

    form_class = PracticeExampleForm
    template_name = "community/example_form.html"
    success_message = "Draft saved. Only you can see it until you send it to CELCIS for review."

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "access": self.access}

    def perform(self, form):
        return services.example_save(actor=self.request.user, **form.service_values())


class ExampleUpdateView(CommunityFormMixin, ExampleMixin, FormView):
    """Edit an example. Changes to a published one are held for review (its pending revision): the
    form opens on the changes already pending, or else on the published version."""

    editors_only = True
    template_name = "community/example_form.html"

    @cached_property
    def published(self) -> bool:
        return self.example.status == ExampleStatus.PUBLISHED

    def get_form_class(self):
        return ExampleChangesForm if self.published else PracticeExampleForm

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "access": self.access}
        example = PracticeExample.objects.select_related("area").get(pk=self.example.pk)
        if not self.published:
            return {**kwargs, "instance": example}
        changes = selectors.pending_changes(example)
        if changes is None:
            fields = {name: getattr(example, name) for name in services.REVISION_FIELDS}
            return {
                **kwargs,
                "instance": ExampleRevision(example=example, **fields),
                "published_tags": example.tags.all(),
            }
        return {**kwargs, "instance": changes}

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes_held=self.published, **kwargs)

    def get_success_message(self, saved):
        if isinstance(saved, ExampleRevision):
            return (
                "Your changes are saved and kept aside: readers still see the published version. "
                "Send them to CELCIS when they are ready."
            )
        return f"“{saved.title}” saved."

    def perform(self, form):
        return services.example_save(
            actor=self.request.user,
            **form.service_values(),
            example=self.example,
            expected_version=form.cleaned_data["version"],
            privacy_confirmed=form.cleaned_data.get("privacy_confirmed", False),
        )


class ExampleSubmitView(CommunityFormMixin, ExampleMixin, FormView):
    """The author confirms the privacy check and sends the example to CELCIS."""

    form_class = SubmitForm
    template_name = "community/example_submit.html"
    success_message = "Sent to CELCIS. They will publish it or return it to you with a comment."

    def check_permission(self):
        if self.example.author_id != self.request.user.pk:
            raise PermissionDenied

    @cached_property
    def changes(self):
        """For a published example: the changes to send (None when none are pending)."""
        return selectors.pending_changes(self.example) if self.example.status == ExampleStatus.PUBLISHED else None

    def get(self, request, *args, **kwargs):
        waiting = self.changes.status if self.changes else self.example.status
        if waiting not in (ExampleStatus.DRAFT, ExampleStatus.RETURNED):
            messages.info(request, "There is nothing to send: CELCIS already has it, or nothing has changed.")
            return redirect(self.example)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(changes=self.changes, **kwargs)

    def perform(self, form):
        submit = services.example_changes_submit if self.changes else services.example_submit
        return submit(
            example=self.example, actor=self.request.user, privacy_confirmed=form.cleaned_data["privacy_confirmed"]
        )

    def get_success_message(self, saved):
        if isinstance(saved, ExampleRevision):
            return "Your changes are sent to CELCIS. Readers see the published version until CELCIS publishes them."
        return self.success_message

    def get_success_url(self):
        return self.example.get_absolute_url()


class ExampleReviewView(CommunityFormMixin, CommunityPage, FormView):
    """CELCIS reads the example and the author's privacy confirmation, then publishes or returns it."""

    form_class = ReviewForm
    template_name = "community/example_review.html"
    example = RecordFromUrl(
        PracticeExample,
        queryset=lambda view: (
            PracticeExample.objects.select_related("area", "author", "privacy_confirmed_by")
            .prefetch_related("tags")
            .filter(
                Q(status=ExampleStatus.SUBMITTED)
                | Q(status=ExampleStatus.PUBLISHED, revisions__status=ExampleStatus.SUBMITTED)
            )
            .distinct()
        ),
    )

    def check_permission(self):
        if not self.access.is_celcis:
            raise PermissionDenied

    @cached_property
    def changes(self):
        """For a published example, the changes waiting for review, with what they would replace."""
        return selectors.pending_changes(self.example) if self.example.status == ExampleStatus.PUBLISHED else None

    def get_context_data(self, **kwargs):
        extra = {"changes": self.changes}
        if self.changes:
            extra.update(selectors.changes_compared(self.changes))
        return super().get_context_data(**extra, **kwargs)

    def perform(self, form):
        publish = form.cleaned_data["decision"] == "publish"
        if self.changes:
            review = services.example_changes_publish if publish else services.example_changes_return
        else:
            review = services.example_publish if publish else services.example_return
        return review(example=self.example, actor=self.request.user, comment=form.cleaned_data["comment"])

    def get_success_message(self, saved):
        if isinstance(saved, ExampleRevision):
            if saved.status == ExampleStatus.PUBLISHED:
                return f"The changes to “{saved.example}” are published."
            return f"The changes to “{saved.example}” are returned to {saved.example.author} with your comment."
        if saved.status == ExampleStatus.PUBLISHED:
            return f"“{saved}” is published in the library."
        return f"“{saved}” returned to {saved.author} with your comment."

    def get_success_url(self):
        return self.example.get_absolute_url()


class ExampleChangesView(ExamplePageMixin, TemplateView):
    """The changes to a published example waiting to be published, for its author and CELCIS."""

    template_name = "community/example_changes.html"

    def check_permission(self):
        if not rules.can_see_pending_changes(self.access, self.example):
            raise PermissionDenied

    def get_context_data(self, **kwargs):
        page = example_page(self.access, self.example, self.request)
        if page["changes"]:
            page.update(selectors.changes_compared(page["changes"]))
        return super().get_context_data(**page, **kwargs)


class ExampleHistoryView(ExampleMixin, TemplateView):
    """Every change to the example, its status and its links: who, when and what. Each page of it is
    described once until the community's records or an area's name (a change of area shows both) change."""

    template_name = "community/example_history.html"
    example = RecordFromUrl(
        PracticeExample,
        queryset=lambda view: PracticeExample.objects.filter(rules.visible_examples_filter(view.access)),
    )

    def get_context_data(self, **kwargs):
        example = self.example
        sources = [
            (example.history.all(), lambda r: "Example"),
            (ExampleLink.history.filter(example_id=example.pk), lambda r: "Link to a portal record"),
            (ExampleRevision.history.filter(example_id=example.pk), lambda r: "Changes after publishing"),
        ]
        page, entries = history_page(
            sources,
            self.request.GET.get("page"),
            cache_key=f"community:example-history:{example.pk}:{selectors.area_names_version()}",
        )
        words_shown = rules.can_read_earlier_words(self.access, example)
        if not words_shown:
            entries = [replace(entry, changes=[]) for entry in entries]
        return super().get_context_data(page_obj=page, entries=entries, words_shown=words_shown, **kwargs)


class ExampleLinksView(CommunityFormMixin, ExampleMixin, FormView):
    """Link the example to records in its area: only those the editor may see are offered."""

    editors_only = True
    form_class = ExampleLinksForm
    template_name = "community/example_links.html"

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

    def perform(self, form):
        if not self.access.can_see_area(self.example.area):
            raise PermissionDenied
        return services.example_links_set(example=self.example, actor=self.request.user, targets=form.targets())

    def get_success_message(self, saved):
        return f"Links saved: {len(saved)} portal record{'s' if len(saved) != 1 else ''}."

    def get_success_url(self):
        return self.example.get_absolute_url() + "#links"


class ExampleAttachmentAddView(AttachmentAddMixin, ExampleMixin, FormView):
    editors_only = True
    attached_to = "example"
    files_anchor = "#attachments"

    def get_success_message(self, attachment):
        if attachment.is_held:
            return (
                f"“{attachment}” attached to your changes. Only you and CELCIS can open it until CELCIS "
                "publishes the changes: send them when they are ready."
            )
        return super().get_success_message(attachment)


class ExampleCommentView(ExamplePageMixin, PostFromPageView):
    """Add a comment to a published example; with an error, the page comes back with what was typed."""

    form_class = CommentForm
    page_template = "community/example_detail.html"
    success_message = "Comment added. You will get an email when others reply."

    def check_permission(self):
        if self.example.status != ExampleStatus.PUBLISHED:
            raise Http404("Comments are for published examples")

    def perform_with(self, form):
        return services.example_comment_add(
            example=self.example, actor=self.request.user, body=form.cleaned_data["body"]
        )

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(**example_page(self.access, self.example, self.request, form), **kwargs)


class ExampleUsefulView(ExampleMixin, ActionView):
    """Mark a published example as useful, or take the mark back ("action": "unmark")."""

    def perform(self) -> str:
        useful = self.request.POST.get("action") != "unmark"
        services.example_mark_useful(example=self.example, actor=self.request.user, useful=useful)
        return "Marked as useful." if useful else "Your “useful” mark is removed."

    def get_success_url(self):
        return self.example.get_absolute_url()


class ExampleFollowView(ExampleMixin, FollowView):
    followed = "example"
    followed_message = "new comments"
