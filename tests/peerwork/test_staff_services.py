"""The staff-record services: history of reporting lines, end of employment, accounts."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from peerwork import employment, services
from peerwork.models import (
    Invitation,
    LeaveReason,
    ReportingLine,
    Role,
    StaffStatus,
)
from tests.factories import StaffMemberFactory

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_create_staff_starts_the_history(world):
    staff = services.create_staff(
        agency=world.agency,
        by=world.hr,
        full_name="Noor Haddad",
        preferred_name="Noor",
        pronouns="she/her",
        email="noor@example.org",
        employee_number="E-100",
        position_title="Peer Support Specialist",
        program=world.program,
        supervisor=world.sup_a2_staff,
        start_date=TODAY - 10 * DAY,
    )
    (line,) = staff.reporting_lines.all()
    assert (line.supervisor, line.program, line.effective_from) == (
        world.sup_a2_staff,
        world.program,
        TODAY - 10 * DAY,
    )
    assert line.effective_until is None and line.changed_by == world.hr
    assert staff.status == StaffStatus.ACTIVE and staff.user is None


@pytest.mark.parametrize(
    "fields, error_field",
    [
        ({"employee_number": "E-1"}, "employee_number"),
        ({"email": "TAKEN@example.org"}, "email"),
        ({"program": "other"}, "program"),
        ({"supervisor": "outsider"}, "supervisor"),
        ({"status": StaffStatus.FORMER}, "status"),
    ],
)
def test_create_staff_refuses_bad_input(world, fields, error_field):
    StaffMemberFactory(agency=world.agency, employee_number="E-1", email="taken@example.org")
    if fields.get("program") == "other":
        from tests.factories import ProgramFactory

        fields["program"] = ProgramFactory(agency=world.other_agency)
    if fields.get("supervisor") == "outsider":
        fields["supervisor"] = world.outsider_staff
    with pytest.raises(ValidationError) as caught:
        services.create_staff(
            agency=world.agency, by=world.hr, full_name="X Y", position_title="Z", **fields
        )
    assert error_field in caught.value.message_dict


def test_employee_numbers_and_emails_may_repeat_across_agencies(world):
    StaffMemberFactory(agency=world.other_agency, employee_number="E-7", email="a@example.org")
    services.create_staff(
        agency=world.agency,
        by=world.hr,
        full_name="A B",
        position_title="Peer",
        employee_number="E-7",
        email="a@example.org",
    )


def test_change_reporting_line_keeps_the_history(world):
    peer = world.peer_a_staff
    first = peer.reporting_lines.get()
    line = services.change_reporting_line(
        peer, supervisor=world.sup_b_staff, program=world.program2, effective=TODAY, by=world.hr
    )
    peer.refresh_from_db()
    assert (peer.supervisor, peer.program) == (world.sup_b_staff, world.program2)
    first.refresh_from_db()
    assert first.effective_until == TODAY and first.supervisor == world.sup_a2_staff
    assert line.effective_from == TODAY and line.effective_until is None
    # The same day again corrects the line rather than adding a one-day-less one.
    services.change_reporting_line(peer, supervisor=world.sup_a_staff, effective=TODAY, by=world.hr)
    assert peer.reporting_lines.count() == 2
    assert peer.reporting_lines.get(effective_until__isnull=True).supervisor == world.sup_a_staff
    # Nothing changed: nothing written.
    services.change_reporting_line(peer, supervisor=world.sup_a_staff, effective=TODAY, by=world.hr)
    assert peer.reporting_lines.count() == 2


def test_change_reporting_line_refuses_loops_dates_and_others(world):
    boss = world.sup_a_staff
    with pytest.raises(ValidationError, match="their own supervisor"):
        services.change_reporting_line(
            boss, supervisor=world.peer_a_staff, effective=TODAY, by=world.hr
        )
    with pytest.raises(ValidationError, match="their own supervisor"):
        services.change_reporting_line(boss, supervisor=boss, effective=TODAY, by=world.hr)
    with pytest.raises(ValidationError, match="takes effect"):
        services.change_reporting_line(
            world.peer_a_staff, supervisor=world.sup_b_staff, effective=TODAY + DAY, by=world.hr
        )
    with pytest.raises(ValidationError, match="began on"):
        services.change_reporting_line(
            world.peer_a_staff,
            supervisor=world.sup_b_staff,
            effective=datetime.date(2024, 6, 1),
            by=world.hr,
        )
    with pytest.raises(ValidationError, match="another agency"):
        services.change_reporting_line(
            world.peer_a_staff, supervisor=world.outsider_staff, effective=TODAY, by=world.hr
        )
    assert world.peer_a_staff.reporting_lines.count() == 1


def test_supervisors_during_a_period(world):
    peer = world.peer_a_staff
    start = peer.reporting_lines.get().effective_from
    services.change_reporting_line(
        peer, supervisor=world.sup_b_staff, effective=TODAY - 30 * DAY, by=world.hr
    )
    lines = services.supervisors_during([peer.pk], start, TODAY - 60 * DAY)[peer.pk]
    assert [line.supervisor for line in lines] == [world.sup_a2_staff]
    lines = services.supervisors_during([peer.pk], start, TODAY)[peer.pk]
    assert [line.supervisor for line in lines] == [world.sup_a2_staff, world.sup_b_staff]
    lines = services.supervisors_during([peer.pk], TODAY - 30 * DAY, None)[peer.pk]
    assert [line.supervisor for line in lines] == [world.sup_b_staff]


def test_update_staff_detects_a_stale_form(world):
    staff = world.peer_a_staff
    services.update_staff(
        staff, by=world.hr, expected_revision=1, changes={"email": "new@example.org"}
    )
    world.peer_a.refresh_from_db()
    assert world.peer_a.email == "new@example.org" and staff.revision == 2
    with pytest.raises(services.Conflict):
        services.update_staff(
            staff, by=world.hr, expected_revision=1, changes={"pronouns": "they/them"}
        )
    with pytest.raises(ValidationError):
        services.update_staff(
            staff, by=world.hr, expected_revision=2, changes={"status": StaffStatus.FORMER}
        )


def test_end_employment_keeps_the_record_and_closes_the_account(world, client):
    peer = world.peer_a_staff
    calls = []

    def close(staff, *, leave_date, by):
        calls.append((staff.pk, leave_date, by))
        return ["closed something"]

    employment.registry.register(close=close)
    try:
        result = services.end_employment(
            peer, leave_date=TODAY, reason=LeaveReason.RESIGNED, by=world.hr
        )
    finally:
        employment.registry._close.remove(close)
    assert calls == [(peer.pk, TODAY, world.hr)] and result.closed == ["closed something"]
    peer.refresh_from_db()
    world.peer_a.refresh_from_db()
    assert peer.status == StaffStatus.FORMER and peer.leave_reason == LeaveReason.RESIGNED
    assert not world.peer_a.is_active
    assert peer.reporting_lines.get().effective_until == TODAY + DAY
    from tests.factories import PASSWORD, logs_in

    assert not logs_in(client, "peer_a", PASSWORD)
    with pytest.raises(ValidationError, match="already ended"):
        services.end_employment(peer, leave_date=TODAY, reason=LeaveReason.OTHER, by=world.hr)
    with pytest.raises(ValidationError):
        services.change_reporting_line(
            peer, supervisor=world.sup_b_staff, effective=TODAY, by=world.hr
        )


def test_a_leaving_supervisor_lists_their_reports(world):
    result = services.end_employment(
        world.sup_a2_staff, leave_date=TODAY, reason=LeaveReason.RETIRED, by=world.hr
    )
    keys = {item.key for item in result.open_items}
    assert f"peerwork.report:{world.peer_a_staff.pk}" in keys


def test_end_employment_rolls_back_when_an_app_fails(world):
    def close(staff, *, leave_date, by):
        raise RuntimeError("boom")

    employment.registry.register(close=close)
    try:
        with pytest.raises(RuntimeError):
            services.end_employment(
                world.peer_b_staff, leave_date=TODAY, reason=LeaveReason.OTHER, by=world.hr
            )
    finally:
        employment.registry._close.remove(close)
    world.peer_b_staff.refresh_from_db()
    world.peer_b.refresh_from_db()
    assert world.peer_b_staff.status == StaffStatus.ACTIVE and world.peer_b.is_active
    assert ReportingLine.objects.get(staff=world.peer_b_staff).effective_until is None


def test_give_account_and_invitation(world, settings):
    settings.SITE_URL = "https://peerwork.example.org"
    staff = services.create_staff(
        agency=world.agency,
        by=world.hr,
        full_name="Noor Haddad",
        email="noor@example.org",
        position_title="Peer",
    )
    user = services.give_account(
        staff, username="noor", roles=[Role.PEER_STAFF, Role.SUPERVISOR], by=world.hr
    )
    assert not user.has_usable_password() and user.agency == world.agency
    assert user.roles == {Role.PEER_STAFF, Role.SUPERVISOR}
    assert services.send_invitation(user, by=world.hr)
    (message,) = mail.outbox
    assert message.to == ["noor@example.org"]
    assert "https://peerwork.example.org/accounts/invitation/" in message.body
    assert "noor" in message.body
    invitation = Invitation.objects.get(user=user)
    assert invitation.times_sent == 1 and not invitation.is_accepted
    services.send_invitation(user, by=world.hr)
    invitation.refresh_from_db()
    assert invitation.times_sent == 2 and len(mail.outbox) == 2


def test_hr_never_grants_admin(world):
    staff = StaffMemberFactory(agency=world.agency, email="z@example.org")
    with pytest.raises(ValidationError):
        services.give_account(staff, username="z", roles=[Role.ADMIN], by=world.hr)
    assert staff.user is None
    with pytest.raises(ValidationError):
        services.set_roles(world.peer_a, [Role.ADMIN], by=world.hr)


def test_set_roles_leaves_admin_alone(world):
    services.set_roles(world.admin, [Role.HR], by=world.hr)
    assert set(world.admin.role_assignments.values_list("role", flat=True)) == {
        Role.ADMIN,
        Role.HR,
    }
    services.set_roles(world.sup_a, [Role.PEER_STAFF], by=world.hr)
    assert world.sup_a.roles == {Role.PEER_STAFF}


def test_give_account_refuses_taken_usernames_and_missing_email(world):
    staff = StaffMemberFactory(agency=world.agency, email="q@example.org")
    with pytest.raises(ValidationError) as caught:
        services.give_account(staff, username="PEER_A", roles=[], by=world.hr)
    assert "username" in caught.value.message_dict
    no_email = StaffMemberFactory(agency=world.agency)
    with pytest.raises(ValidationError) as caught:
        services.give_account(no_email, username="fresh", roles=[], by=world.hr)
    assert "email" in caught.value.message_dict


def test_an_edit_in_the_django_admin_is_followed_by_the_history(world, login):
    peer = world.peer_a_staff
    peer.supervisor = world.sup_b_staff
    peer.save(update_fields=["supervisor"])
    services.follow_saved_line(peer, by=world.admin)
    lines = list(peer.reporting_lines.order_by("effective_from"))
    assert [line.supervisor for line in lines] == [world.sup_a2_staff, world.sup_b_staff]
    assert lines[0].effective_until == TODAY and lines[1].changed_by == world.admin
    services.follow_saved_line(peer, by=world.admin)  # nothing changed: nothing written
    assert peer.reporting_lines.count() == 2
    from django.urls import reverse

    page = (
        login(world.admin)
        .get(reverse("admin:peerwork_staffmember_change", args=[peer.pk]))
        .content.decode()
    )
    assert "Reporting lines (from the record" in page
