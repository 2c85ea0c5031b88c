"""The filters above the innovations lists."""

from django import forms

from areas.forms import DateInput
from core.forms import FilterForm, kept_choices

from .models import ExplorationDecision, InnovationStatus, Origin, SystemSlice


class InnovationFilterForm(forms.Form):
    q = forms.CharField(label="Name contains", required=False, max_length=100)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "All statuses"), *InnovationStatus.choices]
    )
    origin = forms.ChoiceField(label="Origin", required=False, choices=[("", "All origins"), *Origin.choices])


class CheckFilterForm(forms.Form):
    practitioner = forms.CharField(label="Practitioner code", required=False, max_length=20)
    result = forms.ChoiceField(
        label="Result",
        required=False,
        choices=[("", "All results"), ("meets", "Meets fidelity"), ("below", "Below the threshold")],
    )
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())


class PractitionerFilterForm(FilterForm):
    code = forms.CharField(label="Code contains", required=False, max_length=20)
    slice = forms.ModelChoiceField(label="Slice", required=False, queryset=SystemSlice.objects.none())

    def __init__(self, *args, innovation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slice"].queryset = SystemSlice.objects.filter(innovation=innovation)
        self.fields["slice"].empty_label = "All slices"
        kept_choices(self.fields["slice"], f"innovations:filter-slices:{innovation.pk}", [innovation.area_id])


class ExplorationFilterForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        required=False,
        choices=[("", "Any"), ("none", "Not decided yet"), *ExplorationDecision.choices],
    )
