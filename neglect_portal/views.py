"""Project-level views: the health check and the page that says why something is not allowed."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any failure means "not answering" to a load balancer
        logger.exception("Health check: database did not answer")
        return "unavailable"
    return "ok"


def _broker_state() -> str:
    if not settings.REDIS_URL:
        return "in-process"
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError:
        logger.warning("Health check: Redis did not answer", exc_info=True)
        return "unavailable"
    return "ok"


@never_cache
@require_GET
def healthz(request):
    """200 with {"database": "ok", ...} while the database answers; 503 when it does not.

    The broker's state is reported but does not fail the check: pages still work without it.
    """
    state = {"database": _database_state(), "broker": _broker_state()}
    return JsonResponse(state, status=200 if state["database"] == "ok" else 503)


def _refusal_for(request) -> str:
    """Why this person may not do this, in their own terms."""
    from areas.access import access_for

    user = request.user
    if not user.is_authenticated:
        return "You need to sign in to do this."
    access = access_for(request)
    if access.is_national_viewer and not access.is_celcis:
        return (
            "National viewers read every area's records and the national pages but do not change them. "
            "If something here looks wrong, tell CELCIS."
        )
    if access.own_areas:
        return (
            "Your role in this area does not include this. Some steps are for the area lead (signing off "
            "stage changes and returns, managing members) and some for CELCIS (reviewing returns, "
            "publishing). If you need it done, ask your area lead or CELCIS."
        )
    if access.can_see_community:
        return "Your account takes part in the Community of Practice; it does not change programme records."
    return "Your account has no role that allows this yet. Ask CELCIS if you think it should."


def permission_denied(request, exception=None):
    """The 403 page: why, in the reader's own terms, and a way back to where they were."""
    referer = request.headers.get("Referer", "")
    same_site = url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}, require_https=False)
    back = referer if referer and same_site and referer != request.build_absolute_uri() else ""
    return render(request, "403.html", {"refusal": _refusal_for(request), "back_url": back}, status=403)
