"""Pages for an area's improvement cycles (PDSA cycles, usability tests, ramps, the timeline) and its
practice–policy feedback loop."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import CreateView, DetailView, FormView, ListView, TemplateView, UpdateView

from areas.access import AreaMixin, Permission
from core.locking import StaleEdit

from . import phases, rules, selectors, services
from .forms import (
    CycleFilterForm,
    CycleForm,
    FeedbackFilterForm,
    FeedbackForm,
    IterationForm,
    StepBackForm,
    TimelineFilterForm,
)
from .models import Cycle, CycleKind, FeedbackItem, Phase, UsabilityIteration

PAGE_SIZE = 25
STALE_MESSAGE = "Last saved by {who} at {when:%H:%M on %d %b %Y}."


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form's fields (or at the top)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def show_stale_edit(form, instance) -> None:
    """Explain at the top of the form that someone else saved first, and who and when."""
    latest = type(instance).history.filter(id=instance.pk).select_related("history_user").first()
    who = STALE_MESSAGE.format(who=latest.history_user or "the system", when=latest.history_date) if latest else ""
    form.add_stale_error(who)


def missing_fields(cycle: Cycle) -> list[dict]:
    """What stops the cycle leaving its phase: each field's label and its anchor on the edit form."""
    values = {name: getattr(cycle, name) for phase in phases.REQUIRED.values() for name in phase}
    values.update({name: getattr(cycle, name) for name in phases.USABILITY_REQUIRED[phases.PLAN]})
    names = phases.missing_to_leave(cycle.phase, values, usability=cycle.is_usability_test)
    return [{"name": name, "label": rules.field_label(name)} for name in names]


class CycleMixin(AreaMixin):
    """For pages under /areas/<slug>/cycles/<pk>/: `self.cycle`, from this area only."""

    cycle_url_kwarg = "pk"

    @cached_property
    def cycle(self) -> Cycle:
        return selectors.get_cycle(self.area, self.kwargs[self.cycle_url_kwarg])

    def get_context_data(self, **kwargs):
        return super().get_context_data(cycle=self.cycle, **kwargs)

    def closed_redirect(self):
        messages.error(self.request, services.CLOSED_MESSAGE)
        return redirect("cycles:detail", area_slug=self.area.slug, pk=self.cycle.pk)


# --- Cycles --------------------------------------------------------------------------------------


class CycleListView(AreaMixin, ListView):
    """The area's cycles: active ones first, filtered by innovation, kind, phase, decision and dates."""

    template_name = "cycles/cycle_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "cycles"

    def get_queryset(self):
        self.filter_form = CycleFilterForm(self.request.GET or None, area=self.area)
        cycles = selectors.cycles_for_area(self.area)
        if self.filter_form.is_valid():
            cycles = selectors.filter_cycles(cycles, self.filter_form.cleaned_data)
        return cycles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        context["ramp_steps"] = selectors.ramp_lengths(context["cycles"])
        for cycle in context["cycles"]:
            cycle.ramp_step = context["ramp_steps"].get(cycle.pk, 1)
        context["filtered"] = any(value for key, value in self.request.GET.items() if key != "page")
        return context


