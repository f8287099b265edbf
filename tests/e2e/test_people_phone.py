"""HR's people pages at a 390 px phone width: nothing scrolls sideways."""

from django.urls import reverse
from django.utils import timezone

from peerwork import services
from peerwork.models import LeaveReason
from tests.e2e.conftest import log_in
from tests.factories import PASSWORD, StaffMemberFactory


def test_people_pages_fit_a_phone(world, live_server, new_page):
    invitee = StaffMemberFactory(
        agency=world.agency, full_name="Rae Rios", email="rae.rios.long.address@example.org"
    )
    services.give_account(invitee, username="rae", roles=["peer_staff"], by=world.hr)
    services.change_reporting_line(
        world.peer_a_staff,
        supervisor=world.sup_b_staff,
        effective=timezone.localdate(),
        by=world.hr,
    )
    services.end_employment(
        world.sup_a2_staff, leave_date=timezone.localdate(), reason=LeaveReason.OTHER, by=world.hr
    )
    page = new_page(viewport={"width": 390, "height": 800})
    log_in(page, live_server, "hr", PASSWORD)
    staff = world.peer_a_staff.pk
    urls = [
        reverse("peerwork:staff_list"),
        reverse("peerwork:staff_add"),
        reverse("peerwork:invitation_list"),
        reverse("peerwork:staff_detail", args=[staff]),
        reverse("peerwork:staff_edit", args=[staff]),
        reverse("peerwork:staff_reporting_line", args=[staff]),
        reverse("peerwork:staff_end_employment", args=[staff]),
        reverse("peerwork:staff_account", args=[invitee.pk]),
        reverse("peerwork:staff_open_work", args=[world.sup_a2_staff.pk]),
        reverse("password_reset"),
    ]
    wide = []
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide.append((url, width))
    assert not wide, wide
