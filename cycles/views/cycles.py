"""An area's improvement cycles: the list, planning, each cycle's page and its phases, ramps and the
timeline."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.generic import CreateView, DetailView, FormView, TemplateView, UpdateView

from areas.access import AreaMixin
from core import freshness
from core.kept import KeptPageMixin
from core.locking import StaleEdit
from core.views import ActionView, AreaFormMixin, AreaListView, RecordFromUrl, ServiceFormMixin, record_link

from .. import phases, ramps, selectors, services, stalling
from ..forms import CycleFilterForm, CycleForm, StepBackForm, TimelineFilterForm, not_moved_message
from ..models import PHASE_ORDER, Cycle, CycleKind, Phase
from .common import CYCLE_RELATED, CycleRecordMixin, OpenCycleMixin, missing_fields, named_cycle

# The fields a follow-on cycle starts from: what the earlier cycle of the ramp tested.
CARRIED_ON = ("kind", "aim", "success_criteria", "cohort_size")


class CycleListView(KeptPageMixin, AreaListView):
    """The area's cycles: active ones first, filtered by innovation, kind, phase, decision and dates.

    The table is the same for everyone who may (or everyone who may not) edit the area, so it is drawn
    once per filter, page and day (a cycle stalls with time) until the area's records change."""

    template_name = "cycles/cycle_list.html"
    context_object_name = "cycles"
    filter_form_class = CycleFilterForm
    area_rows = staticmethod(selectors.cycles_for_area)
    filter_form_takes_area = True
    kept_name = "cycles:list"

    def filter_rows(self, rows, filters):
        return selectors.filter_cycles(rows, filters)

    @cached_property
    def stalled_after(self) -> int:
        return stalling.stalled_after_days()

    def kept_variant(self) -> str:
        return f"{int(self.access.can_edit_area(self.area))}:{self.stalled_after}"

    def drawn(self, rows, count):
        today = timezone.localdate()
        steps = ramps.ramp_steps(rows)
        detail, ramp = record_link("cycles:detail", self.area.slug), record_link("cycles:ramp", self.area.slug)
        for cycle in rows:
            cycle.detail_url, cycle.ramp_url = detail(cycle.pk), ramp(cycle.pk)
            cycle.ramp_step = steps.get(cycle.pk, 1)
            cycle.stalled = stalling.is_stalled(cycle, today)
        context = {
            "area": self.area,
            "can_edit_area": self.access.can_edit_area(self.area),
            "cycles": rows,
            "count": count,
            "filtered": self.filtered,
        }
        return {"table_html": render_to_string("cycles/_cycles_table.html", context)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(stalled_after=self.stalled_after, **kwargs)


class CycleCreateView(AreaFormMixin, AreaMixin, CreateView):
    """Plan a new cycle, or the next cycle of a ramp (`?follows=<pk>`)."""

    form_class = CycleForm
    template_name = "cycles/cycle_form.html"

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
        earlier = self.followed
        if earlier is not None:
            initial.update({name: getattr(earlier, name) for name in CARRIED_ON})
            initial.update(
                follows=earlier.pk,
                innovation=earlier.innovation_id,
                driver_gap=earlier.driver_gap_id,
                action=earlier.action_id,
                measures=[link.measure_id for link in earlier.measure_links.all()],
            )
        return initial

    def get_context_data(self, **kwargs):
        return super().get_context_data(followed=self.followed, **kwargs)

    @property
    def advance(self) -> bool:
        return "advance" in self.request.POST

    def perform(self, form):
        try:
            return services.cycle_create(
                area=self.area, actor=self.request.user, data=form.data_for_service(), advance=self.advance
            )
        except ValidationError:
            if self.advance:
                form.add_error(None, not_moved_message(Phase.PLAN.label))
            raise

    def get_success_message(self, cycle):
        if self.advance:
            return f"“{cycle}” planned and moved to Do."
        return f"“{cycle}” planned. Fill in the fields marked as needed, then move it to Do."


class CycleDetailView(CycleRecordMixin, DetailView):
    """One cycle: each phase as far as it has got, what it needs to move on, and its history.

    Everything below the breadcrumbs is the same for everyone who may (or may not) edit the area, so
    it is rendered once per change of the area's records (and per day: a cycle stalls with time)."""

    template_name = "cycles/cycle_detail.html"
    context_object_name = "cycle"
    cycle = RecordFromUrl(Cycle, queryset=named_cycle)  # its title; the body reads the rest when drawn

    def get_context_data(self, **kwargs):
        can_edit, today = self.access.can_edit_area(self.area), timezone.localdate()
        key = f"cycles:detail:{self.cycle.pk}:{int(can_edit)}:{today.isoformat()}:{stalling.stalled_after_days()}"
        body = freshness.cached(key, [self.area.pk], lambda: self._body(can_edit, today))
        # Rendered by our template, which escaped every value.
        return super().get_context_data(detail_body=mark_safe(body), **kwargs)  # noqa: S308

    def _body(self, can_edit: bool, today: date) -> str:
        # The cycle with everything its page shows, and the cycles that follow it, in one query.
        pk = self.cycle.pk
        found = list(
            Cycle.objects.filter(Q(pk=pk) | Q(follows_id=pk), area=self.area)
            .select_related(*CYCLE_RELATED)
            .order_by("created_at", "pk")
        )
        cycle = next(row for row in found if row.pk == pk)
        iterations = list(cycle.iterations.all()) if cycle.is_usability_test else []
        reached = phases.rank(cycle.phase)
        context = {
            "area": self.area,
            "cycle": cycle,
            "can_edit_area": can_edit,
            "measures": selectors.linked_measures(cycle),
            "iterations": iterations,
            "needs_iteration": cycle.is_usability_test and cycle.phase == Phase.DO and not iterations,
            "followers": [row for row in found if row.follows_id == pk],
            # A ramp may branch: a cycle in Act or closed may be followed by more than one cycle.
            "can_follow": can_edit and cycle.phase in (Phase.ACT, Phase.CLOSED) and cycle.decision != "abandon",
            "stalled": stalling.is_stalled(cycle, today),
            "days_in_phase": stalling.days_in_phase(cycle, today),
            "stalled_after": stalling.stalled_after_days(),
            "feedback_items": list(cycle.feedback_items.order_by("raised_on", "pk")),
            "missing": missing_fields(cycle),
            "reached": reached,
            "phase_steps": [
                (phase, phase.label if phase == Phase.CLOSED else f"{number}. {phase.label}", reached >= number)
                for number, phase in enumerate(PHASE_ORDER, start=1)
            ],
            "study_fields": [
                ("Carried out as intended?", cycle.get_as_intended_display()),
                ("Results matched the predictions?", cycle.get_predictions_held_display()),
                ("Results against the predictions", cycle.results),
                ("What was learned", cycle.learning),
            ],
            "act_fields": [("Decision", cycle.get_decision_display()), ("Next steps", cycle.next_steps)],
            "entries": selectors.cycle_history(cycle),
        }
        return render_to_string("cycles/_detail_body.html", context)


class CycleUpdateView(AreaFormMixin, OpenCycleMixin, UpdateView):
    """Edit a cycle as far as it has got, and move it on in the same save ("Save and move to …")."""

    form_class = CycleForm
    template_name = "cycles/cycle_form.html"
    context_object_name = "cycle"

    @property
    def advance(self) -> bool:
        return "advance" in self.request.POST

    def perform(self, form):
        try:
            return services.cycle_update(
                cycle=self.cycle,
                actor=self.request.user,
                expected_version=form.cleaned_data["version"],
                data=form.data_for_service(),
                advance=self.advance,
            )
        except ValidationError:
            if self.advance:
                form.add_error(None, not_moved_message(self.cycle.get_phase_display()))
            raise

    def get_success_message(self, cycle):
        if self.advance:
            return f"“{cycle}” saved and moved to {cycle.get_phase_display()}."
        return f"“{cycle}” saved."


class CycleAdvanceView(OpenCycleMixin, ActionView):
    """Move a cycle on to its next phase (closing it after Act), once its phase is filled in.

    While fields are missing, the move is made from the edit form, which marks them and offers
    "Save and move to …": this page never lists fields for the person to go and find."""

    confirm_template = "cycles/cycle_advance.html"

    def to_the_form(self):
        """Send the person to the form with the needed fields marked, saying what to do there."""
        if self.cycle.next_phase == Phase.CLOSED:
            marked, button = "Needed to close the cycle", "Save and close the cycle"
        else:
            phase = Phase(self.cycle.next_phase).label
            marked, button = f"Needed to move to {phase}", f"Save and move to {phase}"
        messages.info(self.request, f"Fill in the fields marked “{marked}”, then choose “{button}”.")
        return redirect(reverse("cycles:update", kwargs={"area_slug": self.area.slug, "pk": self.cycle.pk}))

    def get(self, request, *args, **kwargs):
        refused = self.refuse()
        if refused:
            return refused
        if missing_fields(self.cycle):
            return self.to_the_form()
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
        refused = self.refuse()
        if refused:
            return refused
        version = request.POST.get("version", "")
        try:
            cycle = services.cycle_advance(
                cycle=self.cycle, actor=request.user, expected_version=int(version) if version.isdigit() else None
            )
        except StaleEdit:
            return self.back_to_cycle("Someone else changed this cycle just now. Check it, then try again.")
        except ValidationError as error:
            if missing_fields(self.cycle):
                return self.to_the_form()
            return self.render_to_response(self.get_context_data(errors=error.messages))
        if cycle.is_closed:
            messages.success(request, f"“{cycle}” closed: {cycle.get_decision_display().lower()}.")
        else:
            messages.success(request, f"“{cycle}” moved to {cycle.get_phase_display()}.")
        return redirect(self.get_success_url())


class CycleStepBackView(ServiceFormMixin, OpenCycleMixin, FormView):
    """Take a cycle back one phase; everything written stays."""

    form_class = StepBackForm
    template_name = "cycles/cycle_step_back.html"

    def get_context_data(self, **kwargs):
        previous = self.cycle.previous_phase
        return super().get_context_data(previous_phase=Phase(previous) if previous else None, **kwargs)

    def perform(self, form):
        return services.cycle_step_back(cycle=self.cycle, actor=self.request.user, reason=form.cleaned_data["reason"])

    def get_success_message(self, cycle):
        return f"“{cycle}” is back in {cycle.get_phase_display()}. Nothing was lost."


class RampView(CycleRecordMixin, TemplateView):
    """The ramp a cycle belongs to, drawn as a tree (a ramp may branch): each cycle, what it learned,
    and the cycles that followed it.

    The tree is the same for everyone who may (or may not) edit the area, so it is drawn once per
    change of the area's records (and per day: a cycle stalls with time)."""

    template_name = "cycles/ramp.html"
    cycle = RecordFromUrl(Cycle, queryset=named_cycle)  # its title; the tree reads the ramp when drawn

    def get_context_data(self, **kwargs):
        can_edit, today = self.access.can_edit_area(self.area), timezone.localdate()
        key = f"cycles:ramp:{self.cycle.pk}:{int(can_edit)}:{today.isoformat()}:{stalling.stalled_after_days()}"
        drawn = freshness.cached(key, [self.area.pk], lambda: self._tree(can_edit, today))
        # Rendered by our template, which escaped every value.
        tree_html = mark_safe(drawn["tree_html"])  # noqa: S308
        return super().get_context_data(
            tree_html=tree_html, count=drawn["count"], branch_count=drawn["branch_count"], **kwargs
        )

    def _tree(self, can_edit: bool, today: date) -> dict:
        tree = ramps.ramp_tree(self.cycle)
        nodes = ramps.flatten(tree)
        for node in nodes:
            node.cycle.stalled = stalling.is_stalled(node.cycle, today)
            node.can_follow = node.cycle.phase in (Phase.ACT, Phase.CLOSED) and node.cycle.decision != "abandon"
        context = {"area": self.area, "cycle": self.cycle, "can_edit_area": can_edit, "tree": tree}
        return {
            "tree_html": render_to_string("cycles/_ramp_tree.html", context),
            "count": len(nodes),
            "branch_count": sum(1 for node in nodes if node.branches),
        }


def _active_since(node, start: date) -> bool:
    """Whether a ramp had a cycle open, started or closed on or after `start` (shown on the timeline)."""
    cycle = node.cycle
    moved = [day for day in (cycle.started_on, cycle.closed_on) if day]
    if cycle.closed_on is None or any(day >= start for day in moved):
        return True
    return any(_active_since(follower, start) for follower in node.followers)


def _ramp_rows(forest) -> list[dict]:
    """The ramps' cycles in reading order, for drawing the trees as nested lists without a recursive
    include: a cycle with followers opens a list; its last descendant's row closes it (`closes`: how
    many lists end after that row)."""
    rows: list[dict] = []

    def walk(node, closing: int) -> None:
        if node.followers:
            rows.append({"node": node, "closes": ()})
            last = len(node.followers) - 1
            for index, follower in enumerate(node.followers):
                walk(follower, closing + 1 if index == last else 0)
        else:
            rows.append({"node": node, "closes": range(closing)})

    for root in forest:
        walk(root, 0)
    return rows


class TimelineView(AreaMixin, TemplateView):
    """The area's cycles month by month: tests started and finished, cycles closed with their decision.

    The months, ramps and cycles being planned are the same for everyone who may see the area, so
    they are rendered once per change of the area's records (and per filter and day)."""

    template_name = "cycles/timeline.html"

    def get_context_data(self, **kwargs):
        form = TimelineFilterForm(self.request.GET or None, area=self.area)
        data = form.cleaned_data if form.is_valid() else {}
        innovation, start, end = data.get("innovation"), data.get("start"), data.get("end")
        # Without dates chosen, the last twelve months (the page would otherwise grow with every year).
        recent_only = not start and not end
        today = timezone.localdate()
        if recent_only:
            start = date(today.year - 1, today.month, 1)
        filtered = bool(data and any(data.values()))
        key = f"cycles:timeline:{self.area.pk}:{getattr(innovation, 'pk', '')}:{start}:{end}:{filtered}:{today}"
        body = freshness.cached(
            key, [self.area.pk], lambda: self._body(innovation=innovation, start=start, end=end, filtered=filtered)
        )
        return super().get_context_data(
            filter_form=form,
            recent_since=start if recent_only else None,
            timeline_body=mark_safe(body),  # noqa: S308 -- rendered by the template engine, escaped there
            **kwargs,
        )

    def _body(self, *, innovation, start, end, filtered) -> str:
        cycles = list(selectors.timeline_cycles(self.area, innovation))
        planned = list(selectors.not_started(self.area, innovation))
        link = record_link("cycles:detail", self.area.slug)
        for cycle in [*cycles, *planned]:
            cycle.detail_url = link(cycle.pk)
        forest = ramps.ramp_forest(cycles)
        if start:
            forest = [node for node in forest if _active_since(node, start)]
        return render_to_string(
            "cycles/_timeline_body.html",
            {
                "area": self.area,
                "months": selectors.timeline(cycles, start=start, end=end),
                "any_started": any(cycle.started_on for cycle in cycles),
                "ramp_rows": _ramp_rows(forest),
                "planned": planned,
                "filtered": filtered,
            },
        )
