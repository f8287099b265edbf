"""The authorization matrix: every URL the project defines, for every role of the test world.

Each app lists its cases in `tests/<app>/matrix.py` as `CASES = [Case(...), ...]`;
`tests/test_authorization_matrix.py` runs them all and fails when a URL name has no case.

A Case names a URL, how to build its arguments from the `world` fixture, and the status
each role must get. `allowed(...)` is the usual shape: the named roles get `ok`, other
logged-in roles 404, anonymous a redirect to the login page.
"""

from dataclasses import dataclass, field

from tests.conftest import WORLD_ROLES


@dataclass
class Case:
    url_name: str
    expect: dict
    kwargs: object = None  # fn(world) -> dict of URL kwargs
    method: str = "get"
    data: object = None  # fn(world) -> POST data
    query: str = ""
    note: str = ""
    setup: object = field(default=None, repr=False)  # fn(world) -> None, run before kwargs


def allowed(*roles, ok=200, others=404, anonymous=302):
    unknown = set(roles) - set(WORLD_ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {
        role: anonymous if role == "anonymous" else (ok if role in roles else others)
        for role in WORLD_ROLES
    }


def everyone(ok=200, anonymous=302):
    return allowed(*[r for r in WORLD_ROLES if r != "anonymous"], ok=ok, anonymous=anonymous)
