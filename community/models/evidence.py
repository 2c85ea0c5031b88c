from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .tags import Tag


class Reference(models.Model):
    """A work the programme draws on, with a short summary in the portal's own words."""

    title = models.CharField(max_length=300)
    authors = models.CharField("authors or body", max_length=300)
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    link = models.URLField(max_length=500, blank=True, help_text="Where to read it. Leave empty if unsure.")
    summary = models.TextField(help_text="What it says and why it matters to the programme, in your own words.")
    tags = models.ManyToManyField(Tag, blank=True, related_name="references")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        ordering = ["title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("community:reference_detail", kwargs={"pk": self.pk})
