"""Forms for teams. Choice fields are scoped to the area; the rules in `teams.rules` put each problem
at its field, so nothing the user typed is lost."""

from django import forms
from django.utils import timezone

from areas.forms import DateInput
from core.forms import FilterForm, add_rule_errors, kept_choices
from core.locking import VersionedModelForm

from . import rules
from .models import (
    Action,
    ActionStatus,
    AudienceLevel,
    Channel,
    Communication,
    Meeting,
    Team,
    TeamLevel,
    TeamMember,
)
from .services import ACTION_FIELDS, COMMUNICATION_FIELDS, MEMBER_FIELDS, TEAM_FIELDS


class RuleCheckedMixin:
    """A form whose clean() runs one of the rules' checks on the typed values of `rule_fields`."""

    rule_fields: tuple[str, ...] = ()

    def stored(self):
        """The record being edited as it is stored (clean() runs before the typed values are
        copied onto the instance), or None for a new one."""
        return self.instance if self.instance.pk else None

    def check_rules(self, rule, **values) -> None:
        """Put what `rule` finds on the form; a text field that failed its own checks counts as blank."""
        typed = {
            name: self.cleaned_data.get(name, "" if isinstance(self.fields.get(name), forms.CharField) else None)
            for name in self.rule_fields
        }
        add_rule_errors(self, rule(**typed, **values))


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, team):
        suffix = "" if team.is_active else ", stood down"
        return f"{team.name} ({TeamLevel(team.level).label.lower()}{suffix})"


class MemberChoiceField(forms.ModelChoiceField):
    """A team member, named with their team (someone may be on more than one)."""

    def label_from_instance(self, member):
        return f"{member.name} – {member.team.name}"


class AccountChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{rules.account_name(user)} ({user.email})" if user.email else rules.account_name(user)


class TeamForm(RuleCheckedMixin, VersionedModelForm):
    """A team and its terms of reference: long, so a clashing save is caught by the record's version."""

    stale_what = "changes to this team"
    rule_fields = ("name", "level", "parent", "formed_on", "stood_down_on")
    level = forms.ChoiceField(choices=TeamLevel.choices, widget=forms.RadioSelect)

    class Meta:
        model = Team
        fields = list(TEAM_FIELDS)
        widgets = {
            "formed_on": DateInput(),
            "stood_down_on": DateInput(),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
            "communication": forms.Textarea(attrs={"rows": 4}),
        }
        field_classes = {"parent": TeamChoiceField}
        help_texts = {
            "stood_down_on": "Teams are never deleted. Members still on the team are recorded as leaving on this date.",
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        parents = Team.objects.filter(area=area).order_by("name", "pk")
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].error_messages["invalid_choice"] = f"Choose one of {area}'s own teams."
        if not self.instance.pk:
            del self.fields["stood_down_on"]

    def clean(self):
        cleaned = super().clean()
        self.check_rules(rules.team_errors, area=self.area, team=self.stored())
        return cleaned


class TeamMemberForm(RuleCheckedMixin, VersionedModelForm):
    """A person on a team: a portal account, or a name and work email."""

    stale_what = "changes to this member"

    rule_fields = ("user", "name", "email", "hours_per_week", "joined_on", "left_on")

    user = AccountChoiceField(
        queryset=None,
        required=False,
        label="Portal account",
        help_text="Choose someone who uses the portal, or leave this empty and give a name and work email below.",
    )

    class Meta:
        model = TeamMember
        fields = list(MEMBER_FIELDS)
        widgets = {
            "joined_on": DateInput(),
            "left_on": DateInput(),
            "hours_per_week": forms.NumberInput(attrs={"step": "0.5", "min": "0", "max": "60"}),
        }
        help_texts = {"name": "Needed when you do not choose a portal account."}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["user"].queryset = rules.eligible_accounts(team.area)
        self.fields["user"].error_messages["invalid_choice"] = (
            f"Choose someone who works on the programme in {team.area}, or give a name and work email."
        )
        self.fields["name"].required = False

    def clean(self):
        cleaned = super().clean()
        self.check_rules(rules.member_errors, team=self.team, member=self.stored())
        return cleaned

    def _post_clean(self):
        # The name comes from the account when one is chosen; the model needs it, the form does not.
        if self.cleaned_data.get("user") is not None and not self.cleaned_data.get("name"):
            self.cleaned_data["name"] = rules.account_name(self.cleaned_data["user"])
        super()._post_clean()


class MeetingForm(VersionedModelForm):
    """A meeting: its date, who attended (from the team's members), notes and decisions."""

    stale_what = "changes to this meeting"

    attendees = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label="Who attended",
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for a meeting that has happened.",
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "attendees", "notes", "decisions"]
        widgets = {
            "held_on": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 6}),
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"held_on": "A meeting still to come can be scheduled now and its notes added afterwards."}

    def __init__(self, *args, team, **kwargs):
        super().__init__(*args, **kwargs)
        self.team = team
        self.fields["attendees"].queryset = TeamMember.objects.filter(area=team.area_id, team=team).order_by(
            "name", "pk"
        )
        self.fields["attendees"].label_from_instance = lambda m: (
            f"{m.name} ({m.get_role_display().lower()})" if m.is_active else f"{m.name} (left)"
        )
        self.fields["attendees"].error_messages["invalid_choice"] = "Choose from the members of this team."
        if self.instance.pk and not self.is_bound:
            self.initial["attendees"] = [a.member_id for a in self.instance.attendance.all()]

    def clean(self):
        cleaned = super().clean()
        errors = rules.meeting_errors(
            team=self.team,
            held_on=cleaned.get("held_on"),
            attendees=cleaned.get("attendees") or [],
            notes=cleaned.get("notes", ""),
            decisions=cleaned.get("decisions", ""),
        )
        add_rule_errors(self, errors)
        return cleaned

    def _save_m2m(self):
        """Attendance is written by the service, one record at a time."""


