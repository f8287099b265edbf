"""Once means once: a create made twice (a double click, a resubmitted page, a retry after a
lost response, two tabs) makes one row, and the second request gets the first one's result.

How: every create form carries a one-time token (``OnceFormMixin`` adds the hidden field
``once`` with a fresh random token each time the empty form is shown). The view does its
create through ``once.run(request, make)``:

    if request.method == "POST" and form.is_valid():
        def make():
            plan = services.start_plan(...)
            messages.success(request, _("Plan started."))
            return plan.get_absolute_url()
        return redirect(once.run(request, make))

``run`` records the token (unique per user, ``UsedFormToken``) and calls ``make()`` in the
same transaction; ``make`` returns the URL of what it made, which is stored with the token.
A second request with the same token does not call ``make``: it is redirected to that URL
with a message saying it was already done. Two simultaneous requests are serialised by the
unique constraint: on PostgreSQL the second insert waits for the first transaction and then
fails; on SQLite the second transaction waits for the write lock (``transaction_mode``
IMMEDIATE and a busy timeout, see settings). If the first fails, nothing is recorded and the
second does the work.

A form whose own validation would refuse the replay (the cycle form's "name already taken")
asks ``once.earlier(request)`` before showing its errors, and redirects there if it answers.

A form posted without a token (an old page, a script) is still accepted, unguarded: the
token protects people from accidents, it is not a security control (CSRF is). Constraints
still guard what must be unique whatever the path (e.g. ``unique_cycle_name_per_agency``);
a view that hits one turns the IntegrityError into a form message, never a 500.

Used tokens are kept for ``KEEP`` and pruned as new ones are recorded.
"""

import datetime
import re
import secrets

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.models import UsedFormToken

FIELD = "once"
KEEP = datetime.timedelta(days=2)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")

ALREADY_DONE = _("That was already saved (it was sent twice). Here is the result.")


def new_token():
    return secrets.token_urlsafe(24)


class OnceFormMixin:
    """Adds the hidden one-time token field ``once``: fresh for each empty form (and for a
    form bound to a query string without one); a re-shown form keeps the posted token, since
    nothing was made with it. The token is not part of ``cleaned_data``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[FIELD] = forms.CharField(
            widget=forms.HiddenInput, required=False, initial=new_token
        )
        if self.is_bound and not _TOKEN.match(self.data.get(FIELD) or ""):
            self.data = self.data.copy()
            self.data[FIELD] = new_token()

    def clean(self):
        data = super().clean()
        data.pop(FIELD, None)
        return data


def token_of(request):
    token = request.POST.get(FIELD, "")
    return token if _TOKEN.match(token) else None


def earlier(request):
    """The URL of what this request's token already made (with the "already saved" message),
    or None. For a view whose form refuses a replay on its own (a name already taken by the
    first request): ask this before showing the form's errors."""
    token = token_of(request)
    if token is None or not request.user.is_authenticated:
        return None
    used = UsedFormToken.objects.filter(user=request.user, token=token).first()
    if used is None:
        return None
    messages.info(request, ALREADY_DONE)
    return used.result_url or request.path


def run(request, make):
    """Call make() at most once per token; return the URL of its result (see the module)."""
    token = token_of(request)
    if token is None:
        with transaction.atomic():
            return make()
    user = request.user
    with transaction.atomic():
        try:
            with transaction.atomic():
                used = UsedFormToken.objects.create(user=user, token=token)
        except IntegrityError:
            earlier = UsedFormToken.objects.filter(user=user, token=token).first()
            messages.info(request, ALREADY_DONE)
            return earlier.result_url if earlier else request.path
        url = make()
        used.result_url = url[:500]
        used.save(update_fields=["result_url"])
        UsedFormToken.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    return url
