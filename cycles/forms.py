"""Forms for cycles, usability iterations and the feedback loop. Choice fields are scoped to the area;
the rules in `cycles.rules` put each problem at its field, so nothing the user typed is lost."""

from django import forms
from django.utils.html import format_html

from areas.forms import DateInput
from core.forms import FilterForm, add_rule_errors, kept_choices
from core.locking import VersionedModelForm
from drivers.models import AssessmentStatus, ItemScore
from innovations.models import Innovation
from measures.models import Measure
from teams.models import Action

from . import phases, rules
from .models import (
    FEEDBACK_FIELDS,
    ITERATION_FIELDS,
    CriteriaMet,
    Cycle,
    CycleKind,
    Decision,
    FeedbackItem,
    FeedbackStatus,
    Phase,
    RaisedFrom,
    RoutedTo,
    UsabilityIteration,
)

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class GapChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, score):
        return f"{score.item.driver.name}: {score.item.text} ({score.get_score_display().lower()}, {score.assessment})"


class ActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, action):
        return f"{action.title} ({action.get_status_display().lower()})"


class CycleChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, cycle):
        return f"{cycle.title} ({cycle.get_phase_display().lower()})"


def _scope_links(form, area, *, exclude_cycle=None) -> None:
    """Offer only the area's own innovations, cycles, driver gaps, actions and measures."""
    fields = form.fields
    if "innovation" in fields:
        fields["innovation"].queryset = Innovation.objects.filter(area=area).order_by("name", "pk")
        fields["innovation"].error_messages["invalid_choice"] = f"Choose one of {area}'s innovations."
    if "follows" in fields:
        earlier = Cycle.objects.filter(area=area).order_by("-created_at", "-pk")
        if exclude_cycle is not None:
            earlier = earlier.filter(pk__lt=exclude_cycle.pk)
        fields["follows"].queryset = earlier
        fields["follows"].error_messages["invalid_choice"] = f"Choose one of {area}'s earlier cycles."
    if "driver_gap" in fields:
        fields["driver_gap"].queryset = (
            ItemScore.objects.filter(area=area, score__lt=2, assessment__status=AssessmentStatus.COMPLETED)
            .select_related("item", "item__driver", "assessment")
            .order_by("-assessment__assessed_on", "item__driver__order", "item__order", "pk")
        )
        fields["driver_gap"].error_messages["invalid_choice"] = f"Choose a gap from {area}'s drivers assessments."
    if "action" in fields:
        fields["action"].queryset = Action.objects.filter(area=area).order_by("title", "pk")
        fields["action"].error_messages["invalid_choice"] = f"Choose one of {area}'s actions."
    if "measures" in fields:
        fields["measures"].queryset = Measure.objects.filter(area=area).order_by("name", "pk")
        fields["measures"].error_messages["invalid_choice"] = f"Choose {area}'s own measures."


CYCLE_WIDGETS = {
    "kind": forms.RadioSelect,
    "aim": TEXTAREA,
    "change_idea": TEXTAREA,
    "objective": TEXTAREA,
    "questions": TEXTAREA,
    "predictions": TEXTAREA,
    "plan_who": TEXTAREA,
    "plan_what": TEXTAREA,
    "data_to_collect": TEXTAREA,
    "success_criteria": TEXTAREA,
    "started_on": DateInput(),
    "ended_on": DateInput(),
    "what_happened": forms.Textarea(attrs={"rows": 4}),
    "observations": forms.Textarea(attrs={"rows": 4}),
    "as_intended": forms.RadioSelect,
    "predictions_held": forms.RadioSelect,
    "results": forms.Textarea(attrs={"rows": 4}),
    "learning": forms.Textarea(attrs={"rows": 4}),
    "decision": forms.RadioSelect,
    "next_steps": TEXTAREA,
    "measures": forms.CheckboxSelectMultiple,
}
CYCLE_FIELD_CLASSES = {
    "driver_gap": GapChoiceField,
    "action": ActionChoiceField,
    "follows": CycleChoiceField,
}
LINK_FIELDS = ["kind", "title", "innovation", "aim", "change_idea", "follows", "driver_gap", "action", "measures"]
USABILITY_LABELS = {
    "success_criteria": "Criteria for success (usability tests)",
    "cohort_size": "Cohort size per iteration (usability tests)",
}


def not_moved_message(phase_label: str) -> str:
    """Said when "Save and move on" finds the phase unfinished: nothing was saved."""
    return (
        f"Nothing has been saved yet: fill in what is marked, then save again to move the cycle on from "
        f"{phase_label}, or choose “Save” to keep your changes in this phase."
    )


NEEDED = "Needed to move to {phase}."
NEEDED_FOR_USABILITY = "Needed to move a usability test to {phase}."
NEEDED_TO_CLOSE = "Needed to close the cycle."