class CycleCreateView(AreaMixin, CreateView):
    """Plan a new cycle, or the next cycle of a ramp (`?follows=<pk>`)."""

    permission = Permission.WRITE
    form_class = CycleForm
    template_name = "cycles/cycle_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    @cached_property
    def followed(self) -> Cycle | None:
        value = self.request.GET.get("follows", "")
        return Cycle.objects.filter(area=self.area, pk=value).first() if value.isdigit() else None

    def get_initial(self):
        initial = {"kind": CycleKind.PDSA}
        if self.request.GET.get("kind") in CycleKind.values:
            initial["kind"] = self.request.GET["kind"]
        innovation = self.request.GET.get("innovation", "")
        if innovation.isdigit():
            initial["innovation"] = int(innovation)
        if self.followed is not None:
            earlier = self.followed
            initial.update(
                follows=earlier.pk,
                kind=earlier.kind,
                innovation=earlier.innovation_id,
                aim=earlier.aim,
                driver_gap=earlier.driver_gap_id,
                action=earlier.action_id,
                measures=[link.measure_id for link in earlier.measure_links.all()],
                success_criteria=earlier.success_criteria,
                cohort_size=earlier.cohort_size,
            )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(followed=self.followed, **kwargs)

    def form_valid(self, form):
        try:
            cycle = services.cycle_create(area=self.area, actor=self.request.user, data=form.data_for_service())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{cycle}” planned. Fill in the plan, then move it to Do.")
        return redirect("cycles:detail", area_slug=self.area.slug, pk=cycle.pk)


class CycleDetailView(CycleMixin, DetailView):
    """One cycle: each phase as far as it has got, what it needs to move on, and its history."""

    template_name = "cycles/cycle_detail.html"
    context_object_name = "cycle"

    def get_object(self, queryset=None):
        return self.cycle

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        iterations = list(cycle.iterations.all()) if cycle.is_usability_test else []
        follower = cycle.followed_by.first()
        return super().get_context_data(
            measures=selectors.linked_measures(cycle),
            iterations=iterations,
            needs_iteration=cycle.is_usability_test and cycle.phase == Phase.DO and not iterations,
            follower=follower,
            can_follow=self.access.can_edit_area(self.area)
            and follower is None
            and cycle.phase in (Phase.ACT, Phase.CLOSED),
            feedback_items=list(cycle.feedback_items.order_by("raised_on", "pk")),
            missing=missing_fields(cycle),
            reached=phases.rank(cycle.phase),
            entries=selectors.cycle_history(cycle),
            **kwargs,
        )


