from django import forms

from .kinds import DELIVERY_CHOICES, all_kinds


class PreferencesForm(forms.Form):
    """One choice per kind of notification: straight away, in a daily email, or no email."""

    def __init__(self, *args, current: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in all_kinds():
            self.fields[kind.key] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                choices=DELIVERY_CHOICES,
                initial=current.get(kind.key, kind.default),
                widget=forms.RadioSelect,
            )
