from django import forms
from django.conf import settings
from django.utils import timezone

from areas.forms import DateInput
from core.locking import VersionedModelForm

from .models import (
    CRITERION_HELP,
    CriterionRating,
    EssentialFunction,
    Exploration,
    ExplorationDecision,
    FidelityItem,
    HexagonAssessment,
    HexagonVersion,
    Innovation,
    InnovationStatus,
    ItemKind,
    Origin,
    PracticeLevel,
    Practitioner,
    PractitionerFigures,
    SliceKind,
    SystemSlice,
    UsabilityCriterion,
    UsabilityReview,
)


def model_field(model, name: str, **kwargs) -> forms.Field:
    """The form field of one of the model's fields, with its label, help and length, for a plain form
    that records the model through a service rather than saving a ModelForm."""
    return model._meta.get_field(name).formfield(**kwargs)


THRESHOLD_ERRORS = {
    "max_value": "The threshold is a percentage: 100 at most.",
    "min_value": "The threshold is a percentage: at least 1.",
    "invalid": "Give the threshold as a whole number from 1 to 100.",
}
STATUS_HELP = "Needed for “not selected” and “discontinued”."
HEXAGON_SCALE = [(n, label) for n, label in [(1, "1 – low"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – high")]]


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


def _check_trained(form, cleaned: dict, advice: str) -> None:
    """Those trained are counted among those intended, so there cannot be more of them."""
    intended, trained = cleaned.get("practitioners_intended"), cleaned.get("practitioners_trained")
    if intended is not None and trained is not None and trained > intended:
        message = f"More practitioners trained ({trained}) than intended to use it ({intended}). {advice}"
        form.add_error("practitioners_trained", message)


class InnovationForm(VersionedModelForm):
    """The register entry. A new innovation also gets its first status here."""

    stale_what = "changes to this innovation"

    origin = forms.ChoiceField(choices=Origin.choices, widget=forms.RadioSelect)
    fidelity_threshold = forms.IntegerField(
        label="Fidelity threshold (%)",
        min_value=1,
        max_value=100,
        initial=80,
        error_messages=THRESHOLD_ERRORS,
        help_text="A fidelity check meets fidelity when its score reaches this percentage (1 to 100) and every "
        "essential item is met.",
    )
    fidelity_validity_months = forms.IntegerField(
        label="A fidelity check stays current for (months)",
        required=False,
        min_value=1,
        max_value=36,
        initial=settings.FIDELITY_VALIDITY_MONTHS,
        error_messages={
            "max_value": "A check stays current for 36 months at most.",
            "min_value": "A check stays current for at least 1 month.",
            "invalid": "Give a whole number of months from 1 to 36.",
        },
        help_text="After this, a practitioner's latest check is overdue and no longer counts as at fidelity "
        f"(empty: {settings.FIDELITY_VALIDITY_MONTHS} months for a new innovation, unchanged for one recorded).",
    )

    class Meta:
        model = Innovation
        fields = ["name", "summary", "origin", "design_decision", "fidelity_threshold", "fidelity_validity_months"]
        widgets = {"summary": _textarea(), "design_decision": _textarea()}


class InnovationCreateForm(InnovationForm):
    status = forms.ChoiceField(choices=InnovationStatus.choices, initial=InnovationStatus.EXPLORING)
    status_changed_on = forms.DateField(
        label="Date of the status", required=False, widget=DateInput(), help_text=STATUS_HELP
    )
    status_reason = forms.CharField(
        label="Reason for the status", required=False, widget=_textarea(), help_text=STATUS_HELP
    )


class InnovationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InnovationStatus.choices, widget=forms.RadioSelect)
    status_changed_on = forms.DateField(
        label="Date of the status", required=False, widget=DateInput(), help_text=STATUS_HELP
    )
    status_reason = forms.CharField(label="Reason", required=False, widget=_textarea(), help_text=STATUS_HELP)


class DescriptionForm(VersionedModelForm):
    stale_what = "changes to this description"

    class Meta:
        model = Innovation
        fields = ["philosophy", "inclusion_criteria", "exclusion_criteria", "evidence_summary"]
        widgets = {name: _textarea(5) for name in fields}
        help_texts = {
            "philosophy": "What the innovation believes and why practitioners work as they do.",
            "inclusion_criteria": "Which families, children or settings it serves. Describe groups, never people.",
            "exclusion_criteria": "Where it is not the right help.",
            "evidence_summary": "What research and local data say about its outcomes.",
        }


class EssentialFunctionForm(VersionedModelForm):
    stale_what = "changes to this essential function"

    class Meta:
        model = EssentialFunction
        fields = ["name", "operational_definition"]
        widgets = {"operational_definition": _textarea(5)}
        help_texts = {"name": "What must be present for the innovation to exist, e.g. “Strengths-based conversation”."}


class PracticeLevelForm(VersionedModelForm):
    stale_what = "changes to this level"

    class Meta:
        model = PracticeLevel
        fields = ["name", "description"]
        help_texts = {"name": "E.g. “Expected practice”, “Developmental practice”, “Unacceptable practice”."}


class PracticeProfileRowForm(VersionedModelForm):
    """One function's row of the practice profile: a description at each level."""

    stale_what = "changes to this row of the practice profile"

    class Meta:
        model = EssentialFunction
        fields = []

    def __init__(self, *args, levels, texts, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = levels
        for level in levels:
            self.fields[f"level_{level.pk}"] = forms.CharField(
                label=level.name,
                required=False,
                widget=_textarea(4),
                help_text=level.description,
                initial=texts.get(level.pk, ""),
            )

    def descriptions(self) -> dict[int, str]:
        return {level.pk: self.cleaned_data[f"level_{level.pk}"] for level in self.levels}


class UsabilityReviewForm(forms.Form):
    reviewed_on = model_field(UsabilityReview, "reviewed_on", widget=DateInput())
    participants = model_field(UsabilityReview, "participants")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for criterion, label in UsabilityCriterion.choices:
            self.fields[f"rating_{criterion}"] = forms.ChoiceField(
                label=label,
                choices=CriterionRating.choices,
                widget=forms.RadioSelect,
                help_text=CRITERION_HELP[criterion],
                error_messages={"required": "Judge this criterion: met, partly met or not met."},
            )
            self.fields[f"evidence_{criterion}"] = forms.CharField(
                label=f"Evidence: {label.lower()}",
                widget=_textarea(),
                error_messages={"required": "Give the evidence for this judgement."},
            )

    def judgements(self) -> dict[str, tuple[str, str]]:
        return {
            c: (self.cleaned_data[f"rating_{c}"], self.cleaned_data[f"evidence_{c}"]) for c in UsabilityCriterion.values
        }

    def criteria(self):
        """(label, rating field, evidence field) for each criterion, so the template can group them."""
        return [(label, self[f"rating_{c}"], self[f"evidence_{c}"]) for c, label in UsabilityCriterion.choices]


class ExplorationForm(VersionedModelForm):
    stale_what = "changes to this exploration"
    tool_version = forms.ChoiceField(
        label="Hexagon Tool version",
        choices=HexagonVersion.choices,
        help_text="Use the older version only to record assessments made with it.",
    )

    class Meta:
        model = Exploration
        fields = ["need", "need_evidence", "started_on", "tool_version"]
        widgets = {"started_on": DateInput(), "need_evidence": _textarea(4)}


class HexagonAssessmentForm(forms.Form):
    innovation = forms.ModelChoiceField(
        label="Candidate",
        queryset=Innovation.objects.none(),
        help_text="A candidate must be in the register first; add it there if it is not listed.",
    )
    assessed_on = model_field(HexagonAssessment, "assessed_on", widget=DateInput())
    participants = model_field(HexagonAssessment, "participants")
    notes = forms.CharField(widget=_textarea(), required=False)

    def __init__(self, *args, area, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = Innovation.objects.filter(area=area)
        self.indicators = indicators
        for indicator in indicators:
            self.fields[f"rating_{indicator.pk}"] = forms.TypedChoiceField(
                label=f"{indicator.name}: rating",
                choices=HEXAGON_SCALE,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=indicator.prompt,
                error_messages={
                    "required": "Rate this indicator from 1 (low) to 5 (high).",
                    "invalid_choice": "Rate this indicator from 1 (low) to 5 (high).",
                },
            )
            self.fields[f"rationale_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}: rationale",
                widget=_textarea(),
                error_messages={"required": "Give the rationale for this rating."},
            )
            self.fields[f"evidence_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.name}: evidence used", widget=_textarea(2), required=False
            )

    def ratings(self) -> dict[int, tuple[int, str, str]]:
        data = self.cleaned_data
        return {
            i.pk: (data[f"rating_{i.pk}"], data[f"rationale_{i.pk}"], data[f"evidence_{i.pk}"]) for i in self.indicators
        }

    def groups(self):
        """(indicator, its three fields) so the template can put each indicator in a fieldset."""
        return [
            (i, [self[f"rating_{i.pk}"], self[f"rationale_{i.pk}"], self[f"evidence_{i.pk}"]]) for i in self.indicators
        ]


class ExplorationDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=ExplorationDecision.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="Date of the decision", widget=DateInput())
    chosen = forms.ModelChoiceField(
        label="Innovation chosen",
        queryset=Innovation.objects.none(),
        required=False,
        help_text="Needed to proceed: one of the candidates assessed.",
    )
    decision_rationale = forms.CharField(label="Why", widget=_textarea(4), help_text="What the comparison showed.")

    def __init__(self, *args, exploration, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = Innovation.objects.filter(
            area_id=exploration.area_id, hexagon_assessments__exploration=exploration
        ).distinct()


class InnovationScopedMixin:
    """For a model form whose `scoped_field` offers only the innovation's own records; `later_field`
    (a retirement or leaving date) is asked only once the record exists."""

    scoped_field = ""
    scoped_model = None
    empty_label = ""
    later_field = ""

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.scoped_field].queryset = self.scoped_model.objects.filter(innovation=innovation)
        self.fields[self.scoped_field].empty_label = self.empty_label
        if not self.instance.pk:
            del self.fields[self.later_field]


class FidelityItemForm(InnovationScopedMixin, VersionedModelForm):
    stale_what = "changes to this item"
    scoped_field, scoped_model, empty_label, later_field = (
        "function",
        EssentialFunction,
        "Not tied to one function",
        "retired_on",
    )
    kind = forms.ChoiceField(label="How it is marked", choices=ItemKind.choices, widget=forms.RadioSelect)
    max_score = forms.IntegerField(
        label="Highest score",
        required=False,
        min_value=1,
        max_value=10,
        help_text="For a scored item only: scores run from 0 to this number (at most 10).",
        error_messages={
            "max_value": "The highest score is 10 at most.",
            "min_value": "The highest score is at least 1.",
        },
    )

    class Meta:
        model = FidelityItem
        fields = ["function", "text", "kind", "max_score", "essential", "retired_on"]
        widgets = {"retired_on": DateInput()}
        labels = {"essential": "Essential: a check that does not meet this item is not at fidelity"}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("essential") and cleaned.get("kind") == ItemKind.SCORED:
            self.add_error("essential", "Only an item marked met or not met can be essential. Mark it met or not met.")
        if cleaned.get("kind") == ItemKind.SCORED and not cleaned.get("max_score") and "max_score" not in self.errors:
            self.add_error("max_score", "A scored item needs a highest score from 1 to 10.")
        if cleaned.get("kind") == ItemKind.MET_NOT_MET and cleaned.get("max_score"):
            self.add_error("max_score", "Only a scored item has a highest score. Leave this empty.")
        return cleaned


class PractitionerForm(InnovationScopedMixin, forms.ModelForm):
    scoped_field, scoped_model, empty_label, later_field = "slice", SystemSlice, "Not in a slice yet", "left_on"
    code = forms.CharField(
        label="Practitioner code", max_length=20, help_text="A code the area assigns, like DD-P01. Never a name."
    )

    class Meta:
        model = Practitioner
        fields = ["code", "slice", "left_on"]
        widgets = {"left_on": DateInput()}

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def validate_unique(self):
        # The service checks the code is unused within the innovation, with a clearer message.
        pass


MET_CHOICES = [("met", "Met"), ("not_met", "Not met")]


class FidelityCheckForm(forms.Form):
    practitioner = forms.ModelChoiceField(queryset=Practitioner.objects.none(), label="Practitioner code")
    checked_on = forms.DateField(label="Date of the check", widget=DateInput())
    assessor = forms.CharField(
        label="Who assessed", max_length=200, help_text="The assessor's role, or their name if they are staff."
    )
    notes = forms.CharField(
        widget=_textarea(), required=False, help_text="Never record details of children or families."
    )

    def __init__(self, *args, innovation, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = Practitioner.objects.filter(innovation=innovation, left_on__isnull=True)
        self.items = items
        for item in items:
            name = f"item_{item.pk}"
            if item.kind == ItemKind.SCORED:
                self.fields[name] = forms.IntegerField(
                    label=item.text,
                    min_value=0,
                    max_value=item.max_score,
                    help_text=f"Score from 0 to {item.max_score}.",
                    error_messages={
                        "required": f"Score this item from 0 to {item.max_score}.",
                        "min_value": f"Score this item from 0 to {item.max_score}.",
                        "max_value": f"Score this item from 0 to {item.max_score}.",
                        "invalid": f"Score this item with a whole number from 0 to {item.max_score}.",
                    },
                )
            else:
                self.fields[name] = forms.ChoiceField(
                    label=item.text,
                    choices=MET_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={"required": "Mark this item met or not met."},
                )

    def clean_checked_on(self):
        checked_on = self.cleaned_data["checked_on"]
        if checked_on > timezone.localdate():
            raise forms.ValidationError("The check is dated in the future. Record it once it has taken place.")
        return checked_on

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def results(self) -> dict[int, bool | int]:
        values = {}
        for item in self.items:
            value = self.cleaned_data[f"item_{item.pk}"]
            values[item.pk] = value if item.kind == ItemKind.SCORED else value == "met"
        return values


class PractitionerFiguresForm(VersionedModelForm):
    """Practitioners intended and trained from a date, for the innovation or (where slices are used)
    one slice. The slice is chosen when the figures are first recorded and stays theirs."""

    stale_what = "changes to these figures"
    slice = forms.ModelChoiceField(
        label="Slice of the system",
        queryset=SystemSlice.objects.none(),
        help_text="The innovation's figures are the sum of its slices' figures.",
        error_messages={"required": "Choose the slice these figures are for."},
    )

    class Meta:
        model = PractitionerFigures
        fields = ["slice", "effective_on", "practitioners_intended", "practitioners_trained", "notes"]
        widgets = {"effective_on": DateInput(), "notes": _textarea(2)}

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        slices = SystemSlice.objects.filter(innovation=innovation)
        if self.instance.pk or not slices.exists():
            del self.fields["slice"]  # fixed once recorded; an innovation without slices has its own figures
        else:
            self.fields["slice"].queryset = slices

    def clean(self):
        cleaned = super().clean()
        _check_trained(self, cleaned, "Check both figures: trained counts only those intended.")
        return cleaned


class SliceForm(VersionedModelForm):
    """A slice of the system. A new slice also takes its first figures, from its start date; later
    figures are recorded as they change."""

    stale_what = "changes to this slice"
    kind = forms.ChoiceField(choices=SliceKind.choices)
    practitioners_intended = forms.IntegerField(
        label="Practitioners intended to use it", min_value=0, help_text="When the slice starts."
    )
    practitioners_trained = forms.IntegerField(
        label="Practitioners trained", min_value=0, help_text="Of those intended, when the slice starts."
    )

    class Meta:
        model = SystemSlice
        fields = ["name", "kind", "started_on", "conditions_evidence"]
        widgets = {"started_on": DateInput(), "conditions_evidence": _textarea(4)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # its figures change through dated figures, never here
            del self.fields["practitioners_intended"], self.fields["practitioners_trained"]
        else:
            # The figures right after the start date they belong to.
            self.order_fields(["name", "kind", "started_on", "practitioners_intended", "practitioners_trained"])

    def clean(self):
        cleaned = super().clean()
        _check_trained(self, cleaned, "Check both figures.")
        return cleaned
