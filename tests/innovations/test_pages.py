"""Every innovations page renders with the demo data behind it, for a lead and for a national viewer,
with no inline styles or scripts (the content security policy forbids them)."""

import re

import pytest

from areas.models import User
from innovations import urls as innovation_urls
from tests.innovations.access_rows import ROWS
from tests.innovations.pages import (
    ACTIONS,
    PROFILE,
    REGISTER,
    SCALE_AND_EXPLORATION,
    STAGE_AND_FIDELITY,
    page_urls,
    seed_demo,
)


@pytest.fixture
def urls(db):
    seed_demo()
    return page_urls()


def test_every_page_renders_for_a_lead_without_inline_styles_or_scripts(client, urls):
    client.force_login(User.objects.get(username="dundee-lead"))
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        html = response.content.decode()
        assert " style=" not in html, name
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), name
        assert html.count("<h1") == 1, name


def test_a_national_viewer_reads_every_page_and_is_offered_no_changes(client, urls):
    client.force_login(User.objects.get(username="viewer"))
    for name, url in urls.items():
        expected = ROWS[f"innovations:{name}"].get["viewer"]
        response = client.get(url)
        assert response.status_code == expected, name
        if expected == 200:
            html = response.content.decode()
            assert "btn btn-primary" not in html, name
            assert "/edit/" not in html and "/new/" not in html, name


def test_the_browser_tests_visit_every_page():
    pages = {pattern.name for pattern in innovation_urls.urlpatterns} - ACTIONS
    assert pages == set(REGISTER + PROFILE + STAGE_AND_FIDELITY + SCALE_AND_EXPLORATION)
