from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

# Posts on each page of a topic; a post's link names the page it is on.
POSTS_PER_PAGE = 25


class Topic(models.Model):
    """A discussion topic. What it says lives in its opening post; replies are further posts."""

    title = models.CharField(max_length=200)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # Kept up to date by the services so the list orders by activity without a subquery.
    last_post_at = models.DateTimeField(db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-last_post_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:topic_detail", kwargs={"pk": self.pk})


class Post(models.Model):
    """A post in a discussion topic, or a comment on a published practice example."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, null=True, blank=True, related_name="posts")
    example = models.ForeignKey(
        "community.PracticeExample", on_delete=models.CASCADE, null=True, blank=True, related_name="comments"
    )
    is_opening = models.BooleanField(default=False, help_text="The post that opened its topic.")
    body = models.TextField("message")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField("reason for hiding", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(topic__isnull=False) & Q(example__isnull=True))
                | (Q(topic__isnull=True) & Q(example__isnull=False)),
                name="community_post_in_a_topic_or_on_an_example",
            )
        ]

    def __str__(self):
        where = self.topic if self.topic_id else self.example
        return f"Post by {self.author} in {where}"

    def get_absolute_url(self):
        """The post in place: for a topic's post, on the page of the topic it is on."""
        if not self.topic_id:
            return f"{self.example.get_absolute_url()}#post-{self.pk}"
        url = reverse("community:topic_detail", kwargs={"pk": self.topic_id})
        earlier = Post.objects.filter(topic_id=self.topic_id).filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
        )
        page = earlier.count() // POSTS_PER_PAGE + 1
        return f"{url}{f'?page={page}' if page > 1 else ''}#post-{self.pk}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
