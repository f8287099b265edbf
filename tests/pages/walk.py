"""One page per URL pattern, for checks that look at whole pages (HTML validity, phone width).

The authorization matrix (tests/<app>/matrix.py) already knows how to build every URL and
which roles may open it; this reuses it: for each GET case that some role may open (200),
the first such role in WORLD_ROLES order opens it. Pages whose content differs by role (home,
the directory) are opened by every role that may.
"""

from django.urls import reverse

from tests.conftest import WORLD_ROLES
from tests.test_authorization_matrix import CASES

EVERY_ROLE = {"peerwork:home", "peerwork:staff_list", "peerwork:program_list"}


def page_visits():
    """[(case, role)] in a stable order."""
    visits = []
    for case in CASES:
        if case.method != "get":
            continue
        roles = [r for r in WORLD_ROLES if r != "anonymous" and case.expect.get(r) == 200]
        if not roles:
            continue
        for role in roles if case.url_name in EVERY_ROLE else roles[:1]:
            visits.append((case, role))
    return visits


def url_for(case, world):
    if case.setup:
        case.setup(world)
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    return f"{url}?{case.query}" if case.query else url


def label(case, role):
    return f"{case.url_name}{'[' + case.note + ']' if case.note else ''} as {role}"
