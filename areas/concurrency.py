"""Optimistic locking for long forms, so two people editing at once never overwrite each other.

A model opts in with a `version` field. The form carries the version the user started from; the
save claims the next version with a conditional UPDATE, which only one of two racing saves can win.
The loser gets StaleEdit and sees their typed values again with a message, nothing lost.
"""

from django import forms
from django.db import transaction
from django.db.models import F


class StaleEdit(Exception):
    """Somebody else saved the record after this user opened it."""


def save_versioned(instance, *, expected_version: int, actor=None, reason: str = "") -> None:
    """Save `instance` only if its stored version is still `expected_version`; then bump it."""
    model = type(instance)
    with transaction.atomic():
        claimed = model.objects.filter(pk=instance.pk, version=expected_version).update(version=F("version") + 1)
        if not claimed:
            raise StaleEdit
        instance.version = expected_version + 1
        if actor is not None:
            instance._history_user = actor
        if reason:
            instance._change_reason = reason
        instance.save()


class VersionedModelForm(forms.ModelForm):
    """A ModelForm that carries the record's version in a hidden field."""

    # Empty when the form was opened before the record existed (a first save).
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("version") is None and "version" not in self.errors:
            # The form was opened before anyone had saved this record; someone has since.
            self.add_stale_error()
        return cleaned

    def add_stale_error(self, latest_change: str = "") -> None:
        """Explain the clash at the top of the form; the user's own values stay in the fields."""
        message = (
            "Someone else saved changes to this record after you opened it, so yours were not saved. "
            "Your changes are still in the form below: compare them with the current record "
            "(open it in a new tab), then save again."
        )
        if latest_change:
            message += f" {latest_change}"
        self.add_error(None, message)
        # Let a second save go through against the version now stored.
        data = self.data.copy()
        data["version"] = str(type(self.instance).objects.values_list("version", flat=True).get(pk=self.instance.pk))
        self.data = data
