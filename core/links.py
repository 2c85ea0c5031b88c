"""Links that leave the portal (in emails): every one is built from the PORTAL_URL setting."""

from django.conf import settings


def absolute_url(path: str) -> str:
    """`/areas/dundee/` → `https://portal.example.org/areas/dundee/` (PORTAL_URL + path)."""
    return settings.PORTAL_URL.rstrip("/") + path
