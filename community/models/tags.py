from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords


class TagKind(models.TextChoices):
    FRAMEWORK = "framework", "Framework"
    STAGE = "stage", "Implementation stage"
    DRIVER = "driver", "Implementation driver"
    TOPIC = "topic", "Topic"


class Tag(models.Model):
    """A label for examples and references. Frameworks, stages and drivers are seeded by a migration;
    authors add topics as they write."""

    kind = models.CharField(max_length=20, choices=TagKind.choices, db_index=True)
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["kind", "name"], name="community_tag_unique_name_per_kind")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("community:example_list") + f"?tag={self.slug}"
