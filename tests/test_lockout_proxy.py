"""Sign-in lockouts behind the load balancer: keyed on the real client's address, as the proxy reports
it in X-Forwarded-For, and limited per address across user names."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

LOAD_BALANCER = "10.0.0.5"  # every request reaches the portal from here
ATTACKER = "198.51.100.66"
COLLEAGUE = "203.0.113.10"


@pytest.fixture
def behind_proxy(settings):
    """As deployed: one load balancer in front, which appends the client's address to X-Forwarded-For."""
    settings.BEHIND_PROXY = True
    settings.PROXY_COUNT = 1
    return settings


def _client(forwarded_for, remote_addr=LOAD_BALANCER):
    headers = {"REMOTE_ADDR": remote_addr}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client(**headers)


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def _signed_in(response, client):
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_failures_from_one_address_do_not_lock_the_account_for_another(behind_proxy, member):
    attacker = _client(ATTACKER)
    for _ in range(5):
        _sign_in(attacker, member.username, "wrong")
    assert _sign_in(attacker, member.username, PASSWORD).status_code == 429

    colleague = _client(COLLEAGUE)
    response = _sign_in(colleague, member.username, PASSWORD)
    assert _signed_in(response, colleague)


def test_the_address_is_the_one_the_load_balancer_saw_not_the_load_balancers_own(behind_proxy, member):
    for _ in range(5):
        _sign_in(_client(ATTACKER), member.username, "wrong")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}


def test_a_spoofed_forwarded_for_entry_does_not_escape_the_lockout(behind_proxy, member):
    # The attacker writes a different address of their own each time; the load balancer appends the real one.
    for n in range(5):
        _sign_in(_client(f"192.0.2.{n + 1}, {ATTACKER}"), member.username, "wrong")
    response = _sign_in(_client(f"192.0.2.99, {ATTACKER}"), member.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()


def test_a_spoofed_colleagues_address_cannot_lock_the_colleague_out(behind_proxy, member):
    for _ in range(5):
        _sign_in(_client(f"{COLLEAGUE}, {ATTACKER}"), member.username, "wrong")
    colleague = _client(COLLEAGUE)
    assert _signed_in(_sign_in(colleague, member.username, PASSWORD), colleague)


def test_the_right_password_during_a_lockout_does_not_make_it_longer(behind_proxy, member):
    attacker = _client(ATTACKER)
    for _ in range(5):
        _sign_in(attacker, member.username, "wrong")
    locked_at = AccessAttempt.objects.get().attempt_time
    assert _sign_in(attacker, member.username, PASSWORD).status_code == 429
    assert _sign_in(attacker, member.username, "wrong again").status_code == 429
    attempt = AccessAttempt.objects.get()
    assert (attempt.attempt_time, attempt.failures_since_start) == (locked_at, 5)


def test_one_address_trying_many_user_names_is_locked_out_by_address(behind_proxy, member):
    behind_proxy.AXES_ADDRESS_FAILURE_LIMIT = 6
    attacker = _client(ATTACKER)
    responses = []
    for n in range(3):
        victim = UserFactory(username=f"t-victim-{n}")
        for _ in range(2):  # below the per-account limit of five
            responses.append(_sign_in(attacker, victim.username, "wrong").status_code)
    assert responses == [200] * 5 + [429]
    # Six wrong passwords from this address in all: even a real account's right password is refused from it.
    response = _sign_in(attacker, member.username, PASSWORD)
    assert response.status_code == 429 and "_auth_user_id" not in attacker.session

    colleague = _client(COLLEAGUE)
    assert _signed_in(_sign_in(colleague, member.username, PASSWORD), colleague)


def test_without_the_proxy_setting_forwarded_for_is_ignored(settings, member):
    settings.BEHIND_PROXY = False
    # Someone talking to the portal directly cannot choose their address by writing the header.
    for n in range(5):
        _sign_in(_client(f"192.0.2.{n + 1}", remote_addr=ATTACKER), member.username, "wrong")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER}
    assert _sign_in(_client("192.0.2.50", remote_addr=ATTACKER), member.username, PASSWORD).status_code == 429


def test_two_proxies_take_the_address_the_outer_one_saw(behind_proxy, member):
    behind_proxy.PROXY_COUNT = 2
    # Client's own spoof, then the outer proxy's entry (the client), then the inner proxy's (the outer proxy).
    _sign_in(_client(f"192.0.2.1, {ATTACKER}, 10.0.0.9"), member.username, "wrong")
    assert AccessAttempt.objects.get().ip_address == ATTACKER


def test_a_request_that_bypassed_the_proxy_counts_against_its_own_address(behind_proxy, member):
    _sign_in(_client(None, remote_addr=ATTACKER), member.username, "wrong")
    _sign_in(_client("not-an-address", remote_addr=COLLEAGUE), member.username, "wrong")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ATTACKER, COLLEAGUE}