def needed_fields(phase: str, *, usability: bool) -> list[str]:
    """Every field a cycle in `phase` must have before it moves on: its own phase's and the earlier
    phases' (which it has already needed)."""
    names: list[str] = []
    for reached in phases.ORDER[: phases.rank(phase) + 1]:
        names += [n for n in phases.required_to_leave(reached, usability=usability) if n not in names]
    return names


class CycleForm(VersionedModelForm):
    """The whole cycle as far as it has got: what it tests, and each phase it has reached.

    Long, so a clashing save is caught by the record's version. Later phases' fields appear once the
    cycle reaches them; Plan's kind of cycle may change only while it is being planned.
    """

    stale_what = "changes to this cycle"

    class Meta:
        model = Cycle
        fields = LINK_FIELDS + list(phases.PHASE_FIELDS[phases.PLAN])
        widgets = CYCLE_WIDGETS
        field_classes = CYCLE_FIELD_CLASSES

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        cycle = self.instance if self.instance.pk else None
        phase = cycle.phase if cycle else Phase.PLAN
        usability = cycle.is_usability_test if cycle else True
        wanted = set(LINK_FIELDS) | set(phases.editable_fields(phase, usability=usability))
        if cycle is not None and phase != Phase.PLAN:
            wanted.discard("kind")
        extra = [name for name in phases.editable_fields(phase, usability=usability) if name not in self.fields]
        for name in extra:
            model_field = Cycle._meta.get_field(name)
            self.fields[name] = model_field.formfield(widget=CYCLE_WIDGETS.get(name))
            if cycle is not None:
                self.initial.setdefault(name, getattr(cycle, name))
        for name in list(self.fields):
            if name not in wanted and name != "version":
                del self.fields[name]
        for name in ("as_intended", "predictions_held", "decision"):
            if name in self.fields:
                self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]
                self.fields[name].required = False
        if "kind" in self.fields:
            self.fields["kind"].choices = list(CycleKind.choices)
        if cycle is None:
            for name, label in USABILITY_LABELS.items():
                self.fields[name].label = label
        _scope_links(self, area, exclude_cycle=cycle)
        self._mark_needed(phase, usability=cycle.is_usability_test if cycle else None)
        self.order_fields(
            LINK_FIELDS
            + [n for p in (phases.PLAN, phases.DO, phases.STUDY, phases.ACT) for n in phases.PHASE_FIELDS[p]]
        )

    def _mark_needed(self, phase: str, *, usability: bool | None) -> None:
        """Say at each field the cycle needs before it moves on (it may be saved without them).

        `usability` is None on a new cycle, whose kind is still being chosen."""
        self.needed_names: list[str] = []
        self.moving_to = Phase(phases.next_phase(phase)) if phase != Phase.CLOSED else None
        if self.moving_to is None:
            return
        needed = needed_fields(phase, usability=bool(usability))
        if usability is None:
            needed += [n for n in phases.USABILITY_REQUIRED[phases.PLAN] if n not in needed]
        for name in needed:
            if name not in self.fields:
                continue
            note = NEEDED_TO_CLOSE if self.moving_to == Phase.CLOSED else NEEDED.format(phase=self.moving_to.label)
            if usability is None and name in phases.USABILITY_ONLY:
                note = NEEDED_FOR_USABILITY.format(phase=self.moving_to.label)
            help_text = str(self.fields[name].help_text or "")
            # Crispy forms shows help text as HTML; the note is ours, the rest is the model's own text.
            self.fields[name].help_text = format_html("<strong>{}</strong> {}", note, help_text)
            self.fields[name].widget.attrs["data-needed"] = "1"
        self.needed_names = needed

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in self.fields}
        if "kind" not in self.fields:
            values["kind"] = self.instance.kind
        add_rule_errors(self, rules.cycle_errors(area=self.area, cycle=self.instance, values=values))
        if "advance" in self.data:
            self._check_moving_on(cleaned, values)
        return cleaned

    def _check_moving_on(self, cleaned: dict, values: dict) -> None:
        """For "Save and move on": what the phase still needs, in the same round as the other checks
        (the service checks it again when saving)."""
        cycle = self.instance
        phase = cycle.phase if cycle.pk else Phase.PLAN
        usability = values.get("kind") == CycleKind.USABILITY
        merged = {name: getattr(cycle, name) for name in phases.required_to_leave(phase, usability=usability)}
        merged.update({name: value for name, value in values.items() if name in cleaned})
        missing = rules.phase_errors(phase=phase, values=merged, usability=usability)
        if missing:
            add_rule_errors(self, missing)
            self.add_error(None, not_moved_message(Phase(phase).label))

    def data_for_service(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "version"}

    def phase_fields(self):
        """The form's fields grouped under headings, for the template."""
        groups = [("What the cycle tests", [n for n in LINK_FIELDS if n in self.fields])]
        for phase in (phases.PLAN, phases.DO, phases.STUDY, phases.ACT):
            names = [n for n in phases.PHASE_FIELDS[phase] if n in self.fields]
            if names:
                groups.append((Phase(phase).label, names))
        return [(title, [self[n] for n in names]) for title, names in groups]


