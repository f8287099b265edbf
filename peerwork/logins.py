"""Login throttling around django-axes: the client address, the lockouts HR and admins see,
and unlocking. Who may unlock whom is decided in peerwork/access/logins.py."""

import logging

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone

log = logging.getLogger("peerwork.logins")


def client_ip(request):
    """The person's address: REMOTE_ADDR, or behind PROXY_COUNT proxies the address the
    outermost one of ours saw (X-Forwarded-For is appended to by each proxy)."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.PROXY_COUNT and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= settings.PROXY_COUNT:
            return hops[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR", "")


def _recent():
    """Attempts axes still counts: the cool-off runs from each one's last failure."""
    return AccessAttempt.objects.filter(
        attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME
    )


def locked(field):
    """Locked accounts (field "username") or addresses ("ip_address"): axes counts the failures
    of every browser and address (or account) together. Rows: {field, failures, last}."""
    attempts = _recent().exclude(**{f"{field}__isnull": True})
    if field == "username":  # (an address field turns "" into NULL, which matches nothing)
        attempts = attempts.exclude(username="")
    return (
        attempts.values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last")
    )


def unlock_username(username, by):
    removed = reset(username=username)
    log.warning(
        "login unlocked for account %r by %r (%s attempts cleared)", username, by.username, removed
    )
    return removed


def unlock_address(address, by):
    removed = reset(ip=address)
    log.warning(
        "login unlocked for address %s by %r (%s attempts cleared)", address, by.username, removed
    )
    return removed
