"""The forms of an innovation's fidelity and scale-up pages: the instrument's items, practitioners,
fidelity checks, practitioners intended and trained, and slices of the system. Each runs the
service's own rules in clean(), so every mistake shows in one round (issue 15)."""

from django import forms

from areas.forms import DateInput
from core.forms import add_rule_errors
from core.locking import VersionedModelForm

from .models import EssentialFunction, FidelityItem, ItemKind, Practitioner, PractitionerFigures, SliceKind, SystemSlice
from .services.fidelity import check_errors, figures_errors, item_errors, practitioner_errors, slice_errors


def _textarea(rows=3):
    return forms.Textarea(attrs={"rows": rows})


class InnovationScopedMixin:
    """For a model form whose `scoped_field` offers only the innovation's own records; `later_field`
    (a retirement or leaving date) is asked only once the record exists."""

    scoped_field = ""
    scoped_model = None
    empty_label = ""
    later_field = ""

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.innovation = innovation
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
        typed = {name: cleaned.get(name) for name in self.fields if name != "version"}
        typed["text"] = typed.get("text") or ""
        if typed.get("kind") is None:  # how it is marked was refused: the rules that depend on it wait
            typed.pop("max_score", None)
            typed.pop("essential", None)
        add_rule_errors(self, item_errors(self.innovation, typed))  # the service's rules, in one round
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
        # The service's rule checks the code is unused within the innovation, with a clearer message.
        pass

    def clean(self):
        cleaned = super().clean()
        errors = practitioner_errors(
            self.innovation,
            code=cleaned.get("code", ""),
            system_slice=cleaned.get("slice"),
            left_on=cleaned.get("left_on"),
            practitioner=self.instance,
        )
        add_rule_errors(self, errors)
        return cleaned


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
        self.innovation = innovation
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

    def clean(self):
        cleaned = super().clean()
        results = {}
        for item in self.items:
            value = cleaned.get(f"item_{item.pk}")
            results[item.pk] = value if item.kind == ItemKind.SCORED or value is None else value == "met"
        errors = check_errors(
            self.innovation,
            practitioner=cleaned.get("practitioner"),
            checked_on=cleaned.get("checked_on"),
            assessor=cleaned.get("assessor", ""),
            results=results,
            items=self.items,
        )
        add_rule_errors(self, errors)  # the service's rules (a date after the practitioner left…), in one round
        return cleaned

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
        self.innovation = innovation
        slices = SystemSlice.objects.filter(innovation=innovation)
        if self.instance.pk or not slices.exists():
            del self.fields["slice"]  # fixed once recorded; an innovation without slices has its own figures
        else:
            self.fields["slice"].queryset = slices

    def clean(self):
        cleaned = super().clean()
        typed = {name: cleaned.get(name) for name in self.Meta.fields}
        system_slice = self.instance.slice if self.instance.pk else cleaned.get("slice")
        if "slice" in self.fields and "slice" in self.errors:
            system_slice = None  # the choice itself was refused; the other rules still run
        figures = self.instance if self.instance.pk else None
        add_rule_errors(self, figures_errors(self.innovation, typed, system_slice, figures))
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

    def __init__(self, *args, innovation=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Without the innovation (a new slice on a page that does not pass it), the rules about the
        # transformation zone wait for the service.
        self.innovation = innovation or (self.instance.innovation if self.instance.innovation_id else None)
        if self.instance.pk:  # its figures change through dated figures, never here
            del self.fields["practitioners_intended"], self.fields["practitioners_trained"]
        else:
            # The figures right after the start date they belong to.
            self.order_fields(["name", "kind", "started_on", "practitioners_intended", "practitioners_trained"])

    def clean(self):
        cleaned = super().clean()
        typed = {name: cleaned.get(name) for name in self.fields if name != "version"}
        typed["name"] = typed.get("name") or ""
        typed["conditions_evidence"] = typed.get("conditions_evidence") or ""
        existing = list(SystemSlice.objects.filter(innovation=self.innovation)) if self.innovation else None
        system_slice = self.instance if self.instance.pk else None
        add_rule_errors(self, slice_errors(typed, system_slice=system_slice, existing=existing))
        return cleaned
