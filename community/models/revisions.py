from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .examples import ExampleStatus, ExampleText, PracticeExample, ReviewedByCelcis
from .tags import Tag

# A change is open while it is being written, waits for CELCIS or has been sent back to its author.
OPEN_STATUSES = (ExampleStatus.DRAFT, ExampleStatus.SUBMITTED, ExampleStatus.RETURNED)


class ExampleRevision(ExampleText, ReviewedByCelcis):
    """Changes to a published example, held until CELCIS publishes them.

    Readers keep seeing the published words and files meanwhile: the author confirms the privacy
    check when sending the changes (text and any file attached since publishing) to CELCIS, who
    publishes them (they replace the published version) or return them with a comment. `status`
    reuses the example's words: draft, waiting for review, returned, published (applied).
    """

    example = models.ForeignKey(PracticeExample, on_delete=models.CASCADE, related_name="revisions")
    area = models.ForeignKey("areas.LocalArea", on_delete=models.PROTECT, related_name="+")
    tags = models.ManyToManyField(Tag, blank=True, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["example"], condition=~Q(status="published"), name="community_one_open_revision_per_example"
            )
        ]

    def __str__(self):
        return f"Changes to {self.example}"

    def get_absolute_url(self):
        return reverse("community:example_changes", kwargs={"pk": self.example_id})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def privacy_confirmed(self) -> bool:
        return self.privacy_confirmed_at is not None

    # Read by the example form's rules (which fields it needs) like an example's own status.
    @property
    def author_id(self):
        return self.example.author_id
