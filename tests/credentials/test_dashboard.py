"""The HR dashboard: expiring within 90/60/30 days, expired, short of hours, by program; the
CSV export; a fixed number of queries at 30 and 300 staff."""

import csv
import datetime
import io

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from credentials import panels
from credentials.views import csv_cell
from tests.credentials.factories import CA, ICRC, ce, issue
from tests.factories import StaffMemberFactory

pytestmark = pytest.mark.django_db


def _expiring(staff, slug, days_left, today):
    """A credential whose current period ends `days_left` days from today."""
    ends_on = today + datetime.timedelta(days=days_left)
    return issue(staff, slug, ends_on - datetime.timedelta(days=729), ends_on=ends_on)


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def spread(world, today):
    _expiring(world.peer_a_staff, CA, 20, today)
    _expiring(world.sup_a2_staff, CA, 50, today)
    _expiring(world.peer_b_staff, ICRC, 80, today)
    _expiring(world.sup_b_staff, ICRC, -3, today)
    on_track = _expiring(world.sup_a_staff, CA, 600, today)
    # sup_a is on pace: 20 hours with 6 of law and ethics already.
    ce(world.sup_a_staff, on_track.issued_on + datetime.timedelta(days=10), 14, "peer-recovery")
    ce(world.sup_a_staff, on_track.issued_on + datetime.timedelta(days=20), 6, "ethics")
    return world


def _row_names(response):
    return [row.staff.full_name for row in response.context["page"].object_list]


def test_buckets_and_the_program_table(spread, login):
    client = login(spread.hr)
    url = reverse("credentials:dashboard")
    assert _row_names(client.get(url, {"show": "30"})) == ["Amani Achebe"]
    assert _row_names(client.get(url, {"show": "60"})) == ["Amani Achebe", "Aiden Azoulay"]
    assert _row_names(client.get(url, {"show": "90"})) == [
        "Amani Achebe",
        "Aiden Azoulay",
        "Bo Baptiste",
    ]
    assert _row_names(client.get(url, {"show": "expired"})) == ["Bea Bishop"]
    short = _row_names(client.get(url, {"show": "short"}))
    assert "Ada Abara" not in short and set(short) == {
        "Amani Achebe",
        "Aiden Azoulay",
        "Bo Baptiste",
        "Bea Bishop",
    }
    response = client.get(url, {"program": spread.program2.pk})
    assert _row_names(response) == ["Bea Bishop", "Bo Baptiste"]
    summary = {e["credential__staff__program__name"]: e for e in response.context["summary"]}
    youth = summary["Youth Drop-In"]
    assert (youth["total"], youth["within_90"], youth["expired"], youth["short"]) == (2, 1, 1, 2)
    full = {e["credential__staff__program__name"]: e for e in client.get(url).context["summary"]}
    adults = full["Adult Peer Support"]
    assert (adults["total"], adults["within_30"], adults["within_60"], adults["short"]) == (
        3,
        1,
        2,
        2,
    )
    page = client.get(url).content.decode()
    assert "Short of hours for the days left" in page


def test_supervisors_see_their_reports_and_staff_their_own(spread, login):
    url = reverse("credentials:dashboard")
    assert set(_row_names(login(spread.sup_a).get(url))) == {"Aiden Azoulay", "Amani Achebe"}
    assert _row_names(login(spread.sup_b).get(url)) == ["Bo Baptiste"]
    assert login(spread.peer_a).get(url).status_code == 404
    mine = login(spread.peer_a).get(reverse("credentials:mine"), follow=True)
    assert [row.staff.full_name for row in mine.context["rows"]] == ["Amani Achebe"]


