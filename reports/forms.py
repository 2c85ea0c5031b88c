from django import forms
from django.utils import timezone

from areas.models import LocalArea
from core.forms import FilterForm
from core.locking import VersionedModelForm
from core.quarters import Quarter, parse_slug, quarter_slug

from .models import (
    NARRATIVE_SECTIONS,
    PRIVACY_HINT,
    SECTION_KEYS,
    KeyMessages,
    QuarterlyReturn,
    ReportScope,
    ReturnStatus,
)


class NarrativeForm(VersionedModelForm):
    """The six narrative sections, saved as a draft as often as the area likes."""

    stale_what = "changes to this narrative"

    class Meta:
        model = QuarterlyReturn
        fields = SECTION_KEYS
        widgets = {key: forms.Textarea(attrs={"rows": 5}) for key in SECTION_KEYS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        comments = (self.instance.section_comments or {}) if self.instance else {}
        for key, title, help_text in NARRATIVE_SECTIONS:
            self.fields[key].label = title
            self.fields[key].help_text = f"{help_text} {PRIVACY_HINT}"
            if comments.get(key):
                # CELCIS's comment on this section, shown beside it where the area writes.
                self.fields[key].help_text = f"CELCIS commented: “{comments[key]}” {self.fields[key].help_text}"


class ReviewForm(forms.Form):
    """CELCIS's review: accept (with an optional note) or return (with what needs to change), and
    either way a comment on any narrative section, which the area sees beside that section."""

    note = forms.CharField(
        label="Note on accepting (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Anything the area should know about the acceptance.",
    )
    comment = forms.CharField(
        label="What needs to change (needed to return it)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A general comment for the area, when you return the return for changes.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title, _ in NARRATIVE_SECTIONS:
            self.fields[f"section_{key}"] = forms.CharField(
                label=f"Comment on “{title}” (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
            )

    def section_comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(f"section_{key}", "") for key in SECTION_KEYS}


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason for reopening",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why the accepted return needs to change. The area sees this beside the return.",
    )


def quarter_choices(count: int = 8, *, today=None) -> list[tuple[str, str]]:
    """The current quarter and the ones before it, newest first, as (slug, label)."""
    today = today or timezone.localdate()
    quarter = Quarter.of(today)
    choices = []
    for _ in range(count):
        label = quarter.label if quarter.end < today else f"{quarter.label} (not ended yet)"
        choices.append((quarter_slug(quarter), label))
        quarter = quarter.previous()
    return choices


class ReviewFilterForm(FilterForm):
    SORTS = [
        ("area", "Area"),
        ("status", "Return status"),
        ("submitted", "Date submitted"),
        ("stage", "Current stage"),
        ("drivers", "Drivers score"),
        ("cycles", "Active cycles"),
        ("feedback", "Feedback items open over 60 days"),
        ("overdue", "Overdue actions"),
        ("signals", "Measures with a signal"),
    ]
    quarter = forms.ChoiceField(label="Quarter", required=False)
    status = forms.ChoiceField(
        label="Return status",
        required=False,
        choices=[("", "Any status"), *ReturnStatus.choices, ("none", "Not opened")],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = quarter_choices()


class RunRequestForm(forms.Form):
    """Which report to build. A lead builds their area's report; CELCIS builds any."""

    scope = forms.ChoiceField(label="Report", choices=ReportScope.choices, widget=forms.RadioSelect)
    area = forms.ModelChoiceField(
        label="Area",
        queryset=LocalArea.objects.none(),
        required=False,
        help_text="For an area report: the area it is about.",
    )
    quarter = forms.ChoiceField(label="Quarter")
    build_anyway = forms.BooleanField(
        label="Build it even though some areas' returns are not accepted yet (they are left out)",
        required=False,
    )

    def __init__(self, *args, areas=None, national_allowed=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas if areas is not None else LocalArea.objects.none()
        self.fields["quarter"].choices = quarter_choices()
        if not national_allowed:
            self.fields["scope"].choices = [(ReportScope.AREA, ReportScope.AREA.label)]
            self.fields["scope"].initial = ReportScope.AREA

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("scope") == ReportScope.AREA and not cleaned.get("area"):
            self.add_error("area", "Choose the area for an area report.")
        return cleaned


class KeyMessagesForm(VersionedModelForm):
    """CELCIS's first page of a national report version, and its sign-off."""

    stale_what = "changes to these key messages"
    sign_off = forms.BooleanField(
        label="Sign these key messages off for CELCIS",
        required=False,
        help_text="Needed before this version can be published. Any later change takes the sign-off away.",
    )

    class Meta:
        model = KeyMessages
        fields = ["messages", "themes", "risks", "asks"]
        widgets = {
            "messages": forms.Textarea(attrs={"rows": 8}),
            "themes": forms.Textarea(attrs={"rows": 4}),
            "risks": forms.Textarea(attrs={"rows": 4}),
            "asks": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sign_off"].initial = self.instance.is_signed_off
        for name in ("messages", "themes", "risks", "asks"):
            self.fields[name].help_text += " " + PRIVACY_HINT


class FiguresExportForm(FilterForm):
    """The quarters an export of accepted return figures covers."""

    first = forms.ChoiceField(label="From")
    last = forms.ChoiceField(label="To")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = quarter_choices(12)
        self.fields["first"].choices = choices
        self.fields["last"].choices = choices

    def quarters(self) -> tuple[Quarter, Quarter]:
        """The first and last quarter asked for (the last four finished quarters unless chosen)."""
        latest = Quarter.of(timezone.localdate()).previous()
        earliest = latest.previous().previous().previous()
        data = self.cleaned_data if self.is_valid() else {}
        first = parse_slug(data["first"]) if data.get("first") else earliest
        last = parse_slug(data["last"]) if data.get("last") else latest
        return (first, last) if first.start <= last.start else (last, first)
