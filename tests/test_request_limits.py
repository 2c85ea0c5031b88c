"""Request bodies over the limit are refused with a 413 page before anything reads them."""

import pytest
from django.conf import settings as live_settings
from django.urls import reverse

MB = 1024 * 1024


class UnreadableBody:
    """A request body that fails the test if anything tries to read it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the request body was read")

    readline = read


@pytest.fixture
def small_limit(settings):
    settings.MAX_REQUEST_BYTES = 2 * MB
    return settings


def _post(client, url, *, length, **extra):
    return client.generic(
        "POST",
        url,
        b"",
        "application/x-www-form-urlencoded",
        **{"wsgi.input": UnreadableBody()},
        CONTENT_LENGTH=str(length),
        **extra,
    )


def test_the_default_limit_is_just_over_the_largest_upload():
    assert 10 * MB < live_settings.MAX_REQUEST_BYTES <= 12 * MB
    # Form fields other than files stay well below it, and larger files are streamed to disk.
    assert live_settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= live_settings.MAX_REQUEST_BYTES
    assert live_settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= live_settings.MAX_REQUEST_BYTES


def test_a_body_over_the_limit_is_refused_unread_with_a_413_page(client, small_limit, db):
    response = _post(client, reverse("login"), length=2 * MB + 1)
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent is too large" in page
    assert "at most 2.0\xa0MB in one go" in page
    assert "Addressing Neglect portal" in page  # in the site's layout


def test_a_signed_in_user_sees_the_413_page_with_their_navigation(client_for, member, dundee, small_limit):
    response = _post(client_for(member), reverse("home"), length=50 * MB)
    assert response.status_code == 413
    page = response.content.decode()
    assert dundee.get_absolute_url() in page and "Sign out" in page


def test_a_body_within_the_limit_goes_through(client, small_limit, member):
    response = client.post(reverse("login"), {"username": member.username, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_a_body_without_a_length_is_refused_unread(client, db):
    response = client.generic(
        "POST",
        reverse("login"),
        b"",
        "application/x-www-form-urlencoded",
        **{"wsgi.input": UnreadableBody()},
        HTTP_TRANSFER_ENCODING="chunked",
    )
    assert response.status_code == 411
    assert "could not tell how much you were sending" in response.content.decode()


def test_a_nonsense_length_is_a_bad_request(client, db):
    assert _post(client, reverse("login"), length="lots").status_code == 400
