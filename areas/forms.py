from django import forms

from core.forms import FilterForm
from core.locking import VersionedModelForm

from .models import NATIONAL_ROLES, LocalArea, Role


class DateInput(forms.DateInput):
    """A native date picker; the browser shows the date in the user's own (UK) format."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AreaForm(VersionedModelForm):
    class Meta:
        model = LocalArea
        fields = [
            "name",
            "council",
            "health_board",
            "child_protection_committee",
            "in_programme",
            "date_joined",
            "notes",
        ]
        widgets = {"date_joined": DateInput(), "notes": forms.Textarea(attrs={"rows": 5})}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date_joined") and not cleaned.get("in_programme"):
            self.add_error("date_joined", "Only an area in the programme has a date it joined. Leave this empty.")
        return cleaned


class PersonForm(forms.Form):
    """Who to add: found by email address, or a new account if nobody has that address."""

    email = forms.EmailField(
        label="Email address",
        help_text="If this person already has an account, they are found by this address.",
    )
    first_name = forms.CharField(
        max_length=150, required=False, help_text="Needed only for someone who does not have an account yet."
    )
    last_name = forms.CharField(
        max_length=150, required=False, help_text="Needed only for someone who does not have an account yet."
    )


class AreaMemberAddForm(PersonForm):
    role = forms.ChoiceField(
        choices=[(Role.AREA_MEMBER.value, Role.AREA_MEMBER.label), (Role.AREA_LEAD.value, Role.AREA_LEAD.label)],
        widget=forms.RadioSelect,
        initial=Role.AREA_MEMBER,
        help_text="A lead also manages the area's members and signs off stage changes and quarterly returns.",
    )


class AreaMemberRoleForm(forms.Form):
    role = forms.ChoiceField(
        choices=[(Role.AREA_MEMBER.value, Role.AREA_MEMBER.label), (Role.AREA_LEAD.value, Role.AREA_LEAD.label)],
        widget=forms.RadioSelect,
    )


class NationalPersonAddForm(PersonForm):
    role = forms.ChoiceField(
        choices=[
            (Role.CELCIS.value, Role.CELCIS.label),
            (Role.NATIONAL_VIEWER.value, Role.NATIONAL_VIEWER.label),
            (Role.COMMUNITY_MEMBER.value, Role.COMMUNITY_MEMBER.label),
        ],
        widget=forms.RadioSelect,
        help_text="National viewers read every area and published reports and write nothing. Community of "
        "Practice members see only the Community of Practice.",
    )
    area = forms.ModelChoiceField(
        queryset=LocalArea.objects.all(),
        required=False,
        label="Area they come from",
        help_text="For Community of Practice members only; it grants no access to the area's records.",
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("area") and cleaned.get("role") != Role.COMMUNITY_MEMBER:
            self.add_error("area", "Only Community of Practice members have an area here; leave it empty.")
        return cleaned


class AreaFilterForm(FilterForm):
    q = forms.CharField(
        label="Name contains", required=False, max_length=100, widget=forms.TextInput(attrs={"type": "search"})
    )
    programme = forms.ChoiceField(
        label="Show",
        required=False,
        choices=[("", "All areas"), ("yes", "Programme areas"), ("no", "Areas not in the programme")],
    )


class NationalRoleFilterForm(FilterForm):
    role = forms.ChoiceField(
        label="Role",
        required=False,
        choices=[("", "All national roles")] + [(r.value, r.label) for r in Role if r in NATIONAL_ROLES],
    )
