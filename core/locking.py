"""Optimistic locking: the one path by which two people editing at once never overwrite each other.

A model opts in with a `version` field. The form carries the version the user started from
(`VersionedFormMixin` on a plain form, `VersionedModelForm` on a model form); the service saves
with `save_versioned`, which claims the next version with a conditional UPDATE that only one of two
racing saves can win. The loser gets `StaleEdit`; the view (`core.views.ServiceFormMixin`, or
`core.autosave` for drafts saved as they are written) shows the one standard message from
`stale_message`, with the typed values still in the form, so nothing is lost.
"""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.db.models import F

from .dates import datetime_label
from .services import save_with_history


class StaleEdit(Exception):
    """Somebody else saved the record after this user opened it."""

    def __init__(self, instance=None):
        super().__init__("The record was saved by someone else after it was opened.")
        self.instance = instance


def claim_version(model, *, pk, expected_version: int) -> int:
    """Bump the stored version if it is still `expected_version` (StaleEdit if not); the new version.

    For records whose save touches several rows (an assessment's scores, say): claim first, inside
    the caller's transaction, then write.
    """
    claimed = model.objects.filter(pk=pk, version=expected_version).update(version=F("version") + 1)
    if not claimed:
        raise StaleEdit(model.objects.filter(pk=pk).first())
    return expected_version + 1


def save_versioned(instance, *, expected_version: int, actor=None, reason: str = "") -> None:
    """Save `instance` only if its stored version is still `expected_version`; then bump it."""
    with transaction.atomic():
        instance.version = claim_version(type(instance), pk=instance.pk, expected_version=expected_version)
        if actor is not None:
            save_with_history(instance, actor=actor, reason=reason)
        else:
            if reason:
                instance._change_reason = reason
            instance.save()


def last_saved(instance) -> str:
    """'Last saved by Ann Smith on 26 Nov 2026, 14:02.' from the record's history (or '')."""
    history = getattr(type(instance), "history", None)
    if instance is None or instance.pk is None or history is None:
        return ""
    latest = history.filter(id=instance.pk).select_related("history_user").order_by("-history_date").first()
    if latest is None:
        return ""
    user = latest.history_user
    who = (user.get_full_name() or user.username) if user else "the system"
    return f"Last saved by {who} on {datetime_label(latest.history_date)}."


def stale_message(instance=None, *, what: str = "changes to this record", latest: str | None = None) -> str:
    """The one message for a clash on a form: what happened, that nothing typed is lost, who saved."""
    message = (
        f"Someone else saved {what} after you opened it, so yours were not saved. "
        "Your changes are still in the form below: compare them with the saved version "
        "(open it in a new tab), then save again to keep yours."
    )
    latest = last_saved(instance) if latest is None else latest
    return f"{message} {latest}" if latest else message


def autosave_stale_message(instance=None, *, what: str = "this draft", latest: str | None = None) -> str:
    """The clash message for a draft saved in the background (see `core.autosave`)."""
    latest = last_saved(instance) if latest is None else latest
    return (
        f"Not saved: someone else saved {what} after you opened it. {latest + ' ' if latest else ''}"
        "Your work is still on this page. Open the saved draft in a new tab to compare, "
        "then choose Save draft to keep yours."
    )


class VersionedFormMixin:
    """For any form that carries a `version` field: show a clash and let the next save go through.

    Forms set `stale_what` ("changes to this assessment") to name what was saved.
    """

    stale_what = "changes to this record"

    def add_stale_error(self, instance=None, *, current_version: int | None = None, latest: str | None = None):
        """Explain the clash at the top of the form; the user's own values stay in the fields."""
        self.add_error(None, stale_message(instance, what=self.stale_what, latest=latest))
        if current_version is None and instance is not None:
            current_version = type(instance).objects.values_list("version", flat=True).get(pk=instance.pk)
        if current_version is not None:
            # The person has been told and may now choose to save theirs over the stored version.
            data = self.data.copy()
            data[self.add_prefix("version")] = str(current_version)
            self.data = data


class VersionedModelForm(VersionedFormMixin, forms.ModelForm):
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
            self.add_stale_error(self.instance)
        return cleaned
