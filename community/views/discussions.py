"""Discussions: topics and replies, editing your own posts, CELCIS hiding a post, and following."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView, TemplateView

from areas.access import CommunityMixin
from areas.history import history_entries
from core.locking import StaleEdit

from .. import rules, selectors, services
from ..forms import HideForm, PostEditForm, ReplyForm, TopicForm
from ..models import Post
from ..models.discussions import POSTS_PER_PAGE
from ._helpers import PAGE_SIZE, CommunityPage, apply_errors, community_view, stale


class TopicListView(CommunityMixin, ListView):
    template_name = "community/topic_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "topics"

    def get_queryset(self):
        return selectors.topics_for(self.access)


def _topic(access, pk):
    return get_object_or_404(selectors.topics_for(access), pk=pk)


def topic_page(access, topic, request, reply_form=None) -> dict:
    """What a topic's page shows, for the page itself and for a reply sent back with errors."""
    posts = selectors.topic_posts(topic)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "topic": topic,
        "posts": page.object_list,
        "page_obj": page,
        "reply_form": reply_form or ReplyForm(),
        "is_following": selectors.is_following(request.user, topic=topic),
    }


class TopicDetailView(CommunityMixin, TemplateView):
    template_name = "community/topic_detail.html"

    def get_context_data(self, **kwargs):
        topic = _topic(self.access, self.kwargs["pk"])
        return super().get_context_data(**topic_page(self.access, topic, self.request), **kwargs)


class TopicCreateView(CommunityMixin, FormView):
    write = True
    form_class = TopicForm
    template_name = "community/topic_form.html"

    def form_valid(self, form):
        try:
            topic = services.topic_create(actor=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Topic started. You will get an email when others reply.")
        return redirect(topic)


@require_POST
@community_view(write=True)
def topic_reply(request, access, pk):
    """Reply in a topic; with an error, the page comes back with what was typed."""
    topic = _topic(access, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            post = services.topic_reply(topic=topic, actor=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Reply added.")
            return redirect(post)
    return render(request, "community/topic_detail.html", topic_page(access, topic, request, reply_form=form))


@require_POST
@community_view(write=True)
def topic_follow(request, access, pk):
    topic = _topic(access, pk)
    following = request.POST.get("action") != "unfollow"
    services.follow_set(actor=request.user, topic=topic, following=following)
    messages.success(
        request,
        "You are following this topic: a daily email tells you of new replies."
        if following
        else "You no longer follow this topic.",
    )
    return redirect(topic)


class PostMixin(CommunityPage):
    """Loads a post in a topic the reader may see, or a comment on an example they may see."""

    @cached_property
    def post_record(self):
        post = get_object_or_404(Post.objects.select_related("topic", "example", "author"), pk=self.kwargs["pk"])
        if post.topic_id:
            _topic(self.access, post.topic_id)
        else:
            get_object_or_404(selectors.examples_for(self.access), pk=post.example_id)
        return post

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.post_record, parent=self.post_record.topic or self.post_record.example, **kwargs
        )


class PostEditView(PostMixin, FormView):
    write = True
    form_class = PostEditForm
    template_name = "community/post_form.html"

    def check_permission(self):
        if not rules.can_edit_post(self.access, self.post_record):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "post": self.post_record}

    def form_valid(self, form):
        try:
            post = services.post_edit(
                post=self.post_record,
                actor=self.request.user,
                body=form.cleaned_data["body"],
                title=form.cleaned_data.get("title"),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.post_record)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Your post is saved. Earlier versions stay in its history.")
        return redirect(post)


class PostHideView(PostMixin, FormView):
    """CELCIS hides a post with a reason, after seeing it."""

    write = True
    form_class = HideForm
    template_name = "community/post_hide.html"

    def check_permission(self):
        if not self.access.is_celcis:
            raise PermissionDenied

    def form_valid(self, form):
        try:
            post = services.post_hide(
                post=self.post_record, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The post is hidden. Its author can see your reason.")
        return redirect(post)


class PostHistoryView(PostMixin, TemplateView):
    """Earlier versions of a post. A hidden post's history is for its author and CELCIS only."""

    template_name = "community/post_history.html"

    def check_permission(self):
        if self.post_record.is_hidden and not rules.can_see_hidden_post(self.access, self.post_record):
            raise Http404("No such post")

    def get_context_data(self, **kwargs):
        entries = history_entries(self.post_record.history.all(), describe=lambda r: "Post")
        words_shown = rules.can_read_earlier_words(self.access, self.post_record)
        if not words_shown:
            for entry in entries:
                entry.changes = []
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, words_shown=words_shown, **kwargs)
