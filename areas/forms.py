from django import forms

from core.forms import FilterForm, add_rule_errors
from core.locking import VersionedModelForm

from .models import NATIONAL_ROLES, LocalArea, Membership, Role, User


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


NAMES_NEEDED = "Give a first and last name for someone who does not have an account yet."


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

    def clean(self):
        cleaned = super().clean()
        # The service asks for the names only once every field is right; asked here too, so that every
        # mistake shows in one round.
        email = cleaned.get("email")
        names = ("first_name", "last_name")
        missing = [name for name in names if name not in self.errors and not (cleaned.get(name) or "").strip()]
        if email and missing and not User.objects.filter(email__iexact=email.strip()).exists():
            self.add_error(missing[0], NAMES_NEEDED)
        return cleaned


AREA_ROLE_CHOICES = [(role.value, role.label) for role in (Role.AREA_MEMBER, Role.AREA_LEAD, Role.AREA_VIEWER)]
AREA_ROLE_HELP = (
    "A lead also manages the area's members and signs off stage changes and quarterly returns. An area viewer "
    "(a Child Protection Committee member, chief officer, senior manager or elected member) reads the area's "
    "records, accepted returns and area reports, and changes nothing."
)


class AreaMemberAddForm(PersonForm):
    role = forms.ChoiceField(
        choices=AREA_ROLE_CHOICES, widget=forms.RadioSelect, initial=Role.AREA_MEMBER, help_text=AREA_ROLE_HELP
    )


class AreaMemberRoleForm(forms.Form):
    role = forms.ChoiceField(choices=AREA_ROLE_CHOICES, widget=forms.RadioSelect, help_text=AREA_ROLE_HELP)


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


class SpecialistForm(forms.Form):
    """Which CELCIS member of staff supports the area."""

    user = forms.ModelChoiceField(
        label="CELCIS specialist",
        queryset=User.objects.none(),
        help_text="The area appears first on their home page and on the national overview.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        celcis = Membership.objects.active().filter(role=Role.CELCIS).values("user_id")
        self.fields["user"].queryset = User.objects.filter(pk__in=celcis, is_active=True).order_by(
            "last_name", "first_name", "username"
        )


class AreaOnboardForm(VersionedModelForm):
    """Bringing a council into the programme: its details confirmed, and who leads it."""

    stale_what = "changes to this area's details"

    lead_email = forms.EmailField(
        label="Lead's email address",
        help_text="The area's first lead. Someone without an account gets one and an email with a link to choose "
        "a password; the link expires after a few days.",
    )
    lead_first_name = forms.CharField(
        label="Lead's first name", max_length=150, required=False, help_text="Needed for someone without an account."
    )
    lead_last_name = forms.CharField(
        label="Lead's last name", max_length=150, required=False, help_text="Needed for someone without an account."
    )

    class Meta:
        model = LocalArea
        fields = ["council", "health_board", "child_protection_committee", "date_joined", "notes"]
        widgets = {"date_joined": DateInput(), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date_joined"].required = True
        self.fields["date_joined"].help_text = "Its programme stage record starts at Exploration on this day."

    def clean(self):
        cleaned = super().clean()
        # The onboarding service's rules (the lead's names for a new account, no future date), so that
        # every mistake shows in one round.
        from .onboarding import onboard_errors

        errors = onboard_errors(
            self.instance,
            lead_email=cleaned.get("lead_email", ""),
            lead_first_name=cleaned.get("lead_first_name", ""),
            lead_last_name=cleaned.get("lead_last_name", ""),
            date_joined=cleaned.get("date_joined"),
        )
        add_rule_errors(self, errors)
        return cleaned
