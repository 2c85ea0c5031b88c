"""The register of innovations, each one's description, essential functions, practice profile,
usability judgements and history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from areas.access import AreaMixin, Permission, area_view
from core.locking import StaleEdit
from stages import selectors as stage_selectors

from .. import selectors, services
from ..forms import (
    DescriptionForm,
    EssentialFunctionForm,
    InnovationCreateForm,
    InnovationFilterForm,
    InnovationForm,
    InnovationStatusForm,
    PracticeLevelForm,
    PracticeProfileRowForm,
    UsabilityReviewForm,
)
from ..models import (
    CRITERION_HELP,
    CriterionRating,
    EssentialFunction,
    Innovation,
    InnovationStatus,
    PracticeDescription,
    PracticeLevel,
    UsabilityCriterion,
)
from ..sections import innovation_sections
from .common import PAGE_SIZE, InnovationMixin, apply_errors, get_innovation, stale


class InnovationListView(AreaMixin, ListView):
    """The area's register: every innovation with its status, stage, usability and fidelity."""

    template_name = "innovations/innovation_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "innovations"

    def get_queryset(self):
        self.filter_form = InnovationFilterForm(self.request.GET or None)
        innovations = Innovation.objects.filter(area=self.area)
        if self.filter_form.is_valid():
            data = self.filter_form.cleaned_data
            if data["q"]:
                innovations = innovations.filter(name__icontains=data["q"])
            if data["status"]:
                innovations = innovations.filter(status=data["status"])
            if data["origin"]:
                innovations = innovations.filter(origin=data["origin"])
        return innovations.order_by("name", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        context["rows"] = selectors.summaries(self.area, list(context["innovations"]))
        return context


class InnovationCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = InnovationCreateForm
    template_name = "innovations/innovation_form.html"

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.fields if name != "version"}
        try:
            innovation = services.innovation_create(area=self.area, actor=self.request.user, data=data)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{innovation} added to the register.")
        return redirect("innovations:detail", area_slug=self.area.slug, pk=innovation.pk)


class InnovationDetailView(InnovationMixin, DetailView):
    """One innovation at a glance, linking to each of its pages."""

    template_name = "innovations/innovation_detail.html"
    context_object_name = "innovation"
    page = "summary"

    def get_object(self, queryset=None):
        return self.innovation

    def get_context_data(self, **kwargs):
        summary = selectors.summaries(self.area, [self.innovation])[0]
        slice_rows, slice_totals = selectors.slice_rows(self.innovation)
        return super().get_context_data(
            summary=summary,
            slice_rows=slice_rows,
            slice_totals=slice_totals,
            functions=list(EssentialFunction.objects.filter(innovation=self.innovation)),
            chosen_in=list(self.innovation.chosen_in.all()),
            progress=stage_selectors.progress_for(self.area, self.innovation),
            sections=innovation_sections(self.innovation, self.access),
            **kwargs,
        )


