"""The one free-text guard (core.privacy): CHI numbers refused; dates of birth and home addresses warned
about, saved only once the person ticks "I have checked"; every form page goes through it."""

import pytest
from django import forms
from django.contrib.auth.views import LoginView, PasswordChangeView, PasswordResetConfirmView, PasswordResetView
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.views.generic.edit import FormMixin

from core import privacy
from core.views import ServiceFormMixin
from reports.models import QuarterlyReturn
from tests.reports.factories import QuarterlyReturnFactory


@pytest.mark.parametrize(
    "text",
    [
        "Child 0101151234 was seen",
        "CHI 290200 1234",  # 29 Feb 2000
        "ref 311299-1234",
        "1203121234",
    ],
)
def test_what_looks_like_a_chi_number_is_refused(text):
    assert privacy.looks_like_chi(text)
    assert privacy.refusal(text) == privacy.CHI_MESSAGE


@pytest.mark.parametrize(
    "text",
    [
        "3200151234 is not a date",  # day 32
        "0113151234",  # month 13
        "2902011234",  # 29 Feb 2001 and 1901: no such day
        "Budget 12345678901 pounds",  # eleven digits
        "Phone 01382 123456",  # a landline: 0138 2123456 is not DDMMYY-shaped as ten joined digits
        "Reviewed 01/01/2015 1234 times",
        "",
    ],
)
def test_other_numbers_are_not_taken_for_chi_numbers(text):
    assert not privacy.looks_like_chi(text)


@pytest.mark.parametrize(
    "text",
    ["DOB 3/4/2019", "d.o.b. 03.04.19", "Date of birth: 3 April 2019", "born on 3rd Apr 2019", "Birthdate 1-2-2020"],
)
def test_a_date_of_birth_is_warned_about(text):
    assert privacy.looks_like_birth_date(text)
    assert privacy.warning(text) == privacy.BIRTH_DATE_WARNING


@pytest.mark.parametrize("text", ["Met on 3/4/2019", "Born out of the 2019 review", "doberman 3/4/2019"])
def test_other_dates_are_not_dates_of_birth(text):
    assert not privacy.looks_like_birth_date(text)


@pytest.mark.parametrize(
    "text",
    ["Family at 14 Hilltown Terrace, DD3 7AH", "Flat 2/1, 7 Main Street PA15 1AB", "lives at 3 Brook St g1 1aa"],
)
def test_a_house_number_with_a_full_postcode_is_warned_about(text):
    assert privacy.looks_like_home_address(text)
    assert privacy.warning(text) == privacy.ADDRESS_WARNING


@pytest.mark.parametrize("text", ["Postcode area DD3", "Dundee DD3 7AH", "Team of 14 people met in DD3"])
def test_a_postcode_alone_or_a_district_is_not_an_address(text):
    assert not privacy.looks_like_home_address(text)


class _Form(forms.Form):
    title = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea, required=False)
    email = forms.EmailField(required=False)
    choice = forms.ChoiceField(choices=[("0101151234", "odd but a choice")], required=False)


def _checked(data):
    form = _Form(data)
    assert form.is_valid(), form.errors
    return form, privacy.check_form(form)


def test_check_form_puts_each_refusal_at_its_field_and_skips_choices_and_emails():
    form, may_save = _checked({"title": "Plan", "notes": "CHI 0101151234", "choice": "0101151234"})
    assert not may_save
    assert form.errors == {"notes": [privacy.CHI_MESSAGE]}


def test_a_warning_holds_the_save_until_acknowledged_and_a_refusal_even_then():
    form, may_save = _checked({"title": "Visit", "notes": "DOB 3/4/2019"})
    assert not may_save and form.privacy_warning == privacy.ACKNOWLEDGE_LABEL
    assert form.errors == {"notes": [privacy.BIRTH_DATE_WARNING]}
    form, may_save = _checked({"title": "Visit", "notes": "DOB 3/4/2019", privacy.ACKNOWLEDGE_FIELD: "1"})
    assert may_save and not form.errors
    form, may_save = _checked({"title": "0101151234", "notes": "", privacy.ACKNOWLEDGE_FIELD: "1"})
    assert not may_save and form.errors == {"title": [privacy.CHI_MESSAGE]}


def _return_edit(client, lead, dundee, narrative, **extra):
    quarterly_return = QuarterlyReturnFactory(area=dundee)
    client.force_login(lead)
    url = reverse("reports:return_edit", args=[dundee.slug, quarterly_return.slug])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    data.update({"progress": narrative, **extra})
    return quarterly_return, url, data


def test_a_form_page_refuses_a_chi_number_saving_nothing_and_keeping_the_words(client, lead, dundee):
    quarterly_return, url, data = _return_edit(client, lead, dundee, "We saw 0101151234 today")
    response = client.post(url, data)
    assert response.status_code == 200
    assert privacy.CHI_MESSAGE in response.content.decode()
    assert "We saw 0101151234 today" in response.content.decode()
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).version == quarterly_return.version


def test_a_form_page_warns_then_saves_once_the_person_has_checked(client, lead, dundee):
    quarterly_return, url, data = _return_edit(client, lead, dundee, "Born on 3 April 2019, referred twice")
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200 and "This looks like a date of birth" in page
    assert 'name="privacy_checked"' in page
    assert QuarterlyReturn.objects.get(pk=quarterly_return.pk).version == quarterly_return.version
    response = client.post(url, {**data, privacy.ACKNOWLEDGE_FIELD: "1"})
    assert response.status_code == 302
    assert "Born on 3 April 2019" in QuarterlyReturn.objects.get(pk=quarterly_return.pk).progress


def test_a_background_save_is_checked_too(client, lead, dundee):
    quarterly_return, url, data = _return_edit(client, lead, dundee, "CHI 0101151234")
    response = client.post(url, data, headers={"X-Requested-With": "fetch"})
    assert response.status_code == 400
    assert response.json()["errors"]["progress"] == [privacy.CHI_MESSAGE]


# Form pages that take no free text: the sign-in and password pages, and choosing a meeting's team.
NO_FREE_TEXT = {LoginView, PasswordChangeView, PasswordResetView, PasswordResetConfirmView}
NO_FREE_TEXT_NAMES = {"MeetingStartView"}


def _views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                yield from _views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "view_class"):
            yield pattern.callback.view_class


def test_every_form_page_goes_through_the_guard():
    """A page that handles a form outside ServiceFormMixin would skip the guard: none may."""
    outside = set()
    for view in _views(get_resolver().url_patterns):
        handles_a_form = issubclass(view, FormMixin) or getattr(view, "form_class", None) is not None
        if not handles_a_form or issubclass(view, ServiceFormMixin):
            continue
        if view in NO_FREE_TEXT or view.__name__ in NO_FREE_TEXT_NAMES or issubclass(view, tuple(NO_FREE_TEXT)):
            continue
        outside.add(f"{view.__module__}.{view.__name__}")
    assert not outside, f"Form pages that do not go through ServiceFormMixin (and so core.privacy): {sorted(outside)}"
