"""Fuzzing every page that takes a POST: generated bad input never gives a 500, and a refused form
saves nothing.

For every URL in the access matrix that accepts a POST, a user allowed to write there opens the page
and Hypothesis posts generated input built from the page's own form: very long strings, control
characters and other scripts, negative and huge numbers, impossible and far-future dates, wrong
types, missing and extra fields, duplicated values — mixed with the form's own valid values so the
checks behind the first error are reached too. Pages without a form (buttons) get the same junk.
Every answer must be below 500; whenever the form comes back with errors, or the request is refused,
no table (history included) has gained or lost a row.

Bounded for CI: FUZZ_EXAMPLES examples per page (default 6; set the environment variable to search
harder locally), no deadline, no example database.
"""

import os

import pytest
from django.forms import BaseForm
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.access import OK
from tests.areas.test_access_matrix import MATRIX, url_kwargs
from tests.test_safe_methods import _row_counts

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))

# Who tries each page: the first of these the matrix lets post there.
WRITERS = ("lead", "member", "celcis", "community")

NASTY = [
    "x" * 6000,
    "\u202eevil\u202c",
    "\x01\x02\x1b[31m",
    "null\x00byte",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    "Ω≈ç√∫˜µ≤≥÷ 田中さんにあげて下さい ثم نفس سقطت",
    "🏴󠁧󠁢󠁳󠁣󠁴󠁿 👨‍👩‍👧",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "1.5",
    "twelve",
    "0",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "31/12/99999",
    "2026-13-01",
    "yesterday",
    "",
    " ",
    "true",
    "[]",
    "{}",
]

_value = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def _writer(row):
    return next((user for user in WRITERS if row.post.get(user) == OK), None)


POST_PAGES = sorted(name for name, row in MATRIX.items() if row.post is not None and _writer(row) is not None)


def _form_in(response):
    context = getattr(response, "context", None) or {}
    form = context.get("form") if hasattr(context, "get") else None
    return form if isinstance(form, BaseForm) else None


def _valid_values(form) -> dict:
    """What the page would post untouched: each field's current value."""
    values = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        values[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return values


def _payloads(field_names, valid):
    """A dict of field → value, list of values (duplicated) or absent, plus extra fields."""
    choice = st.one_of(
        st.just(None),  # absent
        _value,
        st.lists(_value, min_size=2, max_size=3),  # duplicated
        *([st.just("__valid__")] if valid else []),
    )
    fields = st.fixed_dictionaries(dict.fromkeys(field_names, choice))
    extra = st.dictionaries(
        st.sampled_from(["unexpected", "version", "id", "pk", "area", "status"]), _value, max_size=2
    )
    return st.tuples(fields, extra)


def _build(fields, extra, valid):
    data = {}
    for name, value in fields.items():
        if value is None:
            continue
        data[name] = valid.get(name, "") if value == "__valid__" else value
    data.update(extra)
    return data


def _refused(response) -> bool:
    if response.status_code >= 400:
        return True
    form = _form_in(response)
    return response.status_code == 200 and form is not None and bool(form.errors)


@pytest.mark.parametrize("name", POST_PAGES)
def test_bad_input_never_gives_a_500_and_a_refusal_saves_nothing(client, request, dundee, inverclyde, name):
    row = MATRIX[name]
    user = request.getfixturevalue(_writer(row))
    client.force_login(user)
    url = reverse(name, kwargs=url_kwargs(row.kwargs, dundee))
    page = client.get(url) if row.get is not None else None
    form = _form_in(page) if page is not None and page.status_code == 200 else None
    field_names = sorted(form.fields) if form is not None else ["unexpected"]
    valid = _valid_values(form) if form is not None else {}

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(_payloads(field_names, valid))
    def post_generated(payload):
        data = _build(*payload, valid)
        before = _row_counts()
        response = client.post(url, data)
        assert response.status_code < 500, f"POST {url} {data!r:.500} gave {response.status_code}"
        if _refused(response):
            after = _row_counts()
            changed = {label: after[label] - before[label] for label in after if after[label] != before[label]}
            assert not changed, f"POST {url} was refused ({response.status_code}) but changed rows {changed}"

    post_generated()
