import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from peerwork import demo
from peerwork.models import EmploymentType, PeerRole, StaffMember
from tests.factories import ProgramFactory, StaffMemberFactory


def test_directory_search_and_filters(world, login):
    StaffMemberFactory(
        agency=world.agency,
        full_name="Vera Volunteer",
        program=world.program2,
        employment_type=EmploymentType.VOLUNTEER,
        supervisor=world.sup_b_staff,
    )
    client = login(world.hr)
    page = client.get(reverse("peerwork:staff_list"), {"q": "vera"}).content.decode()
    assert "Vera Volunteer" in page and "Amani Achebe" not in page
    page = client.get(
        reverse("peerwork:staff_list"), {"employment_type": "volunteer"}
    ).content.decode()
    assert "Vera Volunteer" in page and "Bo Baptiste" not in page
    page = client.get(
        reverse("peerwork:staff_list"), {"program": world.program.pk, "peer_role": "peer"}
    ).content.decode()
    assert "Amani Achebe" in page and "Bo Baptiste" not in page and "Vera" not in page


def test_supervisor_directory_shows_only_their_people(world, login):
    page = login(world.sup_b).get(reverse("peerwork:staff_list")).content.decode()
    assert "Bo Baptiste" in page and "Amani Achebe" not in page


@pytest.mark.parametrize(
    "query",
    [
        {"q": "x" * 5000},
        {"program": "not-a-number"},
        {"program": "99999999999999999999999"},
        {"status": "<script>"},
        {"page": "-1"},
        {"page": "lots"},
        {"q": "%00%ff'\";--"},
    ],
)
def test_bad_query_strings_never_fail(world, login, query):
    response = login(world.hr).get(reverse("peerwork:staff_list"), query)
    assert response.status_code == 200


def test_bad_staff_ids_are_404(world, login):
    client = login(world.hr)
    assert client.get("/staff/99999999999999999999/").status_code == 404
    assert client.get("/staff/abc/").status_code == 404


def test_staff_page_shows_person_and_reports(world, login):
    page = (
        login(world.sup_a)
        .get(reverse("peerwork:staff_detail", args=[world.sup_a2_staff.pk]))
        .content.decode()
    )
    assert "Aiden Azoulay" in page and "Amani Achebe" in page


def test_programs_flag_fewer_than_two_peer_staff(world, login):
    lonely = ProgramFactory(agency=world.agency, name="Family Partners")
    StaffMemberFactory(agency=world.agency, program=lonely, peer_role=PeerRole.PEER)
    StaffMemberFactory(agency=world.agency, program=world.program, peer_role=PeerRole.PEER)
    page = login(world.hr).get(reverse("peerwork:program_list")).content.decode()
    rows = {row.split("</td>")[0]: row for row in page.split("<tr>")[1:]}
    family = next(r for k, r in rows.items() if "Family Partners" in k)
    adults = next(r for k, r in rows.items() if "Adult Peer Support" in k)
    assert "Fewer than two peer staff" in family
    assert "Two or more peer staff" in adults


def test_supervisor_loop_is_refused(world):
    top = world.sup_a_staff
    top.supervisor = world.peer_a_staff  # peer_a is below sup_a
    with pytest.raises(ValidationError):
        top.full_clean()


def _grow(world, n):
    for i in range(n):
        StaffMemberFactory(
            agency=world.agency,
            program=world.program if i % 2 else world.program2,
            supervisor=world.sup_a2_staff if i % 2 else world.sup_b_staff,
        )


@pytest.mark.parametrize("role", ["hr", "sup_a", "peer_a", "admin"])
@pytest.mark.parametrize(
    "url_name", ["peerwork:home", "peerwork:staff_list", "peerwork:program_list"]
)
def test_query_counts_do_not_grow_with_staff(
    world, login, role, url_name, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users[role])
    _grow(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    _grow(world, 190)
    assert StaffMember.objects.count() > 200
    with django_assert_max_num_queries(len(small)):
        assert client.get(reverse(url_name)).status_code == 200


def test_staff_detail_query_count_fixed(world, login, django_assert_max_num_queries):
    client = login(world.sup_a)
    url = reverse("peerwork:staff_detail", args=[world.sup_a2_staff.pk])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(30):
        StaffMemberFactory(agency=world.agency, supervisor=world.sup_a2_staff)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_each_demo_role_lands_on_its_home(client, db):
    from django.core.management import call_command

    call_command("load_demo", stdout=open("/dev/null", "w"))
    expectations = {
        "hr": "Staff and hires",
        "jordan": "My reports",
        "casey": "My record",
        "admin": "Staff and hires",
    }
    for username, heading in expectations.items():
        response = client.post(
            reverse("login"), {"username": username, "password": demo.DEMO_PASSWORD}, follow=True
        )
        assert response.redirect_chain[-1][0] == reverse("peerwork:home")
        assert heading in response.content.decode(), username
        client.post(reverse("logout"))
    # The demo password passes every password rule, for every demo login.
    from django.contrib.auth.password_validation import validate_password

    from peerwork.models import User

    for user in User.objects.filter(username__in=list(expectations) + ["alex", "riley"]):
        validate_password(demo.DEMO_PASSWORD, user)
