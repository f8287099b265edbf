"""Walks every URL pattern the project defines, for every role. See tests/matrix.py."""

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import WORLD_ROLES


def _cases():
    """Every `CASES` list in tests/<app>/matrix*.py."""
    cases = []
    for path in sorted(Path(__file__).parent.glob("*/matrix*.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.{path.stem}")
        cases.extend(module.CASES)
    return cases


CASES = _cases()


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


def test_every_url_has_an_expected_outcome():
    covered = {case.url_name for case in CASES}
    missing = [
        name
        for name, _pattern in _url_names()
        if not name.startswith("admin:") and name not in covered
    ]
    assert not missing, f"URLs without an authorization case in tests/<app>/matrix.py: {missing}"


def test_every_url_pattern_is_named():
    unnamed = [
        str(p.pattern)
        for p in get_resolver().url_patterns
        if isinstance(p, URLPattern) and not p.name
    ]
    assert not unnamed


@pytest.mark.parametrize(
    "case",
    CASES,
    ids=[f"{c.url_name}{'[' + c.note + ']' if c.note else ''}" for c in CASES],
)
@pytest.mark.parametrize("role", WORLD_ROLES)
def test_matrix(case, role, world, login):
    if case.setup:
        case.setup(world)
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    if case.query:
        url = f"{url}?{case.query}"
    client = login(world.users[role])
    if case.method == "post":
        response = client.post(url, case.data(world) if case.data else {})
    else:
        response = client.get(url)
    assert response.status_code == case.expect[role], (
        f"{role} {case.method.upper()} {url}: {response.status_code}, expected {case.expect[role]}"
    )
    # Every page carries the Content-Security-Policy; what a logged-in person gets is never
    # cached (see tests/test_headers.py).
    assert "Content-Security-Policy" in response, f"{role} {url}: no CSP header"
    if role != "anonymous":
        assert "no-store" in response.get("Cache-Control", ""), f"{role} {url}: cacheable"
    if response.status_code == 302 and role == "anonymous" and case.expect[role] == 302:
        assert "/accounts/login/" in response["Location"]


# The admin's own login and logout pages are open by nature; everything else in it is
# for the admin role only.
ADMIN_OPEN = {"admin:login", "admin:logout"}
ADMIN_ARGLESS = [
    name
    for name, p in _url_names()
    if name.startswith("admin:") and name not in ADMIN_OPEN and not p.pattern.regex.groupindex
]


@pytest.mark.parametrize("url_name", ADMIN_ARGLESS)
@pytest.mark.parametrize("role", WORLD_ROLES)
def test_admin_is_for_admins_only(url_name, role, world, login):
    client = login(world.users[role])
    response = client.get(reverse(url_name))
    if role == "admin":
        # 403 is a model admin's deliberate refusal (task results cannot be added by hand;
        # autocomplete without its parameters), never a way in for other roles.
        assert response.status_code in (200, 403)
    else:
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
