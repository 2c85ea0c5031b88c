from django import forms
from django.utils import timezone

from areas.forms import DateInput
from core.forms import FilterForm
from core.locking import VersionedFormMixin

from .models import AssessmentStatus, Driver, Item, ItemScore
from .scoring import UNANSWERED_LABEL
from .selectors import draft_last_saved, facilitator_choices, innovations_for

PARTICIPANT_ROWS = 6

SCORE_CHOICES = [
    ("2", "In place (2)"),
    ("1", "Partly in place (1)"),
    ("0", "Not in place (0)"),
    ("", UNANSWERED_LABEL),
]
SCORE_ERROR = "Choose in place (2), partly in place (1) or not in place (0), or leave the item not yet answered."


class FacilitatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class AssessmentVersionMixin(VersionedFormMixin):
    """An assessment's forms carry its version; a clash names who last saved it or its answers."""

    stale_what = "changes to this assessment"

    def add_stale_error(self, instance=None, *, current_version=None, latest=None):
        if latest is None and instance is not None:
            latest = draft_last_saved(instance)
        super().add_stale_error(instance, current_version=current_version, latest=latest)


class AssessmentForm(AssessmentVersionMixin, forms.Form):
    """The details of an assessment: when, who facilitated, who took part, and what it is about."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    assessed_on = forms.DateField(
        label="Date of the assessment",
        widget=DateInput(),
        help_text="The day the team met to assess the drivers. It cannot be in the future.",
    )
    facilitator = FacilitatorChoiceField(
        queryset=None, help_text="Who facilitated: a member of the area or CELCIS staff."
    )
    innovation = forms.ChoiceField(
        label="What the assessment is about",
        required=False,
        help_text="The programme as a whole, or one of the area's innovations.",
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Anything the team wants to remember about the session. Never names or details of "
        "children or families.",
    )

    def __init__(self, *args, area, current_facilitator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["facilitator"].queryset = facilitator_choices(area, include=current_facilitator)
        self.innovations = {str(i.pk): i for i in innovations_for(area)}
        if self.innovations:
            self.fields["innovation"].choices = [("", "The programme as a whole")] + [
                (pk, i.name) for pk, i in self.innovations.items()
            ]
        else:
            del self.fields["innovation"]
        for n in range(1, PARTICIPANT_ROWS + 1):
            self.fields[f"role_{n}"] = forms.CharField(
                label=f"Role {n}", max_length=100, required=False, help_text="e.g. Social workers" if n == 1 else ""
            )
            self.fields[f"count_{n}"] = forms.IntegerField(
                label=f"Number of people in role {n}", min_value=1, max_value=500, required=False
            )

    def participant_rows(self):
        """Pairs of bound fields (role, number) for the template."""
        return [(self[f"role_{n}"], self[f"count_{n}"]) for n in range(1, PARTICIPANT_ROWS + 1)]

    def main_fields(self):
        return [self[name] for name in ("assessed_on", "facilitator", "innovation") if name in self.fields]

    def clean_assessed_on(self):
        value = self.cleaned_data["assessed_on"]
        if value and value > timezone.localdate():
            raise forms.ValidationError("This date is in the future. Record the assessment once it has taken place.")
        return value

    def clean(self):
        cleaned = super().clean()
        for n in range(1, PARTICIPANT_ROWS + 1):
            role, count = cleaned.get(f"role_{n}", "").strip(), cleaned.get(f"count_{n}")
            if role and count is None and f"count_{n}" not in self.errors:
                self.add_error(f"count_{n}", f"Give how many {role.lower()} took part.")
            if count is not None and not role:
                self.add_error(f"role_{n}", "Give the role of the people counted here.")
        return cleaned

    @property
    def participants(self) -> list[dict]:
        rows = []
        for n in range(1, PARTICIPANT_ROWS + 1):
            role, count = self.cleaned_data.get(f"role_{n}", "").strip(), self.cleaned_data.get(f"count_{n}")
            if role and count:
                rows.append({"role": role, "count": count})
        return rows

    @property
    def subject(self):
        return self.innovations.get(self.cleaned_data.get("innovation") or "")

    def details(self) -> dict:
        """The assessment's details as the services take them."""
        return {
            "assessed_on": self.cleaned_data["assessed_on"],
            "facilitator": self.cleaned_data["facilitator"],
            "participants": self.participants,
            "notes": self.cleaned_data["notes"],
            "subject": self.subject,
        }

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {
            "version": assessment.version,
            "assessed_on": assessment.assessed_on,
            "facilitator": assessment.facilitator_id,
            "innovation": str(assessment.subject_object_id) if assessment.subject_object_id else "",
            "notes": assessment.notes,
        }
        for n, row in enumerate(assessment.participants or [], start=1):
            initial[f"role_{n}"] = row["role"]
            initial[f"count_{n}"] = row["count"]
        return initial


