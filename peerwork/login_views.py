"""Login lockouts in the app: HR (own agency) and admins see who is locked out and unlock."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from peerwork import access, logins


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out login gets (django-axes calls this): the login page's lockout message."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)


@login_required
def login_lockouts(request):
    user = request.user
    if not access.can_unlock_logins(user):
        raise Http404
    accounts = access.unlockable_lockouts(user, logins.locked("username"))
    addresses = logins.locked("ip_address") if access.can_unlock_addresses(user) else None
    return render(
        request,
        "peerwork/login_lockouts.html",
        {
            "accounts": accounts,
            "addresses": addresses,
        },
    )


@login_required
@require_POST
def login_unlock(request):
    user = request.user
    if not access.can_unlock_logins(user):
        raise Http404
    username = request.POST.get("username", "").strip()
    address = request.POST.get("address", "").strip()
    accounts = access.unlockable_lockouts(user, logins.locked("username"))
    if username and accounts.filter(username=username).exists():
        logins.unlock_username(username, by=user)
        messages.success(request, _("%(name)s can log in again.") % {"name": username})
    elif (
        address
        and access.can_unlock_addresses(user)
        and logins.locked("ip_address").filter(ip_address=address).exists()
    ):
        logins.unlock_address(address, by=user)
        messages.success(request, _("Logins from %(address)s work again.") % {"address": address})
    else:
        messages.error(request, _("Nothing to unlock: it may have been unlocked already."))
    return redirect("peerwork:login_lockouts")
