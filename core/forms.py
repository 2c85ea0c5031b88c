"""Form pieces every app shares."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join

from . import freshness


class QuickSelect(forms.Select):
    """A drop-down written out in Python, with Django's markup. Django's own renders a template per
    option, which for a filter offering every member of a large area costs more than the rest of the
    page. Option groups are left to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        if any(group_name is not None for group_name, _options, _index in widget["optgroups"]):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class FilterForm(forms.Form):
    """The filters above a list (shown by `core/_filter_form.html`): every field optional, styled
    for Bootstrap, labels written out by the template, drop-downs written quickly (`QuickSelect`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            if type(field.widget) is forms.Select:
                # A model choice field hands its choices to whichever widget it has when its queryset is set.
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            field.widget.is_required = False
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")


def kept_choices(field, key: str, area_ids) -> None:
    """Give a filter's record drop-down its options, read and labelled once and kept until a record
    of these areas changes (`core.freshness`), rather than on every request. A chosen value is still
    checked against the field's queryset (one query, only when a choice is made)."""
    options = freshness.cached(
        key, area_ids, lambda: [(row.pk, field.label_from_instance(row)) for row in field.queryset]
    )
    field.widget.choices = [("", field.empty_label), *options]


def add_rule_errors(form, errors) -> None:
    """Put what a rule found ({field: message}, or a service's ValidationError) on the form, so that it
    shows in the same round as the field checks (issue 15: every mistake at once).

    A finding goes at its field unless the field already has an error of its own (the typed value
    failed its own check first, and one message per field is enough); anything not about a field
    of this form goes at the top."""
    if isinstance(errors, ValidationError):
        errors = errors.error_dict if hasattr(errors, "error_dict") else {NON_FIELD_ERRORS: errors.error_list}
    failed = set(form.errors)
    for name, found in errors.items():
        for message in found if isinstance(found, list) else [found]:
            if name in form.fields:
                if name not in failed:
                    form.add_error(name, message)
            else:
                form.add_error(None, message)


def check_with(form, rule, *args, **kwargs) -> None:
    """Run a service's check that raises ValidationError (`no_future(day, "held_on")`, say) as part of
    the form's clean(), its findings added by `add_rule_errors`."""
    try:
        rule(*args, **kwargs)
    except ValidationError as error:
        add_rule_errors(form, error)


CHOOSE = "Choose…"
NONE = "None"
WHOLE_NUMBER = "Enter a whole number, like 12."
NUMBER = "Enter a number, like 2.5."
TOO_LONG = "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d)."


def _prompt(field) -> None:
    """A drop-down starts on "Choose…" when a choice is required, and offers "None" when it is not."""
    label = CHOOSE if field.required else NONE
    if isinstance(field, forms.ModelChoiceField):
        # A form that removed the blank on purpose (one area to choose from, say) keeps it that way.
        if field.empty_label is not None:
            field.empty_label = label
        return
    choices = list(field.choices)
    if choices and choices[0][0] in ("", None):
        choices[0] = ("", label)
    else:
        choices.insert(0, ("", label))
    field.choices = choices


def _plain_number(field) -> None:
    """A number typed as text reaches the server (a browser's number box would send nothing for
    "twelve", which then read as "This field is required"); the message says what is wanted."""
    whole = not isinstance(field, forms.DecimalField | forms.FloatField)  # both subclass IntegerField
    if isinstance(field.widget, forms.NumberInput):
        attrs = {k: v for k, v in field.widget.attrs.items() if k not in ("step",)}
        attrs["inputmode"] = "numeric" if whole else "decimal"
        field.widget = forms.TextInput(attrs=attrs)
    default = type(field).default_error_messages.get("invalid")
    if field.error_messages.get("invalid") in (default, forms.IntegerField.default_error_messages["invalid"]):
        field.error_messages["invalid"] = WHOLE_NUMBER if whole else NUMBER  # a form's own message is kept


def _named_limit(field) -> None:
    """No silent cut at the limit: the browser does not truncate, a counter shows the limit
    (static/js/portal.js) and the server names it."""
    limit = field.max_length
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-maxlength"] = str(limit)
    for validator in field.validators:
        if isinstance(validator, MaxLengthValidator):
            validator.message = TOO_LONG
    hint = f"Up to {limit:,} characters."
    if hint not in (field.help_text or ""):
        field.help_text = f"{field.help_text} {hint}".strip() if field.help_text else hint


def polish(form, *, creating: bool = False) -> None:
    """What every form page's fields do the same way (called by core.views.ServiceFormMixin).

    `creating`: the form makes a new record, so a required drop-down's model default is not
    pre-chosen for the person (they choose it, or the form says it is needed).
    """
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, forms.ChoiceField | forms.ModelChoiceField) and type(widget) is forms.Select:
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is None:
                continue  # the form offers no blank on purpose
            _prompt(field)
            if creating and field.required and not form.is_bound and name not in getattr(form, "keep_initial", ()):
                form.initial.pop(name, None)
                field.initial = None
        elif isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField):
            _plain_number(field)
        elif isinstance(field, forms.CharField) and field.max_length and not isinstance(widget, forms.HiddenInput):
            _named_limit(field)
