"""Signing in and out, wrong passwords, lockouts and CSRF."""

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def test_wrong_password_shows_an_error_and_keeps_the_username(client, member):
    response = client.post(reverse("login"), {"username": member.username, "password": "wrong"})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Please enter a correct username and password" in content
    assert f'value="{member.username}"' in content


def test_right_password_signs_in_and_lands_on_the_home_page_with_the_way_to_the_area(client, member, dundee):
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("home")  # their to-do list
    assert response.status_code == 200
    assert reverse("areas:overview", args=[dundee.slug]) in response.content.decode()


def test_five_wrong_passwords_lock_the_account_even_for_the_right_password(client, member):
    for _ in range(5):
        client.post(reverse("login"), {"username": member.username, "password": "wrong"})
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post(client_for, member):
    client = client_for(member)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302 and "_auth_user_id" not in client.session


def test_csrf_is_enforced_on_writes(lead, dundee):
    client = Client(enforce_csrf_checks=True)
    client.force_login(lead)
    response = client.post(
        reverse("areas:member_add", args=[dundee.slug]), {"email": "a@example.org", "role": "member"}
    )
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()


def test_pages_need_sign_in(client, dundee):
    response = client.get(reverse("areas:overview", args=[dundee.slug]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