class StepBackForm(forms.Form):
    reason = forms.CharField(
        label="Why it is going back",
        required=False,
        max_length=300,
        help_text="Optional: recorded in the cycle's history.",
    )


class IterationForm(VersionedModelForm):
    """One iteration of a usability test; a correction clashing with someone else's is caught."""

    stale_what = "changes to this iteration"

    class Meta:
        model = UsabilityIteration
        fields = list(ITERATION_FIELDS)
        widgets = {
            "tested_from": DateInput(),
            "tested_to": DateInput(),
            "results": forms.Textarea(attrs={"rows": 4}),
            "criteria_met": forms.RadioSelect,
            "changes": TEXTAREA,
        }
        labels = {"criteria_met": "Were the criteria for success met?"}

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.fields["criteria_met"].choices = list(CriteriaMet.choices)

    def clean(self):
        cleaned = super().clean()
        add_rule_errors(
            self,
            rules.iteration_errors(
                cycle=self.cycle,
                iteration=self.instance,
                number=cleaned.get("number"),
                tested_from=cleaned.get("tested_from"),
                tested_to=cleaned.get("tested_to"),
            ),
        )
        return cleaned


class FeedbackForm(VersionedModelForm):
    """A barrier raised from practice, where it went and what came back."""

    stale_what = "changes to this barrier"

    class Meta:
        model = FeedbackItem
        fields = list(FEEDBACK_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "raised_on": DateInput(),
            "routed_on": DateInput(),
            "response": forms.Textarea(attrs={"rows": 4}),
            "responded_on": DateInput(),
            "shared_with_practice_on": DateInput(),
            "resolved_on": DateInput(),
        }
        field_classes = {"cycle": CycleChoiceField}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["cycle"].queryset = Cycle.objects.filter(area=area).order_by("-created_at", "-pk")
        self.fields["cycle"].error_messages["invalid_choice"] = f"Choose one of {area}'s cycles."
        self.fields["status"].help_text = (
            "Raised: not yet taken anywhere. Routed: with the team or body that can act. Response given: "
            "an answer has come back. Change made: practice has not yet heard. Resolved: the change was made "
            "and the answer shared back with practice (give that date). Closed without change: nothing will "
            "change (say whether practice was told)."
        )

    def clean(self):
        cleaned = super().clean()
        values = {name: cleaned.get(name) for name in self.Meta.fields}
        add_rule_errors(self, rules.feedback_errors(area=self.area, values=values))
        return cleaned


# --- Filters -----------------------------------------------------------------------------------


class _DateRangeFilter(FilterForm):
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "The end of the range is before its start.")
        return cleaned


PHASE_FILTERS = [
    ("", "Any phase"),
    ("active", "Active (not closed)"),
    ("stalled", "Stalled (no phase change for a long time)"),
    *Phase.choices,
]


class _InnovationFilter(_DateRangeFilter):
    """Filters offering the area's innovations. A chosen one is checked against the queryset (one
    query, only when a choice is made); the drop-down's options are kept until a record of the area
    changes rather than read on every request."""

    innovation = forms.ModelChoiceField(queryset=None, required=False, empty_label="Any innovation")

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["innovation"]
        field.queryset = Innovation.objects.filter(area=area).order_by("name", "pk")
        kept_choices(field, f"cycles:filter-innovations:{area.pk}", [area.pk])


class CycleFilterForm(_InnovationFilter):
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *CycleKind.choices])
    phase = forms.ChoiceField(label="Phase", required=False, choices=PHASE_FILTERS)
    decision = forms.ChoiceField(label="Decision", required=False, choices=[("", "Any decision"), *Decision.choices])
    field_order = ["innovation", "kind", "phase", "decision", "start", "end"]

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, area=area, **kwargs)
        self.fields["start"].label = "Started on or after"
        self.fields["end"].label = "Started on or before"


class TimelineFilterForm(_InnovationFilter):
    field_order = ["innovation", "start", "end"]


FEEDBACK_STATUS_FILTERS = [
    ("", "Any status"),
    ("not_done", "Open (not yet resolved)"),
    ("overdue", "Overdue"),
    *FeedbackStatus.choices,
]


class FeedbackFilterForm(_DateRangeFilter):
    status = forms.ChoiceField(label="Status", required=False, choices=FEEDBACK_STATUS_FILTERS)
    routed_to = forms.ChoiceField(label="Routed to", required=False, choices=[("", "Anywhere"), *RoutedTo.choices])
    raised_from = forms.ChoiceField(
        label="Raised from", required=False, choices=[("", "Any level"), *RaisedFrom.choices]
    )
    field_order = ["status", "routed_to", "raised_from", "start", "end"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start"].label = "Raised on or after"
        self.fields["end"].label = "Raised on or before"
