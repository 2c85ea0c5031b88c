"""National drivers pages: the heat map across areas, and the versioned catalogue of items that CELCIS
keeps (a new version is a draft copy of the one in use until it is published)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import FormView, TemplateView

from areas.access import NationalMixin
from areas.history import history_entries
from areas.models import LocalArea
from core import freshness
from core.views import PAGE_SIZE, ActionView, RecordFromUrl, RecordsFromUrlMixin, ServiceFormMixin

from .. import selectors, services
from ..forms import ChangeNoteForm, ItemForm
from ..models import Item, ItemSet, ItemSetStatus
from ..scoring import BANDS, share_text


def _groups(item_set) -> list[dict]:
    """A version's items by driver and group ([] when there is no such version)."""
    return selectors.items_by_group(item_set.items.order_by("order", "pk")) if item_set else []


class NationalDriversView(NationalMixin, TemplateView):
    """The latest assessment of each programme area as a heat map: drivers × areas."""

    template_name = "drivers/national.html"

    def get_context_data(self, **kwargs):
        areas = list(LocalArea.objects.in_programme().order_by("name"))
        # Scored and drawn once until a programme area's records (or the programme's item sets) change.
        html = freshness.cached(
            "drivers:national",
            [area.pk for area in areas],
            lambda: render_to_string("drivers/_heatmap.html", {"heatmap": selectors.national_heatmap(areas)}),
        )
        share = share_text(settings.DRIVERS_COMPLETION_SHARE)
        return super().get_context_data(
            heatmap_html=mark_safe(html),  # noqa: S308 - rendered by our template
            bands=BANDS,
            completion_share=share,
            **kwargs,
        )


class DriverCatalogueView(NationalMixin, TemplateView):
    """Every version of the drivers items, and the items of the version in use."""

    template_name = "drivers/catalogue.html"

    def get_context_data(self, **kwargs):
        versions = list(
            ItemSet.objects.annotate(
                item_count=Count("items", distinct=True), assessment_count=Count("assessments", distinct=True)
            ).order_by("-number")
        )
        current = next((v for v in versions if v.status == ItemSetStatus.PUBLISHED), None)
        draft = next((v for v in versions if v.status == ItemSetStatus.DRAFT), None)
        return super().get_context_data(
            versions=versions, current=current, draft=draft, groups=_groups(current), **kwargs
        )


class ItemSetMixin(NationalMixin):
    """The version named in the URL by its number (versions are national: not an area's records)."""

    @cached_property
    def item_set(self) -> ItemSet:
        return get_object_or_404(
            ItemSet.objects.select_related("published_by", "created_by"), number=self.kwargs["number"]
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(item_set=self.item_set, **kwargs)

    def get_success_url(self):
        return self.item_set.get_absolute_url()


class DraftVersionMixin(ItemSetMixin):
    """A page that changes a version: CELCIS only, and only while it is a draft."""

    write = True

    def get(self, request, *args, **kwargs):
        if not self.item_set.is_draft:
            messages.error(
                request,
                f"Version {self.item_set.number} is published, so its items cannot change. "
                "Start a new draft version instead.",
            )
            return redirect(self.item_set.get_absolute_url())
        return super().get(request, *args, **kwargs)


class DriverItemMixin(RecordsFromUrlMixin, DraftVersionMixin):
    """One item of the draft version named in the URL."""

    item = RecordFromUrl(Item, parent="item_set", select_related=("driver",), queryset=lambda view: Item.objects.all())


class ItemSetDetailView(ItemSetMixin, TemplateView):
    """One version's items by driver; CELCIS edits them while it is a draft."""

    template_name = "drivers/item_set_detail.html"

    def get_context_data(self, **kwargs):
        editable = self.access.is_celcis and self.item_set.is_draft
        # The items and their history are the programme's records: drawn once until one changes.
        key = f"drivers:item-set:{self.item_set.pk}:{int(editable)}"
        body = freshness.cached(key, [], lambda: self._body(editable))
        return super().get_context_data(
            body_html=mark_safe(body),  # noqa: S308 -- rendered by our templates, which escaped every value
            assessment_count=self.item_set.assessments.count(),
            **kwargs,
        )

    def _body(self, editable: bool) -> str:
        changes = history_entries(
            Item.history.filter(item_set_id=self.item_set.pk).select_related("driver"),
            describe=lambda r: f"{r.driver}: {r.text}",
        ) + history_entries(self.item_set.history.all(), describe=lambda r: f"Version {r.number}")
        changes.sort(key=lambda e: e.when, reverse=True)
        context = {
            "item_set": self.item_set,
            "groups": _groups(self.item_set),
            "editable": editable,
            "entries": changes[:PAGE_SIZE],
        }
        return render_to_string("drivers/_item_set_body.html", context)


class ItemSetCreateView(ServiceFormMixin, NationalMixin, FormView):
    """Asks for confirmation, then starts the next version as a draft copy of the current one."""

    write = True
    form_class = ChangeNoteForm
    template_name = "drivers/item_set_create.html"
    success_message = "Version {obj.number} started as a draft."

    def get(self, request, *args, **kwargs):
        draft = selectors.draft_item_set()
        if draft is not None:
            messages.info(request, f"Version {draft.number} is already a draft. Change it here, then publish it.")
            return redirect(draft.get_absolute_url())
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(current=selectors.current_item_set(), **kwargs)

    def perform(self, form):
        return services.item_set_start_draft(actor=self.request.user, change_note=form.cleaned_data["change_note"])

    def get_success_url(self):
        return self.saved.get_absolute_url()


class DriverItemCreateView(ServiceFormMixin, DraftVersionMixin, FormView):
    form_class = ItemForm
    template_name = "drivers/item_form.html"
    success_message = "Item added."

    def get_initial(self):
        return {"driver": self.request.GET.get("driver") or None, "order": 100}

    def perform(self, form):
        return services.item_save(actor=self.request.user, item_set=self.item_set, **form.cleaned_data)


class DriverItemUpdateView(ServiceFormMixin, DriverItemMixin, FormView):
    form_class = ItemForm
    template_name = "drivers/item_form.html"
    success_message = "Item saved."

    def get_initial(self):
        return {"driver": self.item.driver_id, "text": self.item.text, "order": self.item.order}

    def perform(self, form):
        return services.item_save(actor=self.request.user, item_set=self.item_set, item=self.item, **form.cleaned_data)


class DriverItemRemoveView(DriverItemMixin, ActionView):
    """Asks for confirmation; removes the item from the draft on POST."""

    confirm_template = "drivers/item_remove.html"

    def perform(self) -> str:
        services.item_remove(actor=self.request.user, item=self.item)
        return f"Item removed from version {self.item_set.number}."

    def get_failure_url(self):
        return self.get_success_url()


class ItemSetPublishView(ServiceFormMixin, DraftVersionMixin, FormView):
    """Asks for confirmation; publishing makes the draft the version new assessments use."""

    form_class = ChangeNoteForm
    template_name = "drivers/item_set_publish.html"
    success_message = "Version {obj.number} published. New assessments use it from now on."

    def get_initial(self):
        return {"change_note": self.item_set.change_note}

    def get_context_data(self, **kwargs):
        counts = Item.objects.filter(item_set=self.item_set).aggregate(
            items=Count("pk"), drivers=Count("driver", distinct=True)
        )
        return super().get_context_data(counts=counts, current=selectors.current_item_set(), **kwargs)

    def perform(self, form):
        return services.item_set_publish(
            actor=self.request.user, item_set=self.item_set, change_note=form.cleaned_data["change_note"]
        )
