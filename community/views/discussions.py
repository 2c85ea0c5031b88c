"""Discussions: topics and replies, editing your own posts, CELCIS hiding a post, and following."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import FormView, ListView, TemplateView

from areas.access import CommunityMixin
from areas.history import history_entries
from core.views import PAGE_SIZE, RecordFromUrl

from .. import rules, selectors, services
from ..forms import HideForm, PostEditForm, ReplyForm, TopicForm
from ..models import Post, Topic
from ..models.discussions import POSTS_PER_PAGE
from ._helpers import CommunityFormMixin, CommunityPage, FollowView, PostFromPageView


class TopicListView(CommunityMixin, ListView):
    template_name = "community/topic_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "topics"

    def get_queryset(self):
        return selectors.topics_for(self.access)


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


class TopicMixin(CommunityPage):
    """Loads a topic the reader may see (a topic whose opening post is hidden is for CELCIS only)."""

    topic = RecordFromUrl(Topic, queryset=lambda view: selectors.topics_for(view.access))


class TopicDetailView(TopicMixin, TemplateView):
    template_name = "community/topic_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(**topic_page(self.access, self.topic, self.request), **kwargs)


class TopicCreateView(CommunityFormMixin, CommunityMixin, FormView):
    form_class = TopicForm
    template_name = "community/topic_form.html"
    success_message = "Topic started. You will get an email when others reply."

    def perform(self, form):
        return services.topic_create(actor=self.request.user, **form.cleaned_data)


class TopicReplyView(TopicMixin, PostFromPageView):
    """Reply in a topic; with an error, the page comes back with what was typed."""

    form_class = ReplyForm
    page_template = "community/topic_detail.html"

    def perform_with(self, form):
        self.was_following = selectors.is_following(self.request.user, topic=self.topic)
        return services.topic_reply(topic=self.topic, actor=self.request.user, body=form.cleaned_data["body"])

    def get_success_message(self, obj) -> str:
        if self.was_following:
            return "Reply added."
        # Replying follows the topic: say so, and how to undo it (the button at the top of the topic).
        return (
            "Reply added. You now follow this topic, so you get one email a day when someone replies; "
            "choose “Stop following this topic” above to undo that."
        )

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(**topic_page(self.access, self.topic, self.request, form), **kwargs)


class TopicFollowView(TopicMixin, FollowView):
    followed = "topic"
    followed_message = "new replies"


class PostMixin(CommunityPage):
    """Loads a post in a topic the reader may see, or a comment on an example they may see (404 otherwise)."""

    post_record = RecordFromUrl(Post, queryset=lambda view: Post.objects.select_related("topic", "example", "author"))

    def check_permission(self):
        post = self.post_record
        if post.topic_id:
            get_object_or_404(selectors.topics_for(self.access), pk=post.topic_id)
        else:
            get_object_or_404(selectors.examples_for(self.access), pk=post.example_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            post=self.post_record, parent=self.post_record.topic or self.post_record.example, **kwargs
        )


class PostEditView(CommunityFormMixin, PostMixin, FormView):
    form_class = PostEditForm
    template_name = "community/post_form.html"
    success_message = "Your post is saved. Earlier versions stay in its history."

    def check_permission(self):
        super().check_permission()
        if not rules.can_edit_post(self.access, self.post_record):
            raise PermissionDenied

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "post": self.post_record}

    def perform(self, form):
        return services.post_edit(
            post=self.post_record,
            actor=self.request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            expected_version=form.cleaned_data["version"],
        )


class PostHideView(CommunityFormMixin, PostMixin, FormView):
    """CELCIS hides a post with a reason, after seeing it."""

    form_class = HideForm
    template_name = "community/post_hide.html"
    success_message = "The post is hidden. Its author can see your reason."

    def check_permission(self):
        # Only CELCIS hides posts: anyone else is refused before the post is looked up.
        if not self.access.is_celcis:
            raise PermissionDenied
        super().check_permission()

    def perform(self, form):
        return services.post_hide(post=self.post_record, actor=self.request.user, reason=form.cleaned_data["reason"])


class PostHistoryView(PostMixin, TemplateView):
    """Earlier versions of a post. A hidden post's history is for its author and CELCIS only."""

    template_name = "community/post_history.html"

    def check_permission(self):
        super().check_permission()
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
