"""Synthetic agencies for the benchmark, grown in place from one size to the next.

The demo agency (`peerwork.demo`) is the base: its named people are the logins the pages
are measured as, and `build_demo_agency(staff_count=N)` adds generated teams. The apps'
demo extensions then add their data, and the builders here add evaluations, cycles and
onboarding plans in proportion to the staff, so lists grow with the agency.
"""

import types

from django.db import transaction

from peerwork import demo
from peerwork.models import StaffMember, User

# Who each page is measured as (demo logins, see peerwork.demo.PEOPLE).
PEER = "casey"  # peer staff; reports to jordan, an indirect report of alex
SUPERVISOR = "alex"  # the top supervisor: every generated team reports through alex
HR = "hr"
ADMIN = "admin"


@transaction.atomic
def build_world(staff_count, previous=None):
    """Build (or grow) the agency to `staff_count` staff and return what pages need."""
    agency = demo.build_demo_agency(staff_count=staff_count)
    for extend in demo.extensions:
        extend(agency)
    from benchmarks.pages import BUILDERS
    from benchmarks.runner import Unavailable

    world = previous or types.SimpleNamespace()
    world.agency = agency
    world.size = staff_count
    world.staff_count = StaffMember.objects.filter(agency=agency).count()
    world.users = {user.username: user for user in User.objects.filter(agency=agency)}
    world.staff = {
        staff.user.username: staff
        for staff in StaffMember.objects.filter(agency=agency, user__isnull=False).select_related(
            "user"
        )
    }
    world.programs = list(agency.programs.order_by("pk"))
    world.unavailable = {}
    world.build_errors = {}
    for builder in BUILDERS:
        name = builder.__name__
        try:
            with transaction.atomic():
                builder(world)
        except Unavailable as missing:
            world.unavailable[name] = str(missing)
        except Exception as error:  # noqa: BLE001 - the other builders and pages still run
            world.build_errors[name] = f"{type(error).__name__}: {error}"
    return world
