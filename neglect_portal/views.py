"""Project-level views: the health check."""

import logging

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
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
