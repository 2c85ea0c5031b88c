"""Form pieces every app shares."""

from django import forms


class FilterForm(forms.Form):
    """The filters above a list (shown by `core/_filter_form.html`): every field optional, styled
    for Bootstrap, labels written out by the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs.setdefault("class", "form-select" if is_select else "form-control")
