from django import forms

from areas.forms import DateInput
from core.forms import add_rule_errors, check_with
from core.locking import VersionedModelForm

from . import evidence
from .models import (
    ActivityProgress,
    ActivityStatus,
    EngagementKind,
    Profession,
    ReadinessQuestion,
    Stage,
    StageActivity,
    StakeholderEngagement,
    SystemLevel,
)
from .services import DECLINE_NEEDS_NOTE, activity_progress_errors, no_future, stage_change_errors


class StageChangeForm(forms.Form):
    stage = forms.ChoiceField(choices=Stage.choices, widget=forms.RadioSelect)
    entered_on = forms.DateField(label="Date entered", widget=DateInput())
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Why the stage changed. Needed when going back a stage.",
    )
    evidence = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="What shows the change: decisions, data, documents or links.",
    )

    def __init__(self, *args, area=None, subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.area, self.subject = area, subject

    def clean(self):
        cleaned = super().clean()
        if self.area is not None:  # the service's rules, so that every mistake shows in one round
            errors = stage_change_errors(
                area=self.area,
                subject=self.subject,
                stage=cleaned.get("stage"),
                entered_on=cleaned.get("entered_on"),
                reason=cleaned.get("reason", ""),
            )
            add_rule_errors(self, errors)
        return cleaned


class StageDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("confirm", "Confirm the change"), ("decline", "Decline the change")], widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when declining, so the member who proposed it knows why.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not cleaned.get("note", "").strip():
            self.add_error("note", DECLINE_NEEDS_NOTE)
        return cleaned


class ActivityProgressForm(VersionedModelForm):
    stale_what = "changes to this activity"
    status = forms.ChoiceField(choices=ActivityStatus.choices, widget=forms.RadioSelect)
    evidence_link = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A link to a document or record that shows the work.",
    )

    class Meta:
        model = ActivityProgress
        fields = ["status", "target_on", "started_on", "completed_on", "notes", "evidence_link"]
        widgets = {
            "target_on": DateInput(),
            "started_on": DateInput(),
            "completed_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "target_on": "When the area plans to have it done. Optional; the checklist flags it late after this date.",
            "started_on": "Needed once the work is in progress.",
            "completed_on": "Needed once the activity is done.",
        }

    def clean(self):
        cleaned = super().clean()
        # The service's rules for the status and its dates, so that every mistake shows in one round.
        errors = activity_progress_errors(
            status=cleaned.get("status"), started_on=cleaned.get("started_on"), completed_on=cleaned.get("completed_on")
        )
        add_rule_errors(self, errors)
        return cleaned


class EngagementForm(VersionedModelForm):
    stale_what = "changes to this engagement"
    kind = forms.ChoiceField(choices=EngagementKind.choices)
    level = forms.ChoiceField(label="Level of the system", choices=SystemLevel.choices)
    professions = forms.MultipleChoiceField(
        label="Professions taking part",
        choices=Profession.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Tick every profession that took part.",
    )

    class Meta:
        model = StakeholderEngagement
        fields = ["held_on", "kind", "level", "professions", "participants", "strengths", "weaknesses", "priorities"]
        widgets = {
            "held_on": DateInput(),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "weaknesses": forms.Textarea(attrs={"rows": 3}),
            "priorities": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "participants": "How many people took part. Never record names or details of children or families.",
        }

    def clean(self):
        cleaned = super().clean()
        # The service's own date rule, checked here too so that every mistake shows in one round.
        check_with(self, no_future, cleaned.get("held_on"), "held_on")
        return cleaned


class ReadinessCheckForm(forms.Form):
    checked_on = forms.DateField(label="Date of the check", widget=DateInput())
    participants = forms.CharField(
        label="Who took part",
        max_length=300,
        required=False,
        help_text="Roles and numbers, e.g. 'implementation team (5), team managers (3)'.",
    )
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    SCALE = [(str(n), label) for n, label in [(1, "1 – not at all"), (2, "2"), (3, "3"), (4, "4"), (5, "5 – fully")]]

    def __init__(self, *args, questions: list[ReadinessQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=question.text, choices=self.SCALE, coerce=int, widget=forms.RadioSelect
            )

    def clean(self):
        cleaned = super().clean()
        check_with(self, no_future, cleaned.get("checked_on"), "checked_on")  # with the scores, in one round
        return cleaned

    def scores(self) -> dict[int, int]:
        return {q.pk: self.cleaned_data[f"question_{q.pk}"] for q in self.questions}


class StageActivityForm(forms.ModelForm):
    stage = forms.ChoiceField(choices=Stage.choices)
    evidence_kinds = forms.MultipleChoiceField(
        label="Portal records that evidence it",
        choices=evidence.CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Checklists offer an area's records of these kinds; a person confirms one to mark the activity "
        "done on the record's date.",
    )

    class Meta:
        model = StageActivity
        fields = ["stage", "title", "description", "order", "evidence_kinds", "retired_on"]
        widgets = {"retired_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class StageTargetsForm(forms.Form):
    """The dates an area plans to finish each stage; any may be left empty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Stage.choices:
            self.fields[value] = forms.DateField(
                label=f"Finish {label.lower()} by",
                required=False,
                widget=DateInput(),
                help_text="Every activity of the stage done, or the move to another stage.",
            )

    def targets(self) -> dict:
        return {value: self.cleaned_data.get(value) for value in Stage.values}


class EngagementFilterForm(forms.Form):
    level = forms.ChoiceField(label="Level", required=False, choices=[("", "All levels"), *SystemLevel.choices])
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "All kinds"), *EngagementKind.choices])
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())