class CycleUpdateView(CycleMixin, UpdateView):
    """Edit a cycle as far as it has got, and move it on in the same save ("Save and move to …")."""

    permission = Permission.WRITE
    form_class = CycleForm
    template_name = "cycles/cycle_form.html"
    context_object_name = "cycle"

    def get_object(self, queryset=None):
        return self.cycle

    def get(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        return super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        advance = "advance" in self.request.POST
        try:
            cycle = services.cycle_update(
                cycle=self.cycle,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                data=form.data_for_service(),
                advance=advance,
            )
        except StaleEdit:
            show_stale_edit(form, self.cycle)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            if advance:
                form.add_error(
                    None,
                    f"Nothing has been saved yet: fill in what is marked, then save again to move the cycle on "
                    f"from {self.cycle.get_phase_display()}, or choose “Save” to keep your changes in this phase.",
                )
            return self.form_invalid(form)
        if advance:
            messages.success(self.request, f"“{cycle}” saved and moved to {cycle.get_phase_display()}.")
        else:
            messages.success(self.request, f"“{cycle}” saved.")
        return redirect("cycles:detail", area_slug=self.area.slug, pk=cycle.pk)


class CycleAdvanceView(CycleMixin, TemplateView):
    """Move a cycle on to its next phase (closing it after Act), once its phase is filled in."""

    permission = Permission.WRITE
    template_name = "cycles/cycle_advance.html"

    def get(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        cycle = self.cycle
        needs_iteration = cycle.is_usability_test and cycle.phase == Phase.DO and not cycle.iterations.exists()
        return super().get_context_data(
            missing=missing_fields(cycle),
            needs_iteration=needs_iteration,
            next_phase=Phase(cycle.next_phase),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        version = request.POST.get("version", "")
        try:
            cycle = services.cycle_advance(
                cycle=self.cycle, actor=request.user, expected_version=int(version) if version.isdigit() else None
            )
        except StaleEdit:
            messages.error(request, "Someone else changed this cycle just now. Check it, then try again.")
            return redirect("cycles:detail", area_slug=self.area.slug, pk=self.cycle.pk)
        except ValidationError as error:
            context = self.get_context_data(errors=error.messages)
            return self.render_to_response(context)
        if cycle.is_closed:
            messages.success(request, f"“{cycle}” closed: {cycle.get_decision_display().lower()}.")
        else:
            messages.success(request, f"“{cycle}” moved to {cycle.get_phase_display()}.")
        return redirect("cycles:detail", area_slug=self.area.slug, pk=cycle.pk)


class CycleStepBackView(CycleMixin, FormView):
    """Take a cycle back one phase; everything written stays."""

    permission = Permission.WRITE
    form_class = StepBackForm
    template_name = "cycles/cycle_step_back.html"

    def get(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.cycle.is_closed:
            return self.closed_redirect()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        previous = self.cycle.previous_phase
        return super().get_context_data(previous_phase=Phase(previous) if previous else None, **kwargs)

    def form_valid(self, form):
        try:
            cycle = services.cycle_step_back(
                cycle=self.cycle, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"“{cycle}” is back in {cycle.get_phase_display()}. Nothing was lost.")
        return redirect("cycles:detail", area_slug=self.area.slug, pk=cycle.pk)


class RampView(CycleMixin, TemplateView):
    """The ramp a cycle belongs to: each cycle in turn and what it learned."""

    template_name = "cycles/ramp.html"

    def get_context_data(self, **kwargs):
        chain = selectors.ramp_of(self.cycle)
        last = chain[-1]
        return super().get_context_data(
            chain=chain,
            can_continue=last.phase in (Phase.ACT, Phase.CLOSED) and last.decision != "abandon",
            last=last,
            **kwargs,
        )


class TimelineView(AreaMixin, TemplateView):
    """The area's cycles month by month: tests started and finished, cycles closed with their decision."""

    template_name = "cycles/timeline.html"

    def get_context_data(self, **kwargs):
        form = TimelineFilterForm(self.request.GET or None, area=self.area)
        data = form.cleaned_data if form.is_valid() else {}
        innovation, start, end = data.get("innovation"), data.get("start"), data.get("end")
        months = selectors.timeline(selectors.timeline_cycles(self.area, innovation), start=start, end=end)
        return super().get_context_data(
            filter_form=form,
            months=months,
            planned=list(selectors.not_started(self.area, innovation)),
            filtered=bool(data and any(data.values())),
            **kwargs,
        )


# --- Usability iterations --------------------------------------------------------------------------


class IterationMixin(CycleMixin):
    cycle_url_kwarg = "pk"

    def refuse(self):
        """Iterations belong to a usability test in Do or later that is not closed."""
        if self.cycle.is_closed:
            return self.closed_redirect()
        if not self.cycle.is_usability_test:
            messages.error(self.request, "Only a usability test has iterations.")
            return redirect("cycles:detail", area_slug=self.area.slug, pk=self.cycle.pk)
        if self.cycle.phase == Phase.PLAN:
            messages.error(self.request, "Record iterations once the test has moved to Do.")
            return redirect("cycles:detail", area_slug=self.area.slug, pk=self.cycle.pk)
        return None

    def get(self, request, *args, **kwargs):
        return self.refuse() or super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        return self.refuse() or super().post(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "cycle": self.cycle}

    def form_valid(self, form):
        data = {name: form.cleaned_data[name] for name in services.ITERATION_FIELDS}
        existing = form.instance if form.instance.pk else None
        try:
            iteration = services.iteration_save(
                cycle=self.cycle, actor=self.request.user, data=data, iteration=existing
            )
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Iteration {iteration.number} saved.")
        return redirect("cycles:detail", area_slug=self.area.slug, pk=self.cycle.pk)


class IterationCreateView(IterationMixin, CreateView):
    permission = Permission.WRITE
    form_class = IterationForm
    template_name = "cycles/iteration_form.html"

    def get_initial(self):
        return {"number": services.next_iteration_number(self.cycle), "cohort_size": self.cycle.cohort_size}


class IterationUpdateView(IterationMixin, UpdateView):
    permission = Permission.WRITE
    form_class = IterationForm
    template_name = "cycles/iteration_form.html"
    context_object_name = "iteration"

    def get_object(self, queryset=None):
        return get_object_or_404(UsabilityIteration, pk=self.kwargs["iteration_pk"], cycle=self.cycle, area=self.area)


# --- The feedback loop ---------------------------------------------------------------------------


class FeedbackListView(AreaMixin, ListView):
    """The area's feedback loop: open items first, oldest first, with the figures above."""

    template_name = "cycles/feedback_list.html"
    paginate_by = PAGE_SIZE
    context_object_name = "items"

    def get_queryset(self):
        self.filter_form = FeedbackFilterForm(self.request.GET or None)
        self.today = timezone.localdate()
        items = selectors.feedback_for_area(self.area)
        if self.filter_form.is_valid():
            items = selectors.filter_feedback(items, self.filter_form.cleaned_data, self.today)
        return items

    def get_context_data(self, **kwargs):
        context = super().get_context_data(filter_form=self.filter_form, **kwargs)
        figures = selectors.feedback_figures(self.area, self.today)
        cutoff = selectors.overdue_cutoff(self.today)
        for item in context["items"]:
            item.age = (item.resolved_on or self.today) - item.raised_on
            item.overdue = item.is_open and item.raised_on < cutoff
        context.update(
            figures=figures,
            overdue_after=selectors.figures.OVERDUE_AFTER_DAYS,
            filtered=any(value for key, value in self.request.GET.items() if key != "page"),
        )
        return context


class FeedbackCreateView(AreaMixin, CreateView):
    permission = Permission.WRITE
    form_class = FeedbackForm
    template_name = "cycles/feedback_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def get_initial(self):
        initial = {"raised_on": timezone.localdate(), "status": "open"}
        cycle = self.request.GET.get("cycle", "")
        if cycle.isdigit():
            initial["cycle"] = int(cycle)
        return initial

    def form_valid(self, form):
        try:
            item = services.feedback_create(area=self.area, actor=self.request.user, data=form.data_for_service())
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Barrier “{item}” recorded.")
        return redirect("cycles:feedback_detail", area_slug=self.area.slug, pk=item.pk)


class FeedbackMixin(AreaMixin):
    @cached_property
    def item(self) -> FeedbackItem:
        item = get_object_or_404(
            FeedbackItem.objects.select_related("cycle", "created_by"), pk=self.kwargs["pk"], area=self.area
        )
        item.area = self.area
        return item

    def get_object(self, queryset=None):
        return self.item


class FeedbackDetailView(FeedbackMixin, DetailView):
    template_name = "cycles/feedback_detail.html"
    context_object_name = "item"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        item = self.item
        return super().get_context_data(
            age=((item.resolved_on or today) - item.raised_on).days,
            overdue=item.is_open and item.raised_on < selectors.overdue_cutoff(today),
            overdue_after=selectors.figures.OVERDUE_AFTER_DAYS,
            entries=selectors.feedback_history(item),
            **kwargs,
        )


class FeedbackUpdateView(FeedbackMixin, UpdateView):
    """Route the barrier, record the response and close the loop; clashing saves are caught."""

    permission = Permission.WRITE
    form_class = FeedbackForm
    template_name = "cycles/feedback_form.html"
    context_object_name = "item"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "area": self.area}

    def form_valid(self, form):
        try:
            item = services.feedback_update(
                item=self.item,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                data=form.data_for_service(),
            )
        except StaleEdit:
            show_stale_edit(form, self.item)
            return self.form_invalid(form)
        except ValidationError as error:
            apply_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Barrier “{item}” saved.")
        return redirect("cycles:feedback_detail", area_slug=self.area.slug, pk=item.pk)
