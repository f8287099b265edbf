import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from peerwork import access
from peerwork.models import Role
from tests.factories import StaffMemberFactory, UserFactory


def names(queryset):
    return sorted(s.full_name for s in queryset)


def test_peer_staff_see_only_themselves(world):
    assert names(access.visible_staff(world.peer_a)) == ["Amani Achebe"]


def test_supervisor_sees_direct_and_indirect_reports(world):
    assert names(access.visible_staff(world.sup_a)) == [
        "Ada Abara",
        "Aiden Azoulay",
        "Amani Achebe",
    ]
    assert names(access.visible_staff(world.sup_b)) == ["Bea Bishop", "Bo Baptiste"]


def test_hr_sees_their_agency_and_admin_sees_every_agency(world):
    assert "Oona Ortiz" not in names(access.visible_staff(world.hr))
    assert len(access.visible_staff(world.hr)) == 6
    assert "Oona Ortiz" in names(access.visible_staff(world.admin))


def test_reports_any_depth_in_one_query(world):
    boss = world.sup_b_staff
    chain = []
    parent = boss
    for level in range(12):
        parent = StaffMemberFactory(agency=world.agency, supervisor=parent, full_name=f"L{level}")
        chain.append(parent)
    user = world.sup_b
    user.__dict__.pop("roles", None)
    user.__dict__.pop("staff_record", None)
    user.roles  # noqa: B018  (warm the cached roles)
    user.staff_record  # noqa: B018
    with CaptureQueriesContext(connection) as queries:
        visible = names(access.visible_staff(user))
    assert len(queries) == 1
    assert "L11" in visible and "Bo Baptiste" in visible


def test_get_staff_for_user_404s_for_others_and_bad_ids(world):
    assert access.get_staff_for_user(world.sup_a, world.peer_a_staff.pk) == world.peer_a_staff
    for bad in [world.peer_b_staff.pk, "abc", None, 10**30]:
        with pytest.raises(Http404):
            access.get_staff_for_user(world.sup_a, bad)


def test_a_role_is_data_an_admin_can_take_away(world):
    world.sup_b.role_assignments.filter(role=Role.SUPERVISOR).delete()
    user = type(world.sup_b).objects.get(pk=world.sup_b.pk)
    assert names(access.visible_staff(user)) == ["Bea Bishop"]


def test_inactive_user_sees_nothing(world):
    user = UserFactory(agency=world.agency, roles=[Role.HR], is_active=False)
    assert not access.visible_staff(user).exists()