class ScoreForm(AssessmentVersionMixin, forms.Form):
    """Every item of the assessment: a score (or not yet answered) and a note of the evidence."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, items: list[Item], **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"score_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": SCORE_ERROR},
            )
            self.fields[f"evidence_{item.pk}"] = forms.CharField(
                label="Evidence",
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    @staticmethod
    def initial_for(assessment) -> dict:
        initial = {"version": assessment.version}
        for record in ItemScore.objects.filter(assessment=assessment):
            initial[f"score_{record.item_id}"] = "" if record.score is None else str(record.score)
            initial[f"evidence_{record.item_id}"] = record.evidence
        return initial

    def item_row(self, item) -> dict:
        """One item with its two fields, for the page."""
        return {"item": item, "score": self[f"score_{item.pk}"], "evidence": self[f"evidence_{item.pk}"]}

    def answered(self) -> int:
        """How many items have a score as the form stands (typed or saved)."""
        return sum(1 for item in self.items if self[f"score_{item.pk}"].value() not in (None, ""))

    def answers(self) -> dict:
        from .services import Answer

        return {
            item.pk: Answer(
                score=self.cleaned_data.get(f"score_{item.pk}"),
                evidence=self.cleaned_data.get(f"evidence_{item.pk}", ""),
            )
            for item in self.items
        }


class CompleteForm(forms.Form):
    """Confirms completing a draft, at the version whose summary the person saw."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def add_stale_error(self, instance, **kwargs):
        """The draft changed since the summary was shown: ask for it to be checked, then confirmed again."""
        # Nothing is typed on this page, so core's "your changes are still in the form" would mislead.
        self.add_error(
            None,
            "The draft changed after you opened this page, so it was not completed. "
            f"{draft_last_saved(instance)} Check the summary below, then complete it again.",
        )
        data = self.data.copy()
        data["version"] = str(instance.version)
        self.data = data


class GapActionForm(forms.Form):
    """An action on a gap, for the teams app's action tracker."""

    title = forms.CharField(label="What needs doing", max_length=250)
    owner = forms.ModelChoiceField(queryset=None, help_text="Who will make sure it happens.")
    due_date = forms.DateField(label="Due date", widget=DateInput())
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Anything that helps: what good looks like, who else is involved.",
    )

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        from teams.models import TeamMember

        self.fields["owner"].queryset = (
            TeamMember.objects.filter(area=area).active().select_related("team").order_by("name", "team__name", "pk")
        )
        self.fields["owner"].label_from_instance = lambda member: f"{member.name} – {member.team.name}"
        self.fields["owner"].error_messages["invalid_choice"] = f"Choose someone on one of {area}'s teams."

    def clean_due_date(self):
        value = self.cleaned_data["due_date"]
        if value and value < timezone.localdate():
            raise forms.ValidationError("The due date has passed. Give a date from today on.")
        return value


class ItemForm(forms.Form):
    driver = forms.ModelChoiceField(queryset=Driver.objects.none())
    text = forms.CharField(
        label="Wording", max_length=300, widget=forms.Textarea(attrs={"rows": 2}), help_text="Plain English, one idea."
    )
    order = forms.IntegerField(
        min_value=0, max_value=100000, initial=100, help_text="Position within its driver; lower comes first."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["driver"].queryset = Driver.objects.order_by("order", "pk")


class ChangeNoteForm(forms.Form):
    change_note = forms.CharField(
        label="What this version changes",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="A sentence or two, so areas know why the items changed.",
    )


class AssessmentFilterForm(FilterForm):
    status = forms.ChoiceField(label="Status", choices=[("", "All assessments"), *AssessmentStatus.choices])


class ProgressFilterForm(FilterForm):
    """Which subject's assessments the change over time shows: the programme or one innovation."""

    about = forms.ChoiceField(label="What the assessments are about")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["about"].choices = choices