class InnovationUpdateView(InnovationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = InnovationForm
    template_name = "innovations/innovation_form.html"
    page = "summary"

    def get_object(self, queryset=None):
        return self.innovation

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.innovation_update(
                innovation=self.innovation,
                actor=self.request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.innovation)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{data['name']} saved.")
        return redirect("innovations:detail", area_slug=self.area.slug, pk=self.innovation.pk)


class InnovationStatusView(InnovationMixin, FormView):
    """Members change the status: being explored, selected, not selected, in use, discontinued."""

    permission = Permission.WRITE
    form_class = InnovationStatusForm
    template_name = "innovations/status_form.html"
    page = "summary"

    def get_initial(self):
        return {"status": self.innovation.status, "status_changed_on": timezone.localdate()}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            services.innovation_status_change(
                innovation=self.innovation,
                actor=self.request.user,
                status=data["status"],
                changed_on=data["status_changed_on"],
                reason=data["status_reason"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        status = InnovationStatus(form.cleaned_data["status"]).label.lower()
        messages.success(self.request, f"{self.innovation} is now {status}.")
        return redirect("innovations:detail", area_slug=self.area.slug, pk=self.innovation.pk)


# --- Description and essential functions ---------------------------------------------------------


class DescriptionView(InnovationMixin, TemplateView):
    """The innovation described as a usable innovation, with its essential functions in order."""

    template_name = "innovations/description.html"
    page = "description"

    def get_context_data(self, **kwargs):
        functions = list(EssentialFunction.objects.filter(innovation=self.innovation))
        return super().get_context_data(functions=functions, **kwargs)


class DescriptionUpdateView(InnovationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = DescriptionForm
    template_name = "innovations/description_form.html"
    page = "description"

    def get_object(self, queryset=None):
        return self.innovation

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            services.innovation_describe(
                innovation=self.innovation,
                actor=self.request.user,
                data=data,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.innovation)
            return self.form_invalid(form)
        messages.success(self.request, "Description saved.")
        return redirect("innovations:description", area_slug=self.area.slug, pk=self.innovation.pk)


class FunctionMixin(InnovationMixin):
    page = "description"

    @cached_property
    def function(self) -> EssentialFunction:
        return get_object_or_404(
            EssentialFunction, pk=self.kwargs["function_pk"], area=self.area, innovation=self.innovation
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(function=self.function, **kwargs)


class FunctionCreateView(InnovationMixin, CreateView):
    permission = Permission.WRITE
    form_class = EssentialFunctionForm
    template_name = "innovations/function_form.html"
    page = "description"

    def form_valid(self, form):
        try:
            function = services.essential_function_save(
                innovation=self.innovation,
                actor=self.request.user,
                name=form.cleaned_data["name"],
                operational_definition=form.cleaned_data["operational_definition"],
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Essential function “{function}” added.")
        return redirect(
            reverse("innovations:description", kwargs={"area_slug": self.area.slug, "pk": self.innovation.pk})
            + "#functions"
        )


class FunctionUpdateView(FunctionMixin, UpdateView):
    permission = Permission.WRITE
    form_class = EssentialFunctionForm
    template_name = "innovations/function_form.html"

    def get_object(self, queryset=None):
        return self.function

    def form_valid(self, form):
        try:
            services.essential_function_save(
                innovation=self.innovation,
                actor=self.request.user,
                name=form.cleaned_data["name"],
                operational_definition=form.cleaned_data["operational_definition"],
                function=self.function,
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.function)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Essential function “{form.cleaned_data['name']}” saved.")
        return redirect(
            reverse("innovations:description", kwargs={"area_slug": self.area.slug, "pk": self.innovation.pk})
            + "#functions"
        )


@require_POST
@area_view(Permission.WRITE)
def function_move(request, area, pk, function_pk):
    """Move an essential function one place up or down."""
    innovation = get_innovation(area, pk)
    function = get_object_or_404(EssentialFunction, pk=function_pk, area=area, innovation=innovation)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.essential_function_move(function=function, actor=request.user, direction=direction)
        messages.success(request, f"“{function}” moved {direction}.")
    return redirect(
        reverse("innovations:description", kwargs={"area_slug": area.slug, "pk": innovation.pk}) + "#functions"
    )


class FunctionRemoveView(FunctionMixin, TemplateView):
    """Confirm, then remove an essential function added by mistake (never one with fidelity items)."""

    permission = Permission.WRITE
    template_name = "innovations/function_remove.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            items=list(self.function.fidelity_items.all()),
            descriptions=PracticeDescription.objects.filter(function=self.function).exclude(text="").count(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        try:
            services.essential_function_remove(function=self.function, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(request.path)
        messages.success(request, f"Essential function “{self.function}” removed.")
        return redirect(
            reverse("innovations:description", kwargs={"area_slug": self.area.slug, "pk": self.innovation.pk})
            + "#functions"
        )


# --- Practice profile ----------------------------------------------------------------------------


class PracticeProfileView(InnovationMixin, TemplateView):
    """The practice profile as one table that prints well: functions down, levels across."""

    template_name = "innovations/practice_profile.html"
    page = "profile"

    def get_context_data(self, **kwargs):
        levels, rows = selectors.practice_profile(self.innovation)
        return super().get_context_data(levels=levels, rows=rows, **kwargs)


class ProfileRowUpdateView(FunctionMixin, UpdateView):
    """Edit one function's row of the practice profile; two people saving at once cannot clash."""

    permission = Permission.WRITE
    form_class = PracticeProfileRowForm
    template_name = "innovations/profile_row_form.html"
    page = "profile"

    def get_object(self, queryset=None):
        return self.function

    def get_form_kwargs(self):
        texts = dict(PracticeDescription.objects.filter(function=self.function).values_list("level_id", "text"))
        return {
            **super().get_form_kwargs(),
            "levels": list(PracticeLevel.objects.filter(innovation=self.innovation)),
            "texts": texts,
        }

    def form_valid(self, form):
        try:
            services.practice_profile_row_save(
                function=self.function,
                actor=self.request.user,
                descriptions=form.descriptions(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleEdit:
            stale(form, self.function)
            return self.form_invalid(form)
        messages.success(self.request, f"Practice profile for “{self.function}” saved.")
        return redirect(
            reverse("innovations:profile", kwargs={"area_slug": self.area.slug, "pk": self.innovation.pk})
            + f"#function-{self.function.pk}"
        )


class LevelMixin(InnovationMixin):
    page = "profile"

    @cached_property
    def level(self) -> PracticeLevel:
        return get_object_or_404(PracticeLevel, pk=self.kwargs["level_pk"], area=self.area, innovation=self.innovation)

    def get_context_data(self, **kwargs):
        return super().get_context_data(level=self.level, **kwargs)


class LevelCreateView(InnovationMixin, CreateView):
    permission = Permission.WRITE
    form_class = PracticeLevelForm
    template_name = "innovations/level_form.html"
    page = "profile"

    def form_valid(self, form):
        try:
            level = services.practice_level_save(
                innovation=self.innovation, actor=self.request.user, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Level “{level}” added to the practice profile.")
        return redirect("innovations:profile", area_slug=self.area.slug, pk=self.innovation.pk)


class LevelUpdateView(LevelMixin, UpdateView):
    permission = Permission.WRITE
    form_class = PracticeLevelForm
    template_name = "innovations/level_form.html"

    def get_object(self, queryset=None):
        return self.level

    def form_valid(self, form):
        try:
            services.practice_level_save(
                innovation=self.innovation, actor=self.request.user, level=self.level, **form.cleaned_data
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Level saved.")
        return redirect("innovations:profile", area_slug=self.area.slug, pk=self.innovation.pk)


class LevelRemoveView(LevelMixin, TemplateView):
    """Confirm, then remove an empty level from the practice profile."""

    permission = Permission.WRITE
    template_name = "innovations/level_remove.html"

    def get_context_data(self, **kwargs):
        filled = PracticeDescription.objects.filter(level=self.level).exclude(text="").count()
        levels = PracticeLevel.objects.filter(innovation=self.innovation).count()
        return super().get_context_data(filled=filled, levels_count=levels, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            services.practice_level_remove(level=self.level, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(request.path)
        messages.success(request, f"Level “{self.level}” removed from the practice profile.")
        return redirect("innovations:profile", area_slug=self.area.slug, pk=self.innovation.pk)


# --- Usability criteria --------------------------------------------------------------------------


class UsabilityView(InnovationMixin, TemplateView):
    """The four criteria as judged now and over time, and why the innovation is not yet usable."""

    template_name = "innovations/usability.html"
    page = "usability"

    def get_context_data(self, **kwargs):
        verdict = selectors.verdict_for(self.innovation)
        reviews, rows = selectors.usability_reviews(self.innovation)
        labels = dict(UsabilityCriterion.choices)
        current = [
            {
                "label": labels[c],
                "help": CRITERION_HELP[c],
                "judgement": verdict.latest[c],
                "rating_label": CriterionRating(verdict.latest[c].rating).label if verdict.latest[c] else "",
                "met": c in verdict.met,
            }
            for c in UsabilityCriterion.values
        ]
        return super().get_context_data(
            verdict=verdict,
            current=current,
            not_met=[row for row in current if not row["met"]],
            reviews=reviews,
            rows=rows,
            **kwargs,
        )


class UsabilityReviewCreateView(InnovationMixin, FormView):
    permission = Permission.WRITE
    form_class = UsabilityReviewForm
    template_name = "innovations/usability_form.html"
    page = "usability"

    def get_initial(self):
        initial = {"reviewed_on": timezone.localdate()}
        # Start from the latest judgement, so a re-judgement changes only what has changed.
        for criterion, judgement in selectors.verdict_for(self.innovation).latest.items():
            if judgement:
                initial[f"rating_{criterion}"] = judgement.rating
                initial[f"evidence_{criterion}"] = judgement.evidence
        return initial

    def form_valid(self, form):
        try:
            services.usability_review_record(
                innovation=self.innovation,
                actor=self.request.user,
                reviewed_on=form.cleaned_data["reviewed_on"],
                participants=form.cleaned_data["participants"],
                judgements=form.judgements(),
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Usability judgement recorded.")
        return redirect("innovations:usability", area_slug=self.area.slug, pk=self.innovation.pk)


# --- History -------------------------------------------------------------------------------------


class InnovationHistoryView(InnovationMixin, TemplateView):
    """Who changed the innovation and everything that belongs to it, and when."""

    template_name = "innovations/history.html"
    page = "history"

    def get_context_data(self, **kwargs):
        entries = selectors.innovation_history(self.innovation)
        page = Paginator(entries, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return super().get_context_data(page_obj=page, entries=page.object_list, **kwargs)