def test_the_csv_export_escapes_formula_looking_cells(spread, login):
    spread.peer_a_staff.full_name = '=HYPERLINK("http://x")'
    spread.peer_a_staff.save(update_fields=["full_name"])
    credential = spread.peer_a_staff.credentials.get()
    credential.number = "+1-555"
    credential.save(update_fields=["number"])
    response = login(spread.hr).get(reverse("credentials:dashboard_csv"), {"show": "30"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Name", "Program", "Credential"]
    assert rows[1][0] == '\'=HYPERLINK("http://x")'
    assert rows[1][3] == "'+1-555"
    assert rows[1][7] == "20"  # days left, a number, not escaped
    assert rows[1][-1] == "0 of 20 hours, law and ethics 0 of 6"
    assert len(rows) == 2


def test_csv_cell():
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("\tx") == "'\tx"
    assert csv_cell(-3) == "-3"
    assert csv_cell("Dana") == "Dana"
    assert csv_cell(None) == ""


def _grow(world, count, today):
    for index in range(count):
        person = StaffMemberFactory(
            agency=world.agency,
            program=world.program if index % 2 else world.program2,
            supervisor=world.sup_a2_staff,
        )
        credential = _expiring(person, CA if index % 3 else ICRC, index % 120 - 10, today)
        ce(person, credential.issued_on + datetime.timedelta(days=5), 2, "ethics")
        ce(person, credential.issued_on + datetime.timedelta(days=9), 3, "general")


@pytest.mark.parametrize("size", [30, 300])
@pytest.mark.parametrize(
    "url_name,role,queries",
    [("credentials:dashboard", "hr", 14), ("credentials:dashboard_csv", "sup_a", 12)],
)
def test_dashboard_queries_do_not_grow_with_staff(
    world, login, django_assert_num_queries, size, url_name, role, queries, today
):
    _grow(world, size, today)
    client = login(world.users[role])
    client.get(reverse(url_name))  # warm the session
    # The same count at both sizes: session, user, roles, staff record, (programs,) who is
    # short of hours (categories, types, requirements, sums), the program table, (the page's
    # count,) CE categories, periods with their summed hours, requirements.
    with django_assert_num_queries(queries):
        response = client.get(reverse(url_name), {"show": "short"})
    assert response.status_code == 200


@pytest.mark.parametrize("size", [30, 300])
def test_a_persons_page_and_the_credential_page_make_fixed_queries(
    world, login, django_assert_num_queries, size, today
):
    _grow(world, size // 30, today)
    person = world.peer_a_staff
    credential = _expiring(person, CA, 40, today)
    for index in range(size // 10):
        ce(person, credential.issued_on + datetime.timedelta(days=index), 1, "general")
    client = login(world.sup_a)
    client.get(reverse("peerwork:home"))
    with django_assert_num_queries(10):
        response = client.get(reverse("credentials:staff_credentials", args=[person.pk]))
        assert response.status_code == 200
    assert len(response.context["entries"]) == size // 10
    with django_assert_num_queries(8):
        response = client.get(reverse("credentials:credential_detail", args=[credential.pk]))
        assert response.status_code == 200
    # The staff page's panel: categories, periods with their sums, requirements.
    request = RequestFactory().get("/")
    request.user = world.sup_a
    request.user.roles  # noqa: B018 - loaded once per request, as on the page
    with django_assert_num_queries(4):
        panel = panels.staff_credentials_panel(request, person)
    assert [row.credential for row in panel.context["rows"]] == [credential]


def test_the_list_is_paged_soonest_first_and_the_filters_stay(world, login, today):
    from credentials.views import DASHBOARD_PAGE_SIZE

    _grow(world, DASHBOARD_PAGE_SIZE + 5, today)
    client = login(world.hr)
    url = reverse("credentials:dashboard")
    first = client.get(url, {"program": world.program.pk})
    page = first.context["page"]
    assert page.paginator.count == (DASHBOARD_PAGE_SIZE + 5) // 2
    ends = [row.period.ends_on for row in page.object_list]
    assert ends == sorted(ends)
    every = client.get(url)
    assert every.context["page"].paginator.count == DASHBOARD_PAGE_SIZE + 5
    second = client.get(url, {"page": 2})
    assert len(second.context["page"].object_list) == 5
    # The pager keeps the filters.
    assert "show=&amp;page=2" in client.get(url, {"show": ""}).content.decode()
    shown = {row.period.pk for row in second.context["page"].object_list}
    assert shown.isdisjoint(row.period.pk for row in every.context["page"].object_list)
    assert "page=2" in every.content.decode()


def test_the_short_filter_and_count_agree_with_each_row(world, login, today):
    _grow(world, 40, today)
    client = login(world.hr)
    url = reverse("credentials:dashboard")
    from credentials.models import CredentialPeriod
    from credentials.queries import period_rows

    rows = period_rows(CredentialPeriod.objects.filter(is_current=True), today)
    short = {row.period.pk for row in rows if row.short}
    assert short
    response = client.get(url, {"show": "short"})
    assert {row.period.pk for row in response.context["page"].object_list} == short
    assert sum(entry["short"] for entry in response.context["summary"]) == len(short)
