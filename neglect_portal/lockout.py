"""Sign-in lockouts (django-axes): the real client address behind the load balancer, and a limit per
address across every user name.

Axes counts wrong passwords per user name *and* address (`AXES_LOCKOUT_PARAMETERS`), so a stranger
elsewhere cannot lock a colleague out. That alone would let one client try a few passwords on every
account, so the handler here also locks an address once its wrong passwords, summed over all user
names, reach `AXES_ADDRESS_FAILURE_LIMIT` (higher than the per-account limit, so that an office
behind one shared address is not locked by one person's typing).
"""

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def client_ip_address(request) -> str | None:
    """The address of the client as the outermost of our own proxies saw it.

    Each proxy appends the address of whoever connected to it to X-Forwarded-For, so with
    DJANGO_PROXY_COUNT proxies the client is that many entries from the right; anything further left
    was written by the client itself and is not trusted. Without DJANGO_BEHIND_PROXY the header is
    ignored altogether (anyone could send it) and the connecting address is the client.
    """
    remote = request.META.get("REMOTE_ADDR")
    if not settings.BEHIND_PROXY:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < settings.PROXY_COUNT:
        # The request did not come through all our proxies, so only the connecting address is known.
        return remote
    try:
        return str(ipaddress.ip_address(hops[-settings.PROXY_COUNT]))
    except ValueError:
        return remote


class AddressLimitedAxesHandler(AxesDatabaseHandler):
    """Axes' database handler, plus a lockout per address across every user name."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures for this user name and address; at least the limit once the address is locked."""
        failures = super().get_failures(request, credentials)
        if self.address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures

    def address_failures(self, request) -> int:
        """Wrong passwords from this request's address within the cool-off time, for any user name."""
        attempts = AccessAttempt.objects.filter(ip_address=request.axes_ip_address)
        if settings.AXES_COOLOFF_TIME is not None:
            attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
        return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
