"""The one free-text guard: nothing typed into the portal may identify a child or family.

The portal holds aggregate, programme-level records only. Every form page checks the text people
type (`ServiceFormMixin` calls `check_form` before its service runs; pages that save in the
background call it too):

- what looks like a **CHI number** (ten digits whose first six are a valid date, DDMMYY, with or
  without a space or hyphen after the sixth digit) is refused — there is no reason to type one here;
- what looks like a **date of birth** ("DOB 3/4/2019", "born on 3 April 2019") or a **full postcode
  with a house number** ("14 Hilltown Terrace, DD3 7AH") gives a warning: the page explains why and
  the person saves again after ticking "I have checked", because such text can be innocent (an
  event's venue, say).

Nothing is saved while a refusal or an unacknowledged warning stands, and what was typed stays in
the form.
"""

from __future__ import annotations

import datetime
import re

from django import forms

ACKNOWLEDGE_FIELD = "privacy_checked"
ACKNOWLEDGE_LABEL = (
    "I have checked: this text does not identify a child, a family or anyone they live with, so save it as it is."
)

CHI_MESSAGE = (
    "This looks like a CHI number (ten digits starting with a date of birth). The portal must never "
    "hold anything that identifies a child or family: remove it. If it is another kind of number, "
    "write it differently (for example with its own label)."
)
BIRTH_DATE_WARNING = (
    "This looks like a date of birth. Records here must not identify a child or family: remove it, "
    "or tick “I have checked” and save again if it identifies nobody."
)
ADDRESS_WARNING = (
    "This looks like a home address (a house number with a full postcode). Records here must not "
    "identify a child or family: remove it, or tick “I have checked” and save again if it is not a "
    "family's address (an event's venue, say)."
)

_CHI = re.compile(r"(?<![\d/.-])(\d{2})(\d{2})(\d{2})[ -]?(\d{4})(?![\d/.-])")
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NUMERIC_DATE = r"\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}"
_DATE = rf"(?:{_NUMERIC_DATE}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+\d{{2,4}})"
_BIRTH_DATE = re.compile(
    rf"\b(?:d\.?\s?o\.?\s?b\b\.?|date\s+of\s+birth\b|birth\s*date\b|born(?:\s+on)?\b)\W{{0,6}}{_DATE}", re.IGNORECASE
)
_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE)
_HOUSE_NUMBER = re.compile(r"(?:\bflat\s+\d|\b\d{1,4}[a-z]?(?:\s*/\s*\d{1,3})?,?\s+[a-z][a-z'-]+\s)", re.IGNORECASE)


def _is_ddmmyy(day: str, month: str, year: str) -> bool:
    for century in (2000, 1900):
        try:
            datetime.date(century + int(year), int(month), int(day))
        except ValueError:
            continue
        return True
    return False


def looks_like_chi(text: str) -> bool:
    """Ten digits whose first six are a valid DDMMYY date."""
    return any(_is_ddmmyy(*match.groups()[:3]) for match in _CHI.finditer(text))


def looks_like_birth_date(text: str) -> bool:
    """A date introduced as a date of birth."""
    return bool(_BIRTH_DATE.search(text))


def looks_like_home_address(text: str) -> bool:
    """A full postcode with a house number shortly before it."""
    for match in _POSTCODE.finditer(text):
        before = text[max(0, match.start() - 80) : match.start()]
        if _HOUSE_NUMBER.search(before + " "):
            return True
    return False


def refusal(text: str) -> str:
    """Why this text cannot be saved at all ("" if it can)."""
    return CHI_MESSAGE if looks_like_chi(text) else ""


def warning(text: str) -> str:
    """Why this text should be looked at again before it is saved ("" if nothing)."""
    if looks_like_birth_date(text):
        return BIRTH_DATE_WARNING
    if looks_like_home_address(text):
        return ADDRESS_WARNING
    return ""


_NOT_FREE_TEXT = (forms.EmailField, forms.URLField, forms.SlugField, forms.GenericIPAddressField, forms.UUIDField)


def free_text_fields(form) -> list[str]:
    """The names of the form's fields where people type words (not choices, emails, links, passwords)."""
    names = []
    for name, field in form.fields.items():
        if not isinstance(field, forms.CharField) or isinstance(field, _NOT_FREE_TEXT):
            continue
        if isinstance(field.widget, (forms.PasswordInput, forms.HiddenInput)):
            continue
        names.append(name)
    return names


def acknowledged(form) -> bool:
    return bool(form.data.get(ACKNOWLEDGE_FIELD)) if form.is_bound else False


def check_form(form) -> bool:
    """Check a valid form's free text; put refusals and warnings on the fields. True when it may be saved.

    A form with a warning the person has not yet acknowledged gets `privacy_warning` (the box's label), which
    makes the error summary (templates/core/_error_summary.html) show the "I have checked" box.
    """
    cleaned = getattr(form, "cleaned_data", {}) or {}
    may_save = True
    for name in free_text_fields(form):
        value = cleaned.get(name)
        if not isinstance(value, str) or not value:
            continue
        if message := refusal(value):
            form.add_error(name, message)
            may_save = False
        elif (message := warning(value)) and not acknowledged(form):
            form.add_error(name, message)
            form.privacy_warning = ACKNOWLEDGE_LABEL
            may_save = False
    return may_save
