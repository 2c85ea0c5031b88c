"""System checks for settings the portal cannot run well without in production."""

from urllib.parse import urlparse

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def portal_url_check(app_configs, **kwargs):
    """PORTAL_URL builds every link in an email: required, absolute, and https in production."""
    url = getattr(settings, "PORTAL_URL", "")
    parsed = urlparse(url)
    if not url:
        return [
            Error(
                "PORTAL_URL is not set, so links in emails would not work.",
                hint="Set the PORTAL_URL environment variable to the portal's address, e.g. https://portal.example.org",
                id="core.E001",
            )
        ]
    if parsed.scheme != "https" or not parsed.netloc:
        return [
            Error(
                f"PORTAL_URL must be the portal's https address, not {url!r}.",
                hint="For example https://portal.example.org",
                id="core.E002",
            )
        ]
    return []


@register(deploy=True)
def visibility_timeout_check(app_configs, **kwargs):
    """A broker that hands a task out again while it still runs would run it twice."""
    longest = getattr(settings, "REPORT_TIME_LIMIT_SECONDS", 0) + 30
    timeout = settings.CELERY_VISIBILITY_TIMEOUT
    if getattr(settings, "REDIS_URL", "") and timeout <= longest:
        return [
            Error(
                f"CELERY_VISIBILITY_TIMEOUT ({timeout} s) is not longer than the longest "
                f"task may run ({longest} s), so Redis would hand a running report build to a second worker.",
                hint="Set CELERY_VISIBILITY_TIMEOUT above REPORT_TIME_LIMIT_SECONDS + 30 (the default is 3600).",
                id="core.E003",
            )
        ]
    return []
