import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peerwork import roster
from peerwork.models import RosterImport, StaffMember
from tests.peerwork.roster_files import HEADERS, as_csv, as_xlsx, roster_rows

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _upload(client, data, name="roster.csv"):
    return client.post(reverse("peerwork:roster_upload"), {"file": SimpleUploadedFile(name, data)})


def _import(client, data, name="roster.csv"):
    """Upload, keep the guessed column matching, return the preview response."""
    response = _upload(client, data, name)
    assert response.status_code == 302, response.content.decode()[:3000]
    mapping_url = response["Location"]
    page = client.get(mapping_url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    response = client.post(mapping_url, data)
    assert response.status_code == 302, response.context["form"].errors
    return client.get(response["Location"]), RosterImport.objects.latest("pk")


def _confirm(client, roster_import):
    return client.post(reverse("peerwork:roster_confirm", args=[roster_import.pk]), follow=True)


def _agency_staff(world):
    return StaffMember.objects.filter(agency=world.agency)


def test_a_clean_file_imports_then_importing_again_changes_nothing(
    world, client, django_capture_on_commit_callbacks
):
    client.force_login(world.hr)
    before = _agency_staff(world).count()
    page, roster_import = _import(client, as_csv(roster_rows()))
    assert page.context["plan"].counts == {"new": 40, "changed": 0, "unchanged": 0}
    assert _agency_staff(world).count() == before  # nothing until confirmed
    stored = roster_import.stored_name
    assert roster.storage().exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(client, roster_import)
    assert "Imported: 40 new, 0 changed, 0 unchanged." in response.content.decode()
    assert _agency_staff(world).count() == before + 40
    director = StaffMember.objects.get(employee_number="E0001")
    assert director.supervisor is None and director.peer_role == "non_peer"
    person = StaffMember.objects.get(employee_number="E0007")
    assert person.supervisor.employee_number == "E0005"
    assert person.preferred_name == "Sam" and person.program.name == "Adult Peer Support"
    assert StaffMember.objects.get(employee_number="E0010").employment_type == "volunteer"
    assert not roster.storage().exists(stored)  # personal data is not kept once imported
    roster_import.refresh_from_db()
    assert roster_import.stored_name == ""

    page, again = _import(client, as_csv(roster_rows()))
    assert page.context["plan"].counts == {"new": 0, "changed": 0, "unchanged": 40}
    _confirm(client, again)
    assert _agency_staff(world).count() == before + 40


def test_changes_are_named_and_matched_on_email_without_a_number(world, client):
    client.force_login(world.hr)
    _page, first = _import(client, as_csv(roster_rows(10)))
    _confirm(client, first)
    rows = roster_rows(10)
    rows[3]["Position"] = "Senior Peer Support Specialist"
    rows[3]["Supervisor"] = "E0002"
    rows[8]["Employee number"] = ""  # matched on the email instead
    page, second = _import(client, as_csv(rows))
    plan = page.context["plan"]
    by_number = {row.number: row for row in plan.rows}
    assert by_number[5].status == "changed"
    assert by_number[5].changes == ["position title", "supervisor"]
    assert by_number[10].status == "unchanged" and by_number[10].staff is not None
    assert "changed (position title, supervisor)" in page.content.decode()
    _confirm(client, second)
    person = StaffMember.objects.get(employee_number="E0004")
    assert person.position_title == "Senior Peer Support Specialist"
    assert person.supervisor.employee_number == "E0002"


def test_every_problem_is_named_by_row_and_column_and_nothing_is_written(world, client):
    client.force_login(world.hr)
    rows = roster_rows(12)
    rows[1]["Program"] = "Underwater Basket Weaving"  # row 3
    rows[2]["Supervisor"] = "E9999"  # row 4
    rows[3]["Start date"] = "31/31/2024"  # row 5
    rows[4]["Email"] = rows[5]["Email"]  # row 7 repeats row 6's email
    rows[7]["Supervisor"] = "E0009"  # row 9 (E0008) -> E0009, and E0009 -> E0008: a loop
    rows[8]["Supervisor"] = "E0008"
    rows[9]["Email"] = world.peer_a.email.upper()  # already Amani's (another person)
    world.peer_a_staff.email = world.peer_a.email
    world.peer_a_staff.employee_number = "A-77"
    world.peer_a_staff.save(update_fields=["email", "employee_number"])
    rows[10]["Full name"] = ""
    before = StaffMember.objects.count()
    page, roster_import = _import(client, as_csv(rows))
    problems = page.context["plan"].problems
    where = {(number, header) for number, header, _message in problems}
    assert (3, "Program") in where
    assert (4, "Supervisor") in where
    assert (5, "Start date") in where
    assert (7, "Email") in where
    assert (9, "Supervisor") in where and (10, "Supervisor") in where
    assert (11, "Email") in where
    assert (12, "Full name") in where
    text = page.content.decode()
    assert "Unknown program" in text and "Supervisor “E9999” not found" in text
    assert "Supervisor loop" in text and "Duplicate email" in text
    assert "year-month-day" in text
    assert "Confirm the import" not in text
    response = _confirm(client, roster_import)
    assert "problems" in response.content.decode()
    assert StaffMember.objects.count() == before


def test_a_person_cannot_supervise_themselves(world, client):
    client.force_login(world.hr)
    rows = roster_rows(3)
    rows[2]["Supervisor"] = "E0003"
    page, _roster_import = _import(client, as_csv(rows))
    assert [(n, h) for n, h, _m in page.context["plan"].problems] == [(4, "Supervisor")]


def test_a_loop_through_people_already_in_the_agency_is_found(world, client):
    # Ada (sup_a) supervises Aiden (sup_a2); a file making Ada report to Aiden closes a loop.
    world.sup_a_staff.employee_number = "A1"
    world.sup_a_staff.save(update_fields=["employee_number"])
    world.sup_a2_staff.employee_number = "A2"
    world.sup_a2_staff.save(update_fields=["employee_number"])
    client.force_login(world.hr)
    data = as_csv(
        [
            {
                "Employee number": "A1",
                "Full name": "Ada Abara",
                "Position": "Director of Peer Services",
                "Supervisor": "A2",
            }
        ],
        headers=["Employee number", "Full name", "Position", "Supervisor"],
    )
    page, _roster_import = _import(client, data)
    [(number, header, message)] = page.context["plan"].problems
    assert (number, header) == (2, "Supervisor") and "Supervisor loop" in message


def test_xlsx_imports_like_csv_with_real_date_cells(world, client):
    import datetime

    client.force_login(world.hr)
    rows = roster_rows(6)
    for row in rows:
        row["Start date"] = datetime.date.fromisoformat(row["Start date"])
    rows[2]["Employee number"] = 1003  # a number cell, as spreadsheets make them
    page, roster_import = _import(client, as_xlsx(rows), name="roster.xlsx")
    assert roster_import.file_format == "xlsx"
    assert page.context["plan"].counts["new"] == 6 and not page.context["plan"].problems
    _confirm(client, roster_import)
    assert StaffMember.objects.get(employee_number="1003").start_date == rows[2]["Start date"]


def test_columns_are_matched_by_hand_when_the_headers_differ(world, client):
    client.force_login(world.hr)
    data = as_csv(
        [{"Badge": "X1", "Who": "Rae Rivers", "Job": "Peer Navigator", "Mail": "rae@x.example"}],
        headers=["Badge", "Who", "Job", "Mail"],
    )
    response = _upload(client, data)
    mapping_url = response["Location"]
    page = client.get(mapping_url)
    assert "Rae Rivers" in page.content.decode()  # the first rows are shown
    response = client.post(mapping_url, {"full_name": "Who", "position_title": "Job"})
    assert response.status_code == 200
    assert "employee number or of the email" in response.content.decode()
    response = client.post(
        mapping_url,
        {"employee_number": "Badge", "full_name": "Who", "position_title": "Who", "email": "Mail"},
    )
    assert "already chosen" in response.content.decode()
    response = client.post(
        mapping_url,
        {"employee_number": "Badge", "full_name": "Who", "position_title": "Job", "email": "Mail"},
    )
    assert response.status_code == 302
    plan = client.get(response["Location"]).context["plan"]
    assert plan.counts["new"] == 1 and not plan.problems


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The submitted file is empty."),
        ("Full name,Email\nJosé Núñez,jose@x.example\n".encode("cp1252"), "not in UTF-8"),
        (b"Full name,Email\n", "header row but nobody in it"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel (.xls)"),
        (b"PK\x03\x04 not really a workbook", "could not be read as XLSX"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a CSV or XLSX file"),
        (b"Name,Name\na,b\n", "both headed"),
    ],
    ids=["empty", "wrong-encoding", "header-only", "xls", "broken-xlsx", "png", "same-header"],
)
def test_unreadable_files_get_a_clear_message_and_nothing_is_kept(world, client, data, message):
    client.force_login(world.hr)
    response = _upload(client, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RosterImport.objects.exists()


def test_a_6_mb_file_is_refused_with_the_limit_named(world, client):
    client.force_login(world.hr)
    line = b"E1,Someone Somebody,,,someone@x.example,Peer Support Specialist,,,,,\n"
    data = as_csv([]) + line * (6 * 1024 * 1024 // len(line) + 1)
    assert len(data) > 6 * 1024 * 1024
    response = _upload(client, data)
    assert response.status_code == 200
    assert "the limit is 5 MB" in response.content.decode()
    assert not RosterImport.objects.exists()


def test_more_than_5000_rows_is_refused(world, client):
    client.force_login(world.hr)
    lines = "".join(f"E{n},Person {n},Peer,p{n}@x.example\n" for n in range(5001))
    data = ("Employee number,Full name,Position,Email\n" + lines).encode()
    response = _upload(client, data)
    assert "The file has 5001 people; the limit is 5000." in response.content.decode()


def test_the_uploaded_file_is_kept_privately_until_confirmed(world, client, settings):
    client.force_login(world.hr)
    _page, roster_import = _import(client, as_csv(roster_rows(3)))
    path = roster.storage().path(roster_import.stored_name)
    assert str(settings.MEDIA_ROOT) in path and "/private/" in path
    assert roster.storage().exists(roster_import.stored_name)
    assert (
        client.get(f"/media/private/roster-imports/{roster_import.stored_name}").status_code == 404
    )
    # another agency's HR cannot reach it
    client.force_login(world.outsider_hr)
    assert (
        client.get(reverse("peerwork:roster_preview", args=[roster_import.pk])).status_code == 404
    )


def test_formula_looking_cells_are_escaped_in_both_exports_and_read_back(world, client):
    hyperlink = '=HYPERLINK("https://evil.example","Click")'
    world.peer_a_staff.preferred_name = hyperlink
    world.peer_a_staff.pronouns = "+they"
    world.peer_a_staff.employee_number = "-12"
    world.peer_a_staff.email = "amani@harbor.example"
    world.peer_a_staff.save()
    world.sup_a2_staff.email = "aiden@harbor.example"  # so the export can name him
    world.sup_a2_staff.save(update_fields=["email"])
    client.force_login(world.hr)

    response = client.get(reverse("peerwork:staff_export", args=["csv"]))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == HEADERS
    amani = next(row for row in rows if row["Full name"] == "Amani Achebe")
    assert amani["Preferred name"] == "'" + hyperlink
    assert amani["Pronouns"] == "'+they" and amani["Employee number"] == "'-12"
    assert all(not value.startswith(("=", "+", "-", "@")) for row in rows for value in row.values())

    response = client.get(reverse("peerwork:staff_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" for cell in cells)
    assert "'" + hyperlink in [cell.value for cell in cells]

    # the export imports back unchanged: the escape is read back as the value
    page, _roster_import = _import(client, response.content, name="staff.xlsx")
    plan = page.context["plan"]
    row = next(r for r in plan.rows if r.values["full_name"] == "Amani Achebe")
    assert row.values["preferred_name"] == hyperlink and row.status == "unchanged", row.changes


def test_export_follows_the_directory_filters(world, client):
    client.force_login(world.hr)
    url = reverse("peerwork:staff_export", args=["csv"])
    text = client.get(url, {"program": world.program2.pk}).content.decode("utf-8-sig")
    assert "Bo Baptiste" in text and "Amani Achebe" not in text
    assert client.get(reverse("peerwork:staff_export", args=["pdf"])).status_code == 404


def test_a_lost_upload_asks_for_the_file_again(world, client):
    client.force_login(world.hr)
    _page, roster_import = _import(client, as_csv(roster_rows(3)))
    roster.storage().delete(roster_import.stored_name)
    for name in ("peerwork:roster_mapping", "peerwork:roster_preview"):
        response = client.get(reverse(name, args=[roster_import.pk]), follow=True)
        assert "no longer there. Upload it again." in response.content.decode()


def test_rows_of_different_lengths_get_a_clear_message(world, client):
    client.force_login(world.hr)
    response = _upload(client, b"Full name,Position,Email\nRae,Peer,rae@x.example,extra\n")
    assert "different number of cells" in response.content.decode()


def test_line_changes_keep_the_history_and_two_people_can_swap_places(world, client):
    from peerwork.models import ReportingLine

    client.force_login(world.hr)
    _page, first = _import(client, as_csv(roster_rows(6)))
    _confirm(client, first)
    person = StaffMember.objects.get(employee_number="E0006")
    assert person.reporting_lines.get().supervisor.employee_number == "E0004"
    rows = roster_rows(6)
    # E0002 and E0001 swap: the director now reports to E0002, who reports to nobody.
    rows[0]["Supervisor"], rows[1]["Supervisor"] = "E0002", ""
    rows[5]["Program"] = (
        "Youth Drop-In" if rows[5]["Program"] != "Youth Drop-In" else "Adult Peer Support"
    )
    page, second = _import(client, as_csv(rows))
    assert not page.context["plan"].problems
    _confirm(client, second)
    director = StaffMember.objects.get(employee_number="E0001")
    assert director.supervisor.employee_number == "E0002"
    assert StaffMember.objects.get(employee_number="E0002").supervisor is None
    lines = list(ReportingLine.objects.filter(staff=director).order_by("pk"))
    assert [line.supervisor_id for line in lines][-1] == director.supervisor_id
    person.refresh_from_db()
    assert person.program.name == rows[5]["Program"]
    assert (
        person.reporting_lines.filter(effective_until__isnull=True).get().program == person.program
    )


def test_former_staff_are_not_changed_and_cannot_supervise(world, client):
    from peerwork.models import StaffStatus

    world.sup_b_staff.employee_number = "B1"
    world.sup_b_staff.status = StaffStatus.FORMER
    world.sup_b_staff.save(update_fields=["employee_number", "status"])
    client.force_login(world.hr)
    data = as_csv(
        [
            {"Employee number": "B1", "Full name": "Bea Bishop", "Position": "Something else"},
            {
                "Employee number": "N1",
                "Full name": "New Person",
                "Position": "Peer",
                "Supervisor": "B1",
            },
        ],
        headers=["Employee number", "Full name", "Position", "Supervisor"],
    )
    page, _roster_import = _import(client, data)
    messages = [m for _n, _h, m in page.context["plan"].problems]
    assert any("has left" in m for m in messages)
    assert any("no longer works here" in m for m in messages)
