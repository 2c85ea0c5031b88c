from datetime import date

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from core.forms import FilterForm
from core.locking import VersionedModelForm, stale_message

from .csv_import import COLUMNS, MAX_UPLOAD_BYTES
from .models import DEFINITION_FIELDS, Direction, Frequency, Measure, MeasureType, SharedMeasure
from .validation import MAX_VALUE, ValueEntry, whole_number_message

DEFINITION_WIDGETS = {
    "definition": forms.Textarea(attrs={"rows": 3}),
    "numerator_definition": forms.Textarea(attrs={"rows": 2}),
    "denominator_definition": forms.Textarea(attrs={"rows": 2}),
}
DEFINITION_HELP = {
    "name": "A short name people will recognise, e.g. “Families offered support within two weeks”.",
    "numerator_definition": "Needed for a proportion: what is counted on top.",
    "denominator_definition": "Needed for a proportion: what it is counted out of.",
}
AGGREGATE_ONLY = "Counts and figures for the area only: never a record about a child or family."


class _DefinitionFields(forms.ModelForm):
    measure_type = forms.ChoiceField(
        label="Type of measure",
        choices=MeasureType.choices,
        widget=forms.RadioSelect,
        help_text="Outcome: the result for families. Process: whether the work is done as planned. "
        "Balancing: an unwanted effect elsewhere in the system.",
    )
    frequency = forms.ChoiceField(choices=Frequency.choices, widget=forms.RadioSelect)
    direction = forms.ChoiceField(
        label="Direction of improvement",
        choices=Direction.choices,
        widget=forms.RadioSelect,
        help_text="Decides whether a signal is shown as improvement or as a concern.",
    )

    def __init__(self, *args, value_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if value_count:
            # Recorded values were counted this way: changing how would make them mean something else.
            for name in ("frequency", "is_proportion"):  # a count may still be ticked: whole values are checked
                self.fields[name].disabled = True
                self.fields[name].help_text = self.fixed_help(value_count)

    def fixed_help(self, value_count: int) -> str:
        return "Fixed: areas have recorded values against this definition."


class MeasureForm(_DefinitionFields, VersionedModelForm):
    """An area's own measure. The baseline is set here only when the measure is added."""

    stale_what = "changes to this measure"

    class Meta:
        model = Measure
        fields = [*DEFINITION_FIELDS, "baseline_points", "target"]
        widgets = DEFINITION_WIDGETS
        help_texts = {
            **DEFINITION_HELP,
            "definition": f"Exactly what is counted and from which source. {AGGREGATE_ONLY}",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A fixed baseline changes only through its own page, with a reason on record.
            del self.fields["baseline_points"]

    def fixed_help(self, value_count: int) -> str:
        return (
            f"Fixed: {value_count} value{'s are' if value_count != 1 else ' is'} recorded. "
            "Start a new measure to count differently."
        )


class AdoptedMeasureForm(VersionedModelForm):
    """An area's adoption of a programme-wide measure: the wording is CELCIS's; the target is the area's."""

    stale_what = "changes to this measure"

    class Meta:
        model = Measure
        fields = ["target"]


class SharedMeasureForm(_DefinitionFields, VersionedModelForm):
    """A programme-wide definition, written by CELCIS for every area to adopt."""

    stale_what = "changes to this programme-wide measure"

    class Meta:
        model = SharedMeasure
        fields = DEFINITION_FIELDS
        widgets = DEFINITION_WIDGETS
        help_texts = {
            **DEFINITION_HELP,
            "definition": f"Exactly what every area counts, and from which source. {AGGREGATE_ONLY}",
        }


def _baseline_field(label: str, help_text: str) -> forms.IntegerField:
    """How many of the first points fix the centre line and limits, within the model's own bounds."""
    return forms.IntegerField(label=label, required=False, min_value=2, max_value=520, help_text=help_text)


class AdoptForm(forms.Form):
    shared = forms.ModelChoiceField(
        label="Programme-wide measure",
        queryset=SharedMeasure.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    baseline_points = _baseline_field(
        "Baseline",
        "Optional: how many of the first recorded periods fix the centre line and limits "
        "(12 or more is best). Leave empty until the measure is stable.",
    )
    target = forms.DecimalField(
        required=False, max_digits=14, decimal_places=4, help_text="Optional. Drawn as a line on the charts."
    )

    def __init__(self, *args, available, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared"].queryset = available
        self.fields["shared"].label_from_instance = lambda s: f"{s.name} ({s.get_frequency_display().lower()})"


class BaselineForm(forms.Form):
    baseline_points = _baseline_field(
        "Baseline (number of points)",
        "The first this-many recorded periods fix the centre line and limits. Leave empty to use "
        "every point (the lines then move as data are added).",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the baseline changes, e.g. “A new process started in April: new baseline from then”.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text=f"A .csv file saved as UTF-8 text, at most {MAX_UPLOAD_BYTES // 1024 // 1024} MB, with a first "
        f"row naming the columns: {', '.join(COLUMNS)}.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    measure = forms.ModelChoiceField(
        label="Measure",
        queryset=Measure.objects.none(),
        required=False,
        empty_label="The file has a measure column",
        help_text="Choose a measure when every row is for it and the file has no measure column.",
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = Measure.objects.filter(area=area).order_by("name")


class MeasureFilterForm(FilterForm):
    measure_type = forms.ChoiceField(label="Type", choices=[("", "All types"), *MeasureType.choices])
    signals = forms.ChoiceField(
        label="Signals", choices=[("", "All measures"), ("yes", "With a signal"), ("no", "Without a signal")]
    )


class NationalMeasureForm(forms.Form):
    measure = forms.ModelChoiceField(
        label="Programme-wide measure",
        queryset=SharedMeasure.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measure"].queryset = queryset
        self.fields["measure"].empty_label = None


class ValueGridForm(forms.Form):
    """A row per period of one financial year: a value (or numerator and denominator) and a note."""

    data_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, measure, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.rows = [row for row in rows if not row.is_future]
        self.future = [row for row in rows if row.is_future]
        self.fields["data_version"].initial = measure.data_version
        number_attrs = {"inputmode": "decimal", "class": "form-control form-control-sm text-end"}
        count_attrs = {"inputmode": "numeric", "class": "form-control form-control-sm text-end"}
        for row in self.rows:
            prefix = self.prefix_for(row.period)
            stored = row.stored
            columns = ["numerator", "denominator"] if measure.is_proportion else ["value"]
            for column in columns:
                whole = column != "value" or measure.is_count
                attrs = count_attrs if whole else number_attrs
                field_class = forms.IntegerField if whole else forms.DecimalField
                if column != "value":
                    options = {"min_value": 0, "max_value": 999_999_999}
                elif measure.is_count:
                    # A count is whole: "15.8" is refused by the field, in words a person can act on.
                    options = {
                        "min_value": 0,
                        "max_value": int(MAX_VALUE),
                        "error_messages": {"invalid": whole_number_message(measure)},
                    }
                else:
                    options = {"min_value": 0, "max_digits": 14, "decimal_places": 4}
                self.fields[f"{prefix}-{column}"] = field_class(
                    label=f"{column.capitalize()} for {row.label}",
                    required=False,
                    widget=forms.TextInput(attrs={**attrs, "aria-labelledby": f"{prefix}-label col-{column}"}),
                    initial=_initial(stored, column),
                    **options,
                )
            self.fields[f"{prefix}-note"] = forms.CharField(
                label=f"Note for {row.label}",
                required=False,
                max_length=300,
                widget=forms.TextInput(
                    attrs={"class": "form-control form-control-sm", "aria-labelledby": f"{prefix}-label col-note"}
                ),
                initial=stored.note if stored else "",
            )

    @staticmethod
    def prefix_for(period) -> str:
        return f"p{period.isoformat().replace('-', '')}"

    def columns(self) -> list[str]:
        return ["numerator", "denominator"] if self.measure.is_proportion else ["value"]

    def entries(self) -> list[ValueEntry]:
        entries = []
        for row in self.rows:
            prefix = self.prefix_for(row.period)
            data = self.cleaned_data
            entries.append(
                ValueEntry(
                    period=row.period,
                    value=data.get(f"{prefix}-value"),
                    numerator=data.get(f"{prefix}-numerator"),
                    denominator=data.get(f"{prefix}-denominator"),
                    note=(data.get(f"{prefix}-note") or "").strip(),
                )
            )
        return entries

    def grid(self) -> list[dict]:
        """What the template needs for each row: its label, fields, stored value and errors."""
        rows = []
        for row in self.rows:
            prefix = self.prefix_for(row.period)
            inputs = [self[f"{prefix}-{column}"] for column in self.columns()]
            note = self[f"{prefix}-note"]
            errors = [error for bound in (*inputs, note) for error in bound.errors]
            if errors:
                for bound in (*inputs, note):
                    attrs = bound.field.widget.attrs
                    attrs.update({"aria-invalid": "true", "aria-describedby": f"{prefix}-errors"})
                    if bound.errors and "is-invalid" not in attrs.get("class", ""):
                        attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
            rows.append({"prefix": prefix, "row": row, "inputs": inputs, "note": note, "errors": errors})
        return rows

    def row_errors(self, error: ValidationError) -> ValidationError:
        """The service's errors, keyed by each period's ISO date, put on that row's first field."""
        by_field = {}
        for key, problems in error.message_dict.items():
            try:
                name = f"{self.prefix_for(date.fromisoformat(key))}-{self.columns()[0]}"
            except ValueError:
                name = NON_FIELD_ERRORS
            by_field.setdefault(name, []).extend(problems)
        return ValidationError(by_field)

    def add_stale_error(self, instance=None) -> None:
        """After a clash: say so, keep what the person typed, and let their next save go through.

        The grid is versioned by the measure's `data_version` (its values), not its `version`.
        """
        self.add_error(None, stale_message(what="data for this measure", latest=""))
        data = self.data.copy()
        data["data_version"] = str(Measure.objects.values_list("data_version", flat=True).get(pk=self.measure.pk))
        self.data = data


def _initial(stored, column):
    """The stored figure as typed: "12" or "12.5", never "12.0000"."""
    if stored is None:
        return None
    value = getattr(stored, column)
    if column == "value" and value is not None:
        return format(value.normalize(), "f")
    return value
