"""The settings refuse nonsense, and a production configuration passes Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from neglect_portal.settings import email_settings, env_bool, env_int

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "PORTAL_URL"}
    environment.update(DJANGO_SETTINGS_MODULE="neglect_portal.settings", **env)
    return subprocess.run(  # noqa: S603 -- our own manage.py with fixed arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_portal_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = _manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_deploy_checks_are_clean_with_debug_off():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-like-secret-key-that-is-long-and-random-7f3a9c1e5b2d8f4a6c0e",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
        PORTAL_URL="https://portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_checks_fail_without_the_portal_url():
    result = _manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-production-like-secret-key-that-is-long-and-random-7f3a9c1e5b2d8f4a6c0e",
        DJANGO_ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "PORTAL_URL is not set" in result.stderr


def test_seed_demo_refuses_to_run_with_debug_off():
    result = _manage("seed_demo", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "refuses to run with DJANGO_DEBUG off" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2", "tru"])
def test_a_yes_no_setting_refuses_nonsense(monkeypatch, value):
    monkeypatch.setenv("SOME_FLAG", value)
    with pytest.raises(ImproperlyConfigured):
        env_bool("SOME_FLAG", False)


def test_a_number_setting_refuses_nonsense_and_too_small_values(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("SOME_NUMBER", 1, minimum=0)


def test_email_url_is_understood():
    settings = email_settings("smtp://mailer:s%40cret@smtp.example.org:587?tls=1")
    assert settings["EMAIL_HOST"] == "smtp.example.org"
    assert settings["EMAIL_PORT"] == 587
    assert settings["EMAIL_HOST_PASSWORD"] == "s@cret"
    assert settings["EMAIL_USE_TLS"] is True
    assert email_settings("")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    with pytest.raises(ImproperlyConfigured):
        email_settings("ftp://nope")


def test_a_bad_redis_url_is_refused():
    result = _manage("check", DJANGO_DEBUG="1", REDIS_URL="localhost:6379")
    assert result.returncode != 0
    assert "REDIS_URL must start with" in result.stderr
