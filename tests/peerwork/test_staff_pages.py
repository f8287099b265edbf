"""HR's staff pages: add, edit, move, end employment, logins and invitations."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peerwork import services
from peerwork.models import Invitation, LeaveReason, Role, StaffMember, StaffStatus, User
from tests.factories import PASSWORD, StaffMemberFactory, logs_in, query_counts

TODAY = timezone.localdate()


def _new_person(**extra):
    data = {
        "full_name": "Noor Haddad",
        "preferred_name": "Noor",
        "pronouns": "she/her",
        "email": "noor@example.org",
        "employee_number": "E-200",
        "position_title": "Peer Support Specialist",
        "peer_role": "peer",
        "employment_type": "volunteer",
        "start_date": TODAY.isoformat(),
        "status": "candidate",
    }
    data.update(extra)
    return data


def test_hr_adds_a_person_without_a_login(world, login):
    client = login(world.hr)
    data = _new_person(program=world.program.pk, supervisor=world.sup_a2_staff.pk)
    response = client.post(reverse("peerwork:staff_add"), data)
    staff = StaffMember.objects.get(full_name="Noor Haddad")
    assert response.status_code == 302 and response["Location"] == staff.get_absolute_url()
    assert staff.agency == world.agency and staff.user is None
    assert staff.status == StaffStatus.CANDIDATE and staff.employee_number == "E-200"
    assert staff.reporting_lines.get().supervisor == world.sup_a2_staff
    page = client.get(staff.get_absolute_url()).content.decode()
    assert "Give a login" in page and "Aiden Azoulay" in page


def test_a_failing_add_form_keeps_every_value(world, login):
    StaffMemberFactory(agency=world.agency, employee_number="E-200")
    response = login(world.hr).post(reverse("peerwork:staff_add"), _new_person())
    page = response.content.decode()
    assert response.status_code == 200
    assert "already has this employee number" in page
    for value in ("Noor Haddad", "she/her", "noor@example.org", "E-200", TODAY.isoformat()):
        assert value in page
    assert not StaffMember.objects.filter(full_name="Noor Haddad").exists()


def test_a_stale_edit_is_refused_and_keeps_the_input(world, login):
    client = login(world.hr)
    url = reverse("peerwork:staff_edit", args=[world.peer_a_staff.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    services.update_staff(
        world.peer_a_staff, by=world.hr, expected_revision=1, changes={"pronouns": "he/him"}
    )
    data["pronouns"] = "they/them"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert "they/them" in response.content.decode()
    world.peer_a_staff.refresh_from_db()
    assert world.peer_a_staff.pronouns == "he/him"
    # Saving again (the form now carries the new revision) applies the input.
    data["revision"] = response.context["form"]["revision"].value()
    assert client.post(url, data).status_code == 302
    world.peer_a_staff.refresh_from_db()
    assert world.peer_a_staff.pronouns == "they/them"


def test_change_reporting_line_page(world, login):
    client = login(world.hr)
    url = reverse("peerwork:staff_reporting_line", args=[world.peer_a_staff.pk])
    response = client.post(
        url,
        {
            "supervisor": world.sup_b_staff.pk,
            "program": world.program2.pk,
            "effective": TODAY.isoformat(),
        },
    )
    assert response.status_code == 302
    world.peer_a_staff.refresh_from_db()
    assert world.peer_a_staff.supervisor == world.sup_b_staff
    page = client.get(world.peer_a_staff.get_absolute_url()).content.decode()
    assert "Reporting lines" in page and "Aiden Azoulay" in page and "Bea Bishop" in page
    # A loop is refused with a message, the input kept.
    response = client.post(
        reverse("peerwork:staff_reporting_line", args=[world.sup_a_staff.pk]),
        {"supervisor": world.sup_a2_staff.pk, "effective": TODAY.isoformat()},
    )
    assert response.status_code == 200
    assert "their own supervisor" in response.content.decode()


def test_supervisors_read_the_history_but_cannot_change_it(world, login):
    client = login(world.sup_a)
    page = client.get(world.peer_a_staff.get_absolute_url()).content.decode()
    assert "Reporting lines" in page and "Change supervisor or program" not in page
    url = reverse("peerwork:staff_reporting_line", args=[world.peer_a_staff.pk])
    assert client.post(url, {"supervisor": "", "effective": TODAY.isoformat()}).status_code == 404


def test_end_employment_page(world, login):
    client = login(world.hr)
    url = reverse("peerwork:staff_end_employment", args=[world.sup_a2_staff.pk])
    response = client.post(url, {"leave_date": TODAY.isoformat(), "reason": "resigned"})
    assert response.status_code == 200 and "Tick the box" in response.content.decode()
    response = client.post(
        url, {"leave_date": TODAY.isoformat(), "reason": "resigned", "confirm": "on"}
    )
    assert response["Location"] == reverse("peerwork:staff_open_work", args=[world.sup_a2_staff.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Amani Achebe still reports to them" in page
    assert not logs_in(client, "sup_a2", PASSWORD)
    # The directory: former staff are out of the default list, one filter away.
    login(world.hr)
    row = f'href="{world.sup_a2_staff.get_absolute_url()}"'
    listing = client.get(reverse("peerwork:staff_list")).content.decode()
    assert row not in listing
    listing = client.get(reverse("peerwork:staff_list"), {"status": "former"}).content.decode()
    assert row in listing and "Amani Achebe" not in listing
    listing = client.get(reverse("peerwork:staff_list"), {"status": "all"}).content.decode()
    assert row in listing and "Amani Achebe" in listing
    page = client.get(world.sup_a2_staff.get_absolute_url()).content.decode()
    assert "Former staff." in page and "Resigned" in page


def test_a_future_leave_date_is_refused(world, login):
    url = reverse("peerwork:staff_end_employment", args=[world.peer_b_staff.pk])
    response = login(world.hr).post(
        url,
        {
            "leave_date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "reason": LeaveReason.RETIRED,
            "confirm": "on",
        },
    )
    assert response.status_code == 200 and "on or after the leave date" in response.content.decode()
    world.peer_b_staff.refresh_from_db()
    assert world.peer_b_staff.status == StaffStatus.ACTIVE


def _link(message):
    return re.search(r"https?://\S+", message.body).group(0)


def test_login_invitation_and_first_password(world, login, settings, client):
    settings.SITE_URL = "http://testserver"
    staff = StaffMemberFactory(agency=world.agency, full_name="Rae Rios", email="rae@example.org")
    hr = login(world.hr)
    url = reverse("peerwork:staff_account", args=[staff.pk])
    assert 'value="rae"' in hr.get(url).content.decode()
    response = hr.post(url, {"username": "rae", "roles": ["peer_staff", "admin"]})
    assert response.status_code == 200  # admin is not a choice HR has
    assert not User.objects.filter(username="rae").exists()
    response = hr.post(url, {"username": "rae", "roles": ["peer_staff", "supervisor"]})
    assert response.status_code == 302
    user = User.objects.get(username="rae")
    assert user.roles == {Role.PEER_STAFF, Role.SUPERVISOR} and not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["rae@example.org"]
    page = hr.get(reverse("peerwork:invitation_list")).content.decode()
    assert "Rae Rios" in page and "Not accepted yet" in page
    hr.post(reverse("peerwork:staff_invite", args=[staff.pk]), {"next": "invitations"})
    assert len(mail.outbox) == 2
    client.logout()
    link = _link(mail.outbox[0])
    response = client.get(link, follow=True)
    assert "Choose the password" in response.content.decode()
    new_password = "a-long-river-stone-42"
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert Invitation.objects.get(user=user).is_accepted
    assert logs_in(client, "rae", new_password)
    client.logout()
    # Used once: the second email's link (same login) works no more.
    page = client.get(_link(mail.outbox[1]), follow=True).content.decode()
    assert "This link no longer works" in page
    page = login(world.hr).get(reverse("peerwork:invitation_list")).content.decode()
    assert "Rae Rios" not in page


def test_password_reset_by_email(world, client, settings):
    settings.SITE_URL = "https://peerwork.example.org"
    response = client.post(reverse("password_reset"), {"email": world.peer_a.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    link = _link(message)
    assert link.startswith("https://peerwork.example.org/accounts/password/reset/")
    path = link.removeprefix("https://peerwork.example.org")
    response = client.get(path, follow=True)
    assert "Choose a new password" in response.content.decode()
    new_password = "another-long-password-77"
    client.post(
        response.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert logs_in(client, "peer_a", new_password)
    # Unknown addresses get the same page and no email.
    client.logout()
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1
    assert "Forgot your password?" in client.get(reverse("login")).content.decode()


def test_an_invitation_for_a_closed_login_does_not_work(world, client, settings):
    settings.SITE_URL = "http://testserver"
    staff = StaffMemberFactory(agency=world.agency, email="sam@example.org")
    user = services.give_account(staff, username="sam", roles=[], by=world.hr)
    services.send_invitation(user, by=world.hr)
    services.end_employment(staff, leave_date=TODAY, reason=LeaveReason.NOT_STARTED, by=world.hr)
    page = client.get(_link(mail.outbox[0]), follow=True).content.decode()
    assert "This link no longer works" in page


# --- a fixed number of queries, whatever the number of staff ------------------------------


PAGES = [
    ("peerwork:staff_add", None),
    ("peerwork:invitation_list", None),
    ("peerwork:staff_list", None),
    ("peerwork:staff_detail", "sup_a_staff"),
    ("peerwork:staff_edit", "sup_a_staff"),
    ("peerwork:staff_reporting_line", "sup_a_staff"),
    ("peerwork:staff_end_employment", "sup_a_staff"),
    ("peerwork:staff_open_work", "sup_a_staff"),
    ("peerwork:staff_account", "sup_a_staff"),
]


@pytest.mark.parametrize("url_name, person", PAGES)
def test_staff_pages_make_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, url_name, person
):
    client = login(world.hr)
    args = [getattr(world, person).pk] if person else []
    url = reverse(url_name, args=args)
    counts = query_counts(client, url, world)
    assert counts[0] == counts[1], counts
    with django_assert_max_num_queries(counts[0]):
        client.get(url)
