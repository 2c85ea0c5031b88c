from django import forms
from django.conf import settings

from areas.forms import DateInput
from core.forms import add_rule_errors
from core.locking import VersionedModelForm

from .models import (
    CRITERION_HELP,
    CriterionRating,
    EssentialFunction,
    Exploration,
    ExplorationDecision,
    HexagonAssessment,
    HexagonVersion,
    Innovation,
    InnovationStatus,
    Origin,
    PracticeLevel,
    UsabilityCriterion,
    UsabilityReview,
)
from .services.common import future_errors
from .services.explorations import decision_errors, exploration_errors
from .services.register import register_errors, status_errors


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


def _check_status(form, cleaned: dict) -> None:
    """The status rules (a date and a reason for "not selected" and "discontinued"; no future date)."""
    errors = status_errors(cleaned.get("status"), cleaned.get("status_changed_on"), cleaned.get("status_reason", ""))
    add_rule_errors(form, errors)


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

    def __init__(self, *args, area=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The area whose register the name must be new in: the record's own, or the one the page names.
        self.area = area if area is not None else (self.instance.area if self.instance.area_id else None)

    def clean(self):
        cleaned = super().clean()
        if self.area is not None:  # the service's rules, with the field checks, so all show in one round
            typed = {name: cleaned[name] for name in ("name",) if name in cleaned}
            add_rule_errors(self, register_errors(self.area, typed, self.instance if self.instance.pk else None))
        return cleaned


class InnovationCreateForm(InnovationForm):
    status = forms.ChoiceField(choices=InnovationStatus.choices, initial=InnovationStatus.EXPLORING)
    status_changed_on = forms.DateField(
        label="Date of the status", required=False, widget=DateInput(), help_text=STATUS_HELP
    )
    status_reason = forms.CharField(
        label="Reason for the status", required=False, widget=_textarea(), help_text=STATUS_HELP
    )

    def clean(self):
        cleaned = super().clean()
        _check_status(self, cleaned)
        return cleaned


class InnovationStatusForm(forms.Form):
    status = forms.ChoiceField(choices=InnovationStatus.choices, widget=forms.RadioSelect)
    status_changed_on = forms.DateField(
        label="Date of the status", required=False, widget=DateInput(), help_text=STATUS_HELP
    )
    status_reason = forms.CharField(label="Reason", required=False, widget=_textarea(), help_text=STATUS_HELP)

    def clean(self):
        cleaned = super().clean()
        _check_status(self, cleaned)
        return cleaned


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

    def clean(self):
        cleaned = super().clean()
        add_rule_errors(self, future_errors(reviewed_on=cleaned.get("reviewed_on")))
        return cleaned

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

    def clean(self):
        cleaned = super().clean()
        typed = {name: cleaned[name] for name in ("started_on", "tool_version") if name in cleaned}
        add_rule_errors(self, exploration_errors(typed, self.instance if self.instance.pk else None))
        return cleaned


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

    def clean(self):
        cleaned = super().clean()
        add_rule_errors(self, future_errors(assessed_on=cleaned.get("assessed_on")))
        return cleaned

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
        self.exploration = exploration
        self.fields["chosen"].queryset = Innovation.objects.filter(
            area_id=exploration.area_id, hexagon_assessments__exploration=exploration
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        errors = decision_errors(
            self.exploration,
            decision=cleaned.get("decision"),
            decided_on=cleaned.get("decided_on"),
            rationale=cleaned.get("decision_rationale", ""),
            chosen=cleaned.get("chosen"),
        )
        add_rule_errors(self, errors)
        return cleaned


# The fidelity and scale-up forms live in their own module; the pages import them from here.
from .fidelity_forms import (  # noqa: E402, F401
    FidelityCheckForm,
    FidelityItemForm,
    PractitionerFiguresForm,
    PractitionerForm,
    SliceForm,
)
