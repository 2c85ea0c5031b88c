"""What every form page's fields do the same way (core.forms.polish, applied by ServiceFormMixin):
drop-downs start on "Choose…" (or offer "None"), numbers typed as text get a message saying what is
wanted, and long text names its limit instead of being cut by the browser."""

from django import forms
from django.urls import reverse

from community.models import Event
from core.forms import CHOOSE, NONE, NUMBER, WHOLE_NUMBER, polish


class _Form(forms.Form):
    kind = forms.ChoiceField(choices=[("a", "Apple"), ("b", "Banana")], initial="a")
    maybe = forms.ChoiceField(choices=[("", "---------"), ("x", "X")], required=False)
    count = forms.IntegerField(min_value=0)
    hours = forms.DecimalField(required=False)
    title = forms.CharField(max_length=20)


class _EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["kind"]


def test_required_choices_start_on_choose_and_optional_ones_offer_none():
    form = _Form()
    polish(form, creating=True)
    assert list(form.fields["kind"].choices)[0] == ("", CHOOSE)
    assert list(form.fields["maybe"].choices)[0] == ("", NONE)
    assert form["kind"].value() in (None, "")
    assert 'value="" selected' in str(form["kind"])


def test_a_new_records_model_default_is_not_chosen_for_the_person_but_an_edited_records_value_is_kept():
    assert _EventForm()["kind"].value() == Event._meta.get_field("kind").default  # Django pre-chooses it
    creating = _EventForm()
    polish(creating, creating=True)
    assert creating["kind"].value() in (None, "")
    other = [value for value, _ in Event._meta.get_field("kind").choices if value != creating.initial.get("kind")][-1]
    editing = _EventForm(instance=Event(kind=other, pk=1))
    polish(editing, creating=False)
    assert editing["kind"].value() == other


def test_numbers_typed_as_words_say_what_is_wanted():
    form = _Form({"kind": "a", "count": "twelve", "hours": "two", "title": "x"})
    polish(form)
    assert 'type="text"' in str(form["count"]) and 'inputmode="numeric"' in str(form["count"])
    assert 'inputmode="decimal"' in str(form["hours"])
    assert not form.is_valid()
    assert form.errors["count"] == [WHOLE_NUMBER]
    assert form.errors["hours"] == [NUMBER]


def test_long_text_is_not_cut_by_the_browser_and_the_server_names_the_limit():
    form = _Form({"kind": "a", "count": "1", "title": "y" * 5000})
    polish(form)
    rendered = str(form["title"])
    assert " maxlength=" not in rendered and 'data-maxlength="20"' in rendered
    assert "Up to 20 characters." in form.fields["title"].help_text
    assert not form.is_valid()
    assert form.errors["title"] == ["Keep this to 20 characters or fewer (it has 5000)."]


def test_a_form_page_starts_its_required_drop_downs_on_choose(client, member, dundee):
    client.force_login(member)
    page = client.get(reverse("stages:engagement_create", args=[dundee.slug])).content.decode()
    assert f'<option value="" selected>{CHOOSE}</option>' in page
    assert "Focus group</option>" in page and 'value="focus_group" selected' not in page


def test_the_403_page_speaks_to_a_national_viewer_and_links_back(client, viewer, dundee):
    client.force_login(viewer)
    came_from = "http://testserver" + reverse("areas:overview", args=[dundee.slug])
    response = client.get(reverse("stages:engagement_create", args=[dundee.slug]), headers={"Referer": came_from})
    page = response.content.decode()
    assert response.status_code == 403
    assert "National viewers read every area" in page and "ask your area lead" not in page
    assert f'href="{came_from}"' in page


def test_the_403_page_never_links_back_to_another_site(client, viewer, dundee):
    client.force_login(viewer)
    response = client.get(
        reverse("stages:engagement_create", args=[dundee.slug]), headers={"Referer": "https://evil.example/"}
    )
    assert response.status_code == 403 and "evil.example" not in response.content.decode()