class ActionForm(RuleCheckedMixin, VersionedModelForm):
    stale_what = "changes to this action"
    rule_fields = ("owner", "due_date", "status", "completed_on")
    status = forms.ChoiceField(choices=ActionStatus.choices, widget=forms.RadioSelect, initial=ActionStatus.OPEN)

    class Meta:
        model = Action
        fields = list(ACTION_FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_date": DateInput(),
            "completed_on": DateInput(),
        }
        field_classes = {"team": TeamChoiceField, "owner": MemberChoiceField}
        labels = {"title": "What needs doing"}
        help_texts = {
            "team": "The team whose action this is. Filled in from the meeting if you choose one.",
            "owner": "Who will make sure it happens.",
        }

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["team"].queryset = Team.objects.filter(area=area).order_by("name", "pk")
        owners = TeamMember.objects.filter(area=area).active().select_related("team")
        if self.instance.owner_id:
            owners = (
                TeamMember.objects.filter(area=area)
                .select_related("team")
                .filter(pk__in=[*owners.values_list("pk", flat=True), self.instance.owner_id])
            )
        self.fields["owner"].queryset = owners.order_by("name", "team__name", "pk")
        self.fields["meeting"].queryset = (
            Meeting.objects.filter(area=area, held_on__lte=timezone.localdate())
            .select_related("team")
            .order_by("-held_on", "-pk")
        )
        self.fields["meeting"].label_from_instance = lambda m: str(m)
        for name, message in (
            ("team", f"Choose one of {area}'s teams."),
            ("owner", f"Choose someone still on one of {area}'s teams."),
            ("meeting", f"Choose one of {area}'s meetings that has happened."),
        ):
            self.fields[name].error_messages["invalid_choice"] = message

    def clean(self):
        cleaned = super().clean()
        team = cleaned.get("team")
        meeting = cleaned.get("meeting")
        self.check_rules(
            rules.action_errors,
            area=self.area,
            action=self.stored(),
            team=team or (meeting.team if meeting else None),
            meeting=meeting,
        )
        return cleaned


class CommunicationForm(VersionedModelForm):
    stale_what = "changes to this communication"

    class Meta:
        model = Communication
        fields = list(COMMUNICATION_FIELDS)
        widgets = {"sent_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}
        field_classes = {"team": TeamChoiceField}
        help_texts = {"team": "The team that communicated, if it was one team's doing."}

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.area = area
        self.fields["team"].queryset = Team.objects.filter(area=area).order_by("name", "pk")
        self.fields["team"].error_messages["invalid_choice"] = f"Choose one of {area}'s teams."

    def clean(self):
        cleaned = super().clean()
        add_rule_errors(
            self, rules.communication_errors(area=self.area, team=cleaned.get("team"), sent_on=cleaned.get("sent_on"))
        )
        return cleaned


# --- Filters and the "which team met?" step --------------------------------------------------------


class TeamFilterForm(FilterForm):
    show = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "Active teams"), ("stood_down", "Stood-down teams"), ("all", "All teams")],
    )


class _AreaFilterForm(FilterForm):
    """Filters offering the area's teams (and members). A chosen value is checked against the
    queryset (one query, only when a choice is made); the drop-downs' options, every team and member
    of the area with their teams, are kept until a record of the area changes rather than read and
    labelled on every request (`core.forms.kept_choices`)."""

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        querysets = {}
        if "team" in self.fields:
            querysets["team"] = Team.objects.filter(area=area).order_by("name", "pk")
        if "owner" in self.fields:
            querysets["owner"] = (
                TeamMember.objects.filter(area=area).select_related("team").order_by("name", "team__name", "pk")
            )
        for name, queryset in querysets.items():
            self.fields[name].queryset = queryset
            kept_choices(self.fields[name], f"teams:filter-{name}:{area.pk}", [area.pk])


class MeetingFilterForm(_AreaFilterForm):
    team = TeamChoiceField(queryset=None, required=False, empty_label="All teams")
    start = forms.DateField(label="From", required=False, widget=DateInput())
    end = forms.DateField(label="To", required=False, widget=DateInput())


ACTION_STATUS_FILTERS = [
    ("", "Any status"),
    ("overdue", "Overdue"),
    ("not_closed", "Open or in progress"),
    *ActionStatus.choices,
]


class ActionFilterForm(_AreaFilterForm):
    status = forms.ChoiceField(label="Status", required=False, choices=ACTION_STATUS_FILTERS)
    team = TeamChoiceField(queryset=None, required=False, empty_label="All teams")
    owner = MemberChoiceField(queryset=None, required=False, empty_label="Anyone")


class CommunicationFilterForm(_AreaFilterForm):
    audience = forms.ChoiceField(
        label="Audience level", required=False, choices=[("", "All audiences"), *AudienceLevel.choices]
    )
    channel = forms.ChoiceField(label="Channel", required=False, choices=[("", "All channels"), *Channel.choices])
    team = TeamChoiceField(queryset=None, required=False, empty_label="All teams", label="From team")


class MeetingStartForm(forms.Form):
    team = TeamChoiceField(queryset=None, label="Which team met?", empty_label="Choose a team")

    def __init__(self, *args, area, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.filter(area=area, stood_down_on__isnull=True).order_by("name", "pk")
        self.fields["team"].error_messages["invalid_choice"] = f"Choose one of {area}'s active teams."
