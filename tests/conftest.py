"""The named test world most tests share.

    agency "Harbor" (world.agency)
      program: adults (world.program), youth (world.program2)
      admin   (role admin)                      -- no staff record
      hr      (role hr)                         -- HR staff record
      sup_a   (supervisor, peer)                -- top of team A
        sup_a2  (supervisor, peer; reports to sup_a)
          peer_a  (peer staff; reports to sup_a2: an indirect report of sup_a)
      sup_b   (supervisor)                      -- team B, unrelated to team A
        peer_b  (peer staff; reports to sup_b)
    agency "Elsewhere" (world.other_agency)
      outsider_hr (role hr) and outsider (peer staff there)

Every login's password is factories.PASSWORD.
"""

import types

import pytest
from django.conf import settings
from django.utils import translation

from peerwork.models import PeerRole, Role
from tests.factories import AgencyFactory, ProgramFactory, StaffMemberFactory, UserFactory

WORLD_ROLES = ["anonymous", "peer_a", "peer_b", "sup_a", "sup_a2", "sup_b", "hr", "admin"]


def _person(agency, program, username, full_name, roles, supervisor=None, peer=True, **kwargs):
    user = UserFactory(username=username, agency=agency, roles=roles)
    staff = StaffMemberFactory(
        agency=agency,
        user=user,
        full_name=full_name,
        program=program,
        supervisor=supervisor,
        peer_role=PeerRole.PEER if peer else PeerRole.NON_PEER,
        **kwargs,
    )
    return user, staff


@pytest.fixture
def world(db):
    w = types.SimpleNamespace()
    w.agency = AgencyFactory(name="Harbor Peer Services", slug="harbor")
    w.program = ProgramFactory(agency=w.agency, name="Adult Peer Support")
    w.program2 = ProgramFactory(agency=w.agency, name="Youth Drop-In")
    w.admin = UserFactory(username="admin", agency=w.agency, roles=[Role.ADMIN])
    w.hr, w.hr_staff = _person(
        w.agency, None, "hr", "Hollis Reyes", [Role.HR], peer=False, position_title="HR Lead"
    )
    w.sup_a, w.sup_a_staff = _person(
        w.agency,
        w.program,
        "sup_a",
        "Ada Abara",
        [Role.SUPERVISOR, Role.PEER_STAFF],
        position_title="Director of Peer Services",
    )
    w.sup_a2, w.sup_a2_staff = _person(
        w.agency,
        w.program,
        "sup_a2",
        "Aiden Azoulay",
        [Role.SUPERVISOR, Role.PEER_STAFF],
        supervisor=w.sup_a_staff,
        position_title="Peer Supervisor",
    )
    w.peer_a, w.peer_a_staff = _person(
        w.agency,
        w.program,
        "peer_a",
        "Amani Achebe",
        [Role.PEER_STAFF],
        supervisor=w.sup_a2_staff,
    )
    w.sup_b, w.sup_b_staff = _person(
        w.agency,
        w.program2,
        "sup_b",
        "Bea Bishop",
        [Role.SUPERVISOR],
        peer=False,
        position_title="Youth Programs Supervisor",
    )
    w.peer_b, w.peer_b_staff = _person(
        w.agency,
        w.program2,
        "peer_b",
        "Bo Baptiste",
        [Role.PEER_STAFF],
        supervisor=w.sup_b_staff,
        position_title="Youth Peer Advocate",
    )
    w.other_agency = AgencyFactory(name="Elsewhere Recovery Center", slug="elsewhere")
    w.outsider_hr, _ = _person(
        w.other_agency, None, "outsider_hr", "Olu Okoye", [Role.HR], peer=False
    )
    w.outsider, w.outsider_staff = _person(
        w.other_agency, None, "outsider", "Oona Ortiz", [Role.PEER_STAFF]
    )
    w.users = {
        "anonymous": None,
        "peer_a": w.peer_a,
        "peer_b": w.peer_b,
        "sup_a": w.sup_a,
        "sup_a2": w.sup_a2,
        "sup_b": w.sup_b,
        "hr": w.hr,
        "admin": w.admin,
    }
    return w


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts and ends in the default language (English): a request in Spanish
    activates Spanish in the thread, as LocaleMiddleware does, and it would stay."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path_factory):
    """Uploads and generated files go to a fresh folder, never the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture
def login(client):
    """login(user) logs the test client in as `user` (None stays anonymous)."""

    def _login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def shipped_frameworks(db):
    """The shipped frameworks and reference lists (fixtures/frameworks, fixtures/reference),
    loaded into the test database; works in transactional and live_server tests too.

    Returns a namespace: `.samhsa` (SAMHSA 2015), `.wise_form` (the WISE performance
    evaluation form), `.wise_employer`, `.wpf` (FrameworkVersion objects) and `.versions`, a
    dict of every shipped version keyed by framework slug.
    """
    from tests.competencies.shipped import load_shipped_frameworks

    return load_shipped_frameworks()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Every test writes files (signed copies, exports) to a folder of its own."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")
