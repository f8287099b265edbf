"""One page per URL pattern, for checks that look at whole pages (HTML validity, phone width).

The authorization matrix (tests/<app>/matrix.py) already knows how to build every URL and
which roles may open it; this reuses it: for each GET case that some role may open (200),
the first such role in WORLD_ROLES order opens it. Pages whose content differs by role (home,
the directory) are opened by every role that may. Each case's setup runs in a savepoint that
is rolled back afterwards, as if each page had the test world to itself.
"""

import copy
from typing import NamedTuple

from django.db import transaction
from django.urls import reverse

from tests.conftest import WORLD_ROLES
from tests.test_authorization_matrix import CASES

EVERY_ROLE = {"peerwork:home", "peerwork:staff_list", "peerwork:program_list"}


class _Rollback(Exception):
    pass


def page_visits():
    """[(case, role)] in a stable order."""
    visits = []
    for case in CASES:
        if case.method != "get":
            continue
        roles = [r for r in WORLD_ROLES if r != "anonymous" and case.expect.get(r) == 200]
        for role in roles if case.url_name in EVERY_ROLE else roles[:1]:
            visits.append((case, role))
    return visits


class Page(NamedTuple):
    name: str  # what the failure messages call it: url name[note] as role
    url_name: str
    # What the page shows: two visits with the same `shows` (the URL pattern and what the
    # case's kwargs function does) show the same object, whatever the role or query string.
    # Paths cannot tell: each case's objects are rolled back, so another case's may reuse an id.
    shows: tuple
    html: str


def _picks(kwargs):
    """What a kwargs function does, so that two cases' `lambda w: {"id": w.ev.sup_a.pk}` are
    seen to pick the same object."""
    if kwargs is None:
        return None
    code = kwargs.__code__
    return code.co_code, code.co_consts, code.co_names


def label(case, role):
    return f"{case.url_name}{'[' + case.note + ']' if case.note else ''} as {role}"


def rendered_pages(world, login):
    """A Page for every HTML page of page_visits(), rendered by the test client."""
    for case, role in page_visits():
        html = None
        # Setups also hang objects on `world` (and skip work they find there): restore it too.
        saved = copy.deepcopy(vars(world))
        try:
            with transaction.atomic():
                if case.setup:
                    case.setup(world)
                url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
                response = login(world.users[role]).get(
                    f"{url}?{case.query}" if case.query else url
                )
                assert response.status_code == 200, label(case, role)
                if response["Content-Type"].startswith("text/html"):
                    html = response.content.decode()
                raise _Rollback
        except _Rollback:
            pass
        vars(world).clear()
        vars(world).update(saved)
        if html is not None:
            yield Page(label(case, role), case.url_name, (case.url_name, _picks(case.kwargs)), html)
